/*
** cmd_record.c -- the commands over the historical record: query, stats,
** events, validate, build-control. Each resolves its files through the
** scene (metadata "frontmap:control" and "frontmap:timeline"), so a user's
** own scene works the same as the bundled one.
*/
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cpl_vsi.h>

#include "cli/cli.h"
#include "record/control.h"
#include "record/districts.h"
#include "core/file.h"
#include "core/grow.h"
#include "map/label.h"
#include "map/output.h"
#include "record/recipe.h"
#include "record/timeline.h"

/* The scene file: --scene, else the bundled default. */
static int scene_path(const cli *c, char *buf, size_t size, fm_error *err)
{
    if (c->scene.scene_path) {
        snprintf(buf, size, "%s", c->scene.scene_path);
        return 0;
    }
    char dir[2048];
    if (scene_data_dir(dir, sizeof dir, err)) return -1;
    snprintf(buf, size, "%s/styles/screen.json", dir);
    return 0;
}

static int timeline_path(const fm_style *st, char *buf, size_t size, fm_error *err)
{
    if (style_meta_path(st, "timeline", buf, size) == 0) return 0;
    return fm_error_set(err, "%s: no timeline; set metadata \"frontmap:timeline\" "
                        "to the events file", st->path);
}

static int control_path(const fm_style *st, char *buf, size_t size, fm_error *err)
{
    json_t *m = style_meta(st, "control");
    json_t *src = json_is_object(m) ? json_object_get(m, "source") : NULL;
    const fm_style_source *s = json_is_string(src) ? style_source(st, json_string_value(src)) : NULL;
    if (!s)
        return fm_error_set(err, "%s: no control layer; set metadata \"frontmap:control\": "
                            "{\"source\": \"<source id>\"}", st->path);
    snprintf(buf, size, "%s", s->path);
    return 0;
}

static int fail(const char *msg)
{
    fprintf(stderr, "frontmap: %s\n", msg);
    return EXIT_FAILURE;
}

static fm_style *open_style(const cli *c, fm_error *err)
{
    char path[4096];
    if (scene_path(c, path, sizeof path, err)) return NULL;
    return style_load(path, err);
}

static fm_control *open_control(const fm_style *st, fm_geos *gc, fm_error *err)
{
    char path[4096];
    if (control_path(st, path, sizeof path, err)) return NULL;
    return control_load(path, gc, err);
}

/* ---- query ---------------------------------------------------------------- */

int cmd_query(cli *c)
{
    fm_error err;
    fm_date d;
    double lon, lat;
    char tail;
    if (!c->date) return usage_error("%s", "query needs --date DATE");
    if (!c->at) return usage_error("%s", "query needs --at LON,LAT (e.g. --at 46.928,39.991)");
    if (fm_date_parse(c->date, &d, &err)) return usage_error("--date %s", err.msg);
    if (sscanf(c->at, "%lf,%lf%c", &lon, &lat, &tail) != 2 || fabs(lon) > 180 || fabs(lat) > 90)
        return usage_error("--at \"%s\": expected LON,LAT in decimal degrees, e.g. 46.928,39.991", c->at);
    fm_style *st = open_style(c, &err);
    if (!st) return fail(err.msg);
    fm_geos *gc = geom_context_new();
    fm_control *ctl = open_control(st, gc, &err);
    if (!ctl) { style_free(st); geom_context_free(gc); return fail(err.msg); }
    const fm_change *ch = control_at(ctl, d.first, lon, lat);
    char date[32];
    fm_day_format(d.first, date, sizeof date);
    if (c->json) {
        json_t *o = json_pack("{s:s, s:f, s:f, s:s, s:s?, s:s?}", "date", date, "lon", lon,
                              "lat", lat, "controller", ch ? ch->controller : "NONE",
                              "event", ch ? ch->event : NULL, "since", ch ? ch->from_text : NULL);
        if (ch) {
            json_object_set_new(o, "change", json_string(ch->id));
            json_object_set_new(o, "certainty", json_string(ch->certainty));
            json_object_set_new(o, "source", json_string(ch->source));
        }
        char *text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(8));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else if (ch) {
        printf("%s\t%s\t%s\n", ch->controller, ch->event, ch->from_text);
    } else {
        printf("NONE\t\t\n");
    }
    control_free(ctl);
    geom_context_free(gc);
    style_free(st);
    return EXIT_SUCCESS;
}

