/* recipe.c -- see recipe.h. */
#include "record/recipe.h"

#include "core/date.h"
#include "core/str.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parts smaller than this (square degrees, about 0.01 km2) are slivers left
** where authored lines meet the base layer's edges: noise, not territory. */
#define SLIVER_DEG2 1e-6

/* At most this many keep points in one row. */
#define MAX_KEEP 64

GEOSGeometry *recipe_read_geom(const char *path, const char *field, const char *value, fm_geos *gc,
                               fm_error *err)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        fm_error_set(err, "%s: cannot open (%s)", path, CPLGetLastErrorMsg());
        return NULL;
    }
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    GEOSGeometry *g = NULL;
    int failed = 0;
    OGRFeatureH f;
    while (!g && !failed && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        int i = OGR_F_GetFieldIndex(f, field);
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (i >= 0 && og && strcmp(OGR_F_GetFieldAsString(f, i), value) == 0) {
            g = geom_from_ogr(gc, og, err);
            failed = !g;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (!g && !failed) fm_error_set(err, "%s: no feature with %s \"%s\"", path, field, value);
    return g;
}

/* The feature whose `field` is `value` in dir/file. */
static GEOSGeometry *read_geom_in(const char *dir, const char *file, const char *field,
                                  const char *value, fm_geos *gc, fm_error *err)
{
    fm_str path = FM_STR_INIT;
    if (fm_str_printf(&path, "%s/%s", dir, file) < 0) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    GEOSGeometry *g = recipe_read_geom(path.s, field, value, gc, err);
    fm_str_free(&path);
    return g;
}

/* A polygon reference: country:ISO3, adm1:CODE or area:ID. */
static GEOSGeometry *read_ref(const char *ref, const char *recipe_dir, const char *base_dir,
                              fm_geos *gc, fm_error *err)
{
    const char *colon = strchr(ref, ':');
    if (!colon) {
        fm_error_set(err, "\"%s\" is not a reference; use country:ISO3, adm1:CODE or area:ID", ref);
        return NULL;
    }
    size_t n = (size_t)(colon - ref);
    if (n == 7 && strncmp(ref, "country", 7) == 0)
        return read_geom_in(base_dir, "country.geojson", "iso_a3", colon + 1, gc, err);
    if (n == 4 && strncmp(ref, "adm1", 4) == 0)
        return read_geom_in(base_dir, "admin1.geojson", "adm1_code", colon + 1, gc, err);
    if (n == 4 && strncmp(ref, "area", 4) == 0)
        return read_geom_in(recipe_dir, "areas.geojson", "id", colon + 1, gc, err);
    fm_error_set(err, "\"%s\": unknown kind of reference; use country:, adm1: or area:", ref);
    return NULL;
}

/* One item of a list: a cut line as it is, a polygon made valid. */
static GEOSGeometry *read_item(const char *tok, int lines, const char *recipe_dir,
                               const char *base_dir, fm_geos *gc, fm_error *err)
{
    if (lines) return read_geom_in(recipe_dir, "lines.geojson", "id", tok, gc, err);
    GEOSGeometry *g = read_ref(tok, recipe_dir, base_dir, gc, err);
    if (!g) return NULL;
    GEOSGeometry *v = geom_make_valid(gc, g, err);
    GEOSGeom_destroy_r(gc->h, g);
    return v;
}

/* Union of a ';'-separated list of references (NULL, with a message, for a
** list that names nothing or a reference that cannot be read). */
static GEOSGeometry *read_refs(const char *list, int lines, const char *recipe_dir,
                               const char *base_dir, fm_geos *gc, fm_error *err)
{
    char *copy = strdup(list), *save = NULL;
    if (!copy) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    GEOSGeometry *acc = NULL;
    int failed = 0;
    for (char *tok = strtok_r(copy, ";", &save); tok && !failed; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        GEOSGeometry *g = read_item(tok, lines, recipe_dir, base_dir, gc, err);
        if (!g) {
            failed = 1;
            break;
        }
        if (!acc) {
            acc = g;
            continue;
        }
        GEOSGeometry *u = GEOSUnion_r(gc->h, acc, g);
        GEOSGeom_destroy_r(gc->h, g);
        if (!u) {
            fm_error_set(err, "cannot union \"%s\" with the rest (%s)", tok, gc->last_error);
            failed = 1;
            break;
        }
        GEOSGeom_destroy_r(gc->h, acc);
        acc = u;
    }
    free(copy);
    if (failed || !acc) {
        if (acc) GEOSGeom_destroy_r(gc->h, acc);
        if (!failed) fm_error_set(err, "\"%s\" names nothing", list);
        return NULL;
    }
    return acc;
}

/* "lon lat;lon lat;..." into pts; returns how many, or -1 naming the bad one. */
static int parse_keep(const char *keep, double pts[][2], int max, fm_error *err)
{
    char *copy = strdup(keep), *save = NULL;
    if (!copy) return fm_error_set(err, "out of memory");
    int n = 0, rc = 0;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char tail;
        if (n == max) {
            rc = fm_error_set(err, "more than %d keep points", max);
            break;
        }
        if (sscanf(tok, "%lf %lf %c", &pts[n][0], &pts[n][1], &tail) != 2) {
            rc = fm_error_set(err, "\"%s\" is not a \"lon lat\" point", tok);
            break;
        }
        n++;
    }
    free(copy);
    return rc ? rc : n;
}

