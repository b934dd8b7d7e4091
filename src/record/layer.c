/* layer.c -- see layer.h. */
#include "record/layer.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/file.h"
#include "core/grow.h"

/* The time fields of a layer: indexes into the OGR layer's fields, -1 when
** absent. */
typedef struct time_fields {
    int from, to, from_edtf, to_edtf;
    int end_inclusive;
} time_fields;

int layer_field_index(const fm_layer *layer, const char *name)
{
    for (int i = 0; i < layer->nfields; i++)
        if (strcmp(layer->fields[i], name) == 0) return i;
    return -1;
}

/* Named field or -1; a configured name that is missing is an error (the
** user asked for it), an automatic guess that is missing is not. */
static int find_field(OGRFeatureDefnH defn, const char *name, int required, const char *what,
                      const char *where, fm_error *err, int *failed)
{
    if (!name) return -1;
    int i = OGR_FD_GetFieldIndex(defn, name);
    if (i < 0 && required) {
        fm_error_set(err,
                     "%s: the %s field \"%s\" named in the style does not "
                     "exist; fix \"frontmap:sources\" or the data",
                     where, what, name);
        *failed = 1;
    }
    return i;
}

static int time_fields_find(const fm_style_source *src, OGRFeatureDefnH defn, const char *where,
                            time_fields *tf, fm_error *err)
{
    int failed = 0;
    int configured = src->time_from || src->time_to;
    tf->from = find_field(defn, configured ? src->time_from : "valid_from", configured, "time",
                          where, err, &failed);
    tf->to = find_field(defn, configured ? src->time_to : "valid_to", configured, "time", where,
                        err, &failed);
    tf->from_edtf = find_field(defn, src->time_from_edtf ? src->time_from_edtf : "valid_from_edtf",
                               src->time_from_edtf != NULL, "EDTF", where, err, &failed);
    tf->to_edtf = find_field(defn, src->time_to_edtf ? src->time_to_edtf : "valid_to_edtf",
                             src->time_to_edtf != NULL, "EDTF", where, err, &failed);
    tf->end_inclusive = src->end_inclusive;
    return failed ? -1 : 0;
}

/* Read one date field: OGR Date/DateTime types directly (never through
** OGR_F_GetFieldAsString, which gives YYYY/MM/DD), text through
** fm_date_parse. Null or empty means open. `is_end` picks the side for
** reduced precision with end_inclusive. */
static int read_day(OGRFeatureH feat, int field, int is_end, int end_inclusive, fm_day *out,
                    const char *where, const char *fname, fm_error *err)
{
    *out = is_end ? FM_DAY_MAX : FM_DAY_MIN;
    if (field < 0 || !OGR_F_IsFieldSetAndNotNull(feat, field)) return 0;
    OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feat, field));
    if (type == OFTDate || type == OFTDateTime) {
        int y, m, d, hh, mm, tz;
        float ss;
        OGR_F_GetFieldAsDateTimeEx(feat, field, &y, &m, &d, &hh, &mm, &ss, &tz);
        *out = fm_day_from_ymd(y, m, d) + (is_end && end_inclusive ? 1 : 0);
        return 0;
    }
    const char *text = OGR_F_GetFieldAsString(feat, field);
    if (!text[0] || strcmp(text, "..") == 0) return 0;
    fm_date date;
    fm_error why;
    if (fm_date_parse(text, &date, &why))
        return fm_error_set(err, "%s, feature %lld, field %s: %s", where,
                            (long long)OGR_F_GetFID(feat), fname, why.msg);
    /* Reduced precision means the first day of the period (the spec); an
    ** inclusive end means "through the last day of the period". */
    *out = is_end && end_inclusive ? date.last + 1 : date.first;
    return 0;
}

static int check_edtf(OGRFeatureH feat, int field, const char *where, const char *fname,
                      fm_error *err)
{
    if (field < 0 || !OGR_F_IsFieldSetAndNotNull(feat, field)) return 0;
    const char *text = OGR_F_GetFieldAsString(feat, field);
    if (!text[0]) return 0;
    fm_edtf e;
    fm_error why;
    if (fm_edtf_parse(text, &e, &why))
        return fm_error_set(err, "%s, feature %lld, field %s: %s", where,
                            (long long)OGR_F_GetFID(feat), fname, why.msg);
    return 0;
}

