/* check.c -- see check.h. */
#include "record/check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cpl_vsi.h>

#include "core/file.h"
#include "record/districts.h"
#include "record/recipe.h"

int check_recipe_build(const char *recipe, const char *base, const char *out, int *count,
                       fm_error *err)
{
    fm_geos *gc = geom_context_new();
    if (!gc) return fm_error_set(err, "cannot start GEOS");
    int rc = -1, kind = districts_is_recipe(recipe, err);
    if (kind == 1) {
        fm_districts *d = districts_build(recipe, base, gc, err);
        if (d && districts_write(d, out, err) == 0) {
            *count = d->count;
            rc = 0;
        }
        districts_free(d);
    } else if (kind == 0) {
        fm_control *ctl = control_build(recipe, base, gc, err);
        if (ctl && control_write(ctl, out, err) == 0) {
            *count = ctl->count;
            rc = 0;
        }
        control_free(ctl);
    }
    geom_context_free(gc);
    return rc;
}

/* The recipe of a built layer DIR/NAME.geojson is DIR/src/NAME.csv. */
static void recipe_of_layer(const char *layer, char *buf, size_t size)
{
    const char *slash = strrchr(layer, '/');
    const char *name = slash ? slash + 1 : layer;
    const char *dot = strrchr(name, '.');
    int dirlen = slash ? (int)(slash - layer) : 1;
    snprintf(buf, size, "%.*s/src/%.*s.csv", dirlen, slash ? layer : ".",
             dot ? (int)(dot - name) : (int)strlen(name), name);
}

/* And the other way: DIR/src/NAME.csv is built into DIR/NAME.geojson. */
void check_layer_of_recipe(const char *recipe, char *buf, size_t size)
{
    char dir[4096];
    const char *slash = strrchr(recipe, '/');
    const char *name = slash ? slash + 1 : recipe;
    const char *dot = strrchr(name, '.');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - recipe) : 1, slash ? recipe : ".");
    char *up = strrchr(dir, '/');
    if (up && strcmp(up + 1, "src") == 0) *up = 0;
    else if (!up && strcmp(dir, "src") == 0) snprintf(dir, sizeof dir, ".");
    snprintf(buf, size, "%s/%.*s.geojson", dir, dot ? (int)(dot - name) : (int)strlen(name), name);
}

/* Each change on its own, and changes of the same day against each other. */
static void check_control_changes(const fm_control *ctl, const fm_timeline *tl, fm_problems *p)
{
    GEOSContextHandle_t h = ctl->gc->h;
    for (int i = 0; i < ctl->count; i++) {
        const fm_change *ch = &ctl->changes[i];
        if (GEOSisValid_r(h, ch->geom) != 1)
            fm_problems_add(p, "%s: change %s: invalid geometry", ctl->path, ch->id);
        if (tl && !timeline_find(tl, ch->event))
            fm_problems_add(p, "%s: change %s names event %s, which is not in the timeline",
                            ctl->path, ch->id, ch->event);
        if (!ch->source[0]) fm_problems_add(p, "%s: change %s has no source", ctl->path, ch->id);
        if (strcmp(ch->controller, "ARM") && strcmp(ch->controller, "AZE"))
            fm_problems_add(p, "%s: change %s: controller \"%s\" is not ARM or AZE", ctl->path,
                            ch->id, ch->controller);
        /* Same day, different sides, shared ground: which one holds it is
        ** undefined by the latest-wins rule, so it is an overlap. */
        for (int j = i + 1; j < ctl->count && ctl->changes[j].from == ch->from; j++) {
            const fm_change *o = &ctl->changes[j];
            if (!strcmp(o->controller, ch->controller)) continue;
            GEOSGeometry *x = GEOSIntersection_r(h, ch->geom_ea, o->geom_ea);
            double a = 0;
            if (x) {
                GEOSArea_r(h, x, &a);
                GEOSGeom_destroy_r(h, x);
            }
            if (a > 1e4)
                fm_problems_add(p,
                                "%s: changes %s and %s (same day, different sides) overlap "
                                "by %.2f km2",
                                ctl->path, ch->id, o->id, a / 1e6);
        }
    }
}