/* ---- stats ---------------------------------------------------------------- */

typedef struct series {
    int n, cap;                 /* cap: what all three arrays hold */
    fm_day *days;
    double *arm, *aze;
} series;

/* Append one date. The three arrays grow together; if one grows and the
** next cannot, the grown one just stays larger than `cap` says, and the
** series is still freed as usual. */
static int series_push(series *s, fm_day d, double arm, double aze, fm_error *err)
{
    if (s->n == s->cap) {
        int cap_days = s->cap, cap_arm = s->cap, cap_aze = s->cap;
        fm_day *days = fm_grow(s->days, &cap_days, s->n + 1, sizeof *days, err);
        if (!days) return -1;
        s->days = days;
        double *arms = fm_grow(s->arm, &cap_arm, s->n + 1, sizeof *arms, err);
        if (!arms) return -1;
        s->arm = arms;
        double *azes = fm_grow(s->aze, &cap_aze, s->n + 1, sizeof *azes, err);
        if (!azes) return -1;
        s->aze = azes;
        s->cap = cap_days;
    }
    s->days[s->n] = d;
    s->arm[s->n] = arm;
    s->aze[s->n] = aze;
    s->n++;
    return 0;
}

static void series_free(series *s)
{
    free(s->days);
    free(s->arm);
    free(s->aze);
}

/* An area chart of the Armenian-held area over time (the Azerbaijani-held
** area is the region minus it, two orders of magnitude larger: a shared
** axis would flatten the line that tells the story). */
static int draw_chart(const series *s, const char *path, fm_error *err)
{
    const int W = 1200, H = 600;
    const double L = 90, R = 30, T = 60, B = 60;
    fm_output out;
    if (output_open(&out, path, W, H, err)) return -1;
    cairo_t *cr = out.cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double ymax = 0;
    for (int i = 0; i < s->n; i++) ymax = fmax(ymax, s->arm[i]);
    /* A round axis top: 1, 2 or 5 times a power of ten. */
    double step = pow(10, floor(log10(fmax(ymax, 1) / 4)));
    if (ymax / step > 20) step *= 5; else if (ymax / step > 8) step *= 2;
    double top = ceil(fmax(ymax, 1) / step) * step;
    fm_day d0 = s->days[0], d1 = s->days[s->n - 1] > d0 ? s->days[s->n - 1] : d0 + 1;
#define X(d) (L + (double)((d) - d0) / (d1 - d0) * (W - L - R))
#define Y(v) (H - B - (v) / top * (H - T - B))
    fm_text_style ts = { "Noto Sans Regular", 13, {0.25, 0.25, 0.25, 1}, {1, 1, 1, 0}, 0, 0, 0 };
    fm_text_style tt = { "Noto Sans Bold", 18, {0.1, 0.1, 0.1, 1}, {1, 1, 1, 0}, 0, 0, 0 };
    cairo_set_line_width(cr, 1);
    for (double v = 0; v <= top + step / 2; v += step) {
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, L, Y(v));
        cairo_line_to(cr, W - R, Y(v));
        cairo_stroke(cr);
        char lab[32];
        snprintf(lab, sizeof lab, "%.0f", v);
        fm_text *t = text_new(cr, lab, &ts, err);
        if (!t) { output_abort(&out); return -1; }
        double w, h;
        text_size(t, &w, &h);
        text_draw(cr, t, L - w - 8, Y(v) - h / 2);
        text_free(t);
    }
    int y0, m0, dd0, y1, m1, dd1;
    fm_day_to_ymd(d0, &y0, &m0, &dd0);
    fm_day_to_ymd(d1, &y1, &m1, &dd1);
    int every = (y1 - y0) > 20 ? 5 : (y1 - y0) > 8 ? 2 : 1;
    for (int y = y0 + 1; y <= y1; y++) {
        if (y % every) continue;
        fm_day d = fm_day_from_ymd(y, 1, 1);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_move_to(cr, X(d), H - B);
        cairo_line_to(cr, X(d), H - B + 6);
        cairo_stroke(cr);
        char lab[16];
        snprintf(lab, sizeof lab, "%d", y);
        fm_text *t = text_new(cr, lab, &ts, err);
        if (!t) { output_abort(&out); return -1; }
        double w, h;
        text_size(t, &w, &h);
        text_draw(cr, t, X(d) - w / 2, H - B + 10);
        text_free(t);
    }
    /* The series as a step function: control changes on a day and holds. */
    cairo_move_to(cr, X(s->days[0]), Y(0));
    for (int i = 0; i < s->n; i++) {
        if (i > 0) cairo_line_to(cr, X(s->days[i]), Y(s->arm[i - 1]));
        cairo_line_to(cr, X(s->days[i]), Y(s->arm[i]));
    }
    cairo_line_to(cr, X(s->days[s->n - 1]), Y(0));
    cairo_close_path(cr);
    cairo_set_source_rgba(cr, 0.80, 0.33, 0.25, 0.35);
    cairo_fill_preserve(cr);
    cairo_new_path(cr);
    for (int i = 0; i < s->n; i++) {
        if (i == 0) cairo_move_to(cr, X(s->days[0]), Y(s->arm[0]));
        else { cairo_line_to(cr, X(s->days[i]), Y(s->arm[i - 1])); cairo_line_to(cr, X(s->days[i]), Y(s->arm[i])); }
    }
    cairo_set_source_rgb(cr, 0.70, 0.22, 0.15);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, L, T - 10);
    cairo_line_to(cr, L, H - B);
    cairo_line_to(cr, W - R, H - B);
    cairo_stroke(cr);
    fm_text *title = text_new(cr, "Area held by Armenian forces (km², equal-area)", &tt, err);
    if (!title) { output_abort(&out); return -1; }
    text_draw(cr, title, L, 18);
    text_free(title);