/* Does `face` hold one of the points (all faces are wanted when npts is 0)? */
static int face_wanted(fm_geos *gc, const GEOSGeometry *face, double pts[][2], int npts)
{
    if (npts == 0) return 1;
    for (int k = 0; k < npts; k++) {
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(gc->h, pts[k][0], pts[k][1]);
        int hit = p && GEOSIntersects_r(gc->h, face, p) == 1;
        if (p) GEOSGeom_destroy_r(gc->h, p);
        if (hit) return 1;
    }
    return 0;
}

/* Cut `base` along `cuts` and keep the faces holding a keep point. The
** faces come from polygonizing the base boundary noded with the lines, so
** they tile the base exactly; faces outside the base (holes closed by a
** cut) are left out. */
static GEOSGeometry *split_keep(fm_geos *gc, const GEOSGeometry *base, const GEOSGeometry *cuts,
                                const char *keep, fm_error *err)
{
    GEOSContextHandle_t h = gc->h;
    double pts[MAX_KEEP][2];
    int npts = parse_keep(keep, pts, MAX_KEEP, err);
    if (npts < 0) return NULL;
    GEOSGeometry *boundary = GEOSBoundary_r(h, base);
    GEOSGeometry *noded = boundary ? GEOSUnion_r(h, boundary, cuts) : NULL;
    if (boundary) GEOSGeom_destroy_r(h, boundary);
    if (!noded) {
        fm_error_set(err, "cannot node the cut lines (%s)", gc->last_error);
        return NULL;
    }
    const GEOSGeometry *arr[1] = { noded };
    GEOSGeometry *faces = GEOSPolygonize_r(h, arr, 1);
    GEOSGeom_destroy_r(h, noded);
    if (!faces) {
        fm_error_set(err, "cannot polygonize (%s)", gc->last_error);
        return NULL;
    }

    int n = GEOSGetNumGeometries_r(h, faces), kept = 0;
    GEOSGeometry **parts = malloc(sizeof *parts * (n ? n : 1));
    if (!parts) {
        GEOSGeom_destroy_r(h, faces);
        fm_error_set(err, "out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *face = GEOSGetGeometryN_r(h, faces, i);
        GEOSGeometry *inner = GEOSPointOnSurface_r(h, face);
        int in_base = inner && GEOSContains_r(h, base, inner) == 1;
        if (inner) GEOSGeom_destroy_r(h, inner);
        if (in_base && face_wanted(gc, face, pts, npts)) {
            GEOSGeometry *copy = GEOSGeom_clone_r(h, face);
            if (copy) parts[kept++] = copy;
        }
    }
    GEOSGeom_destroy_r(h, faces);
    GEOSGeometry *out = NULL;
    if (kept) {
        /* The collection takes the parts; on failure they are still ours. */
        GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, kept);
        if (coll) {
            out = GEOSUnaryUnion_r(h, coll);
            GEOSGeom_destroy_r(h, coll);
        } else {
            for (int i = 0; i < kept; i++) GEOSGeom_destroy_r(h, parts[i]);
        }
        if (!out) fm_error_set(err, "cannot join the kept pieces (%s)", gc->last_error);
    } else {
        fm_error_set(err, "no piece of the cut area holds a keep point; check the "
                          "keep coordinates (lon lat) against the cut lines");
    }
    free(parts);
    return out;
}

