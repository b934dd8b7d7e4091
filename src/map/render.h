/*
** render.h -- drawing a scene for one date onto a cairo context.
**
** Owns: the drawing order of the style's layers and the run of one map:
** for each style layer, its features on the date (map/features.h) drawn
** by the symbolizers (map/symbolize.h) or collected as labels; then the
** labels placed (map/placer.h) and drawn; the date caption and the
** attribution line. Works in pixels; the caller scales the context for
** vector outputs. Reads the scene, never changes it, so several dates can
** be drawn at once in threads. Frame signatures: map/framekey.h.
*/
#ifndef FM_RENDER_H
#define FM_RENDER_H

#include <cairo.h>
#include <stdint.h>
#include "core/date.h"
#include "core/lang.h"
#include "map/placer.h"
#include "map/scene.h"

/* A label that was drawn: for outputs that want the text itself (the SVG
** text layer, tests). */
typedef struct fm_drawn_label {
    char *text;
    double x, y; /* top-left, pixels */
    double size; /* pixels */
    fm_box box;  /* what the placer reserved (with padding) */
} fm_drawn_label;

typedef struct fm_render_result {
    int nlabels, caplabels;
    fm_drawn_label *labels;
    int nfeatures_drawn;
    int nlayers;
    int *layer_features; /* features drawn per style layer: what a legend lists */
} fm_render_result;

/* A feature drawn as if in force whatever the date: an animation's area
** growing out of the old front. Every layer of the source draws it, with
** `path` in place of the feature's geometry and its opacity scaled. */
typedef struct fm_render_extra {
    int source;                /* index into the style's sources */
    const fm_feature *feature; /* its attributes */
    const fm_path *path;       /* map CRS; NULL: the feature's own */
    double opacity;            /* 0..1 */
} fm_render_extra;

typedef struct fm_render_options {
    fm_day date;
    int caption;     /* draw the date caption */
    int attribution; /* draw the sources line */
    /* Draw only style layers [layer_from, layer_to); layer_to 0 = to the
    ** end. Labels collected in the range are placed at its end. */
    int layer_from, layer_to;
    /* Boxes (pixels) that labels keep clear of: a legend, an inset, labels
    ** placed by an earlier pass. */
    const fm_box *reserved;
    int nreserved;
    const fm_render_extra *extras;
    int nextras;
    /* Features of sources with a duration ("duration_days") fade as they
    ** age, from full opacity on their day to 20% on their last. */
    int fade;
    /* ["global-state", "recent_from"] = date - recent_days; 0 means
    ** FM_RECENT_DAYS. */
    int recent_days;
    /* ["global-state", "lang2"]: a second label language for dual names
    ** ("Shusha / Şuşa"); NULL leaves it null. */
    const char *lang2;
    /* Print: a point whose label was dropped loses its dot too (a circle
    ** layer and a symbol layer of the same source name the same places),
    ** so no unnamed dots are left on the map. */
    int drop_unlabelled_points;
    /* Draw only style layers i with layer_mask[i] (NULL: all in range). */
    const unsigned char *layer_mask;
    /* FM_PASS_SHAPES draws everything but labels; FM_PASS_LABELS places and
    ** draws only labels, with the circles of the layers drawn keeping
    ** labels off them without being drawn again. An animation draws shapes
    ** per frame and its fixed labels once. */
    int pass;
    /* Lines and areas in force on `date` that end by `ending_by` are drawn
    ** at `ending_opacity`: an animation fades out what the next keyframe
    ** no longer shows. ending_by <= date: off. */
    fm_day ending_by;
    double ending_opacity;
} fm_render_options;

enum { FM_PASS_ALL = 0, FM_PASS_SHAPES = 1, FM_PASS_LABELS = 2 };

/* Add to layer_features[i] (one per style layer) the features render_map
** would draw with style layer i, without drawing: what a legend lists. */
void render_count(const fm_scene *scene, const fm_render_options *opt, int *layer_features);

/* Draw. `result` may be NULL; otherwise free it with render_result_free. */
int render_map(cairo_t *cr, const fm_scene *scene, const fm_render_options *opt,
               fm_render_result *result, fm_error *err);
void render_result_free(fm_render_result *r);

#endif