#undef X
#undef Y
    return output_commit(&out, NULL, 0, err);
}

int cmd_stats(cli *c)
{
    fm_error err;
    fm_date d0, d1;
    fm_step step = { FM_STEP_MONTH, 1 };
    if (c->date && (c->from || c->to)) return usage_error("%s", "give --date, or --from and --to, not both");
    if (c->date) {
        if (fm_date_parse(c->date, &d0, &err)) return usage_error("--date %s", err.msg);
        d1 = d0;
    } else {
        if (!c->from || !c->to) return usage_error("%s", "stats needs --date DATE, or --from DATE --to DATE [--step P1M]");
        if (fm_date_parse(c->from, &d0, &err)) return usage_error("--from %s", err.msg);
        if (fm_date_parse(c->to, &d1, &err)) return usage_error("--to %s", err.msg);
        if (d1.first < d0.first) return usage_error("%s", "--to is before --from");
        if (c->step && fm_step_parse(c->step, &step, &err)) return usage_error("--step %s", err.msg);
    }
    fm_output_kind kind;
    if (c->chart && output_kind_for(c->chart, &kind, &err)) return usage_error("%s", err.msg);
    fm_style *st = open_style(c, &err);
    if (!st) return fail(err.msg);
    fm_geos *gc = geom_context_new();
    fm_control *ctl = open_control(st, gc, &err);
    if (!ctl) { style_free(st); geom_context_free(gc); return fail(err.msg); }
    FILE *out = stdout;
    printf("date,controller,area_km2\n");
    series s = { 0, 0, NULL, NULL, NULL };
    int rc = EXIT_SUCCESS;
    for (int i = 0;; i++) {
        fm_day d = fm_step_nth(d0.first, step, i);
        if (d > d1.first || (c->date && i > 0)) break;
        fm_control_area areas[8];
        int n = control_areas(ctl, d, areas, 8, &err);
        if (n < 0) { rc = fail(err.msg); break; }
        char date[32];
        fm_day_format(d, date, sizeof date);
        double arm = 0, aze = 0;
        for (int k = 0; k < n; k++) {
            fprintf(out, "%s,%s,%.2f\n", date, areas[k].controller, areas[k].km2);
            if (strcmp(areas[k].controller, "ARM") == 0) arm = areas[k].km2;
            if (strcmp(areas[k].controller, "AZE") == 0) aze = areas[k].km2;
        }
        if (series_push(&s, d, arm, aze, &err)) { rc = fail(err.msg); break; }
    }
    if (rc == EXIT_SUCCESS && c->chart && s.n > 0 && draw_chart(&s, c->chart, &err))
        rc = fail(err.msg);
    series_free(&s);
    control_free(ctl);
    geom_context_free(gc);
    style_free(st);
    return rc;
}

/* ---- events --------------------------------------------------------------- */

