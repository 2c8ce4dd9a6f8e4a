/* The header used from a shared library the program links. */
#include <memscope/memscope.h>

void consumer_library_phase(void);

void consumer_library_phase(void) {
    memscope_phase_begin("library");
    memscope_phase_end();
}
