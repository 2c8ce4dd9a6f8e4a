#include "symbols/demangle.h"

#include <cxxabi.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace memscope::symbols {

std::string demangle(const char* name) {
    if (name == nullptr) return {};
    // __cxa_demangle also accepts bare type encodings ("i" -> "int"), which
    // would rename C functions; only real mangled names start with _Z.
    if (std::strncmp(name, "_Z", 2) != 0) return name;
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> readable(
        abi::__cxa_demangle(name, nullptr, nullptr, &status), &std::free);
    if (status != 0 || !readable) return name;
    return readable.get();
}

}  // namespace memscope::symbols
