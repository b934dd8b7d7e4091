/* error.c -- see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fm_error_set(fm_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int fm_error_prefix(fm_error *err, const char *fmt, ...)
{
    if (err) {
        char joined[2 * FM_ERROR_MAX + 2];
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(joined, FM_ERROR_MAX, fmt, ap);
        va_end(ap);
        if (n < 0) n = 0;
        if (n >= FM_ERROR_MAX) n = FM_ERROR_MAX - 1;
        /* Head, ": ", then the old message; cut to the buffer at the end. */
        memcpy(joined + n, ": ", 2);
        memcpy(joined + n + 2, err->msg, strnlen(err->msg, FM_ERROR_MAX - 1) + 1);
        memcpy(err->msg, joined, FM_ERROR_MAX - 1);
        err->msg[FM_ERROR_MAX - 1] = 0;
    }
    return -1;
}

void fm_problems_add(fm_problems *p, const char *fmt, ...)
{
    char line[FM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (p->count == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        char **items = realloc(p->items, sizeof *items * cap);
        if (!items) return;
        p->items = items;
        p->cap = cap;
    }
    char *copy = strdup(line);
    if (copy) p->items[p->count++] = copy;
}

void fm_problems_free(fm_problems *p)
{
    for (int i = 0; i < p->count; i++) free(p->items[i]);
    free(p->items);
    p->items = NULL;
    p->count = p->cap = 0;
}
