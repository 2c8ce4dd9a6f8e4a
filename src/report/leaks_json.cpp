#include "report/leaks_json.h"

#include "report/estimate_marks.h"
#include "report/frame_json.h"

namespace memscope::report {

nlohmann::ordered_json leaks_json(const analysis::LeakReport& r) {
    nlohmann::ordered_json leaks = nlohmann::ordered_json::array();
    for (const auto& l : r.leaks) {
        leaks.push_back(
            {{"bytes", l.bytes}, {"blocks", l.blocks}, {"stack", stack_json(l.frames)}});
    }
    nlohmann::ordered_json out{
        {"truncated", r.truncated},       {"truncation_reason", r.truncation_reason},
        {"leaked_bytes", r.leaked_bytes}, {"leaked_blocks", r.leaked_blocks},
        {"total_groups", r.total_groups}, {"leaks", std::move(leaks)},
    };
    add_estimate_fields(out, r.sample_rate_bytes);
    return out;
}

}  // namespace memscope::report