/* Copy the feature's attributes into fm_values the style can read. */
static int read_values(OGRFeatureH feat, int nfields, fm_value *values)
{
    for (int i = 0; i < nfields; i++) {
        fm_value *v = &values[i];
        memset(v, 0, sizeof *v);
        if (!OGR_F_IsFieldSetAndNotNull(feat, i)) {
            v->type = FM_VAL_NULL;
            continue;
        }
        switch (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feat, i))) {
        case OFTInteger:
        case OFTInteger64:
            if (OGR_Fld_GetSubType(OGR_F_GetFieldDefnRef(feat, i)) == OFSTBoolean) {
                v->type = FM_VAL_BOOL;
                v->boolean = OGR_F_GetFieldAsInteger(feat, i) != 0;
            } else {
                v->type = FM_VAL_NUMBER;
                v->number = (double)OGR_F_GetFieldAsInteger64(feat, i);
            }
            break;
        case OFTReal:
            v->type = FM_VAL_NUMBER;
            v->number = OGR_F_GetFieldAsDouble(feat, i);
            break;
        case OFTDate: {
            int y, m, d, hh, mm, tz;
            float ss;
            char buf[32];
            OGR_F_GetFieldAsDateTimeEx(feat, i, &y, &m, &d, &hh, &mm, &ss, &tz);
            v->type = FM_VAL_STRING;
            v->string = strdup(fm_day_format(fm_day_from_ymd(y, m, d), buf, sizeof buf));
            if (!v->string) return -1;
            break;
        }
        default:
            v->type = FM_VAL_STRING;
            v->string = strdup(OGR_F_GetFieldAsString(feat, i));
            if (!v->string) return -1;
            break;
        }
    }
    return 0;
}

static void feature_free(fm_feature *f, int nfields, fm_geos *gc)
{
    if (f->geom) GEOSGeom_destroy_r(gc->h, f->geom);
    path_free(&f->path);
    if (f->values) {
        for (int i = 0; i < nfields; i++)
            if (f->values[i].type == FM_VAL_STRING) free((char *)f->values[i].string);
        free(f->values);
    }
}

void layer_free(fm_layer *layer, fm_geos *gc)
{
    if (!layer) return;
    for (int i = 0; i < layer->nfeatures; i++)
        feature_free(&layer->features[i], layer->nfields, gc);
    free(layer->features);
    for (int i = 0; i < layer->nfields; i++) free(layer->fields[i]);
    free(layer->fields);
    free(layer->path);
    free(layer->name);
    free(layer);
}

/* The source layer's CRS as text PROJ understands (WKT), or NULL for
** "assume WGS84 lon/lat" (GeoJSON, CSV without a CRS). Owned by caller
** (CPLFree). */
static char *layer_crs_wkt(OGRLayerH lyr)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    char *wkt = NULL;
    if (!srs) return NULL;
    const char *opts[] = { "FORMAT=WKT2_2019", NULL };
    if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE) {
        CPLFree(wkt);
        return NULL;
    }
    return wkt;
}

/* Project, clip and repair one OGR geometry; *out stays NULL when the
** feature lies outside the view. */
static int feature_geometry(OGRGeometryH og, fm_transform *t, const double clip[4], fm_geos *gc,
                            fm_layer *layer, GEOSGeometry **out, fm_error *err)
{
    *out = NULL;
    double t0 = fm_clock_seconds();
    GEOSGeometry *g = geom_from_ogr(gc, og, err);
    if (!g) return -1;
    GEOSGeometry *projected = geom_transform(gc, g, t, err);
    GEOSGeom_destroy_r(gc->h, g);
    double t1 = fm_clock_seconds();
    layer->seconds_project += t1 - t0;
    if (!projected) return -1;
    /* geom_clip returns NULL both for "nothing left" and for failure;
    ** only a message tells them apart. */
    fm_error why;
    why.msg[0] = 0;
    *out = geom_clip(gc, projected, clip[0], clip[1], clip[2], clip[3], &why);
    GEOSGeom_destroy_r(gc->h, projected);
    layer->seconds_clip += fm_clock_seconds() - t1;
    if (!*out && why.msg[0]) return fm_error_set(err, "%s", why.msg);
    return 0;
}

/* What reading one layer's features needs, shared by its helpers. */
typedef struct layer_reader {
    const fm_style_source *src;
    OGRFeatureDefnH defn;
    const char *where; /* "path (layer name)", for messages */
    time_fields tf;
    fm_transform *t; /* the source's CRS to the map's */
    double clip[4];  /* the view and a margin, projected */
    fm_geos *gc;
    fm_layer *layer;
} layer_reader;

