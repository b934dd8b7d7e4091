/*
** furniture.h -- the parts of a printed map that are not the map: scale
** bar, north arrow, graticule with labelled ticks, and the locator inset.
**
** Owns: the geodesy behind them (a scale bar true at the frame's centre,
** measured on the WGS84 ellipsoid; the direction of true north at the
** centre, which in a conic projection is not straight up), the degree
** grid traced through the projection, and the inset's own small map of the
** region ("frontmap:furniture".inset) with the main frame outlined on it.
**
** Units are the scene view's (points in a figure); every function draws
** with the frame's top-left corner at the cairo origin.
*/
#ifndef FM_FURNITURE_H
#define FM_FURNITURE_H

#include <cairo.h>
#include "map/label.h"
#include "map/placer.h"
#include "map/scene.h"

/* ---- scale bar ---------------------------------------------------------- */

typedef struct fm_scale_bar {
    double km;              /* the distance the bar stands for */
    double length;          /* its length in view units */
    int segments;           /* alternating blocks */
    double metres_per_unit; /* ground metres per view unit at the centre */
} fm_scale_bar;

/* The longest round distance (1, 2, 5 x 10^n km) whose bar fits in
** `max_length` view units, measured east-west through the frame's centre. */
int scale_bar_compute(const fm_scene *scene, double max_length, fm_scale_bar *out, fm_error *err);

/* Draw with the bar's left end at (x, y) (the bar's baseline); labels
** above it. `unit` is "km" in the page's language. The box drawn is
** returned in *box (may be NULL). */
int scale_bar_draw(cairo_t *cr, const fm_scale_bar *sb, double x, double y, double font_size,
                   const char *unit, fm_box *box, fm_error *err);

/* ---- north arrow --------------------------------------------------------- */

/* Radians, clockwise from straight up, of true north at the frame's centre. */
double north_angle(const fm_scene *scene, fm_error *err);

/* An arrow of the given height centred on (cx, cy), turned by `angle`,
** with an "N" at its tip. */
int north_arrow_draw(cairo_t *cr, double cx, double cy, double height, double angle, fm_error *err);

/* ---- graticule ------------------------------------------------------------- */

enum { FM_SIDE_TOP = 1, FM_SIDE_RIGHT = 2, FM_SIDE_BOTTOM = 4, FM_SIDE_LEFT = 8 };

/* Meridians and parallels every `step` degrees (0: a round step giving 3 to
** 6 lines across), drawn inside the frame, with ticks and degree labels
** outside it on the `sides` given (FM_SIDE_* bits). Colour and width from
** "frontmap:furniture".graticule {color, width}. */
int graticule_draw(cairo_t *cr, const fm_scene *scene, double step, int sides, double font_size,
                   fm_error *err);

/* ---- locator inset ---------------------------------------------------------- */

typedef struct fm_inset fm_inset;

/* The inset for a frame: from "frontmap:furniture".inset {source, bbox,
** highlight: [iso codes]}: the source's polygons (countries) in the
** scene's projection, fitted into width x height. NULL with err set when
** the style has no inset (err->msg then starts "no inset"). */
fm_inset *inset_new(const fm_scene *scene, double width, double height, fm_error *err);
void inset_free(fm_inset *inset);

/* Draw at (x, y): countries (highlighted ones darker), their names in
** `lang`, and the outline of `frame_of` (the main map) in red. */
int inset_draw(cairo_t *cr, const fm_inset *inset, const fm_scene *frame_of, double x, double y,
               const char *lang, fm_error *err);

#endif
