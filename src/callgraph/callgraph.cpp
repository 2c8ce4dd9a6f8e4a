#include "callgraph/callgraph.h"

#include <algorithm>

namespace memscope::callgraph {

namespace {

// The name part of a demangled label: "int ns::S::f(int)" -> "ns::S::f".
std::string bare_name(const std::string& label) {
    std::string name = label.substr(0, label.find('('));
    const std::size_t space = name.rfind(' ');
    if (space != std::string::npos) name = name.substr(space + 1);
    return name;
}

}  // namespace

void Callgraph::add_function(Function f) {
    auto [it, fresh] = functions_.emplace(f.id, f);
    if (!fresh && !it->second.frame_bytes && f.frame_bytes) it->second = std::move(f);
}

void Callgraph::add_call(Call call) {
    // GCC writes an edge per call site; the walk needs each callee once. A
    // set of pairs keeps that linear in the edges, however many one caller has.
    std::string pair = call.caller;
    pair += '\0';
    pair += call.callee;
    if (calls_.insert(std::move(pair)).second) callees_[call.caller].push_back(call.callee);
}

const Function* Callgraph::find(const std::string& id) const {
    const auto it = functions_.find(id);
    return it == functions_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& Callgraph::callees(const std::string& id) const {
    static const std::vector<std::string> none;
    const auto it = callees_.find(id);
    return it == callees_.end() ? none : it->second;
}

std::vector<const Function*> Callgraph::named(const std::string& name) const {
    std::vector<const Function*> found;
    for (const auto& [id, f] : functions_) {
        const std::size_t colon = id.rfind(':');
        const bool local_match = colon != std::string::npos && id.substr(colon + 1) == name;
        if (id == name || local_match || f.name == name || bare_name(f.name) == name)
            found.push_back(&f);
    }
    std::sort(found.begin(), found.end(),
              [](const Function* a, const Function* b) { return a->id < b->id; });
    return found;
}

}  // namespace memscope::callgraph
