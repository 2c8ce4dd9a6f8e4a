#include "cli/size_validators.h"

#include <string>

#include "analysis/byte_size.h"

namespace memscope::cli {

CLI::Validator size_validator() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            if (analysis::parse_byte_size(text)) return {};
            return "not a size: " + text + " (examples: 4096, 512KiB, 10MiB, 1.5GB)";
        },
        "SIZE");
}

CLI::Validator count_validator() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            if (analysis::parse_count(text)) return {};
            return "not a count: " + text + " (examples: 5000, 5k, 2M)";
        },
        "N");
}

}  // namespace memscope::cli
