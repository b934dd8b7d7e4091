/*
** features.h -- what a map shows on a date, feature by feature.
**
** Owns: the global state styles read (["global-state", "date" | "lang" |
** "recent_from" | "lang2"]) and the one walk over a style layer's features
** that drawing, legend counting and frame hashing share: whether the layer
** draws at all (mask, pass, visibility, zoom), which features are in force
** on the date with the layer's filter passed, the extras of its source,
** and how opaque each is (fading with age, fading out before the next
** keyframe, an extra's own opacity).
*/
#ifndef FM_FEATURES_H
#define FM_FEATURES_H

#include "map/render.h"
#include "map/scene.h"
#include "style/style.h"

/* The evaluation context of a map: the scene's style, zoom and language,
** and the options' date. ctx points into the struct: do not copy or move
** it once initialised. */
typedef struct fm_map_state {
    fm_eval_ctx ctx;
    fm_props state;
    const char *keys[4];
    fm_value values[4];
    char date_text[32];
    char recent_text[32];
} fm_map_state;

void map_state_init(fm_map_state *ms, const fm_scene *scene, const fm_render_options *opt);

/* The style layers the options draw: [*from, *to). */
void features_layer_range(const fm_scene *scene, const fm_render_options *opt, int *from, int *to);

/* Does style layer `index` draw in this pass, at this zoom, visible and
** not masked off? Leaves ctx without a feature. */
int features_layer_shown(const fm_scene *scene, const fm_render_options *opt,
                         const fm_style_layer *sl, int index, fm_eval_ctx *ctx);

/* The features a style layer draws:
**
**     fm_feature_iter it;
**     feature_iter_init(&it, scene, sl, opt, &ms.ctx);
**     while (feature_iter_next(&it)) draw(it.feature, it.path, it.opacity);
**
** The features in force on opt->date, then opt's extras of the layer's
** source, each passing the layer's filter; ctx is set to the feature
** while it is current. A layer without a source (background) has none. */
typedef struct fm_feature_iter {
    const fm_feature *feature; /* its attributes */
    const fm_path *path;       /* its geometry: the feature's or an extra's */
    double opacity;            /* 0..1 */
    int index;                 /* i < layer's nfeatures: feature i; else extra i - nfeatures */
    int feature_index;         /* in the layer; -1 for an extra */
    int source;                /* style source index; -1 if none */
    /* private */
    const fm_layer *layer;
    const fm_style_layer *sl;
    const fm_render_options *opt;
    fm_eval_ctx *ctx;
    fm_props props;
    int next, fades;
} fm_feature_iter;

void feature_iter_init(fm_feature_iter *it, const fm_scene *scene, const fm_style_layer *sl,
                       const fm_render_options *opt, fm_eval_ctx *ctx);

/* 1 with the next feature current, 0 at the end (ctx then has none). */
int feature_iter_next(fm_feature_iter *it);

#endif
