/* geom.c -- see geom.h. */
#include "geo/geom.h"

#include <ogr_api.h>

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

static void geom_on_error(const char *msg, void *userdata)
{
    fm_geos *gc = userdata;
    snprintf(gc->last_error, sizeof gc->last_error, "%s", msg);
}

/* Notices are advice (e.g. "Self-intersection at ..."), not failures: the
** caller checks validity itself and repairs. */
static void geom_on_notice(const char *msg, void *userdata)
{
    (void)msg;
    (void)userdata;
}

fm_geos *geom_context_new(void)
{
    fm_geos *gc = calloc(1, sizeof *gc);
    if (!gc) return NULL;
    gc->h = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(gc->h, geom_on_error, gc);
    GEOSContext_setNoticeMessageHandler_r(gc->h, geom_on_notice, gc);
    return gc;
}

void geom_context_free(fm_geos *gc)
{
    if (!gc) return;
    GEOS_finish_r(gc->h);
    free(gc);
}

fm_geom_kind geom_kind(fm_geos *gc, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(gc->h, g)) {
    case GEOS_POINT:
    case GEOS_MULTIPOINT: return FM_GEOM_POINT;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_MULTILINESTRING: return FM_GEOM_LINE;
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON: return FM_GEOM_POLYGON;
    case GEOS_GEOMETRYCOLLECTION: {
        /* A collection counts as its highest dimension. */
        fm_geom_kind k = FM_GEOM_NONE;
        int n = GEOSGetNumGeometries_r(gc->h, g);
        for (int i = 0; i < n; i++) {
            fm_geom_kind ki = geom_kind(gc, GEOSGetGeometryN_r(gc->h, g, i));
            if (ki > k) k = ki;
        }
        return k;
    }
    default: return FM_GEOM_NONE;
    }
}

const char *geom_kind_name(fm_geom_kind kind)
{
    switch (kind) {
    case FM_GEOM_POINT: return "Point";
    case FM_GEOM_LINE: return "LineString";
    case FM_GEOM_POLYGON: return "Polygon";
    default: return "Unknown";
    }
}

GEOSGeometry *geom_from_wkb(fm_geos *gc, const unsigned char *wkb, size_t size, fm_error *err)
{
    gc->last_error[0] = 0;
    GEOSGeometry *g = GEOSGeomFromWKB_buf_r(gc->h, wkb, size);
    if (!g) fm_error_set(err, "unreadable geometry (%s)", gc->last_error);
    return g;
}

GEOSGeometry *geom_from_ogr(fm_geos *gc, OGRGeometryH og, fm_error *err)
{
    /* GEOS reads 2D ISO WKB; flatten Z/M away on a copy first. */
    OGRGeometryH flat = OGR_G_Clone(og);
    OGR_G_FlattenTo2D(flat);
    int size = OGR_G_WkbSize(flat);
    unsigned char *wkb = malloc(size > 0 ? (size_t)size : 1);
    GEOSGeometry *g = NULL;
    if (!wkb) fm_error_set(err, "out of memory");
    else {
        OGR_G_ExportToIsoWkb(flat, wkbNDR, wkb);
        g = geom_from_wkb(gc, wkb, (size_t)size, err);
    }
    free(wkb);
    OGR_G_DestroyGeometry(flat);
    return g;
}

typedef struct transform_job {
    fm_transform *t;
    int failed;
} transform_job;

static int transform_one(double *x, double *y, void *userdata)
{
    transform_job *job = userdata;
    if (transform_points(job->t, x, y, 1)) {
        job->failed = 1;
        return 0; /* stop: GEOS returns NULL */
    }
    return 1;
}

GEOSGeometry *geom_transform(fm_geos *gc, const GEOSGeometry *g, fm_transform *t, fm_error *err)
{
    transform_job job = { t, 0 };
    gc->last_error[0] = 0;
    GEOSGeometry *out = GEOSGeom_transformXY_r(gc->h, g, transform_one, &job);
    if (!out)
        fm_error_set(err,
                     job.failed ? "a coordinate lies outside the area the map CRS can project"
                                : "cannot project geometry (%s)",
                     gc->last_error);
    return out;
}

