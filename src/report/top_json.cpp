#include "report/top_json.h"

#include "report/estimate_marks.h"
#include "report/frame_json.h"

namespace memscope::report {

nlohmann::ordered_json top_json(const analysis::SiteRanking& r) {
    nlohmann::ordered_json sites = nlohmann::ordered_json::array();
    for (const auto& s : r.sites) {
        sites.push_back({
            {"location", s.location},
            {"function", s.function},
            {"file", s.file},
            {"line", s.line},
            {"module", s.module},
            {"peak_bytes", s.peak_bytes},
            {"leaked_bytes", s.leaked_bytes},
            {"leaked_blocks", s.leaked_blocks},
            {"allocations", s.allocations},
            {"allocated_bytes", s.allocated_bytes},
            {"temporary", s.temporary},
            {"stack", stack_json(s.stack)},
        });
    }
    nlohmann::ordered_json out{
        {"by", analysis::site_metric_name(r.by)},
        {"truncated", r.truncated},
        {"truncation_reason", r.truncation_reason},
        {"total_sites", r.total_sites},
        {"sites", std::move(sites)},
    };
    add_estimate_fields(out, r.sample_rate_bytes);
    return out;
}

}  // namespace memscope::report
