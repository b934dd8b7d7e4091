/* str.c -- see str.h. */
#include "core/str.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for `extra` more bytes and the NUL. */
static int str_reserve(fm_str *s, size_t extra)
{
    if (extra > SIZE_MAX / 2 - s->len) return -1;
    size_t need = s->len + extra + 1;
    if (need <= s->cap) return 0;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(s->s, cap);
    if (!p) return -1;
    if (!s->s) p[0] = 0;
    s->s = p;
    s->cap = cap;
    return 0;
}

int fm_str_append(fm_str *s, const char *bytes, size_t n)
{
    if (str_reserve(s, n) < 0) return -1;
    memcpy(s->s + s->len, bytes, n);
    s->len += n;
    s->s[s->len] = 0;
    return 0;
}

int fm_str_cat(fm_str *s, const char *text)
{
    return fm_str_append(s, text, strlen(text));
}

int fm_str_printf(fm_str *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || str_reserve(s, (size_t)n) < 0) return -1;
    va_start(ap, fmt);
    vsnprintf(s->s + s->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->len += (size_t)n;
    return 0;
}

void fm_str_clear(fm_str *s)
{
    s->len = 0;
    if (s->s) s->s[0] = 0;
}

const char *fm_str_cstr(const fm_str *s)
{
    return s->s ? s->s : "";
}

char *fm_str_take(fm_str *s)
{
    char *p = s->s ? s->s : strdup("");
    s->s = NULL;
    s->len = s->cap = 0;
    return p;
}

void fm_str_free(fm_str *s)
{
    free(s->s);
    s->s = NULL;
    s->len = s->cap = 0;
}