int cmd_events(cli *c)
{
    fm_error err;
    fm_day from = FM_DAY_MIN, to = FM_DAY_MAX;
    fm_date d;
    if (c->from) { if (fm_date_parse(c->from, &d, &err)) return usage_error("--from %s", err.msg); from = d.first; }
    if (c->to) { if (fm_date_parse(c->to, &d, &err)) return usage_error("--to %s", err.msg); to = d.first; }
    if (c->kinds && timeline_kinds_check(c->kinds, &err)) return usage_error("%s", err.msg);
    fm_style *st = open_style(c, &err);
    if (!st) return fail(err.msg);
    char path[4096];
    fm_timeline *tl = NULL;
    if (timeline_path(st, path, sizeof path, &err) || !(tl = timeline_load(path, NULL, &err))) {
        style_free(st);
        return fail(err.msg);
    }
    json_t *arr = c->json ? json_array() : NULL;
    for (int i = 0; i < tl->count; i++) {
        const fm_event *e = &tl->events[i];
        if (!fm_day_in(e->date.first, from, to) || !timeline_kinds_include(c->kinds, e->kind)) continue;
        if (arr) {
            json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                                  "id", e->id, "date", e->date_text, "date_edtf", e->date_edtf,
                                  "title", e->title, "kind", e->kind, "place", e->place,
                                  "source", e->source, "certainty", e->certainty,
                                  "description", e->description);
            if (e->has_position) {
                json_object_set_new(o, "lon", json_real(e->lon));
                json_object_set_new(o, "lat", json_real(e->lat));
            }
            json_array_append_new(arr, o);
        } else {
            printf("%s\t%s\t%s\t%s\t%s\t%s\n", e->id, e->date_text, e->kind, e->title,
                   e->place, e->source);
        }
    }
    if (arr) {
        char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(8));
        printf("%s\n", text);
        free(text);
        json_decref(arr);
    }
    timeline_free(tl);
    style_free(st);
    return EXIT_SUCCESS;
}

/* ---- build-control --------------------------------------------------------- */

/* Build the recipe file `recipe` (a control or a districts recipe, told
** apart by its header) into `out`; *count gets the number of features. */
static int build_recipe(const char *recipe, const char *base, const char *out, int *count,
                        fm_error *err)
{
    fm_geos *gc = geom_context_new();
    if (!gc) return fm_error_set(err, "cannot start GEOS");
    int rc = -1, kind = districts_is_recipe(recipe, err);
    if (kind == 1) {
        fm_districts *d = districts_build(recipe, base, gc, err);
        if (d && districts_write(d, out, err) == 0) { *count = d->count; rc = 0; }
        districts_free(d);
    } else if (kind == 0) {
        fm_control *ctl = control_build(recipe, base, gc, err);
        if (ctl && control_write(ctl, out, err) == 0) { *count = ctl->count; rc = 0; }
        control_free(ctl);
    }
    geom_context_free(gc);
    return rc;
}

/* The recipe of a built layer DIR/NAME.geojson is DIR/src/NAME.csv. */
static void recipe_of(const char *layer, char *buf, size_t size)
{
    const char *slash = strrchr(layer, '/');
    const char *name = slash ? slash + 1 : layer;
    const char *dot = strrchr(name, '.');
    int dirlen = slash ? (int)(slash - layer) : 1;
    snprintf(buf, size, "%.*s/src/%.*s.csv", dirlen, slash ? layer : ".",
             dot ? (int)(dot - name) : (int)strlen(name), name);
}

/* And the other way: DIR/src/NAME.csv is built into DIR/NAME.geojson. */
static void layer_of(const char *recipe, char *buf, size_t size)
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

