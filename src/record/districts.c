/* districts.c -- see districts.h. */
#include "record/districts.h"

#include <gdal.h>
#include <ogr_api.h>
#include <cpl_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/grow.h"
#include "record/recipe.h"

/* Layer fields, in the order written. */
static const char *const fields[D__COUNT] = {
    "id",       "kind",          "name_en",    "name_az",
    "name_hy",  "name_ru",       "valid_from", "valid_from_edtf",
    "valid_to", "valid_to_edtf", "source",     "certainty",
    "note",
};

/* Recipe columns besides the fields: the geometry. */
enum { G_BASE, G_MINUS, G_CUT, G_KEEP, G__COUNT };
static const char *const geom_columns[G__COUNT] = { "base", "minus", "cut", "keep" };

static void district_free(fm_district *u, fm_geos *gc)
{
    for (int k = 0; k < D__COUNT; k++) free(u->text[k]);
    if (u->geom) GEOSGeom_destroy_r(gc->h, u->geom);
}

void districts_free(fm_districts *d)
{
    if (!d) return;
    for (int i = 0; i < d->count; i++) district_free(&d->items[i], d->gc);
    free(d->items);
    free(d->path);
    free(d);
}

static fm_districts *districts_new(const char *path, fm_geos *gc, fm_error *err)
{
    fm_districts *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path))) {
        free(d);
        fm_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    d->gc = gc;
    return d;
}

/* Parse valid_from / valid_to of u (text already set). */
static int district_dates(fm_district *u, fm_error *err)
{
    fm_date date;
    if (fm_date_parse(u->text[D_FROM], &date, err)) return fm_error_prefix(err, "valid_from");
    u->from = date.first;
    u->to = FM_DAY_MAX;
    if (u->text[D_TO][0]) {
        if (fm_date_parse(u->text[D_TO], &date, err)) return fm_error_prefix(err, "valid_to");
        u->to = date.first;
    }
    fm_edtf e;
    if (u->text[D_FROM_EDTF][0] && fm_edtf_parse(u->text[D_FROM_EDTF], &e, err))
        return fm_error_prefix(err, "valid_from_edtf");
    if (u->text[D_TO_EDTF][0] && fm_edtf_parse(u->text[D_TO_EDTF], &e, err))
        return fm_error_prefix(err, "valid_to_edtf");
    return 0;
}

int districts_is_recipe(const char *path, fm_error *err)
{
    fm_csv *csv = csv_open(path, err);
    if (!csv) return -1;
    int rc = csv_next(csv, err);
    int yes = rc == 1 && csv_column(csv, "valid_to") >= 0 && csv_column(csv, "name_en") >= 0 &&
              csv_column(csv, "controller") < 0;
    csv_close(csv);
    if (rc < 0) return -1;
    return yes;
}

/* One recipe row into u: the fields, their dates, the geometry. */
static int build_row(const fm_csv *csv, const int *col, const int *gcol, const char *recipe_dir,
                     const char *base_dir, fm_geos *gc, fm_district *u, fm_error *err)
{
#define F(i) (col[i] < csv->nfields ? csv->fields[col[i]] : "")
#define G(i) (gcol[i] < csv->nfields ? csv->fields[gcol[i]] : "")
    memset(u, 0, sizeof *u);
    u->line = csv->record_line;
    for (int k = 0; k < D__COUNT; k++)
        if (!(u->text[k] = strdup(F(k)))) return fm_error_set(err, "out of memory");
    if (!u->text[D_ID][0]) return fm_error_set(err, "no id");
    if (district_dates(u, err)) return -1;
    u->geom =
        recipe_geom(G(G_BASE), G(G_MINUS), G(G_CUT), G(G_KEEP), recipe_dir, base_dir, gc, err);
    return u->geom ? 0 : -1;
#undef F
#undef G
}

