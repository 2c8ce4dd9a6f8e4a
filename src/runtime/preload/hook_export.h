// The library exports nothing but its hooks (everything else is hidden).
#pragma once

#define MEMSCOPE_HOOK extern "C" __attribute__((visibility("default")))
