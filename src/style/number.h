/*
** number.h -- numbers as JavaScript writes and reads them, which is what
** MapLibre's to-string and to-number (and so frontmap's labels) follow.
**
** Owns: Number.prototype.toString's shortest round-trip form and Number()'s
** reading of text. Pure functions of their arguments.
*/
#ifndef FM_NUMBER_H
#define FM_NUMBER_H

#include <stddef.h>

/* x as JavaScript writes it: 3, 0.5, -0.000001, 1e+21, 1.5e-7, NaN,
** Infinity (no trailing zeros; fixed for 1e-6 <= |x| < 1e21). Cut to
** `size` like snprintf; 32 bytes hold any number. */
void fm_number_format(double x, char *buf, size_t size);

/* JavaScript's Number(text): blanks around are ignored, "" is 0, decimal
** with an optional exponent, hex with 0x, [+-]Infinity. -1 (and *out
** untouched) for anything else. */
int fm_number_parse(const char *text, double *out);

#endif
