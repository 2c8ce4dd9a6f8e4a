// Writing a command's result to stdout.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace memscope::cli {

void print_text(const std::string& text);
void print_json(const nlohmann::ordered_json& value);

}  // namespace memscope::cli