GEOSGeometry *geom_keep_kind(fm_geos *gc, const GEOSGeometry *g, fm_geom_kind kind)
{
    int type = GEOSGeomTypeId_r(gc->h, g);
    if (type != GEOS_GEOMETRYCOLLECTION)
        return geom_kind(gc, g) == kind ? GEOSGeom_clone_r(gc->h, g) : NULL;
    /* Flatten nested collections, keeping the parts of the wanted kind. */
    int n = GEOSGetNumGeometries_r(gc->h, g), kept = 0;
    GEOSGeometry **parts = malloc(sizeof *parts * (n ? n : 1));
    if (!parts) return NULL;
    for (int i = 0; i < n; i++) {
        GEOSGeometry *p = geom_keep_kind(gc, GEOSGetGeometryN_r(gc->h, g, i), kind);
        if (p && !GEOSisEmpty_r(gc->h, p)) parts[kept++] = p;
        else if (p) GEOSGeom_destroy_r(gc->h, p);
    }
    GEOSGeometry *out = NULL;
    if (kept == 1) {
        out = parts[0];
    } else if (kept > 1) {
        out = GEOSGeom_createCollection_r(gc->h, GEOS_GEOMETRYCOLLECTION, parts, kept);
        /* A collection of polygons may overlap after flattening; a unary
        ** union turns it back into one clean (multi)polygon. */
        if (out && kind != FM_GEOM_POINT) {
            GEOSGeometry *u = GEOSUnaryUnion_r(gc->h, out);
            if (u) {
                GEOSGeom_destroy_r(gc->h, out);
                out = u;
            }
        }
    }
    free(parts);
    return out;
}

GEOSGeometry *geom_make_valid(fm_geos *gc, const GEOSGeometry *g, fm_error *err)
{
    if (GEOSisValid_r(gc->h, g) == 1) return GEOSGeom_clone_r(gc->h, g);
    gc->last_error[0] = 0;
    GEOSMakeValidParams *params = GEOSMakeValidParams_create_r(gc->h);
    GEOSMakeValidParams_setMethod_r(gc->h, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(gc->h, params, 0);
    GEOSGeometry *v = GEOSMakeValidWithParams_r(gc->h, g, params);
    GEOSMakeValidParams_destroy_r(gc->h, params);
    if (!v) {
        fm_error_set(err, "invalid geometry that cannot be repaired (%s)", gc->last_error);
        return NULL;
    }
    /* Repair must not change what the feature is: a polygon stays areal. */
    fm_geom_kind want = geom_kind(gc, g);
    GEOSGeometry *kept = geom_keep_kind(gc, v, want);
    GEOSGeom_destroy_r(gc->h, v);
    return kept;
}

GEOSGeometry *geom_clip(fm_geos *gc, const GEOSGeometry *g, double minx, double miny, double maxx,
                        double maxy, fm_error *err)
{
    fm_geom_kind kind = geom_kind(gc, g);
    GEOSGeometry *valid = NULL;
    /* Clipping needs valid input for polygons; repair first. */
    if (kind == FM_GEOM_POLYGON && GEOSisValid_r(gc->h, g) != 1) {
        valid = geom_make_valid(gc, g, err);
        if (!valid) return NULL;
        g = valid;
    }
    gc->last_error[0] = 0;
    GEOSGeometry *c = GEOSClipByRect_r(gc->h, g, minx, miny, maxx, maxy);
    if (valid) GEOSGeom_destroy_r(gc->h, valid);
    if (!c) {
        fm_error_set(err, "cannot clip geometry (%s)", gc->last_error);
        return NULL;
    }
    if (GEOSisEmpty_r(gc->h, c)) {
        GEOSGeom_destroy_r(gc->h, c);
        return NULL;
    }
    /* ClipByRect is fast but may leave polygons touching themselves along
    ** the rectangle; repair, and drop lines it emits along the edge. */
    GEOSGeometry *out =
        kind == FM_GEOM_POLYGON ? geom_make_valid(gc, c, err) : geom_keep_kind(gc, c, kind);
    GEOSGeom_destroy_r(gc->h, c);
    return out;
}

/* Growable path buffers. */
typedef struct path_builder {
    fm_path *p;
    int cap_parts;
    int cap_xy, nxy; /* doubles: two per point */
} path_builder;

static int path_add_seq(fm_geos *gc, path_builder *b, const GEOSCoordSequence *seq)
{
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(gc->h, seq, &n) || n == 0) return 0;
    if (n > (unsigned)(INT_MAX - b->nxy) / 2) return -1;
    fm_error oom;
    int *c = fm_grow(b->p->counts, &b->cap_parts, b->p->nparts + 1, sizeof *c, &oom);
    if (!c) return -1;
    b->p->counts = c;
    double *xy = fm_grow(b->p->xy, &b->cap_xy, b->nxy + 2 * (int)n, sizeof *xy, &oom);
    if (!xy) return -1;
    b->p->xy = xy;
    if (!GEOSCoordSeq_copyToBuffer_r(gc->h, seq, b->p->xy + b->nxy, 0, 0)) return -1;
    b->nxy += 2 * (int)n;
    b->p->counts[b->p->nparts++] = (int)n;
    return 0;
}

