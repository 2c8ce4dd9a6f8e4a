#include "report/html_page.h"

#include <algorithm>
#include <cctype>

#include "report/embedded_assets.h"
#include "report/markup_escape.h"
#include "report/report_data.h"

namespace memscope::report {

namespace {

// A bundle never closes its own element, but the check is cheap: "</script"
// inside a JS string becomes "<\/script", which is the same string.
std::string guard_element_end(std::string_view body, std::string_view tag) {
    std::string out(body);
    const std::string needle = "</" + std::string(tag);
    for (std::size_t at = 0; at + needle.size() <= out.size();) {
        const bool match =
            std::equal(needle.begin(), needle.end(), out.begin() + at, [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            });
        if (match) {
            out.insert(at + 1, "\\");
            at += needle.size() + 1;
        } else {
            ++at;
        }
    }
    return out;
}

}  // namespace

std::string html_page(const nlohmann::ordered_json& data, std::string_view title) {
    std::string page;
    page +=
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
        "<title>";
    page += markup_escape(title);
    page += "</title>\n<style>\n";
    page += guard_element_end(report_style(), "style");
    page += "\n</style>\n</head>\n<body>\n<div id=\"app\"></div>\n";
    page += "<script type=\"application/json\" id=\"memscope-data\">";
    page += json_for_script_element(data);
    page += "</script>\n<script>\n";
    page += guard_element_end(report_script(), "script");
    page += "\n</script>\n</body>\n</html>\n";
    return page;
}

}  // namespace memscope::report
