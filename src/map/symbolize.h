/*
** symbolize.h -- the symbolizers: one feature's shape drawn with one style
** layer's paint.
**
** Owns: tracing a feature's geometry in pixels (with MapLibre's sideways
** line-offset), fills, strokes with caps, joins and dashes, circles and the
** background. Each takes the evaluation context already set to the feature
** and an opacity for fades; none decides whether a feature is drawn
** (map/features.h does) or where labels go (map/placer.h).
*/
#ifndef FM_SYMBOLIZE_H
#define FM_SYMBOLIZE_H

#include <cairo.h>
#include "geo/projection.h"
#include "map/collide.h"
#include "record/layer.h"
#include "style/style.h"

/* Paint the whole frame with a background layer's colour. */
void symbolize_background(cairo_t *cr, const fm_style_layer *sl, fm_eval_ctx *ctx);

/* A polygon's fill (and outline); other kinds draw nothing. */
void symbolize_fill(cairo_t *cr, const fm_view *v, const fm_style_layer *sl, fm_eval_ctx *ctx,
                    fm_geom_kind kind, const fm_path *path, double opacity);

/* A line's or a polygon's rings' stroke; points draw nothing. */
void symbolize_line(cairo_t *cr, const fm_view *v, const fm_style_layer *sl, fm_eval_ctx *ctx,
                    fm_geom_kind kind, const fm_path *path, double opacity);

/* A circle as evaluated for its feature: kept apart from its drawing so a
** map can hold dots back until it knows which labels were placed. */
typedef struct fm_dot {
    double x, y;  /* pixels */
    double r, sw; /* radius, stroke width */
    double opacity, stroke_opacity;
    fm_color fill, stroke;
    int source, feature; /* which feature it marks (-1: an extra) */
} fm_dot;

/* A circle layer's paint for the feature in ctx, at (0, 0). */
fm_dot symbolize_dot_paint(const fm_style_layer *sl, fm_eval_ctx *ctx, double opacity);
void symbolize_dot(cairo_t *cr, const fm_dot *d);

/* The box a dot keeps labels off: the circle's inscribed square, so a
** label beside the marker may cross the empty corners of the bounding
** square, not the disc. */
fm_box symbolize_dot_box(const fm_dot *d);

#endif
