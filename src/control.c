/* control.c -- see control.h. */
#include "control.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"

/* Lambert azimuthal equal-area on the South Caucasus: areas in km2 within
** a fraction of a percent of the ellipsoidal ones over the region. */
#define EQUAL_AREA_CRS "+proj=laea +lat_0=40 +lon_0=46.7 +datum=WGS84 +units=m +no_defs"

/* Parts smaller than this (square degrees, about 0.01 km2) are slivers left
** where authored lines meet the base layer's edges: noise, not territory. */
#define SLIVER_DEG2 1e-6

static void change_free(fm_change *ch, fm_geos *gc)
{
    free(ch->id); free(ch->event); free(ch->controller); free(ch->source);
    free(ch->certainty); free(ch->note); free(ch->from_text); free(ch->from_edtf);
    if (ch->geom) GEOSGeom_destroy_r(gc->h, ch->geom);
    if (ch->geom_ea) GEOSGeom_destroy_r(gc->h, ch->geom_ea);
}

void control_free(fm_control *c)
{
    if (!c) return;
    for (int i = 0; i < c->count; i++) change_free(&c->changes[i], c->gc);
    free(c->changes);
    free(c->path);
    transform_free(c->ea);
    projection_free(c->ea_proj);
    free(c);
}

GEOSGeometry *control_read_geom(const char *path, const char *field,
                                        const char *value, fm_geos *gc, fm_error *err)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        fm_error_set(err, "%s: cannot open (%s)", path, CPLGetLastErrorMsg());
        return NULL;
    }
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    GEOSGeometry *g = NULL;
    OGRFeatureH f;
    while (!g && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        int i = OGR_F_GetFieldIndex(f, field);
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (i >= 0 && og && strcmp(OGR_F_GetFieldAsString(f, i), value) == 0)
            g = geom_from_ogr(gc, og, err);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (!g && !err->msg[0])
        fm_error_set(err, "%s: no feature with %s \"%s\"", path, field, value);
    return g;
}

/* A polygon reference: country:ISO3, adm1:CODE or area:ID. */
static GEOSGeometry *read_ref(const char *ref, const char *recipe_dir,
                              const char *base_dir, fm_geos *gc, fm_error *err)
{
    char path[4096];
    const char *colon = strchr(ref, ':');
    if (!colon) {
        fm_error_set(err, "\"%s\" is not a reference; use country:ISO3, adm1:CODE or area:ID", ref);
        return NULL;
    }
    size_t n = (size_t)(colon - ref);
    err->msg[0] = 0;
    if (n == 7 && strncmp(ref, "country", 7) == 0) {
        snprintf(path, sizeof path, "%s/country.geojson", base_dir);
        return control_read_geom(path, "iso_a3", colon + 1, gc, err);
    }
    if (n == 4 && strncmp(ref, "adm1", 4) == 0) {
        snprintf(path, sizeof path, "%s/admin1.geojson", base_dir);
        return control_read_geom(path, "adm1_code", colon + 1, gc, err);
    }
    if (n == 4 && strncmp(ref, "area", 4) == 0) {
        snprintf(path, sizeof path, "%s/areas.geojson", recipe_dir);
        return control_read_geom(path, "id", colon + 1, gc, err);
    }
    fm_error_set(err, "\"%s\": unknown kind of reference; use country:, adm1: or area:", ref);
    return NULL;
}

/* Union of a ';'-separated list of references (NULL for an empty list). */
static GEOSGeometry *read_refs(const char *list, int lines, const char *recipe_dir,
                               const char *base_dir, fm_geos *gc, fm_error *err)
{
    char *copy = strdup(list), *save = NULL;
    GEOSGeometry *acc = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/lines.geojson", recipe_dir);
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        err->msg[0] = 0;
        GEOSGeometry *g = lines ? control_read_geom(path, "id", tok, gc, err)
                                : read_ref(tok, recipe_dir, base_dir, gc, err);
        if (!g) { if (acc) GEOSGeom_destroy_r(gc->h, acc); acc = NULL; goto done; }
        if (!lines) {
            GEOSGeometry *v = geom_make_valid(gc, g, err);
            GEOSGeom_destroy_r(gc->h, g);
            if (!(g = v)) { if (acc) GEOSGeom_destroy_r(gc->h, acc); acc = NULL; goto done; }
        }
        if (!acc) { acc = g; continue; }
        GEOSGeometry *u = GEOSUnion_r(gc->h, acc, g);
        GEOSGeom_destroy_r(gc->h, acc);
        GEOSGeom_destroy_r(gc->h, g);
        acc = u;
    }
