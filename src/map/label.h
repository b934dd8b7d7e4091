/*
** label.h -- text with pango, and the collision placer for labels.
**
** Owns: turning a MapLibre font name ("Noto Sans Bold") into a pango font,
** laying out multilingual text (Azerbaijani Latin, Armenian, Cyrillic: the
** fonts come from fontconfig, with fallback across families), refusing text
** that would draw missing-glyph boxes, drawing with a halo, and the placer
** that keeps labels from overlapping each other or reserved areas.
*/
#ifndef FM_LABEL_H
#define FM_LABEL_H

#include <cairo.h>
#include "core/error.h"
#include "style/style.h"

typedef struct fm_text_style {
    const char *font;           /* MapLibre-style name: family + optional style words */
    double size;                /* pixels */
    fm_color color;
    fm_color halo_color;
    double halo_width;          /* pixels */
    double letter_spacing;      /* ems */
    double max_width;           /* ems; 0 = no wrapping */
} fm_text_style;

typedef struct fm_text fm_text;

/* Lay out `utf8` for drawing on `cr`. Fails, naming the text and the font,
** when a glyph is missing from every installed font. */
fm_text *text_new(cairo_t *cr, const char *utf8, const fm_text_style *st,
                  fm_error *err);
void text_free(fm_text *t);

/* The same with wrapped lines flush left (legends, tables) instead of
** centred (map labels). */
fm_text *text_new_left(cairo_t *cr, const char *utf8, const fm_text_style *st,
                       fm_error *err);

/* Ink-independent logical size in pixels (what the placer reserves). */
void text_size(const fm_text *t, double *width, double *height);

/* Draw with the top-left corner of the logical box at (x, y). */
void text_draw(cairo_t *cr, const fm_text *t, double x, double y);

/* ---- placer ------------------------------------------------------------ */

typedef struct fm_box {
    double x0, y0, x1, y1;
} fm_box;

typedef struct fm_placer fm_placer;

fm_placer *placer_new(double width, double height);
void placer_free(fm_placer *p);

/* Is the box inside the frame and clear of every box placed so far? */
int placer_fits(const fm_placer *p, fm_box box);

/* The points that labels name (pixels, x y pairs, copied), each with a
** class: labels of one class look alike (say, place names), so a label
** box nearer to another point of its class than to its own would name
** the wrong place. placer_place_around skips such boxes. */
int placer_set_points(fm_placer *p, const double *xy, const int *classes, int n);

/* Would a label of class `cls` for the point (x, y) in `box` sit nearer
** another point of that class? Points given to placer_place_around take
** the class set with placer_set_class. */
int placer_ambiguous(const fm_placer *p, fm_box box, double x, double y, int cls);
void placer_set_class(fm_placer *p, int cls);
void placer_add(fm_placer *p, fm_box box);

/* The same, returning the box's id (-1 when out of memory), so a label
** can later be taken back and moved (placer_remove). */
int placer_add_id(fm_placer *p, fm_box box);
void placer_remove(fm_placer *p, int id);

/* The ids of the boxes that `box` overlaps, up to `max`; returns how many
** there are in all (more than max when cut short). A box outside the frame
** counts one blocker with id -1. */
int placer_blockers(const fm_placer *p, fm_box box, int *ids, int max);

/* The eight places a point's label may go, in the cartographer's order of
** preference (Imhof): right, left, above right, below right, above left,
** below left, above, below. */
typedef enum {
    FM_AROUND_RIGHT, FM_AROUND_LEFT, FM_AROUND_TOP_RIGHT, FM_AROUND_BOTTOM_RIGHT,
    FM_AROUND_TOP_LEFT, FM_AROUND_BOTTOM_LEFT, FM_AROUND_TOP, FM_AROUND_BOTTOM,
    FM_AROUND__COUNT
} fm_around;

/* Put a w x h label beside the point (x, y), `gap` away from it, trying
** `first` and then the other seven positions in order; `pad` widens the
** reserved box. On success the box is added and returned in *out (the
** text's own top-left is out->x0 + pad, out->y0 + pad) and its id in *id
** (may be NULL); returns the position taken, or -1 when no position is
** free: the label is to be dropped. */
int placer_place_around(fm_placer *p, double x, double y, double w, double h,
                        double gap, double pad, fm_around first, fm_box *out, int *id);

/* The box placer_place_around would try at position `pos`. */
fm_box placer_box_around(double x, double y, double w, double h, double gap, double pad,
                         fm_around pos);

#endif