/* Drop parts under SLIVER_DEG2 (g is consumed; the result replaces it). */
static GEOSGeometry *drop_slivers(fm_geos *gc, GEOSGeometry *g)
{
    GEOSContextHandle_t h = gc->h;
    int n = GEOSGetNumGeometries_r(h, g), kept = 0;
    GEOSGeometry **parts = malloc(sizeof *parts * (n ? n : 1));
    if (!parts) return g;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        double a = 0;
        GEOSArea_r(h, p, &a);
        GEOSGeometry *copy = a >= SLIVER_DEG2 ? GEOSGeom_clone_r(h, p) : NULL;
        if (copy) parts[kept++] = copy;
    }
    GEOSGeometry *out =
        kept ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, kept) : NULL;
    if (!out)
        for (int i = 0; i < kept; i++) GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    if (!out) return g;
    GEOSGeom_destroy_r(h, g);
    return out;
}

GEOSGeometry *recipe_geom(const char *base, const char *minus, const char *cut, const char *keep,
                          const char *recipe_dir, const char *base_dir, fm_geos *gc, fm_error *err)
{
    GEOSContextHandle_t h = gc->h;
    if (!base[0]) {
        fm_error_set(err, "no base polygon");
        return NULL;
    }
    GEOSGeometry *g = read_refs(base, 0, recipe_dir, base_dir, gc, err);
    if (!g) {
        fm_error_prefix(err, "base");
        return NULL;
    }
    if (minus[0]) {
        GEOSGeometry *m = read_refs(minus, 0, recipe_dir, base_dir, gc, err);
        if (!m) {
            GEOSGeom_destroy_r(h, g);
            fm_error_prefix(err, "minus");
            return NULL;
        }
        GEOSGeometry *diff = GEOSDifference_r(h, g, m);
        GEOSGeom_destroy_r(h, g);
        GEOSGeom_destroy_r(h, m);
        if (!diff) {
            fm_error_set(err, "minus: overlay failed (%s)", gc->last_error);
            return NULL;
        }
        g = diff;
    }
    if (cut[0] || keep[0]) {
        GEOSGeometry *cuts = cut[0] ? read_refs(cut, 1, recipe_dir, base_dir, gc, err)
                                    : GEOSGeom_createEmptyLineString_r(h);
        if (!cuts) {
            GEOSGeom_destroy_r(h, g);
            fm_error_prefix(err, "cut");
            return NULL;
        }
        GEOSGeometry *kept = split_keep(gc, g, cuts, keep, err);
        GEOSGeom_destroy_r(h, cuts);
        GEOSGeom_destroy_r(h, g);
        if (!kept) {
            fm_error_prefix(err, "cut/keep");
            return NULL;
        }
        g = kept;
    }
    GEOSGeometry *areal = geom_keep_kind(gc, g, FM_GEOM_POLYGON);
    GEOSGeom_destroy_r(h, g);
    if (!areal || GEOSisEmpty_r(h, areal)) {
        if (areal) GEOSGeom_destroy_r(h, areal);
        fm_error_set(err, "the area is empty after minus and cut");
        return NULL;
    }
    return drop_slivers(gc, areal);
}

/* ---- writing ---------------------------------------------------------------- */

struct fm_layer_writer {
    fm_str path, tmp; /* the file, and the temp written first */
    GDALDatasetH ds;
    OGRLayerH lyr;
    int nfields;
    long written; /* features written, to check the closed file against */
    fm_geos *gc;
};

static void writer_free(fm_layer_writer *w)
{
    fm_str_free(&w->path);
    fm_str_free(&w->tmp);
    free(w);
}

fm_layer_writer *recipe_writer_open(const char *path, const char *layer_name,
                                    const char *const *fields, int nfields, fm_geos *gc,
                                    fm_error *err)
{
    fm_layer_writer *w = calloc(1, sizeof *w);
    if (!w || fm_str_cat(&w->path, path) < 0 ||
        fm_str_printf(&w->tmp, "%s.tmp-%d.geojson", path, (int)getpid()) < 0) {
        if (w) writer_free(w);
        fm_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    w->nfields = nfields;
    w->gc = gc;
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    VSIUnlink(w->tmp.s);
    w->ds = drv ? GDALCreate(drv, w->tmp.s, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!w->ds) {
        fm_error_set(err, "%s: cannot create (%s)", path, CPLGetLastErrorMsg());
        writer_free(w);
        return NULL;
    }
    char **opts = NULL;
    opts = CSLSetNameValue(opts, "RFC7946", "YES");
    opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "6");
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs84, "WGS84");
    /* Our coordinates are lon, lat; without this GDAL 3 takes EPSG:4326's
    ** lat, lon axis order and the GeoJSON writer swaps them. */
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    w->lyr = GDALDatasetCreateLayer(w->ds, layer_name, wgs84, wkbMultiPolygon, opts);
    OSRDestroySpatialReference(wgs84);
    CSLDestroy(opts);
    for (int i = 0; w->lyr && i < nfields; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], OFTString);
        OGR_L_CreateField(w->lyr, fd, 1);
        OGR_Fld_Destroy(fd);
    }
    if (!w->lyr) {
        fm_error_set(err, "%s: cannot create the layer (%s)", path, CPLGetLastErrorMsg());
        recipe_writer_close(w, 1, NULL);
        return NULL;
    }
    return w;
}

