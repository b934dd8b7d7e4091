/* tween.c -- see tween.h. */
#include "film/tween.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

typedef struct tween_item {
    int source;
    const fm_feature *feature;
    int grow;                /* else fade in */
    unsigned char *area_wkb; /* grow: the new area, map CRS */
    size_t area_size;
    unsigned char *seed_wkb; /* grow: the holder's ground beside it */
    size_t seed_size;
    double reach; /* grow: farthest point of the area from the seed */
} tween_item;

struct fm_tween {
    int n, cap;
    tween_item *items;
};

static unsigned char *to_wkb(fm_geos *gc, const GEOSGeometry *g, size_t *size)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(gc->h);
    if (!w) return NULL;
    unsigned char *bytes = GEOSWKBWriter_write_r(gc->h, w, g, size);
    GEOSWKBWriter_destroy_r(gc->h, w);
    if (!bytes) return NULL;
    /* GEOS's buffer must go back to GEOSFree_r; keep a malloc'd copy so the
    ** tween can be freed without a context. */
    unsigned char *copy = malloc(*size);
    if (copy) memcpy(copy, bytes, *size);
    GEOSFree_r(gc->h, bytes);
    return copy;
}

static const char *feature_text(const fm_feature *f, int field)
{
    if (field < 0 || f->values[field].type != FM_VAL_STRING) return NULL;
    return f->values[field].string;
}

/* The ground `holder` held on `day` within the rectangle, under the rule
** that the latest change in force wins: walk the changes in drawing order,
** adding the holder's and cutting away everyone else's. */
static GEOSGeometry *held_near(fm_geos *gc, const fm_layer *layer, int field, const char *holder,
                               fm_day day, double x0, double y0, double x1, double y1)
{
    GEOSContextHandle_t h = gc->h;
    GEOSGeometry *held = NULL;
    for (int i = 0; i < layer->nfeatures; i++) {
        const fm_feature *f = &layer->features[i];
        if (f->kind != FM_GEOM_POLYGON || !f->geom || !layer_feature_at(f, day)) continue;
        double fx0, fy0, fx1, fy1;
        if (!GEOSGeom_getXMin_r(h, f->geom, &fx0) || !GEOSGeom_getYMin_r(h, f->geom, &fy0) ||
            !GEOSGeom_getXMax_r(h, f->geom, &fx1) || !GEOSGeom_getYMax_r(h, f->geom, &fy1))
            continue;
        if (fx1 < x0 || fx0 > x1 || fy1 < y0 || fy0 > y1) continue;
        const char *who = feature_text(f, field);
        int mine = who && strcmp(who, holder) == 0;
        if (!held && !mine) continue;
        GEOSGeometry *part = GEOSClipByRect_r(h, f->geom, x0, y0, x1, y1);
        if (!part) continue;
        GEOSGeometry *next = !held  ? GEOSGeom_clone_r(h, part)
                             : mine ? GEOSUnion_r(h, held, part)
                                    : GEOSDifference_r(h, held, part);
        GEOSGeom_destroy_r(h, part);
        if (!next) continue; /* a robustness failure: keep what we had */
        if (held) GEOSGeom_destroy_r(h, held);
        held = next;
    }
    if (held && GEOSisEmpty_r(h, held) == 1) {
        GEOSGeom_destroy_r(h, held);
        held = NULL;
    }
    return held;
}

/* The farthest any vertex of the area lies from the seed (sampling at most
** ~400 vertices: the area is drawn from them, so this is its reach). */
static double reach_of(fm_geos *gc, const fm_path *area, const GEOSGeometry *seed)
{
    GEOSContextHandle_t h = gc->h;
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(h, seed);
    if (!prep) return 0;
    int total = 0;
    for (int i = 0; i < area->nparts; i++) total += area->counts[i];
    int every = total > 400 ? total / 400 : 1;
    double reach = 0;
    for (int i = 0; i < total; i += every) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, area->xy[2 * i], area->xy[2 * i + 1]);
        double d;
        if (pt && GEOSPreparedDistance_r(h, prep, pt, &d) == 1 && d > reach) reach = d;
        if (pt) GEOSGeom_destroy_r(h, pt);
    }
    GEOSPreparedGeom_destroy_r(h, prep);
    return reach;
}

static int add_item(fm_tween *tw, tween_item item)
{
    tween_item *grown = fm_grow(tw->items, &tw->cap, tw->n + 1, sizeof *grown, NULL);
    if (!grown) return -1;
    tw->items = grown;
    tw->items[tw->n++] = item;
    return 0;
}