/* Gaps: on every change date the areas in force must cover the country
** the record is about (the baseline's), and the flattened pieces add up. */
static void check_control_gaps(const fm_control *ctl, const char *base_dir, fm_problems *p)
{
    GEOSContextHandle_t h = ctl->gc->h;
    fm_error err;
    char country_path[4096];
    snprintf(country_path, sizeof country_path, "%s/country.geojson", base_dir);
    err.msg[0] = 0;
    GEOSGeometry *aze = NULL;
    GEOSGeometry *outline = recipe_read_geom(country_path, "iso_a3", "AZE", ctl->gc, &err);
    if (outline) {
        aze = geom_transform(ctl->gc, outline, ctl->ea, &err);
        GEOSGeom_destroy_r(h, outline);
    }
    if (!aze) {
        fm_problems_add(p, "%s: cannot read Azerbaijan's outline for the gap check", country_path);
        return;
    }
    double aze_km2 = 0;
    GEOSArea_r(h, aze, &aze_km2);
    aze_km2 /= 1e6;
    for (int i = 0; i < ctl->count; i++) {
        if (i > 0 && ctl->changes[i].from == ctl->changes[i - 1].from) continue;
        fm_day d = ctl->changes[i].from;
        GEOSGeometry *u = NULL;
        for (int k = 0; k < ctl->count && ctl->changes[k].from <= d; k++) {
            GEOSGeometry *nu = u ? GEOSUnion_r(h, u, ctl->changes[k].geom_ea)
                                 : GEOSGeom_clone_r(h, ctl->changes[k].geom_ea);
            if (u) GEOSGeom_destroy_r(h, u);
            u = nu;
        }
        GEOSGeometry *gap = u ? GEOSDifference_r(h, aze, u) : GEOSGeom_clone_r(h, aze);
        double a = 0;
        if (gap) {
            GEOSArea_r(h, gap, &a);
            GEOSGeom_destroy_r(h, gap);
        }
        if (u) GEOSGeom_destroy_r(h, u);
        char date[32];
        fm_day_format(d, date, sizeof date);
        if (a / 1e6 > 0.5)
            fm_problems_add(p,
                            "%s: on %s the control areas in force leave %.1f km2 of "
                            "Azerbaijan (%.0f km2) uncovered: a gap",
                            ctl->path, date, a / 1e6, aze_km2);
        /* The flattened pieces must add up to the union: no double counting. */
        fm_control_area areas[8];
        int n = control_areas(ctl, d, areas, 8, &err);
        double sum = 0, region = control_region_km2(ctl, d, &err);
        for (int k = 0; k < n; k++) sum += areas[k].km2;
        if (n < 0 || fabs(sum - region) > 0.01 * fmax(1, region / 1000))
            fm_problems_add(p,
                            "%s: on %s the areas per side (%.2f km2) do not add up to the "
                            "region (%.2f km2)",
                            ctl->path, date, sum, region);
    }
    GEOSGeom_destroy_r(h, aze);
}

void check_control(const fm_control *ctl, const fm_timeline *tl, const char *base_dir,
                   fm_problems *p)
{
    check_control_changes(ctl, tl, p);
    check_control_gaps(ctl, base_dir, p);
}

/* Rebuild it in memory (GDAL's /vsimem/) and compare the bytes, so a
** recipe edited without a rebuild, or a layer edited by hand, is caught. */
void check_layer_fresh(const char *layer, const char *base, fm_problems *p)
{
    char recipe[4096], mem[128];
    recipe_of_layer(layer, recipe, sizeof recipe);
    if (access(recipe, R_OK) != 0) return;
    fm_error err;
    int count = 0;
    /* A name no other check running at the same time uses: this call's own
    ** stack address (no shared counter). */
    snprintf(mem, sizeof mem, "/vsimem/frontmap-validate-%d-%p.geojson", (int)getpid(),
             (void *)&count);
    if (check_recipe_build(recipe, base, mem, &count, &err)) {
        fm_problems_add(p, "%s: cannot rebuild it from its recipe: %s", layer, err.msg);
        return;
    }
    size_t nbuilt = 0, nfile = 0;
    char *built = recipe_slurp(mem, &nbuilt, &err);
    VSIUnlink(mem);
    char *file = built ? fm_file_slurp(layer, 0, &nfile, &err) : NULL;
    if (!built || !file) {
        fm_problems_add(p, "%s", err.msg);
    } else if (nbuilt != nfile || memcmp(built, file, nbuilt) != 0) {
        /* Say where: the line of the first differing byte (one feature a line). */
        size_t at = 0;
        int line = 1;
        while (at < nbuilt && at < nfile && built[at] == file[at]) line += built[at++] == '\n';
        fm_problems_add(p,
                        "%s is out of date with its recipe %s (they differ from line %d); "
                        "run 'frontmap build-control' to rebuild it",
                        layer, recipe, line);
    }
    free(built);
    free(file);
}

void check_districts_beside(const char *control_layer, const char *base, fm_geos *gc,
                            fm_problems *p)
{
    char path[4096];
    const char *slash = strrchr(control_layer, '/');
    snprintf(path, sizeof path, "%.*s/districts.geojson", slash ? (int)(slash - control_layer) : 1,
             slash ? control_layer : ".");
    if (access(path, R_OK) != 0) return;
    fm_error err;
    fm_districts *d = districts_load(path, gc, &err);
    if (!d) {
        fm_problems_add(p, "%s", err.msg);
        return;
    }
    districts_check(d, p);
    districts_free(d);
    check_layer_fresh(path, base, p);
}

void check_citations(const fm_timeline *tl, const char *seeds_dir, fm_problems *p)
{
    if (seeds_dir) {
        timeline_check_citations(tl, seeds_dir, p);
        return;
    }
    int citing = 0;
    for (int i = 0; i < tl->count; i++)
        if (strstr(tl->events[i].source, "seed:")) citing++;
    if (citing)
        fm_problems_add(p,
                        "%s: the seed citations of %d event(s) were not checked: the seeds "
                        "folder was not found; set FRONTMAP_SEEDS to it",
                        tl->path, citing);
}
