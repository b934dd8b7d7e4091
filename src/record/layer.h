/*
** layer.h -- vector layers read with GDAL/OGR, once, into memory.
**
** Owns: opening any OGR-readable file, picking the layer, reading every
** feature's attributes and its dated interval [from, to), projecting the
** geometry into the map CRS, clipping it to the view and repairing it, and
** answering "which features are in force on day D".
**
** Features are read for all dates at once: a map for another date, or the
** next frame of an animation, costs no I/O. Errors name the file, the
** layer, the feature id and the field.
*/
#ifndef FM_LAYER_H
#define FM_LAYER_H

#include "core/date.h"
#include "geo/geom.h"
#include "geo/projection.h"
#include "style/style.h"

typedef struct fm_feature {
    long long fid;
    fm_day from, to; /* in force on D when from <= D < to */
    fm_geom_kind kind;
    GEOSGeometry *geom;      /* projected, clipped to the view, valid */
    fm_path path;            /* the same, flat, for drawing */
    double label_x, label_y; /* map CRS; polygon's inner centre or the point */
    fm_value *values;        /* one per layer field, strings owned */
} fm_feature;

typedef struct fm_layer {
    char *path; /* file as given */
    char *name; /* OGR layer name */
    int nfields;
    char **fields; /* field names; keys of every feature's props */
    int dated;     /* has a time field */
    int nfeatures;
    fm_feature *features;
    /* Where loading spent its time (seconds), for -v and bench/. */
    double seconds_read, seconds_project, seconds_clip;
} fm_layer;

/* Read the source's layer, keeping features that touch the view (with a
** margin so strokes at the frame edge are not cut short). */
fm_layer *layer_load(const fm_style_source *src, fm_projection *proj, const fm_view *view,
                     fm_geos *gc, fm_error *err);
void layer_free(fm_layer *layer, fm_geos *gc);

static inline int layer_feature_at(const fm_feature *f, fm_day d)
{
    return fm_day_in(d, f->from, f->to);
}

/* The feature's attributes as the style evaluator sees them. */
static inline fm_props layer_feature_props(const fm_layer *layer, const fm_feature *f)
{
    fm_props p = { layer->nfields, (const char *const *)layer->fields, f->values };
    return p;
}

/* Index of a field, or -1. */
int layer_field_index(const fm_layer *layer, const char *name);

#endif
