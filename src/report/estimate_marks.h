// How reports say that a sampled trace's figures are estimates: JSON gets
// "estimated": true and "sample_rate_bytes", human output a header note.
// A full trace (sample rate 0) gets neither, so its output is unchanged.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace memscope::report {

// "estimated (sampled every ~512 KiB)", or "" for a full trace.
std::string estimate_note(std::uint64_t sample_rate_bytes);

// Adds "estimated" and "sample_rate_bytes" to a sampled trace's JSON object.
void add_estimate_fields(nlohmann::ordered_json& object, std::uint64_t sample_rate_bytes);

}  // namespace memscope::report
