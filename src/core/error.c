/* error.c -- see error.h. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

static int error_vset(fm_error *err, fm_error_kind kind, const char *fmt, va_list ap)
{
    if (err) {
        err->kind = kind;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    }
    return -1;
}

int fm_error_set(fm_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, FM_ERR_FAILED, fmt, ap);
    va_end(ap);
    return -1;
}

int fm_error_usage(fm_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, FM_ERR_USAGE, fmt, ap);
    va_end(ap);
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
        if (err->kind == FM_ERR_NONE) err->kind = FM_ERR_FAILED;
    }
    return -1;
}

int fm_error_exit_code(const fm_error *err)
{
    return err && err->kind == FM_ERR_USAGE ? 2 : 1;
}

void fm_problems_add(fm_problems *p, const char *fmt, ...)
{
    char line[FM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char **items = fm_grow(p->items, &p->cap, p->count + 1, sizeof *items, NULL);
    if (!items) return;
    p->items = items;
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
