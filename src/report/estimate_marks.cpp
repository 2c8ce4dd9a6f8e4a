#include "report/estimate_marks.h"

#include "report/units.h"

namespace memscope::report {

std::string estimate_note(std::uint64_t sample_rate_bytes) {
    if (sample_rate_bytes == 0) return "";
    return "estimated (sampled every ~" + format_bytes(sample_rate_bytes) + ")";
}

void add_estimate_fields(nlohmann::ordered_json& object, std::uint64_t sample_rate_bytes) {
    if (sample_rate_bytes == 0) return;
    object["estimated"] = true;
    object["sample_rate_bytes"] = sample_rate_bytes;
}

}  // namespace memscope::report
