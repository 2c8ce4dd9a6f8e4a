#include "callgraph/worst_case_stack.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace memscope::callgraph {

namespace {

// Depth-first over the graph from the entry, each function's deepest path
// computed once. A call back into a function still on the path is a cycle:
// it adds nothing to the figure (which is then a lower bound) and marks the
// functions on it recursive. The walk keeps its own stack, so a call graph
// thousands of calls deep (or a hostile file) cannot overflow memscope's.
class DeepestPath {
  public:
    explicit DeepestPath(const Callgraph& graph) : graph_(graph) {}

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
    struct Visit {
        const Function* function;
        std::size_t next_callee = 0;
        Deepest best;
    };

    // A function without a frame adds nothing and is reported; nullptr then.
    const Function* framed(const std::string& id) {
        const Function* f = graph_.find(id);
        if (f != nullptr && f->frame_bytes) return f;
        unknown_.insert(f != nullptr ? f->name : id);
        deepest_[id] = Deepest{0, {}};
        return nullptr;
    }

    void enter(const Function* f) {
        if (f->kind == FrameKind::kDynamic) dynamic_.insert(f->name);
        on_path_.emplace(f->id, path_.size());
        path_.push_back(Visit{f, 0, {}});
    }

    static void consider(Visit& caller, std::uint64_t bytes, const std::string& callee) {
        if (bytes > caller.best.bytes || caller.best.next.empty())
            caller.best = Deepest{bytes, callee};
    }

    std::uint64_t depth(const std::string& entry_id) {
        if (const auto done = deepest_.find(entry_id); done != deepest_.end())
            return done->second.bytes;
        const Function* entry = framed(entry_id);
        if (entry == nullptr) return 0;
        enter(entry);
        std::uint64_t finished = 0;
        while (!path_.empty()) {
            const Function* f = path_.back().function;
            const std::vector<std::string>& callees = graph_.callees(f->id);
            if (path_.back().next_callee == callees.size()) {
                Deepest best = path_.back().best;
                best.bytes += *f->frame_bytes;
                deepest_[f->id] = best;
                on_path_.erase(f->id);
                path_.pop_back();
                finished = best.bytes;
                if (!path_.empty()) consider(path_.back(), finished, f->id);
                continue;
            }
            const std::string& callee = callees[path_.back().next_callee++];
            const Function* c = graph_.find(callee);
            if (c != nullptr && c->indirect_placeholder) {
                indirect_.insert(f->name);
                continue;
            }
            if (const auto cycle = on_path_.find(callee); cycle != on_path_.end()) {
                for (std::size_t i = cycle->second; i < path_.size(); ++i)
                    recursive_.insert(path_[i].function->name);
                continue;
            }
            if (const auto done = deepest_.find(callee); done != deepest_.end()) {
                consider(path_.back(), done->second.bytes, callee);
                continue;
            }
            const Function* next = framed(callee);
            if (next == nullptr) {
                consider(path_.back(), 0, callee);
                continue;
            }
            enter(next);
        }
        return finished;
    }

    const Callgraph& graph_;
    std::unordered_map<std::string, Deepest> deepest_;
    std::vector<Visit> path_;
    std::unordered_map<std::string, std::size_t> on_path_;  // id -> index in path_
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
