#include "runtime/core/reentrancy_guard.h"

namespace memscope::runtime {

__thread int tls_recorder_depth __attribute__((tls_model("initial-exec"))) = 0;
__thread bool tls_nested_recordable __attribute__((tls_model("initial-exec"))) = false;
__thread bool tls_nested_active __attribute__((tls_model("initial-exec"))) = false;
__thread bool tls_in_unwinder __attribute__((tls_model("initial-exec"))) = false;

}  // namespace memscope::runtime
