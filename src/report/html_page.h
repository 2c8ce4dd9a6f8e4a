// A self-contained HTML page: the bundled front end and the report's data in
// one file that works offline. The data goes in a JSON script element and is
// rendered by the page through textContent only, so trace strings stay text.
// A Content-Security-Policy forbids any network access.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace memscope::report {

std::string html_page(const nlohmann::ordered_json& data, std::string_view title);

}  // namespace memscope::report
