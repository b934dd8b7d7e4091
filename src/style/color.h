/*
** color.h -- colours: the fm_color type and CSS colour parsing.
**
** Owns: the CSS syntaxes a style may write a colour in (hex, rgb(), rgba(),
** hsl(), hsla(), the 148 named colours, "transparent").
*/
#ifndef FM_COLOR_H
#define FM_COLOR_H

#include "core/error.h"

typedef struct fm_color {
    double r, g, b, a; /* 0..1, not premultiplied */
} fm_color;

/* Parse a CSS colour: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba() (numbers
** or percentages), hsl(), hsla(), the 148 CSS named colours and
** "transparent"; case-insensitive. *out is untouched on error. */
int fm_color_parse(const char *text, fm_color *out, fm_error *err);

#endif
