// Where symbolized frames come from: the libdw symbolizer in the tool, a fake in
// tests so analysis results can be checked without debug info.
#pragma once

#include <cstdint>
#include <vector>

#include "symbols/symbolizer.h"

namespace memscope::analysis {

class FrameSource {
  public:
    virtual ~FrameSource() = default;
    // Frames for one return address, innermost inline frame first; never empty.
    virtual const std::vector<symbols::Frame>& resolve(std::uint64_t address) = 0;
};

// Resolves through symbols::Symbolizer (libdw).
class SymbolizerFrameSource : public FrameSource {
  public:
    explicit SymbolizerFrameSource(symbols::Symbolizer& symbolizer) : symbolizer_(symbolizer) {}
    const std::vector<symbols::Frame>& resolve(std::uint64_t address) override {
        return symbolizer_.resolve(address, /*is_return_address=*/true);
    }

  private:
    symbols::Symbolizer& symbolizer_;
};

}  // namespace memscope::analysis
