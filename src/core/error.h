/*
** error.h -- errors as values.
**
** Every library function that can fail takes an `fm_error *` as its last
** argument, returns -1 (or NULL) on failure and writes one human sentence
** into the buffer: what went wrong, where (file, line, JSON path, feature),
** and what to do. Nothing below main() prints or exits. A NULL `fm_error *`
** is allowed and discards the message.
**
** An error also carries its kind, which decides the exit code without
** reading the message: FM_ERR_USAGE (bad arguments: exit 2) or
** FM_ERR_FAILED (the work failed: bad data, unwritable output: exit 1).
** fm_error_set makes a FAILED error; fm_error_usage a USAGE one;
** fm_error_prefix keeps the kind.
*/
#ifndef FM_ERROR_H
#define FM_ERROR_H

#include <stddef.h>

#define FM_ERROR_MAX 2048

typedef enum fm_error_kind {
    FM_ERR_NONE = 0,   /* no error recorded */
    FM_ERR_FAILED = 1, /* the work failed: exit 1 */
    FM_ERR_USAGE = 2,  /* bad arguments: exit 2 */
} fm_error_kind;

typedef struct fm_error {
    fm_error_kind kind;
    char msg[FM_ERROR_MAX];
} fm_error;

/* Set the message (printf-style) of a FAILED error. Always returns -1 so
** callers can write `return fm_error_set(err, "...")`. */
int fm_error_set(fm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same for a USAGE error: an argument or option is wrong. */
int fm_error_usage(fm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefix the existing message with context, e.g. the file being read. */
int fm_error_prefix(fm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The process exit code an error stands for: 2 for USAGE, else 1. */
int fm_error_exit_code(const fm_error *err);

/* A list of problems, for checks that report everything they find
** (validate) instead of stopping at the first. */
typedef struct fm_problems {
    int count, cap;
    char **items;
} fm_problems;

void fm_problems_add(fm_problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fm_problems_free(fm_problems *p);

#endif