static int path_add(fm_geos *gc, path_builder *b, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(gc->h, g)) {
    case GEOS_POINT:
    case GEOS_LINESTRING:
    case GEOS_LINEARRING: return path_add_seq(gc, b, GEOSGeom_getCoordSeq_r(gc->h, g));
    case GEOS_POLYGON: {
        if (path_add_seq(gc, b, GEOSGeom_getCoordSeq_r(gc->h, GEOSGetExteriorRing_r(gc->h, g))))
            return -1;
        int holes = GEOSGetNumInteriorRings_r(gc->h, g);
        for (int i = 0; i < holes; i++)
            if (path_add_seq(gc, b,
                             GEOSGeom_getCoordSeq_r(gc->h, GEOSGetInteriorRingN_r(gc->h, g, i))))
                return -1;
        return 0;
    }
    default: {
        int n = GEOSGetNumGeometries_r(gc->h, g);
        for (int i = 0; i < n; i++)
            if (path_add(gc, b, GEOSGetGeometryN_r(gc->h, g, i))) return -1;
        return 0;
    }
    }
}

int geom_to_path(fm_geos *gc, const GEOSGeometry *g, fm_path *out, fm_error *err)
{
    memset(out, 0, sizeof *out);
    path_builder b = { out, 0, 0, 0 };
    if (path_add(gc, &b, g)) {
        path_free(out);
        return fm_error_set(err, "out of memory converting geometry");
    }
    return 0;
}

void path_free(fm_path *p)
{
    free(p->counts);
    free(p->xy);
    memset(p, 0, sizeof *p);
}

int geom_label_point(fm_geos *gc, const GEOSGeometry *g, double *x, double *y)
{
    double minx, miny, maxx, maxy;
    if (!GEOSGeom_getExtent_r(gc->h, g, &minx, &miny, &maxx, &maxy)) return -1;
    /* Tolerance: a thousandth of the feature's size is finer than a pixel
    ** at any scale the feature is labelled at, and keeps the search cheap. */
    double tol = fmax(maxx - minx, maxy - miny) / 1000;
    GEOSGeometry *line = GEOSMaximumInscribedCircle_r(gc->h, g, tol > 0 ? tol : 1e-9);
    if (!line) return -1;
    GEOSGeometry *centre = GEOSGeomGetStartPoint_r(gc->h, line);
    int rc =
        centre && GEOSGeomGetX_r(gc->h, centre, x) && GEOSGeomGetY_r(gc->h, centre, y) ? 0 : -1;
    if (centre) GEOSGeom_destroy_r(gc->h, centre);
    GEOSGeom_destroy_r(gc->h, line);
    return rc;
}
