/* Linked with -static: there is no dynamic loader to preload the recorder
 * into, so `memscope run` must refuse it with a clear message. */
#include <stdlib.h>

int main(void) {
    void* volatile p = malloc(10);
    free(p);
    return 0;
}