int cmd_build_control(cli *c)
{
    fm_error err;
    char dir[2048], base[4096], recipes[2][4096], outs[2][4096];
    int n = 0;
    if (scene_data_dir(dir, sizeof dir, &err)) return fail(err.msg);
    snprintf(base, sizeof base, "%s/layers/base", dir);
    size_t len = c->recipe ? strlen(c->recipe) : 0;
    if (c->recipe && len > 4 && strcmp(c->recipe + len - 4, ".csv") == 0) {
        /* One recipe file, built beside its src/ folder unless -o says. */
        snprintf(recipes[0], sizeof recipes[0], "%s", c->recipe);
        if (c->output) snprintf(outs[0], sizeof outs[0], "%s", c->output);
        else layer_of(c->recipe, outs[0], sizeof outs[0]);
        n = 1;
    } else if (c->recipe || c->output) {
        /* A recipe folder (control.csv), or the control layer alone to -o. */
        if (c->recipe) snprintf(recipes[0], sizeof recipes[0], "%s/control.csv", c->recipe);
        else snprintf(recipes[0], sizeof recipes[0], "%s/layers/karabakh/src/control.csv", dir);
        if (c->output) snprintf(outs[0], sizeof outs[0], "%s", c->output);
        else snprintf(outs[0], sizeof outs[0], "%s/layers/karabakh/control.geojson", dir);
        n = 1;
    } else {
        /* Everything bundled: the control layer and the districts layer. */
        snprintf(recipes[0], sizeof recipes[0], "%s/layers/karabakh/src/control.csv", dir);
        snprintf(outs[0], sizeof outs[0], "%s/layers/karabakh/control.geojson", dir);
        snprintf(recipes[1], sizeof recipes[1], "%s/layers/karabakh/src/districts.csv", dir);
        snprintf(outs[1], sizeof outs[1], "%s/layers/karabakh/districts.geojson", dir);
        n = 2;
    }
    for (int i = 0; i < n; i++) {
        int count = 0;
        if (build_recipe(recipes[i], base, outs[i], &count, &err)) return fail(err.msg);
        if (!c->quiet) printf("%s: %d features\n", outs[i], count);
    }
    return EXIT_SUCCESS;
}

/* ---- validate ------------------------------------------------------------- */

static void validate_control(const fm_control *ctl, const fm_timeline *tl, fm_problems *p,
                             const char *base_dir)
{
    GEOSContextHandle_t h = ctl->gc->h;
    fm_error err;
    for (int i = 0; i < ctl->count; i++) {
        const fm_change *ch = &ctl->changes[i];
        if (GEOSisValid_r(h, ch->geom) != 1)
            fm_problems_add(p, "%s: change %s: invalid geometry", ctl->path, ch->id);
        if (tl && !timeline_find(tl, ch->event))
            fm_problems_add(p, "%s: change %s names event %s, which is not in the timeline",
                            ctl->path, ch->id, ch->event);
        if (!ch->source[0])
            fm_problems_add(p, "%s: change %s has no source", ctl->path, ch->id);
        if (strcmp(ch->controller, "ARM") && strcmp(ch->controller, "AZE"))
            fm_problems_add(p, "%s: change %s: controller \"%s\" is not ARM or AZE",
                            ctl->path, ch->id, ch->controller);
        /* Same day, different sides, shared ground: which one holds it is
        ** undefined by the latest-wins rule, so it is an overlap. */
        for (int j = i + 1; j < ctl->count && ctl->changes[j].from == ch->from; j++) {
            const fm_change *o = &ctl->changes[j];
            if (!strcmp(o->controller, ch->controller)) continue;
            GEOSGeometry *x = GEOSIntersection_r(h, ch->geom_ea, o->geom_ea);
            double a = 0;
            if (x) { GEOSArea_r(h, x, &a); GEOSGeom_destroy_r(h, x); }
            if (a > 1e4)
                fm_problems_add(p, "%s: changes %s and %s (same day, different sides) overlap "
                                "by %.2f km2", ctl->path, ch->id, o->id, a / 1e6);
        }
    }
    /* Gaps: on every change date the areas in force must cover the country
    ** the record is about (the baseline's). */
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
        if (gap) { GEOSArea_r(h, gap, &a); GEOSGeom_destroy_r(h, gap); }
        if (u) GEOSGeom_destroy_r(h, u);
        char date[32];
        fm_day_format(d, date, sizeof date);
        if (a / 1e6 > 0.5)
            fm_problems_add(p, "%s: on %s the control areas in force leave %.1f km2 of "
                            "Azerbaijan (%.0f km2) uncovered: a gap", ctl->path, date,
                            a / 1e6, aze_km2);
        /* The flattened pieces must add up to the union: no double counting. */
        fm_control_area areas[8];
        int n = control_areas(ctl, d, areas, 8, &err);
        double sum = 0, region = control_region_km2(ctl, d, &err);
        for (int k = 0; k < n; k++) sum += areas[k].km2;
        if (n < 0 || fabs(sum - region) > 0.01 * fmax(1, region / 1000))
            fm_problems_add(p, "%s: on %s the areas per side (%.2f km2) do not add up to the "
                            "region (%.2f km2)", ctl->path, date, sum, region);
    }
    GEOSGeom_destroy_r(h, aze);
}