done:
    free(copy);
    return acc;
}

/* Cut `base` along `cuts` and keep the faces holding a seed point (all of
** them when there are no seeds). The faces come from polygonizing the base
** boundary noded with the lines, so they tile the base exactly. */
static GEOSGeometry *split_keep(fm_geos *gc, const GEOSGeometry *base,
                                const GEOSGeometry *cuts, const char *keep, fm_error *err)
{
    GEOSContextHandle_t h = gc->h;
    GEOSGeometry *boundary = GEOSBoundary_r(h, base);
    GEOSGeometry *noded = GEOSUnion_r(h, boundary, cuts);
    GEOSGeom_destroy_r(h, boundary);
    if (!noded) { fm_error_set(err, "cannot node the cut lines (%s)", gc->last_error); return NULL; }
    const GEOSGeometry *arr[1] = { noded };
    GEOSGeometry *faces = GEOSPolygonize_r(h, arr, 1);
    GEOSGeom_destroy_r(h, noded);
    if (!faces) { fm_error_set(err, "cannot polygonize (%s)", gc->last_error); return NULL; }

    double pts[64][2];
    int npts = 0;
    char *copy = strdup(keep), *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok && npts < 64; tok = strtok_r(NULL, ";", &save))
        if (sscanf(tok, "%lf %lf", &pts[npts][0], &pts[npts][1]) == 2) npts++;
    free(copy);

    int n = GEOSGetNumGeometries_r(h, faces), kept = 0;
    GEOSGeometry **parts = malloc(sizeof *parts * (n ? n : 1));
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *face = GEOSGetGeometryN_r(h, faces, i);
        GEOSGeometry *inner = GEOSPointOnSurface_r(h, face);
        int in_base = inner && GEOSContains_r(h, base, inner) == 1;
        if (inner) GEOSGeom_destroy_r(h, inner);
        if (!in_base) continue;
        int want = npts == 0;
        for (int k = 0; k < npts && !want; k++) {
            GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, pts[k][0], pts[k][1]);
            want = GEOSIntersects_r(h, face, p) == 1;
            GEOSGeom_destroy_r(h, p);
        }
        if (want) parts[kept++] = GEOSGeom_clone_r(h, face);
    }
    GEOSGeom_destroy_r(h, faces);
    GEOSGeometry *out = NULL;
    if (parts && kept) {
        GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, kept);
        out = GEOSUnaryUnion_r(h, coll);
        GEOSGeom_destroy_r(h, coll);
    } else if (parts) {
        fm_error_set(err, "no piece of the cut area holds a keep point; check the "
                     "keep coordinates (lon lat) against the cut lines");
    }
    free(parts);
    return out;
}

/* Drop parts under SLIVER_DEG2. */
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
        if (a >= SLIVER_DEG2) parts[kept++] = GEOSGeom_clone_r(h, p);
    }
    GEOSGeometry *out = kept ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, kept) : NULL;
    free(parts);
    if (!out) return g;
    GEOSGeom_destroy_r(h, g);
    return out;
}