fm_tween *tween_new(const fm_scene *s, fm_day before, fm_day after, int control_source,
                    const char *controller_field, fm_geos *gc, fm_error *err)
{
    fm_tween *tw = calloc(1, sizeof *tw);
    if (!tw) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    for (int k = 0; k < s->style->nsources; k++) {
        const fm_layer *layer = s->layers[k];
        if (!layer || !layer->dated) continue;
        int field = k == control_source && controller_field
                        ? layer_field_index(layer, controller_field)
                        : -1;
        for (int i = 0; i < layer->nfeatures; i++) {
            const fm_feature *f = &layer->features[i];
            if (f->kind == FM_GEOM_POINT || f->from <= before || f->from > after) continue;
            if (!layer_feature_at(f, after)) continue;
            tween_item item = { k, f, 0, NULL, 0, NULL, 0, 0 };
            const char *holder = f->kind == FM_GEOM_POLYGON ? feature_text(f, field) : NULL;
            if (holder && f->geom && before != FM_DAY_MIN) {
                double x0, y0, x1, y1;
                GEOSGeom_getXMin_r(gc->h, f->geom, &x0);
                GEOSGeom_getYMin_r(gc->h, f->geom, &y0);
                GEOSGeom_getXMax_r(gc->h, f->geom, &x1);
                GEOSGeom_getYMax_r(gc->h, f->geom, &y1);
                /* The seed only matters within the area's reach, so look
                ** a little beyond its bounding box and no further. */
                double m = 0.1 * fmax(x1 - x0, y1 - y0) + 1000;
                GEOSGeometry *seed =
                    held_near(gc, layer, field, holder, before, x0 - m, y0 - m, x1 + m, y1 + m);
                if (seed) {
                    item.reach = reach_of(gc, &f->path, seed);
                    item.seed_wkb = to_wkb(gc, seed, &item.seed_size);
                    item.area_wkb = to_wkb(gc, f->geom, &item.area_size);
                    item.grow = item.reach > 0 && item.seed_wkb && item.area_wkb;
                    GEOSGeom_destroy_r(gc->h, seed);
                    if (!item.grow) {
                        free(item.seed_wkb);
                        free(item.area_wkb);
                        item.seed_wkb = item.area_wkb = NULL;
                    }
                }
            }
            if (add_item(tw, item)) {
                free(item.seed_wkb);
                free(item.area_wkb);
                tween_free(tw);
                fm_error_set(err, "out of memory");
                return NULL;
            }
        }
    }
    return tw;
}

void tween_free(fm_tween *tw)
{
    if (!tw) return;
    for (int i = 0; i < tw->n; i++) {
        free(tw->items[i].seed_wkb);
        free(tw->items[i].area_wkb);
    }
    free(tw->items);
    free(tw);
}

int tween_count(const fm_tween *tw)
{
    return tw ? tw->n : 0;
}

double tween_ease(double t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return t * t * (3 - 2 * t);
}

static int grown_path(const tween_item *it, double t, fm_geos *gc, fm_path *out, fm_error *err)
{
    GEOSContextHandle_t h = gc->h;
    GEOSGeometry *area = geom_from_wkb(gc, it->area_wkb, it->area_size, err);
    GEOSGeometry *seed = area ? geom_from_wkb(gc, it->seed_wkb, it->seed_size, err) : NULL;
    if (!seed) {
        if (area) GEOSGeom_destroy_r(h, area);
        return -1;
    }
    GEOSGeometry *reach = GEOSBuffer_r(h, seed, t * it->reach * 1.01, 6);
    GEOSGeometry *part = reach ? GEOSIntersection_r(h, area, reach) : NULL;
    GEOSGeometry *poly = part ? geom_keep_kind(gc, part, FM_GEOM_POLYGON) : NULL;
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (!reach || !part)
        rc = fm_error_set(err, "growing a changed area failed: %s", gc->last_error);
    else if (poly && GEOSisEmpty_r(h, poly) != 1) rc = geom_to_path(gc, poly, out, err);
    if (poly) GEOSGeom_destroy_r(h, poly);
    if (part) GEOSGeom_destroy_r(h, part);
    if (reach) GEOSGeom_destroy_r(h, reach);
    GEOSGeom_destroy_r(h, seed);
    GEOSGeom_destroy_r(h, area);
    return rc;
}

int tween_frame(const fm_tween *tw, double t, fm_geos *gc, fm_render_extra *extras, fm_path *paths,
                int *nextras, fm_error *err)
{
    *nextras = 0;
    if (tw) memset(paths, 0, sizeof *paths * (size_t)tw->n);
    double e = tween_ease(t);
    for (int i = 0; tw && i < tw->n; i++) {
        const tween_item *it = &tw->items[i];
        fm_render_extra *x = &extras[*nextras];
        x->source = it->source;
        x->feature = it->feature;
        x->path = NULL;
        x->opacity = e;
        if (it->grow) {
            fm_path *p = &paths[*nextras];
            if (grown_path(it, e, gc, p, err)) return -1;
            if (p->nparts == 0) {
                path_free(p);
                continue;
            }
            x->path = p;
            x->opacity = 1;
        }
        (*nextras)++;
    }
    return 0;
}
