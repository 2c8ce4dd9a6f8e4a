/* A program built outside memscope against the installed or in-tree header
 * only: every annotation call once, then "recording N" on stdout. The
 * integration check builds it as C99 and C++, PIE and not, with -rdynamic and
 * statically, and runs it with and without the recorder. */
#include <memscope/memscope.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef CONSUMER_WITH_LIBRARY
void consumer_library_phase(void);
#endif

int main(void) {
    static char arena[256];
    memscope_phase_begin("consumer");
    memscope_mark("consumer-mark");
    memscope_pool_create(arena, sizeof arena, "consumer-pool");
    memscope_pool_alloc(arena, arena, 64);
    void* volatile block = malloc(123);
    free(block);
    memscope_pool_free(arena, arena);
    memscope_pool_destroy(arena);
    memscope_phase_end();
#ifdef CONSUMER_WITH_LIBRARY
    consumer_library_phase();
#endif
    printf("recording %d\n", memscope_recording());
    return 0;
}