static int change_cmp(const void *a, const void *b)
{
    const fm_change *x = a, *y = b;
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Equal-area copies of every change, for areas. */
static int control_prepare(fm_control *c, fm_error *err)
{
    c->ea_proj = projection_new(EQUAL_AREA_CRS, err);
    if (!c->ea_proj) return -1;
    c->ea = projection_transform_from(c->ea_proj, NULL, err);
    if (!c->ea) return -1;
    for (int i = 0; i < c->count; i++) {
        c->changes[i].geom_ea = geom_transform(c->gc, c->changes[i].geom, c->ea, err);
        if (!c->changes[i].geom_ea)
            return fm_error_prefix(err, "%s: change %s", c->path, c->changes[i].id);
    }
    qsort(c->changes, c->count, sizeof *c->changes, change_cmp);
    return 0;
}

enum { R_ID, R_EVENT, R_CONTROLLER, R_FROM, R_EDTF, R_BASE, R_MINUS, R_CUT, R_KEEP,
       R_SOURCE, R_CERTAINTY, R_NOTE, R__COUNT };
static const char *const recipe_columns[R__COUNT] = {
    "id", "event", "controller", "valid_from", "valid_from_edtf", "base", "minus",
    "cut", "keep", "source", "certainty", "note",
};

static int build_row(fm_csv *csv, const int *col, const char *recipe_dir,
                     const char *base_dir, fm_geos *gc, fm_change *ch, fm_error *err)
{
#define F(c) (col[c] < csv->nfields ? csv->fields[col[c]] : "")
    GEOSContextHandle_t h = gc->h;
    memset(ch, 0, sizeof *ch);
    ch->line = csv->record_line;
    const char *ctl = F(R_CONTROLLER);
    if (strcmp(ctl, "ARM") && strcmp(ctl, "AZE"))
        return fm_error_set(err, "controller \"%s\" must be ARM or AZE", ctl);
    fm_date d;
    if (fm_date_parse(F(R_FROM), &d, err)) return fm_error_prefix(err, "valid_from");
    ch->from = d.first;
    if (F(R_EDTF)[0]) {
        fm_edtf e;
        if (fm_edtf_parse(F(R_EDTF), &e, err)) return fm_error_prefix(err, "valid_from_edtf");
    }
    if (!F(R_BASE)[0]) return fm_error_set(err, "no base polygon");
    GEOSGeometry *g = read_refs(F(R_BASE), 0, recipe_dir, base_dir, gc, err);
    if (!g) return fm_error_prefix(err, "base");
    if (F(R_MINUS)[0]) {
        GEOSGeometry *m = read_refs(F(R_MINUS), 0, recipe_dir, base_dir, gc, err);
        if (!m) { GEOSGeom_destroy_r(h, g); return fm_error_prefix(err, "minus"); }
        GEOSGeometry *diff = GEOSDifference_r(h, g, m);
        GEOSGeom_destroy_r(h, g);
        GEOSGeom_destroy_r(h, m);
        g = diff;
    }
    if (g && (F(R_CUT)[0] || F(R_KEEP)[0])) {
        GEOSGeometry *cuts = F(R_CUT)[0] ? read_refs(F(R_CUT), 1, recipe_dir, base_dir, gc, err)
                                         : GEOSGeom_createEmptyLineString_r(h);
        if (!cuts) { GEOSGeom_destroy_r(h, g); return fm_error_prefix(err, "cut"); }
        GEOSGeometry *kept = split_keep(gc, g, cuts, F(R_KEEP), err);
        GEOSGeom_destroy_r(h, cuts);
        GEOSGeom_destroy_r(h, g);
        if (!kept) return -1;
        g = kept;
    }
    GEOSGeometry *areal = g ? geom_keep_kind(gc, g, FM_GEOM_POLYGON) : NULL;
    if (g) GEOSGeom_destroy_r(h, g);
    if (!areal || GEOSisEmpty_r(h, areal)) {
        if (areal) GEOSGeom_destroy_r(h, areal);
        return fm_error_set(err, "the area is empty after minus and cut");
    }
    ch->geom = drop_slivers(gc, areal);
    ch->id = strdup(F(R_ID));
    ch->event = strdup(F(R_EVENT));
    ch->controller = strdup(ctl);
    ch->from_text = strdup(F(R_FROM));
    ch->from_edtf = strdup(F(R_EDTF));
    ch->source = strdup(F(R_SOURCE));
    ch->certainty = strdup(F(R_CERTAINTY));
    ch->note = strdup(F(R_NOTE));
    return 0;
#undef F
}

fm_control *control_build(const char *recipe_dir, const char *base_dir, fm_geos *gc,
                          fm_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/control.csv", recipe_dir);
    GDALAllRegister();
    fm_csv *csv = csv_open(path, err);
    if (!csv) return NULL;
    fm_control *c = calloc(1, sizeof *c);
    c->gc = gc;
    c->path = strdup(path);
    int col[R__COUNT], cap = 0, rc;
    if (csv_next(csv, err) != 1) { fm_error_set(err, "%s: no header", path); goto fail; }
    for (int i = 0; i < R__COUNT; i++)
        if ((col[i] = csv_column(csv, recipe_columns[i])) < 0) {
            fm_error_set(err, "%s:1: no column \"%s\"", path, recipe_columns[i]);
            goto fail;
        }
    while ((rc = csv_next(csv, err)) == 1) {
        if (c->count == cap) {
            cap = cap ? cap * 2 : 64;
            c->changes = realloc(c->changes, sizeof *c->changes * cap);
        }
        if (build_row(csv, col, recipe_dir, base_dir, gc, &c->changes[c->count], err)) {
            change_free(&c->changes[c->count], gc);
            fm_error_prefix(err, "%s:%d (%s)", path, csv->record_line,
                            col[R_ID] < csv->nfields ? csv->fields[col[R_ID]] : "?");
            goto fail;
        }
        c->count++;
    }
    if (rc < 0 || control_prepare(c, err)) goto fail;
    csv_close(csv);
    return c;
fail:
    csv_close(csv);
    control_free(c);
    return NULL;
}

int control_write(const fm_control *c, const char *path, fm_error *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%d.geojson", path, (int)getpid());
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    unlink(tmp);
    GDALDatasetH ds = drv ? GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!ds) return fm_error_set(err, "%s: cannot create (%s)", path, CPLGetLastErrorMsg());
    char **opts = NULL;
    opts = CSLSetNameValue(opts, "RFC7946", "YES");
    opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "6");
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs84, "WGS84");
    /* Our coordinates are lon, lat; without this GDAL 3 takes EPSG:4326's
    ** lat, lon axis order and the GeoJSON writer swaps them. */
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "control", wgs84, wkbMultiPolygon, opts);
    OSRDestroySpatialReference(wgs84);
    CSLDestroy(opts);
    static const char *fields[] = { "id", "event", "controller", "valid_from",
                                    "valid_from_edtf", "source", "certainty", "note" };
    for (size_t i = 0; lyr && i < sizeof fields / sizeof *fields; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], OFTString);
        OGR_L_CreateField(lyr, fd, 1);
        OGR_Fld_Destroy(fd);
    }
    int rc = lyr ? 0 : -1;
    for (int i = 0; rc == 0 && i < c->count; i++) {
        const fm_change *ch = &c->changes[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        const char *vals[] = { ch->id, ch->event, ch->controller, ch->from_text,
                               ch->from_edtf, ch->source, ch->certainty, ch->note };
        for (int k = 0; k < 8; k++) OGR_F_SetFieldString(f, k, vals[k]);
        size_t size = 0;
        unsigned char *wkb = GEOSGeomToWKB_buf_r(c->gc->h, ch->geom, &size);
        OGRGeometryH og = NULL;
        OGR_G_CreateFromWkb(wkb, NULL, &og, (int)size);
        GEOSFree_r(c->gc->h, wkb);
        og = OGR_G_ForceToMultiPolygon(og);
        OGR_F_SetGeometryDirectly(f, og);
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE) rc = -1;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (rc || rename(tmp, path) != 0) {
        unlink(tmp);
        return fm_error_set(err, "%s: writing failed (%s)", path, CPLGetLastErrorMsg());
    }
    return 0;
}

