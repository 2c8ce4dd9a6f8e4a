/* Objects of known sizes, one in each kind of allocated section, for the ELF
 * footprint reader's tests. Freestanding (no headers, no libc) so that the
 * same file builds for other architectures with -nostdlib. */

static char big_zero[123456];
char initialized[4096] = {1};
const char table[10000] = {1};
_Thread_local int tls_counter[25] = {1};
_Thread_local char tls_zero[300];

/* An alias at the same place and size, which the reader reports once. */
extern char initialized_alias[4096] __attribute__((alias("initialized")));

int fixture_function(int x);
void fixture_entry(void);

int fixture_function(int x) {
    big_zero[x] = (char)x;
    tls_zero[x] = 1;
    return table[x] + initialized[x] + tls_counter[x];
}

/* The entry point of the builds without a C library. */
void fixture_entry(void) {
    fixture_function(3);
    for (;;) {
    }
}