int recipe_writer_add(fm_layer_writer *w, const char *const *values, const GEOSGeometry *geom,
                      fm_error *err)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->lyr));
    if (!f) return fm_error_set(err, "%s: out of memory", w->path.s);
    for (int k = 0; k < w->nfields; k++) {
        if (values[k]) OGR_F_SetFieldString(f, k, values[k]);
        else OGR_F_SetFieldNull(f, k);
    }
    size_t size = 0;
    unsigned char *wkb = GEOSGeomToWKB_buf_r(w->gc->h, geom, &size);
    OGRGeometryH og = NULL;
    if (wkb) OGR_G_CreateFromWkb(wkb, NULL, &og, (int)size);
    if (wkb) GEOSFree_r(w->gc->h, wkb);
    if (!og) {
        OGR_F_Destroy(f);
        return fm_error_set(err, "%s: cannot convert a geometry (%s)", w->path.s,
                            w->gc->last_error);
    }
    OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(og));
    int rc = OGR_L_CreateFeature(w->lyr, f) == OGRERR_NONE
                 ? 0
                 : fm_error_set(err, "%s: writing failed (%s)", w->path.s, CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
    if (rc == 0) w->written++;
    return rc;
}

/* GDAL 3.6's GDALClose returns nothing, so a failed flush (a full disk)
** would pass unseen: read the closed temp file back and count its
** features. A truncated file does not parse, or holds fewer. */
static int writer_check_closed(const fm_layer_writer *w, fm_error *err)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(w->tmp.s, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    OGRLayerH lyr = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    long n = lyr ? (long)OGR_L_GetFeatureCount(lyr, 1) : -1;
    if (ds) GDALClose(ds);
    if (n == w->written) return 0;
    return fm_error_set(err, "%s: the file was not written whole (%ld of %ld features read "
                        "back; is the disk full?)", w->path.s, n < 0 ? 0 : n, w->written);
}

int recipe_writer_close(fm_layer_writer *w, int failed, fm_error *err)
{
    int rc = failed ? -1 : 0;
    if (w->ds) GDALClose(w->ds);
    if (!failed && writer_check_closed(w, err)) rc = -1;
    if (!rc && VSIRename(w->tmp.s, w->path.s) != 0)
        rc = fm_error_set(err, "%s: cannot move the written file into place", w->path.s);
    if (rc) VSIUnlink(w->tmp.s);
    writer_free(w);
    return rc;
}

char *recipe_slurp(const char *path, size_t *size, fm_error *err)
{
    VSILFILE *fp = VSIFOpenL(path, "rb");
    if (!fp) {
        fm_error_set(err, "%s: cannot open", path);
        return NULL;
    }
    vsi_l_offset end = VSIFSeekL(fp, 0, SEEK_END) == 0 ? VSIFTellL(fp) : 0;
    size_t n = (size_t)end;
    char *buf = (vsi_l_offset)n == end && n < SIZE_MAX && VSIFSeekL(fp, 0, SEEK_SET) == 0
                    ? malloc(n + 1)
                    : NULL;
    size_t got = buf ? VSIFReadL(buf, 1, n, fp) : 0;
    VSIFCloseL(fp);
    if (!buf) {
        fm_error_set(err, "%s: out of memory reading it", path);
        return NULL;
    }
    if (got != n) {
        free(buf);
        fm_error_set(err, "%s: cannot read it whole", path);
        return NULL;
    }
    buf[n] = 0;
    *size = n;
    return buf;
}

char *recipe_field_text(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i)) return strdup("");
    OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
    if (t == OFTDate || t == OFTDateTime) {
        int y, m, d, hh, mm, tz;
        float ss;
        char buf[32];
        OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &hh, &mm, &ss, &tz);
        return strdup(fm_day_format(fm_day_from_ymd(y, m, d), buf, sizeof buf));
    }
    return strdup(OGR_F_GetFieldAsString(f, i));
}
