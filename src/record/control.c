/* control.c -- see control.h. */
#include "record/control.h"

#include <gdal.h>
#include <ogr_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/grow.h"
#include "record/recipe.h"

/* Lambert azimuthal equal-area on the South Caucasus: areas in km2 within
** a fraction of a percent of the ellipsoidal ones over the region. */
#define EQUAL_AREA_CRS "+proj=laea +lat_0=40 +lon_0=46.7 +datum=WGS84 +units=m +no_defs"

static void change_free(fm_change *ch, fm_geos *gc)
{
    free(ch->id);
    free(ch->event);
    free(ch->controller);
    free(ch->source);
    free(ch->certainty);
    free(ch->note);
    free(ch->from_text);
    free(ch->from_edtf);
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
    if (c->count > 1) qsort(c->changes, c->count, sizeof *c->changes, change_cmp);
    return 0;
}

enum {
    R_ID,
    R_EVENT,
    R_CONTROLLER,
    R_FROM,
    R_EDTF,
    R_BASE,
    R_MINUS,
    R_CUT,
    R_KEEP,
    R_SOURCE,
    R_CERTAINTY,
    R_NOTE,
    R__COUNT
};
static const char *const recipe_columns[R__COUNT] = {
    "id",    "event", "controller", "valid_from", "valid_from_edtf", "base",
    "minus", "cut",   "keep",       "source",     "certainty",       "note",
};

static int build_row(fm_csv *csv, const int *col, const char *recipe_dir, const char *base_dir,
                     fm_geos *gc, fm_change *ch, fm_error *err)
{
#define F(c) (col[c] < csv->nfields ? csv->fields[col[c]] : "")
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
    ch->geom =
        recipe_geom(F(R_BASE), F(R_MINUS), F(R_CUT), F(R_KEEP), recipe_dir, base_dir, gc, err);
    if (!ch->geom) return -1;
    ch->id = strdup(F(R_ID));
    ch->event = strdup(F(R_EVENT));
    ch->controller = strdup(ctl);
    ch->from_text = strdup(F(R_FROM));
    ch->from_edtf = strdup(F(R_EDTF));
    ch->source = strdup(F(R_SOURCE));
    ch->certainty = strdup(F(R_CERTAINTY));
    ch->note = strdup(F(R_NOTE));
    if (!ch->id || !ch->event || !ch->controller || !ch->from_text || !ch->from_edtf ||
        !ch->source || !ch->certainty || !ch->note)
        return fm_error_set(err, "out of memory");
    return 0;
#undef F
}

fm_control *control_build(const char *recipe_dir, const char *base_dir, fm_geos *gc, fm_error *err)
{
    /* A folder holding control.csv, or the recipe file itself (its
    ** areas.geojson and lines.geojson beside it). */
    char path[4096], dir[4096];
    size_t n = strlen(recipe_dir);
    if (n > 4 && strcmp(recipe_dir + n - 4, ".csv") == 0) {
        const char *slash = strrchr(recipe_dir, '/');
        snprintf(path, sizeof path, "%s", recipe_dir);
        if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - recipe_dir), recipe_dir);
        else snprintf(dir, sizeof dir, ".");
        recipe_dir = dir;
    } else {
        snprintf(path, sizeof path, "%s/control.csv", recipe_dir);
    }
    GDALAllRegister();
    fm_csv *csv = csv_open(path, err);
    if (!csv) return NULL;
    fm_control *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        csv_close(csv);
        fm_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    c->gc = gc;
    int col[R__COUNT], cap = 0, rc;
    if (csv_next(csv, err) != 1) {
        fm_error_set(err, "%s: no header", path);
        goto fail;
    }
    for (int i = 0; i < R__COUNT; i++)
        if ((col[i] = csv_column(csv, recipe_columns[i])) < 0) {
            fm_error_set(err, "%s:1: no column \"%s\"", path, recipe_columns[i]);
            goto fail;
        }
    while ((rc = csv_next(csv, err)) == 1) {
        fm_change *grown = fm_grow(c->changes, &cap, c->count + 1, sizeof *grown, err);
        if (!grown) {
            fm_error_prefix(err, "%s:%d", path, csv->record_line);
            goto fail;
        }
        c->changes = grown;
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
    static const char *const fields[] = {
        "id", "event", "controller", "valid_from", "valid_from_edtf", "source", "certainty", "note"
    };
    fm_layer_writer *w = recipe_writer_open(path, "control", fields, 8, c->gc, err);
    if (!w) return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < c->count; i++) {
        const fm_change *ch = &c->changes[i];
        const char *vals[] = { ch->id,        ch->event,  ch->controller, ch->from_text,
                               ch->from_edtf, ch->source, ch->certainty,  ch->note };
        rc = recipe_writer_add(w, vals, ch->geom, err);
    }
    return recipe_writer_close(w, rc != 0, err) || rc ? -1 : 0;
}

fm_control *control_load(const char *path, fm_geos *gc, fm_error *err)
{
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        fm_error_set(err,
                     "%s: cannot open the control layer (%s); build it with "
                     "'frontmap build-control'",
                     path, CPLGetLastErrorMsg());
        return NULL;
    }
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    fm_control *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        GDALClose(ds);
        fm_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    c->gc = gc;
    int cap = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        fm_change *grown = fm_grow(c->changes, &cap, c->count + 1, sizeof *grown, err);
        if (!grown) {
            OGR_F_Destroy(f);
            fm_error_prefix(err, "%s", path);
            goto fail;
        }
        c->changes = grown;
        fm_change *ch = &c->changes[c->count];
        memset(ch, 0, sizeof *ch);
        ch->line = c->count + 1;
#define S(name) recipe_field_text(f, name)
        ch->id = S("id");
        ch->event = S("event");
        ch->controller = S("controller");
        ch->from_text = S("valid_from");
        ch->from_edtf = S("valid_from_edtf");
        ch->source = S("source");
        ch->certainty = S("certainty");
        ch->note = S("note");
#undef S
        if (!ch->id || !ch->event || !ch->controller || !ch->from_text || !ch->from_edtf ||
            !ch->source || !ch->certainty || !ch->note) {
            fm_error_set(err, "%s: out of memory", path);
            change_free(ch, gc);
            OGR_F_Destroy(f);
            goto fail;
        }
        fm_date d;
        fm_error why;
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (fm_date_parse(ch->from_text, &d, &why) || !og) {
            fm_error_set(err, "%s: feature %s: %s", path, ch->id, og ? why.msg : "no geometry");
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
    if (control_prepare(c, err)) {
        control_free(c);
        return NULL;
    }
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
int control_areas(const fm_control *c, fm_day d, fm_control_area *out, int max, fm_error *err)
{
    GEOSContextHandle_t h = c->gc->h;
    GEOSGeometry *covered = NULL;
    int n = 0;
    for (int i = c->count - 1; i >= 0; i--) {
        const fm_change *ch = &c->changes[i];
        if (ch->from > d) continue;
        GEOSGeometry *piece =
            covered ? GEOSDifference_r(h, ch->geom_ea, covered) : GEOSGeom_clone_r(h, ch->geom_ea);
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
        GEOSGeometry *u =
            covered ? GEOSUnion_r(h, covered, ch->geom_ea) : GEOSGeom_clone_r(h, ch->geom_ea);
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
    if (covered) {
        GEOSArea_r(h, covered, &a);
        GEOSGeom_destroy_r(h, covered);
    }
    return a / 1e6;
}
