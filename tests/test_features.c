/*
** test_features.c -- the one walk over a style layer's features: the
** features in force on a date with the filter applied, extras, and that
** drawing, counting and the frame key all see the same features.
*/
#include <cairo.h>
#include <stdlib.h>

#include "check.h"
#include "map/features.h"
#include "map/framekey.h"
#include "map/render.h"
#include "map/scene.h"

static fm_scene *load_test_scene(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/scene.json";
    fm_scene *s = scene_load(&opt, &err);
    if (!s) fprintf(stderr, "scene_load: %s\n", err.msg);
    return s;
}

static int layer_index(const fm_scene *s, const char *id)
{
    for (int i = 0; i < s->style->nlayers; i++)
        if (strcmp(s->style->layers[i].id, id) == 0) return i;
    return -1;
}

/* The ids ("a", "b", ...) of the features the iterator visits, joined. */
static void visited_ids(const fm_scene *s, const char *layer_id, const fm_render_options *opt,
                        char *out, size_t size)
{
    const fm_style_layer *sl = &s->style->layers[layer_index(s, layer_id)];
    const fm_layer *layer = scene_layer_for(s, sl);
    int field = layer_field_index(layer, "id");
    fm_map_state ms;
    map_state_init(&ms, s, opt);
    fm_feature_iter it;
    feature_iter_init(&it, s, sl, opt, &ms.ctx);
    out[0] = 0;
    while (feature_iter_next(&it)) {
        const fm_value *v = &it.feature->values[field];
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s", v->type == FM_VAL_STRING ? v->string : "?");
        CHECK(ms.ctx.props != NULL);
    }
    CHECK(ms.ctx.props == NULL);
}

/* "a" ends where "b" starts (1993-07-23); "c" runs 1992 to 1994-05. */
static void test_features_in_force(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    char ids[32];
    fm_render_options opt = { .date = fm_day_from_ymd(1993, 7, 22) };
    visited_ids(s, "areas", &opt, ids, sizeof ids);
    CHECK_STR(ids, "ac");
    opt.date = fm_day_from_ymd(1993, 7, 23);
    visited_ids(s, "areas", &opt, ids, sizeof ids);
    CHECK_STR(ids, "bc");
    opt.date = fm_day_from_ymd(1991, 1, 1);
    visited_ids(s, "areas", &opt, ids, sizeof ids);
    CHECK_STR(ids, "");
    scene_free(s);
}

static int count(const fm_scene *s, int index, const fm_render_options *opt, double *opacity)
{
    fm_map_state ms;
    map_state_init(&ms, s, opt);
    fm_feature_iter it;
    feature_iter_init(&it, s, &s->style->layers[index], opt, &ms.ctx);
    int n = 0;
    while (feature_iter_next(&it)) {
        n++;
        if (opacity && it.feature_index < 0) *opacity = it.opacity;
    }
    return n;
}

/* The layer's filter applies (only the "front" line), and an extra is
** visited by the layers of its own source only, with its opacity. */
static void test_filter_and_extras(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    int front = layer_index(s, "front"), dots = layer_index(s, "place-dots");
    int labels = layer_index(s, "place-labels"), areas = layer_index(s, "areas");
    fm_render_options opt = { .date = fm_day_from_ymd(1994, 5, 12) };
    CHECK_INT(count(s, front, &opt, NULL), 1);
    opt.date = fm_day_from_ymd(1994, 5, 11);
    CHECK_INT(count(s, front, &opt, NULL), 0);
    const fm_layer *places = scene_layer_for(s, &s->style->layers[dots]);
    int source = -1;
    for (int k = 0; k < s->style->nsources; k++)
        if (s->layers[k] == places) source = k;
    fm_render_extra extra = { .source = source, .feature = &places->features[0], .opacity = 0.25 };
    opt.extras = &extra;
    opt.nextras = 1;
    double op = 0;
    CHECK_INT(count(s, dots, &opt, &op), places->nfeatures + 1);
    CHECK_NEAR(op, 0.25, 1e-12);
    CHECK_INT(count(s, labels, &opt, NULL), places->nfeatures + 1);
    CHECK_INT(count(s, areas, &opt, NULL), 1);
    scene_free(s);
}

/* What render_map draws per layer is what the iterator visits and what
** render_count counts, on dates before, at and after changes. */
static void test_drawing_counting_agree(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    int y[][3] = {
        { 1991, 6, 1 }, { 1993, 7, 22 }, { 1993, 7, 23 }, { 1994, 5, 12 }, { 2021, 1, 1 }
    };
    for (size_t d = 0; d < sizeof y / sizeof *y; d++) {
        fm_render_options opt = { .date = fm_day_from_ymd(y[d][0], y[d][1], y[d][2]) };
        cairo_surface_t *surf =
            cairo_image_surface_create(CAIRO_FORMAT_ARGB32, s->view.width, s->view.height);
        cairo_t *cr = cairo_create(surf);
        fm_render_result r;
        fm_error err;
        CHECK_INT(render_map(cr, s, &opt, &r, &err), 0);
        int *counts = calloc((size_t)s->style->nlayers, sizeof *counts);
        render_count(s, &opt, counts);
        int total = 0;
        for (int i = 0; i < s->style->nlayers; i++) {
            int visited =
                s->style->layers[i].type == FM_LAYER_BACKGROUND ? 0 : count(s, i, &opt, NULL);
            CHECK_INT(r.layer_features[i], visited);
            CHECK_INT(counts[i], visited);
            total += visited;
        }
        CHECK_INT(r.nfeatures_drawn, total);
        free(counts);
        render_result_free(&r);
        cairo_destroy(cr);
        cairo_surface_destroy(surf);
    }
    scene_free(s);
}

/* The frame key changes with what is drawn, and only with it (the shapes
** below the labels: the labels' text reads the global state, so their
** layer hashes the date). */
static void test_frame_key(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    int labels = layer_index(s, "place-labels");
    fm_render_options a = { .date = fm_day_from_ymd(1993, 8, 1), .layer_to = labels };
    fm_render_options b = a, c = a;
    b.date = fm_day_from_ymd(1993, 8, 2);
    c.date = fm_day_from_ymd(1993, 7, 22);
    CHECK(render_key(s, &a) == render_key(s, &b));
    CHECK(render_key(s, &a) != render_key(s, &c));
    /* With the labels: the date itself is drawn. */
    a.layer_to = b.layer_to = 0;
    CHECK(render_key(s, &a) != render_key(s, &b));
    scene_free(s);
}

int main(void)
{
    RUN(test_features_in_force);
    RUN(test_filter_and_extras);
    RUN(test_drawing_counting_agree);
    RUN(test_frame_key);
    return CHECK_REPORT();
}