/* The dataset at src->path and the layer the source names (or its first). */
static int layer_open(const fm_style_source *src, GDALDatasetH *ds_out, OGRLayerH *lyr_out,
                      fm_error *err)
{
    /* A CSV with lon/lat columns (the timeline) reads as points. */
    const char *csv_options[] = { "X_POSSIBLE_NAMES=lon,longitude,x",
                                  "Y_POSSIBLE_NAMES=lat,latitude,y", "KEEP_GEOM_COLUMNS=NO", NULL };
    size_t plen = strlen(src->path);
    int is_csv = plen > 4 && strcasecmp(src->path + plen - 4, ".csv") == 0;
    GDALDatasetH ds = GDALOpenEx(src->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                                 is_csv ? csv_options : NULL, NULL);
    if (!ds)
        return fm_error_set(err,
                            "%s: cannot open as a vector layer (%s); check the "
                            "path in the style's \"sources\"",
                            src->path,
                            CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg()
                                                    : "no such file or unknown format");
    OGRLayerH lyr =
        src->layer ? GDALDatasetGetLayerByName(ds, src->layer) : GDALDatasetGetLayer(ds, 0);
    if (!lyr) {
        fm_error_set(err, "%s: no layer \"%s\" in it (it has %d layer(s))", src->path,
                     src->layer ? src->layer : "(first)", GDALDatasetGetLayerCount(ds));
        GDALClose(ds);
        return -1;
    }
    *ds_out = ds;
    *lyr_out = lyr;
    return 0;
}

/* The layer's name, path and field names. */
static int layer_describe(fm_layer *layer, const char *path, OGRLayerH lyr, OGRFeatureDefnH defn)
{
    layer->path = strdup(path);
    layer->name = strdup(OGR_L_GetName(lyr));
    int n = OGR_FD_GetFieldCount(defn);
    layer->fields = calloc(n ? n : 1, sizeof *layer->fields);
    if (!layer->path || !layer->name || !layer->fields) return -1;
    layer->nfields = n; /* only now: layer_free walks the fields */
    for (int i = 0; i < layer->nfields; i++)
        if (!(layer->fields[i] = strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)))))
            return -1;
    return 0;
}

/* A feature's interval [from, to) from its time fields, checked. */
static int feature_interval(const layer_reader *r, OGRFeatureH feat, fm_feature *f, fm_error *err)
{
    const time_fields *tf = &r->tf;
    const char *where = r->where;
    if (read_day(feat, tf->from, 0, tf->end_inclusive, &f->from, where,
                 tf->from >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(r->defn, tf->from)) : "",
                 err) ||
        read_day(feat, tf->to, 1, tf->end_inclusive, &f->to, where,
                 tf->to >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(r->defn, tf->to)) : "",
                 err) ||
        check_edtf(feat, tf->from_edtf, where, "from EDTF", err) ||
        check_edtf(feat, tf->to_edtf, where, "to EDTF", err))
        return -1;
    if (r->src->duration_days > 0 && f->to == FM_DAY_MAX && f->from != FM_DAY_MIN)
        f->to = f->from + r->src->duration_days;
    if (f->to <= f->from) {
        char a[32], b[32];
        return fm_error_set(err,
                            "%s, feature %lld: the interval ends (%s) before "
                            "or when it starts (%s); valid_to is exclusive and must "
                            "be later than valid_from",
                            where, f->fid, fm_day_format(f->to, a, sizeof a),
                            fm_day_format(f->from, b, sizeof b));
    }
    return 0;
}

/* One OGR feature as an fm_feature: 0 with f->geom set, 0 with f->geom
** NULL when it has nothing to draw in the view (skip it), -1 with err set
** (f owns nothing then). */
static int feature_read(layer_reader *r, OGRFeatureH feat, fm_feature *f, fm_error *err)
{
    fm_layer *layer = r->layer;
    memset(f, 0, sizeof *f);
    f->fid = OGR_F_GetFID(feat);
    if (feature_interval(r, feat, f, err)) return -1;
    OGRGeometryH og = OGR_F_GetGeometryRef(feat);
    if (!og || OGR_G_IsEmpty(og)) return 0;
    if (feature_geometry(og, r->t, r->clip, r->gc, layer, &f->geom, err)) {
        fm_error_prefix(err, "%s, feature %lld", r->where, f->fid);
        return -1;
    }
    if (!f->geom) return 0; /* outside the view */
    f->kind = geom_kind(r->gc, f->geom);
    f->values = calloc(layer->nfields ? layer->nfields : 1, sizeof *f->values);
    if (!f->values || read_values(feat, layer->nfields, f->values) ||
        geom_to_path(r->gc, f->geom, &f->path, err)) {
        feature_free(f, layer->nfields, r->gc);
        return fm_error_set(err, "%s: out of memory", r->src->path);
    }
    if (f->kind == FM_GEOM_POLYGON) {
        if (geom_label_point(r->gc, f->geom, &f->label_x, &f->label_y))
            f->label_x = f->label_y = HUGE_VAL;
    } else if (f->path.nparts > 0) {
        /* Points label at themselves; lines at their middle vertex. */
        int mid = f->path.counts[0] / 2;
        f->label_x = f->path.xy[2 * mid];
        f->label_y = f->path.xy[2 * mid + 1];
    }
    return 0;
}

