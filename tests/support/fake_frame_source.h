// A FrameSource answering from a table, so analysis results can be checked
// exactly without binaries or debug info. Unknown addresses resolve to an
// unsymbolized frame in /usr/bin/testapp at offset = address.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/frame_source.h"

namespace memscope::testing {

class FakeFrameSource : public analysis::FrameSource {
  public:
    FakeFrameSource& add(std::uint64_t address, std::vector<symbols::Frame> frames) {
        table_[address] = std::move(frames);
        return *this;
    }

    const std::vector<symbols::Frame>& resolve(std::uint64_t address) override {
        auto it = table_.find(address);
        if (it == table_.end()) {
            symbols::Frame f;
            f.module = "/usr/bin/testapp";
            f.module_offset = address;
            it = table_.emplace(address, std::vector<symbols::Frame>{f}).first;
        }
        return it->second;
    }

    static symbols::Frame frame(std::string function, std::string file, std::uint32_t line,
                                std::string module = "/usr/bin/testapp", std::uint64_t offset = 0,
                                bool inlined = false) {
        symbols::Frame f;
        f.function = std::move(function);
        f.file = std::move(file);
        f.line = line;
        f.module = std::move(module);
        f.module_offset = offset;
        f.inlined = inlined;
        return f;
    }

  private:
    std::map<std::uint64_t, std::vector<symbols::Frame>> table_;
};

}  // namespace memscope::testing
