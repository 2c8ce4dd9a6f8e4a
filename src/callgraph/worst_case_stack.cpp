#include "callgraph/worst_case_stack.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace memscope::callgraph {

namespace {

// Depth-first over the graph from the entry, each function's deepest path
// computed once. A call back into a function still on the path is a cycle:
// it adds nothing to the figure (which is then a lower bound) and marks the
// functions on it recursive.
class DeepestPath {
  public:
    explicit DeepestPath(const Callgraph& graph) : graph_(graph) {}

    std::uint64_t depth(const std::string& id) {
        if (const auto done = deepest_.find(id); done != deepest_.end()) return done->second.bytes;
        const Function* f = graph_.find(id);
        if (f == nullptr || f->indirect_placeholder || !f->frame_bytes) {
            if (f != nullptr && f->indirect_placeholder) return 0;  // reported at its caller
            unknown_.insert(f != nullptr ? f->name : id);
            deepest_[id] = Deepest{0, {}};
            return 0;
        }
        if (f->kind == FrameKind::kDynamic) dynamic_.insert(f->name);
        on_path_.push_back(id);
        Deepest best{0, {}};
        for (const std::string& callee : graph_.callees(id)) {
            const Function* c = graph_.find(callee);
            if (c != nullptr && c->indirect_placeholder) {
                indirect_.insert(f->name);
                continue;
            }
            const auto cycle = std::find(on_path_.begin(), on_path_.end(), callee);
            if (cycle != on_path_.end()) {
                for (auto it = cycle; it != on_path_.end(); ++it)
                    recursive_.insert(graph_.find(*it)->name);
                continue;
            }
            const std::uint64_t d = depth(callee);
            if (d > best.bytes || best.next.empty()) best = Deepest{d, callee};
        }
        on_path_.pop_back();
        best.bytes += *f->frame_bytes;
        deepest_[id] = best;
        return best.bytes;
    }

    WorstCaseStack result(const std::string& entry_id, std::uint64_t red_zone_bytes) {
        WorstCaseStack out;
        const Function* entry = graph_.find(entry_id);
        out.entry = entry != nullptr ? entry->name : entry_id;
        out.bytes = depth(entry_id);
        if (out.bytes != 0) {
            out.red_zone_bytes = red_zone_bytes;
            out.bytes += red_zone_bytes;
        }
        for (std::string id = entry_id; !id.empty();) {
            const Function* f = graph_.find(id);
            if (f == nullptr || !f->frame_bytes) break;
            out.path.push_back(StackFrameOnPath{f->name, f->location, *f->frame_bytes});
            id = deepest_[id].next;
        }
        out.recursive.assign(recursive_.begin(), recursive_.end());
        out.indirect_callers.assign(indirect_.begin(), indirect_.end());
        out.unknown_callees.assign(unknown_.begin(), unknown_.end());
        out.dynamic_frames.assign(dynamic_.begin(), dynamic_.end());
        return out;
    }

  private:
    struct Deepest {
        std::uint64_t bytes = 0;
        std::string next;  // the callee on the deepest path, empty at its end
    };
    const Callgraph& graph_;
    std::unordered_map<std::string, Deepest> deepest_;
    std::vector<std::string> on_path_;
    std::set<std::string> recursive_;
    std::set<std::string> indirect_;
    std::set<std::string> unknown_;
    std::set<std::string> dynamic_;
};

}  // namespace

WorstCaseStack worst_case_stack(const Callgraph& graph, const std::string& entry_id,
                                std::uint64_t red_zone_bytes) {
    return DeepestPath(graph).result(entry_id, red_zone_bytes);
}

}  // namespace memscope::callgraph
