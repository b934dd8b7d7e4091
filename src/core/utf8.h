/*
** utf8.h -- UTF-8 text: decoding and encoding one code point, simple case
** mapping, and copying into a fixed buffer without cutting a character.
**
** Owns: the case tables of the scripts frontmap labels in (Latin with
** Azerbaijani, Greek, Cyrillic, Armenian), as JavaScript's toUpperCase and
** toLowerCase map them. Nothing here allocates.
*/
#ifndef FM_UTF8_H
#define FM_UTF8_H

#include <stddef.h>

/* What fm_utf8_decode gives for a byte that starts no valid sequence. */
#define FM_UTF8_INVALID 0xFFFFFFFFu

/* Decode the sequence at s (which is not at its NUL); *len gets its length
** in bytes. An invalid byte gives FM_UTF8_INVALID with length 1. */
unsigned fm_utf8_decode(const unsigned char *s, int *len);

/* Encode a code point into out (room for 4 bytes); returns the length. */
int fm_utf8_encode(unsigned cp, char *out);

/* Upper- (upper != 0) or lower-case `text` into buf (`size` bytes,
** NUL-terminated). Invalid bytes are copied through unchanged; ß, և and İ
** become two letters as in JavaScript. Returns the length written, or -1
** when buf is too small (buf is then unspecified). */
int fm_utf8_case_map(const char *text, int upper, char *buf, size_t size);

/* Copy at most size - 1 bytes of src into dst (size > 0), NUL-terminated,
** cut before a character rather than inside one. */
void fm_utf8_copy(char *dst, const char *src, size_t size);

#endif
