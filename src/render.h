/*
** render.h -- drawing a scene for one date onto a cairo context.
**
** Owns: the drawing order of the style's layers, evaluating paint and
** layout per feature, date filtering, label collection and placement, the
** date caption and the attribution line. Works in pixels; the caller scales
** the context for vector outputs. Reads the scene, never changes it, so
** several dates can be drawn at once in threads.
*/
#ifndef FM_RENDER_H
#define FM_RENDER_H

#include <cairo.h>
#include "date.h"
#include "scene.h"

/* A label that was drawn: for outputs that want the text itself (the SVG
** text layer, tests). */
typedef struct fm_drawn_label {
    char *text;
    double x, y;        /* top-left, pixels */
    double size;        /* pixels */
} fm_drawn_label;

typedef struct fm_render_result {
    int nlabels;
    fm_drawn_label *labels;
    int nfeatures_drawn;
} fm_render_result;

typedef struct fm_render_options {
    fm_day date;
    int caption;        /* draw the date caption */
    int attribution;    /* draw the sources line */
} fm_render_options;

/* Draw. `result` may be NULL; otherwise free it with render_result_free. */
int render_map(cairo_t *cr, const fm_scene *scene, const fm_render_options *opt,
               fm_render_result *result, fm_error *err);
void render_result_free(fm_render_result *r);

/* "12 May 1994" in the scene language (en, az, hy, ru). */
void render_format_date(fm_day d, const char *lang, char *buf, size_t size);

#endif
