#include "cli/output.h"

#include <cstdio>

namespace memscope::cli {

void print_text(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void print_json(const nlohmann::ordered_json& value) {
    // Invalid UTF-8 in recorded strings (paths, names) must not abort the dump.
    print_text(value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
}

}  // namespace memscope::cli
