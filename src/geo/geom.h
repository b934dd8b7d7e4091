/*
** geom.h -- geometry operations with GEOS's reentrant C API.
**
** Owns: turning WKB into GEOS geometries, projecting them through an
** fm_transform, clipping to the frame, repairing invalid input, areas, and
** the flat fm_path form the renderer draws from (so drawing never touches
** GEOS and can run in any thread).
**
** Every function takes the caller's fm_geos context; nothing here keeps
** global state. Geometries returned are owned by the caller
** (GEOSGeom_destroy_r).
*/
#ifndef FM_GEOM_H
#define FM_GEOM_H

#include <geos_c.h>
#include <ogr_api.h>
#include "core/error.h"
#include "geo/projection.h"

typedef enum {
    FM_GEOM_NONE = 0,
    FM_GEOM_POINT = 1,
    FM_GEOM_LINE = 2,
    FM_GEOM_POLYGON = 3
} fm_geom_kind;

/* Parts of coordinates ready to draw: polygons as closed rings (fill with
** the even-odd rule, so holes need no orientation), lines as open
** polylines, points as one-coordinate parts. */
typedef struct fm_path {
    int nparts;
    int *counts; /* points in each part */
    double *xy;  /* x0 y0 x1 y1 ... for all parts in order */
} fm_path;

/* A GEOS context whose errors land in `last_error` instead of stderr.
** One per thread; pass `->h` to GEOS calls. */
typedef struct fm_geos {
    GEOSContextHandle_t h;
    char last_error[512];
} fm_geos;

fm_geos *geom_context_new(void);
void geom_context_free(fm_geos *gc);

fm_geom_kind geom_kind(fm_geos *gc, const GEOSGeometry *g);
const char *geom_kind_name(fm_geom_kind kind); /* "Point", "LineString", "Polygon" */

GEOSGeometry *geom_from_wkb(fm_geos *gc, const unsigned char *wkb, size_t size, fm_error *err);

/* An OGR geometry (borrowed, any dimension) as a 2D GEOS geometry. */
GEOSGeometry *geom_from_ogr(fm_geos *gc, OGRGeometryH og, fm_error *err);

/* A new geometry with every coordinate sent through t (source -> map).
** NULL, with a message, if some coordinate cannot be projected. */
GEOSGeometry *geom_transform(fm_geos *gc, const GEOSGeometry *g, fm_transform *t, fm_error *err);

/* Clip to a rectangle and make the result valid; polygons stay polygons,
** lines stay lines (lower-dimension slivers from the clip are dropped).
** Returns NULL with no error when nothing is left. */
GEOSGeometry *geom_clip(fm_geos *gc, const GEOSGeometry *g, double minx, double miny, double maxx,
                        double maxy, fm_error *err);

/* A valid copy (GEOS make-valid, "structure" method, keeping collapsed
** parts out), or a plain clone when g is already valid. */
GEOSGeometry *geom_make_valid(fm_geos *gc, const GEOSGeometry *g, fm_error *err);

/* Keep only the parts of dimension `kind` (a make-valid or clip can emit a
** GeometryCollection mixing polygons with stray lines). */
GEOSGeometry *geom_keep_kind(fm_geos *gc, const GEOSGeometry *g, fm_geom_kind kind);

int geom_to_path(fm_geos *gc, const GEOSGeometry *g, fm_path *out, fm_error *err);
void path_free(fm_path *p);

/* A good place for a polygon's label: the centre of its largest inscribed
** circle (visually central even for C-shaped districts). */
int geom_label_point(fm_geos *gc, const GEOSGeometry *g, double *x, double *y);

#endif
