/*
** legend.h -- the legend of a printed map, built from the style.
**
** Owns: reading each style layer's "frontmap:legend" metadata (a label per
** language, or items keyed by attribute values: {"where": {"controller":
** "ARM"}, "label": {...}}), keeping only what the maps actually drew on
** their dates, drawing each entry's swatch from the layer's own paint
** (fill, line with its dashes, circle), and laying the entries out in
** columns. Extra entries (event markers) are added by the caller.
*/
#ifndef FM_LEGEND_H
#define FM_LEGEND_H

#include <cairo.h>
#include "core/date.h"
#include "map/scene.h"

typedef struct fm_legend fm_legend;

/* Entries for everything drawn: `layer_features[d][i]` is the count of
** features drawn by style layer i on the d-th map (fm_render_result), and
** `dates` the maps' dates (for "where" items: is a feature with those
** values in force on one of them?). Labels in `lang`, else English. */
fm_legend *legend_new(const fm_scene *scene, const fm_day *dates, const int *const *layer_features,
                      int nmaps, const char *lang, fm_error *err);
void legend_free(fm_legend *lg);

/* A numbered circle like the event markers: colour, ring, number shown. */
int legend_add_marker(fm_legend *lg, const char *label, fm_color fill, fm_color ring,
                      double radius);

int legend_count(const fm_legend *lg);
/* The label of entry i (for tests and the SVG text layer). */
const char *legend_label(const fm_legend *lg, int i);

/* Height of the legend laid out in `columns` columns of total `width`,
** with text of `size` (view units). */
int legend_measure(cairo_t *cr, const fm_legend *lg, double width, int columns, double size,
                   double *height, fm_error *err);

/* Draw at (x, y) the same way. `title` (may be NULL) goes above. */
int legend_draw(cairo_t *cr, const fm_legend *lg, double x, double y, double width, int columns,
                double size, fm_error *err);

#endif