/* A field as text; Date fields as YYYY-MM-DD (OGR's own text for them is
** YYYY/MM/DD, and GeoJSON readers detect ISO dates as Date fields). */
static char *field_text(OGRFeatureH f, const char *name)
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

fm_control *control_load(const char *path, fm_geos *gc, fm_error *err)
{
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        fm_error_set(err, "%s: cannot open the control layer (%s); build it with "
                     "'frontmap build-control'", path, CPLGetLastErrorMsg());
        return NULL;
    }
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    fm_control *c = calloc(1, sizeof *c);
    c->gc = gc;
    c->path = strdup(path);
    int cap = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (c->count == cap) {
            cap = cap ? cap * 2 : 64;
            c->changes = realloc(c->changes, sizeof *c->changes * cap);
        }
        fm_change *ch = &c->changes[c->count];
        memset(ch, 0, sizeof *ch);
        ch->line = c->count + 1;
#define S(name) field_text(f, name)
        ch->id = S("id"); ch->event = S("event"); ch->controller = S("controller");
        ch->from_text = S("valid_from"); ch->from_edtf = S("valid_from_edtf");
        ch->source = S("source"); ch->certainty = S("certainty"); ch->note = S("note");
#undef S
        fm_date d;
        fm_error why;
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (fm_date_parse(ch->from_text, &d, &why) || !og) {
            fm_error_set(err, "%s: feature %s: %s", path, ch->id,
                         og ? why.msg : "no geometry");
            change_free(ch, gc);
            OGR_F_Destroy(f);
            goto fail;
        }
        ch->from = d.first;
        ch->geom = geom_from_ogr(gc, og, err);
        OGR_F_Destroy(f);
        c->count++;
        if (!ch->geom) goto fail;
    }
    GDALClose(ds);
    if (control_prepare(c, err)) { control_free(c); return NULL; }
    return c;
