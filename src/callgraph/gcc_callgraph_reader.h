// Reads the call graphs GCC writes with -fcallgraph-info=su: VCG text, one
// file per translation unit (NAME.ci beside the object file). Each function
// node's label holds its name, its place and its stack frame ("1112 bytes
// (static)"); each edge is a call. Bad input is a CallgraphError naming the
// file and line, never a crash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "callgraph/callgraph.h"

namespace memscope::callgraph {

// Adds the functions and calls of one .ci file's text to graph; file names it
// in errors.
void read_gcc_callgraph(std::string_view text, const std::string& file, Callgraph& graph);

// Reads every path: a .ci file, or a directory searched recursively for
// them. Throws CallgraphError when a path cannot be read, holds no .ci file,
// or a file is malformed.
Callgraph load_gcc_callgraphs(const std::vector<std::string>& paths);

}  // namespace memscope::callgraph
