/* Ground-truth report of a test program: one flat JSON object on stdout.
 *
 * Built on write(2) and a static buffer on purpose: stdio would malloc its
 * own buffers inside the measured process and blur the exact whole-process
 * figures the integration tests check. Keys and string values are plain
 * identifiers and paths, so no JSON escaping is needed. */
#ifndef MEMSCOPE_TESTS_GROUND_TRUTH_H
#define MEMSCOPE_TESTS_GROUND_TRUTH_H

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Evaluates EXPR and stores the line it is written on into LINE_OUT: the
 * tests compare it with the line the symbolizer reports for the call. Keep
 * each use on one line. */
#define GT_AT_LINE(line_out, expr) ((line_out) = __LINE__, (expr))

enum { kGroundTruthCapacity = 8192 };

typedef struct {
    char text[kGroundTruthCapacity];
    size_t length;
    int has_field;
} GroundTruth;

static inline void gt_append(GroundTruth* gt, const char* s, size_t n) {
    if (gt->length + n >= sizeof gt->text) n = sizeof gt->text - 1 - gt->length;
    memcpy(gt->text + gt->length, s, n);
    gt->length += n;
}

static inline void gt_append_str(GroundTruth* gt, const char* s) {
    gt_append(gt, s, strlen(s));
}

static inline void gt_append_u64(GroundTruth* gt, uint64_t v) {
    char digits[24];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n] = (char)('0' + v % 10);
        v /= 10;
        ++n;
    } while (v != 0);
    gt_append(gt, digits + sizeof digits - n, n);
}

static inline void gt_begin(GroundTruth* gt) {
    gt->length = 0;
    gt->has_field = 0;
    gt_append_str(gt, "{");
}

static inline void gt_key(GroundTruth* gt, const char* key) {
    if (gt->has_field) gt_append_str(gt, ",");
    gt->has_field = 1;
    gt_append_str(gt, "\"");
    gt_append_str(gt, key);
    gt_append_str(gt, "\":");
}

static inline void gt_u64(GroundTruth* gt, const char* key, uint64_t v) {
    gt_key(gt, key);
    gt_append_u64(gt, v);
}

static inline void gt_str(GroundTruth* gt, const char* key, const char* v) {
    gt_key(gt, key);
    gt_append_str(gt, "\"");
    gt_append_str(gt, v);
    gt_append_str(gt, "\"");
}

/* Writes the object and a newline to stdout in one write(2), so a reader
 * waiting on a pipe sees a whole line. */
static inline void gt_end(GroundTruth* gt) {
    gt_append_str(gt, "}\n");
    size_t done = 0;
    while (done < gt->length) {
        ssize_t n = write(1, gt->text + done, gt->length - done);
        if (n <= 0) break;
        done += (size_t)n;
    }
}

#ifdef __cplusplus
}
#endif

#endif