/* Every feature of lyr that shows in the view, into r->layer. */
static int layer_read_features(layer_reader *r, OGRLayerH lyr, fm_error *err)
{
    fm_layer *layer = r->layer;
    int cap = 0;
    OGR_L_ResetReading(lyr);
    for (;;) {
        double t_read = fm_clock_seconds();
        OGRFeatureH feat = OGR_L_GetNextFeature(lyr);
        layer->seconds_read += fm_clock_seconds() - t_read;
        if (!feat) return 0;
        fm_feature f;
        int rc = feature_read(r, feat, &f, err);
        OGR_F_Destroy(feat);
        if (rc) return -1;
        if (!f.geom) continue;
        fm_feature *grown =
            fm_grow(layer->features, &cap, layer->nfeatures + 1, sizeof *grown, err);
        if (!grown) {
            feature_free(&f, layer->nfields, r->gc);
            return fm_error_set(err, "%s: out of memory", r->src->path);
        }
        layer->features = grown;
        layer->features[layer->nfeatures++] = f;
    }
}

fm_layer *layer_load(const fm_style_source *src, fm_projection *proj, const fm_view *view,
                     fm_geos *gc, fm_error *err)
{
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    if (layer_open(src, &ds, &lyr, err)) return NULL;
    char where[1024];
    snprintf(where, sizeof where, "%s (layer %s)", src->path, OGR_L_GetName(lyr));

    layer_reader r;
    memset(&r, 0, sizeof r);
    r.src = src;
    r.where = where;
    r.gc = gc;
    r.defn = OGR_L_GetLayerDefn(lyr);
    char *wkt = NULL;
    fm_layer *layer = r.layer = calloc(1, sizeof *layer);
    if (!layer || layer_describe(layer, src->path, lyr, r.defn)) {
        fm_error_set(err, "%s: out of memory", src->path);
        goto fail;
    }

    if (src->undated) {
        r.tf.from = r.tf.to = r.tf.from_edtf = r.tf.to_edtf = -1;
        r.tf.end_inclusive = 0;
    } else if (time_fields_find(src, r.defn, where, &r.tf, err)) {
        goto fail;
    }
    layer->dated = r.tf.from >= 0 || r.tf.to >= 0;

    wkt = layer_crs_wkt(lyr);
    r.t = projection_transform_from(proj, wkt, err);
    if (!r.t) {
        fm_error_prefix(err, "%s", where);
        goto fail;
    }

    /* A margin of a few percent keeps outlines and labels that cross the
    ** frame edge drawn up to the edge, not stopped short of it. */
    double mx = (view->maxx - view->minx) * 0.03, my = (view->maxy - view->miny) * 0.03;
    r.clip[0] = view->minx - mx;
    r.clip[1] = view->miny - my;
    r.clip[2] = view->maxx + mx;
    r.clip[3] = view->maxy + my;
    /* Spatial filter in lon/lat cuts reading time for large files; only
    ** safe to set when the source is itself lon/lat. */
    if (!wkt) {
        double b0 = view->bbox[0], b1 = view->bbox[1], b2 = view->bbox[2], b3 = view->bbox[3];
        double pad = fmax(b2 - b0, b3 - b1);
        OGR_L_SetSpatialFilterRect(lyr, b0 - pad, b1 - pad, b2 + pad, b3 + pad);
    }
    if (layer_read_features(&r, lyr, err)) goto fail;
    transform_free(r.t);
    CPLFree(wkt);
    GDALClose(ds);
    return layer;

fail:
    transform_free(r.t);
    CPLFree(wkt);
    layer_free(layer, gc);
    GDALClose(ds);
    return NULL;
}