/* A built layer must be what its recipe builds now: rebuild it in memory
** (GDAL's /vsimem/) and compare the bytes, so a recipe edited without a
** rebuild, or a layer edited by hand, is caught. A layer without a recipe
** beside it (DIR/src/NAME.csv) has nothing to compare with. */
static void validate_fresh(const char *layer, const char *base, fm_problems *p)
{
    static int serial;
    char recipe[4096], mem[128];
    recipe_of(layer, recipe, sizeof recipe);
    if (access(recipe, R_OK) != 0) return;
    snprintf(mem, sizeof mem, "/vsimem/frontmap-validate-%d-%d.geojson", (int)getpid(), serial++);
    fm_error err;
    int count = 0;
    if (build_recipe(recipe, base, mem, &count, &err)) {
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
        fm_problems_add(p, "%s is out of date with its recipe %s (they differ from line %d); "
                        "run 'frontmap build-control' to rebuild it", layer, recipe, line);
    }
    free(built);
    free(file);
}

/* The districts layer beside the control layer, when there is one:
** geometry valid, intervals ordered, ids unique, up to date. */
static void validate_districts(const char *control_layer, const char *base, fm_geos *gc,
                               fm_problems *p)
{
    char path[4096];
    const char *slash = strrchr(control_layer, '/');
    snprintf(path, sizeof path, "%.*s/districts.geojson", slash ? (int)(slash - control_layer) : 1,
             slash ? control_layer : ".");
    if (access(path, R_OK) != 0) return;
    fm_error err;
    fm_districts *d = districts_load(path, gc, &err);
    if (!d) { fm_problems_add(p, "%s", err.msg); return; }
    districts_check(d, p);
    districts_free(d);
    validate_fresh(path, base, p);
}

int cmd_validate(cli *c)
{
    fm_error err;
    fm_problems p = { 0, 0, NULL };
    char path[4096], dir[2048];
    if (scene_path(c, path, sizeof path, &err)) return fail(err.msg);
    fm_scene_options opt = c->scene;
    opt.scene_path = path;
    fm_scene *scene = scene_load(&opt, &err);
    if (!scene) fm_problems_add(&p, "%s", err.msg);
    fm_style *st = style_load(path, &err);
    fm_timeline *tl = NULL;
    if (st) {
        char tpath[4096], cpath[4096];
        if (timeline_path(st, tpath, sizeof tpath, &err) == 0) {
            tl = timeline_load(tpath, &p, &err);
            if (!tl) fm_problems_add(&p, "%s", err.msg);
        }
        if (tl) {
            char seeds[4096];
            const char *env = getenv("FRONTMAP_SEEDS");
            if (env) snprintf(seeds, sizeof seeds, "%s", env);
            else if (scene_data_dir(dir, sizeof dir, &err) == 0)
                snprintf(seeds, sizeof seeds, "%s/../shared/seeds", dir);
            timeline_check_citations(tl, seeds, &p);
        }
        if (control_path(st, cpath, sizeof cpath, &err) == 0) {
            char base[4096];
            if (scene_data_dir(dir, sizeof dir, &err) == 0)
                snprintf(base, sizeof base, "%s/layers/base", dir);
            else
                snprintf(base, sizeof base, "layers/base");
            fm_geos *gc = geom_context_new();
            fm_control *ctl = control_load(cpath, gc, &err);
            if (!ctl) fm_problems_add(&p, "%s", err.msg);
            else validate_control(ctl, tl, &p, base);
            control_free(ctl);
            validate_fresh(cpath, base, &p);
            validate_districts(cpath, base, gc, &p);
            geom_context_free(gc);
        }
    } else if (scene) {
        fm_problems_add(&p, "%s", err.msg);
    }
    for (int i = 0; i < p.count; i++) fprintf(stderr, "%s\n", p.items[i]);
    int n = p.count;
    if (!c->quiet)
        printf(n ? "%d problem(s)\n" : "ok: scene, layers, timeline (%d events), control and "
               "districts layers are valid and up to date\n", n ? n : (tl ? tl->count : 0));
    fm_problems_free(&p);
    timeline_free(tl);
    style_free(st);
    scene_free(scene);
    return n ? EXIT_FAILURE : EXIT_SUCCESS;
}