fm_districts *districts_build(const char *recipe_csv, const char *base_dir, fm_geos *gc,
                              fm_error *err)
{
    /* areas.geojson and lines.geojson sit beside the recipe. */
    char recipe_dir[4096];
    const char *slash = strrchr(recipe_csv, '/');
    if (slash)
        snprintf(recipe_dir, sizeof recipe_dir, "%.*s", (int)(slash - recipe_csv), recipe_csv);
    else snprintf(recipe_dir, sizeof recipe_dir, ".");
    GDALAllRegister();
    fm_csv *csv = csv_open(recipe_csv, err);
    if (!csv) return NULL;
    fm_districts *d = districts_new(recipe_csv, gc, err);
    if (!d) {
        csv_close(csv);
        return NULL;
    }
    int col[D__COUNT], gcol[G__COUNT], cap = 0, rc;
    if (csv_next(csv, err) != 1) {
        fm_error_set(err, "%s: no header", recipe_csv);
        goto fail;
    }
    for (int i = 0; i < D__COUNT + G__COUNT; i++) {
        const char *name = i < D__COUNT ? fields[i] : geom_columns[i - D__COUNT];
        int *slot = i < D__COUNT ? &col[i] : &gcol[i - D__COUNT];
        if ((*slot = csv_column(csv, name)) < 0) {
            fm_error_set(err, "%s:1: no column \"%s\"", recipe_csv, name);
            goto fail;
        }
    }
    while ((rc = csv_next(csv, err)) == 1) {
        fm_district *grown = fm_grow(d->items, &cap, d->count + 1, sizeof *grown, err);
        if (!grown) {
            fm_error_prefix(err, "%s:%d", recipe_csv, csv->record_line);
            goto fail;
        }
        d->items = grown;
        fm_district *u = &d->items[d->count];
        if (build_row(csv, col, gcol, recipe_dir, base_dir, gc, u, err)) {
            district_free(u, gc);
            fm_error_prefix(err, "%s:%d (%s)", recipe_csv, csv->record_line,
                            col[D_ID] < csv->nfields ? csv->fields[col[D_ID]] : "?");
            goto fail;
        }
        d->count++;
    }
    if (rc < 0) goto fail;
    csv_close(csv);
    return d;
fail:
    csv_close(csv);
    districts_free(d);
    return NULL;
}

int districts_write(const fm_districts *d, const char *path, fm_error *err)
{
    fm_layer_writer *w = recipe_writer_open(path, "districts", fields, D__COUNT, d->gc, err);
    if (!w) return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < d->count; i++) {
        /* Empty fields are written as null: "not given", as in areas.geojson. */
        const char *vals[D__COUNT];
        for (int k = 0; k < D__COUNT; k++)
            vals[k] = d->items[i].text[k][0] ? d->items[i].text[k] : NULL;
        rc = recipe_writer_add(w, vals, d->items[i].geom, err);
    }
    return recipe_writer_close(w, rc != 0, err) || rc ? -1 : 0;
}

/* One feature into u; -1 with a message naming the feature. */
static int load_feature(OGRFeatureH f, int n, fm_geos *gc, fm_district *u, fm_error *err)
{
    memset(u, 0, sizeof *u);
    u->line = n;
    for (int k = 0; k < D__COUNT; k++)
        if (!(u->text[k] = recipe_field_text(f, fields[k])))
            return fm_error_set(err, "out of memory");
    if (district_dates(u, err)) return -1;
    OGRGeometryH og = OGR_F_GetGeometryRef(f);
    if (!og) return fm_error_set(err, "no geometry");
    u->geom = geom_from_ogr(gc, og, err);
    return u->geom ? 0 : -1;
}

fm_districts *districts_load(const char *path, fm_geos *gc, fm_error *err)
{
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        fm_error_set(err,
                     "%s: cannot open the districts layer (%s); build it with "
                     "'frontmap build-control'",
                     path, CPLGetLastErrorMsg());
        return NULL;
    }
    fm_districts *d = districts_new(path, gc, err);
    if (!d) {
        GDALClose(ds);
        return NULL;
    }
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    int cap = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        fm_district *grown = fm_grow(d->items, &cap, d->count + 1, sizeof *grown, err);
        int rc = grown ? 0 : -1;
        if (grown) {
            d->items = grown;
            rc = load_feature(f, d->count + 1, gc, &d->items[d->count], err);
            if (rc) {
                fm_error_prefix(err, "feature %d (%s)", d->count + 1,
                                d->items[d->count].text[D_ID] ? d->items[d->count].text[D_ID]
                                                              : "?");
                district_free(&d->items[d->count], gc);
            }
        }
        OGR_F_Destroy(f);
        if (rc) {
            fm_error_prefix(err, "%s", path);
            GDALClose(ds);
            districts_free(d);
            return NULL;
        }
        d->count++;
    }
    GDALClose(ds);
    return d;
}

void districts_check(const fm_districts *d, fm_problems *p)
{
    GEOSContextHandle_t h = d->gc->h;
    for (int i = 0; i < d->count; i++) {
        const fm_district *u = &d->items[i];
        const char *id = u->text[D_ID];
        if (GEOSisValid_r(h, u->geom) != 1)
            fm_problems_add(p, "%s: district %s: invalid geometry", d->path, id);
        if (u->to <= u->from)
            fm_problems_add(p, "%s: district %s: valid_to %s is before or when it starts (%s)",
                            d->path, id, u->text[D_TO], u->text[D_FROM]);
        if (!u->text[D_SOURCE][0]) fm_problems_add(p, "%s: district %s has no source", d->path, id);
        for (int j = 0; j < i; j++)
            if (strcmp(d->items[j].text[D_ID], id) == 0) {
                fm_problems_add(p, "%s: district id %s is used twice", d->path, id);
                break;
            }
    }
}
