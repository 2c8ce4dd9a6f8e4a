// A program's call graph with each function's stack frame, as GCC writes it
// with -fcallgraph-info=su (one .ci file per translation unit): the input of
// the worst-case stack analysis. Functions are keyed by GCC's node title, the
// assembler name, prefixed with the file for functions local to it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace memscope::callgraph {

class CallgraphError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class FrameKind {
    kStatic,          // a fixed frame
    kDynamicBounded,  // grows at run time (alloca, VLA) within a bound GCC knows
    kDynamic,         // grows at run time by an amount GCC cannot bound
};

struct Function {
    std::string id;        // GCC's node title
    std::string name;      // the label's first line: the source name, demangled
    std::string location;  // "file.c:12:5", empty when GCC gave none
    // The frame's bytes; unset for functions the graph only calls (no .ci of
    // their own: libraries, built-ins).
    std::optional<std::uint64_t> frame_bytes;
    FrameKind kind = FrameKind::kStatic;
    bool indirect_placeholder = false;  // GCC's stand-in callee of calls through pointers
};

struct Call {
    std::string caller;
    std::string callee;
    std::string location;  // of the call, when GCC gave one
};

class Callgraph {
  public:
    // Adds a function; a node with a frame wins over one without (a callee
    // declared in its callers' files and defined in its own).
    void add_function(Function f);
    void add_call(Call call);

    const Function* find(const std::string& id) const;
    const std::vector<std::string>& callees(const std::string& id) const;
    const std::unordered_map<std::string, Function>& functions() const { return functions_; }
    // Functions whose id or source name is name: "main", "helper" for a
    // file-local "u.cpp:_ZL6helperi", "ns::S::f" for "int ns::S::f(int)".
    std::vector<const Function*> named(const std::string& name) const;

  private:
    std::unordered_map<std::string, Function> functions_;
    std::unordered_map<std::string, std::vector<std::string>> callees_;
    std::unordered_set<std::string> calls_;  // "caller\0callee", each once
};

}  // namespace memscope::callgraph
