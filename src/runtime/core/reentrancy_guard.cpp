#include "runtime/core/reentrancy_guard.h"

namespace memscope::runtime {

__thread int tls_recorder_depth __attribute__((tls_model("initial-exec"))) = 0;

}  // namespace memscope::runtime
