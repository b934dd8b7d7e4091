/*
** str.h -- a small growable string (in the spirit of Redis's sds), for
** paths and text whose length is not known in advance, instead of fixed
** buffers that silently cut.
**
**     fm_str s = FM_STR_INIT;
**     if (fm_str_printf(&s, "%s/%s", dir, name) < 0) goto oom;
**     use(s.s);              // always NUL-terminated once written
**     fm_str_free(&s);
**
** Appending functions return 0, or -1 when memory runs out (the string is
** left as it was, still owned). An empty fm_str has s == NULL: use
** fm_str_cstr() where "" is needed.
*/
#ifndef FM_STR_H
#define FM_STR_H

#include <stddef.h>

typedef struct fm_str {
    char *s;    /* the text, NUL-terminated; NULL until written */
    size_t len; /* bytes before the NUL */
    size_t cap; /* bytes allocated */
} fm_str;

#define FM_STR_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Append printf-style text. */
int fm_str_printf(fm_str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append n bytes (which need not be NUL-terminated). */
int fm_str_append(fm_str *s, const char *bytes, size_t n);
/* Append a C string. */
int fm_str_cat(fm_str *s, const char *text);
/* Empty the string, keeping its memory. */
void fm_str_clear(fm_str *s);
/* The text, or "" for a string never written. */
const char *fm_str_cstr(const fm_str *s);
/* Hand the buffer to the caller (who frees it) and empty the string;
** a string never written gives a fresh "" (NULL when out of memory). */
char *fm_str_take(fm_str *s);
void fm_str_free(fm_str *s);

#endif
