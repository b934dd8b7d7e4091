/*
** label.h -- text: one label's text shaped with pango, and drawn.
**
** Owns: turning a MapLibre font name ("Noto Sans Bold") into a pango font,
** laying out multilingual text (Azerbaijani Latin, Armenian, Cyrillic: the
** fonts come from fontconfig, with fallback across families), refusing text
** that would draw missing-glyph boxes, and drawing with a halo. Where a
** label goes is the placer's (map/placer.h).
*/
#ifndef FM_LABEL_H
#define FM_LABEL_H

#include <cairo.h>
#include "core/error.h"
#include "style/style.h"

typedef struct fm_text_style {
    const char *font; /* MapLibre-style name: family + optional style words */
    double size;      /* pixels */
    fm_color color;
    fm_color halo_color;
    double halo_width;     /* pixels */
    double letter_spacing; /* ems */
    double max_width;      /* ems; 0 = no wrapping */
} fm_text_style;

typedef struct fm_text fm_text;

/* Lay out `utf8` for drawing on `cr`. Fails, naming the text and the font,
** when a glyph is missing from every installed font. */
fm_text *text_new(cairo_t *cr, const char *utf8, const fm_text_style *st, fm_error *err);
void text_free(fm_text *t);

/* The same with wrapped lines flush left (legends, tables) instead of
** centred (map labels). */
fm_text *text_new_left(cairo_t *cr, const char *utf8, const fm_text_style *st, fm_error *err);

/* Ink-independent logical size in pixels (what the placer reserves). */
void text_size(const fm_text *t, double *width, double *height);

/* Draw with the top-left corner of the logical box at (x, y). */
void text_draw(cairo_t *cr, const fm_text *t, double x, double y);

#endif
