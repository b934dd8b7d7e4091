/*
** scene.h -- a style plus everything needed to draw it: the projection, the
** view, and every source's features loaded once.
**
** Owns: finding the default scene, reading the view ("frontmap:view": crs,
** bbox, size) with command-line overrides on top, and loading each source
** that a layer uses. One scene serves any number of dates.
*/
#ifndef FM_SCENE_H
#define FM_SCENE_H

#include "record/layer.h"
#include "geo/projection.h"
#include "style/style.h"

typedef struct fm_scene_options {
    const char *scene_path; /* NULL: the bundled default scene */
    const char *crs;        /* NULL: the scene's */
    int has_bbox;
    double bbox[4];      /* minlon minlat maxlon maxlat */
    int width, height;   /* 0: the scene's */
    const char *lang;    /* NULL: the scene's state default, else "en" */
    int duration_days;   /* > 0: replaces every source's "duration_days"
                                ** (how long an event stays on the map) */
    const char *program; /* the running binary's path (finds the bundled
                                ** data beside it, scene_data_dir), or NULL */
} fm_scene_options;

typedef struct fm_scene {
    fm_style *style;
    fm_projection *proj;
    fm_view view;
    fm_geos *geos;
    fm_layer **layers; /* one per style source, same index; NULL if unused */
    char lang[16];
    double zoom; /* web-map zoom equivalent of the view's scale */
} fm_scene;

/* Frame size limits, in pixels, per side. */
#define FM_SIZE_MIN 16
#define FM_SIZE_MAX 16384

fm_scene *scene_load(const fm_scene_options *opt, fm_error *err);

/* Only the scene's style (found as scene_load finds it): to read its
** metadata before choosing how to load the scene. Free with style_free. */
fm_style *scene_style_load(const fm_scene_options *opt, fm_error *err);
void scene_free(fm_scene *scene);

/* The layer behind a style layer's source, or NULL. */
const fm_layer *scene_layer_for(const fm_scene *scene, const fm_style_layer *sl);

/* Where the bundled data (styles/, layers/) lives: $FRONTMAP_DATA, else
** beside the running binary `program` (may be NULL): <bindir>/../share/frontmap
** when installed, the checkout <bindir>/.. for a build tree's build/frontmap;
** else the install prefix's share/frontmap. Writes the folder into buf. */
int scene_data_dir(const char *program, char *buf, size_t size, fm_error *err);

/* Parse dual names "en+az" (--names): the label language and the second
** language shown after a slash ("Shusha / Şuşa"). `lang`, from --lang, may
** be NULL; if given it must be the first. */
int scene_parse_names(const char *text, const char *lang, char first[16], char second[16],
                      fm_error *err);

#endif