fail:
    GDALClose(ds);
    control_free(c);
    return NULL;
}

const fm_change *control_at(const fm_control *c, fm_day d, double lon, double lat)
{
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(c->gc->h, lon, lat);
    const fm_change *hit = NULL;
    for (int i = c->count - 1; i >= 0 && !hit; i--) {
        const fm_change *ch = &c->changes[i];
        if (ch->from <= d && GEOSIntersects_r(c->gc->h, ch->geom, p) == 1) hit = ch;
    }
    GEOSGeom_destroy_r(c->gc->h, p);
    return hit;
}

/* Walk the changes in force from the latest back, each adding only what no
** later change already holds: the flattened map, without building it. */
int control_areas(const fm_control *c, fm_day d, fm_control_area *out, int max,
                  fm_error *err)
{
    GEOSContextHandle_t h = c->gc->h;
    GEOSGeometry *covered = NULL;
    int n = 0;
    for (int i = c->count - 1; i >= 0; i--) {
        const fm_change *ch = &c->changes[i];
        if (ch->from > d) continue;
        GEOSGeometry *piece = covered ? GEOSDifference_r(h, ch->geom_ea, covered)
                                      : GEOSGeom_clone_r(h, ch->geom_ea);
        if (!piece) {
            if (covered) GEOSGeom_destroy_r(h, covered);
            return fm_error_set(err, "area overlay failed at change %s (%s)", ch->id,
                                c->gc->last_error);
        }
        double a = 0;
        GEOSArea_r(h, piece, &a);
        GEOSGeom_destroy_r(h, piece);
        int k;
        for (k = 0; k < n && strcmp(out[k].controller, ch->controller); k++) {}
        if (k == n && n < max) {
            snprintf(out[n].controller, sizeof out[n].controller, "%s", ch->controller);
            out[n++].km2 = 0;
        }
        if (k < n) out[k].km2 += a / 1e6;
        GEOSGeometry *u = covered ? GEOSUnion_r(h, covered, ch->geom_ea)
                                  : GEOSGeom_clone_r(h, ch->geom_ea);
        if (covered) GEOSGeom_destroy_r(h, covered);
        covered = u;
    }
    if (covered) GEOSGeom_destroy_r(h, covered);
    return n;
}

double control_region_km2(const fm_control *c, fm_day d, fm_error *err)
{
    GEOSContextHandle_t h = c->gc->h;
    GEOSGeometry *covered = NULL;
    (void)err;
    for (int i = 0; i < c->count; i++) {
        if (c->changes[i].from > d) continue;
        GEOSGeometry *u = covered ? GEOSUnion_r(h, covered, c->changes[i].geom_ea)
                                  : GEOSGeom_clone_r(h, c->changes[i].geom_ea);
        if (covered) GEOSGeom_destroy_r(h, covered);
        covered = u;
    }
    double a = 0;
    if (covered) { GEOSArea_r(h, covered, &a); GEOSGeom_destroy_r(h, covered); }
    return a / 1e6;
}
