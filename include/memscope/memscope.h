/* memscope annotation API: phases, marks and memory pools, for C and C++.
 *
 * Header-only, no link dependency. Each call looks up the recorder once (per
 * translation unit) with dlsym(RTLD_DEFAULT, "memscope_annotation_table_v1"):
 * under `memscope run` the preloaded libmemscope.so exports that table and the
 * calls are recorded into the calling thread's event stream; without it the
 * lookup finds nothing and every call is a test of a cached pointer. This
 * works the same for PIE and non-PIE programs and shared libraries, with or
 * without -rdynamic; in a statically linked program dlsym finds nothing and
 * the calls are no-ops. glibc 2.34 and later has dlsym in libc itself, so no
 * -ldl is needed (older glibc: link with -ldl).
 *
 * Make the first call outside a signal handler: the one-time lookup is not
 * async-signal-safe. After it, every call is.
 *
 * Phases belong to the calling thread and nest: memscope_phase_end() closes
 * the thread's innermost open phase. Strings are copied when recorded; they
 * need not outlive the call. docs/annotations.md describes the whole API. */
#ifndef MEMSCOPE_MEMSCOPE_H
#define MEMSCOPE_MEMSCOPE_H

#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define MEMSCOPE_NULL_ nullptr
#define MEMSCOPE_TABLE_CAST_(p) static_cast<const struct memscope_annotation_table_v1*>(p)
extern "C" {
#else
#define MEMSCOPE_NULL_ ((void*)0)
#define MEMSCOPE_TABLE_CAST_(p) ((const struct memscope_annotation_table_v1*)(p))
#endif

#define MEMSCOPE_ANNOTATION_TABLE_SYMBOL "memscope_annotation_table_v1"
#define MEMSCOPE_ANNOTATION_TABLE_VERSION 1u

/* What libmemscope.so exports. A later version may append entries; `size`
 * tells which ones a recorder has. */
struct memscope_annotation_table_v1 {
    uint32_t version; /* MEMSCOPE_ANNOTATION_TABLE_VERSION */
    uint32_t size;    /* sizeof the table the recorder was built with */
    void (*phase_begin)(const char* name);
    void (*phase_end)(void);
    void (*mark)(const char* label);
    void (*pool_create)(const void* pool, size_t capacity, const char* name);
    void (*pool_alloc)(const void* pool, const void* ptr, size_t size);
    void (*pool_free)(const void* pool, const void* ptr);
    void (*pool_destroy)(const void* pool);
};

/* The recorder's table, or NULL when the program runs without it. */
static inline const struct memscope_annotation_table_v1* memscope_annotation_table(void) {
    /* A table with every entry null stands for "looked up, no recorder", so
     * the fast path is one acquire load whichever way the lookup went. */
    static const struct memscope_annotation_table_v1 memscope_no_recorder = {0,
                                                                             0,
                                                                             MEMSCOPE_NULL_,
                                                                             MEMSCOPE_NULL_,
                                                                             MEMSCOPE_NULL_,
                                                                             MEMSCOPE_NULL_,
                                                                             MEMSCOPE_NULL_,
                                                                             MEMSCOPE_NULL_,
                                                                             MEMSCOPE_NULL_};
    static const struct memscope_annotation_table_v1* memscope_cached = MEMSCOPE_NULL_;
    const struct memscope_annotation_table_v1* table =
        __atomic_load_n(&memscope_cached, __ATOMIC_ACQUIRE);
    if (__builtin_expect(table == MEMSCOPE_NULL_, 0)) {
        /* RTLD_DEFAULT is (void*)0 in glibc and musl; spelled out so the
         * header needs no _GNU_SOURCE. Two threads racing here look up the
         * same answer, so the second store is harmless. */
        const struct memscope_annotation_table_v1* found =
            MEMSCOPE_TABLE_CAST_(dlsym(MEMSCOPE_NULL_, MEMSCOPE_ANNOTATION_TABLE_SYMBOL));
        if (found == MEMSCOPE_NULL_ || found->version != MEMSCOPE_ANNOTATION_TABLE_VERSION ||
            found->size < sizeof(struct memscope_annotation_table_v1))
            found = &memscope_no_recorder;
        __atomic_store_n(&memscope_cached, found, __ATOMIC_RELEASE);
        table = found;
    }
    return table->version != 0 ? table : MEMSCOPE_NULL_;
}

/* 1 when the calls are being recorded (the program runs under memscope). */
static inline int memscope_recording(void) {
    return memscope_annotation_table() != MEMSCOPE_NULL_;
}

/* A phase of the calling thread starts; phases nest. */
static inline void memscope_phase_begin(const char* name) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->phase_begin(name != MEMSCOPE_NULL_ ? name : "");
}

/* The calling thread's innermost open phase ends (ignored when none is open). */
static inline void memscope_phase_end(void) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->phase_end();
}

/* An instant event with a label. */
static inline void memscope_mark(const char* label) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->mark(label != MEMSCOPE_NULL_ ? label : "");
}

/* A memory pool the recorder cannot see (an arena, a free list, a slab):
 * `pool` is any address that identifies it, `capacity` its size in bytes. */
static inline void memscope_pool_create(const void* pool, size_t capacity, const char* name) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->pool_create(pool, capacity, name != MEMSCOPE_NULL_ ? name : "");
}

/* The pool handed out `size` bytes at `ptr`. */
static inline void memscope_pool_alloc(const void* pool, const void* ptr, size_t size) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->pool_alloc(pool, ptr, size);
}

/* The block at `ptr` went back to the pool. */
static inline void memscope_pool_free(const void* pool, const void* ptr) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->pool_free(pool, ptr);
}

/* The pool is gone; blocks still in use in it are released with it. */
static inline void memscope_pool_destroy(const void* pool) {
    const struct memscope_annotation_table_v1* t = memscope_annotation_table();
    if (t != MEMSCOPE_NULL_) t->pool_destroy(pool);
}

#ifdef __cplusplus
} /* extern "C" */

namespace memscope {

/* A phase for the lifetime of a scope: `memscope::Phase phase("solve");`. */
class Phase {
  public:
    explicit Phase(const char* name) noexcept { memscope_phase_begin(name); }
    ~Phase() { memscope_phase_end(); }
    Phase(const Phase&) = delete;
    Phase& operator=(const Phase&) = delete;
};

} /* namespace memscope */
#endif

#endif /* MEMSCOPE_MEMSCOPE_H */
