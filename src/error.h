/*
** error.h -- errors as values.
**
** Every library function that can fail takes an `fm_error *` as its last
** argument, returns -1 (or NULL) on failure and writes one human sentence
** into the buffer: what went wrong, where (file, line, JSON path, feature),
** and what to do. Nothing below main() prints or exits. A NULL `fm_error *`
** is allowed and discards the message.
*/
#ifndef FM_ERROR_H
#define FM_ERROR_H

#include <stddef.h>

#define FM_ERROR_MAX 2048

typedef struct fm_error {
    char msg[FM_ERROR_MAX];
} fm_error;

/* Set the message (printf-style). Always returns -1 so callers can write
** `return fm_error_set(err, "...")`. */
int fm_error_set(fm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefix the existing message with context, e.g. the file being read. */
int fm_error_prefix(fm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A list of problems, for checks that report everything they find
** (validate) instead of stopping at the first. */
typedef struct fm_problems {
    int count, cap;
    char **items;
} fm_problems;

void fm_problems_add(fm_problems *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void fm_problems_free(fm_problems *p);

#endif
