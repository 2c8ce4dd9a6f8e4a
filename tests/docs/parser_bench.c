/* The program of docs/ci.md's CTest example: `parser_bench --input FILE`
 * reads "MIB LEAK" from FILE, holds MIB mebibytes at once (the peak), frees
 * them, and leaks LEAK bytes, so the test sets its own budget breach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
    if (argc != 3 || strcmp(argv[1], "--input") != 0) {
        fprintf(stderr, "usage: parser_bench --input FILE\n");
        return 2;
    }
    FILE* input = fopen(argv[2], "r");
    long mib = 0;
    long leak = 0;
    if (input == NULL || fscanf(input, "%ld %ld", &mib, &leak) != 2 || mib < 1 || leak < 0) {
        fprintf(stderr, "parser_bench: %s must hold two numbers: MIB LEAK\n", argv[2]);
        return 2;
    }
    fclose(input);
    char* blocks[4096];
    for (long i = 0; i < mib; ++i) {
        blocks[i] = malloc(1 << 20);
        if (blocks[i] == NULL) return 1;
        memset(blocks[i], 1, 1 << 20);
    }
    for (long i = 0; i < mib; ++i) free(blocks[i]);
    if (leak > 0) {
        char* lost = malloc((size_t)leak);
        if (lost != NULL) lost[0] = 1;
    }
    return 0;
}
