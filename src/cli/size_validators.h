// CLI11 validators for options that take a size ("64MiB") or a count ("5k"),
// with examples in their message, shared by the commands that set limits.
#pragma once

#include <CLI/CLI.hpp>

namespace memscope::cli {

CLI::Validator size_validator();
CLI::Validator count_validator();

}  // namespace memscope::cli
