/*
** test_legend.c -- the legend (map/legend.h) on data/legend-scene.json:
** only what the maps drew on their dates is listed ("where" items checked
** against the features in force), labels in the map's language with
** English standing in, markers added by the caller, swatches drawn with
** the layer's own paint, and the height shrinking with more columns.
*/
#include "map/legend.h"
#include "map/render.h"
#include "check.h"

#include <stdint.h>

static fm_scene *scene;

#define D(y, m, d) fm_day_from_ymd(y, m, d)

/* Layers of data/legend-scene.json. */
enum { L_BG, L_AREAS, L_FRONT, L_DOTS, L_QUIET, L__COUNT };

static int has(const fm_legend *lg, const char *label)
{
    for (int i = 0; i < legend_count(lg); i++)
        if (strcmp(legend_label(lg, i), label) == 0) return 1;
    return 0;
}

/* Every layer drew something on each of the n dates. */
static fm_legend *legend_for(const fm_day *dates, int n, const char *lang, const int *drawn)
{
    static int rows[4][L__COUNT];
    const int *counts[4];
    for (int d = 0; d < n; d++) {
        memcpy(rows[d], drawn, sizeof rows[d]);
        counts[d] = rows[d];
    }
    fm_error err = { 0 };
    fm_legend *lg = legend_new(scene, dates, counts, n, lang, &err);
    if (!lg) fprintf(stderr, "legend_new: %s\n", err.msg);
    return lg;
}

static const int all_drawn[L__COUNT] = { 1, 3, 1, 2, 2 };

/* "where" items: listed only when such a feature is in force on a date. */
static void test_items_follow_the_dates(void)
{
    fm_day june = D(1993, 6, 1), august = D(1993, 8, 1);
    fm_legend *lg = legend_for(&june, 1, "en", all_drawn);
    CHECK(lg != NULL);
    if (!lg) return;
    CHECK(has(lg, "Red side"));   /* red: 1993-01-01 .. 1993-07-23 */
    CHECK(!has(lg, "Blue side")); /* blue: from 1993-07-23 */
    CHECK(has(lg, "Green side"));
    CHECK(!has(lg, "Never drawn"));
    CHECK(has(lg, "Front line")); /* a plain label: the layer drew */
    CHECK(has(lg, "Town"));
    CHECK_INT(legend_count(lg), 4);
    /* Style order: the areas' items, then the line, then the dots. */
    if (legend_count(lg) == 4) {
        CHECK_STR(legend_label(lg, 0), "Red side");
        CHECK_STR(legend_label(lg, 1), "Green side");
        CHECK_STR(legend_label(lg, 2), "Front line");
        CHECK_STR(legend_label(lg, 3), "Town");
    }
    legend_free(lg);

    lg = legend_for(&august, 1, "en", all_drawn);
    if (!lg) {
        CHECK(0);
        return;
    }
    CHECK(!has(lg, "Red side"));
    CHECK(has(lg, "Blue side"));
    legend_free(lg);

    /* Small multiples: one legend for both dates lists both. */
    fm_day both[2] = { june, august };
    lg = legend_for(both, 2, "en", all_drawn);
    if (!lg) {
        CHECK(0);
        return;
    }
    CHECK(has(lg, "Red side") && has(lg, "Blue side") && has(lg, "Green side"));
    legend_free(lg);
}

/* A layer that drew nothing on any map is left out. */
static void test_undrawn_layers_are_left_out(void)
{
    fm_day june = D(1993, 6, 1);
    int drawn[L__COUNT] = { 1, 0, 0, 2, 2 };
    fm_legend *lg = legend_for(&june, 1, "en", drawn);
    if (!lg) {
        CHECK(0);
        return;
    }
    CHECK_INT(legend_count(lg), 1);
    CHECK(has(lg, "Town"));
    legend_free(lg);
}

/* What render_count says was drawn decides, as in a real figure. */
static void test_counts_from_the_renderer(void)
{
    fm_day d = D(1994, 6, 1);
    int counts[L__COUNT] = { 0 };
    fm_render_options ro = { .date = d };
    render_count(scene, &ro, counts);
    CHECK(counts[L_FRONT] > 0); /* the front: 1994-05-12 .. 2020 */
    const int *rows[1] = { counts };
    fm_error err = { 0 };
    fm_legend *lg = legend_new(scene, &d, rows, 1, "en", &err);
    if (!lg) {
        CHECK(0);
        return;
    }
    CHECK(has(lg, "Blue side"));
    CHECK(!has(lg, "Red side"));
    CHECK(!has(lg, "Green side")); /* green ended with April 1994 */
    CHECK(has(lg, "Front line"));
    legend_free(lg);

    d = D(1993, 6, 1);
    memset(counts, 0, sizeof counts);
    ro.date = d;
    render_count(scene, &ro, counts);
    CHECK_INT(counts[L_FRONT], 0);
    lg = legend_new(scene, &d, rows, 1, "en", &err);
    if (!lg) {
        CHECK(0);
        return;
    }
    CHECK(!has(lg, "Front line"));
    legend_free(lg);
}

static void test_labels_in_the_language(void)
{
    fm_day june = D(1993, 6, 1);
    fm_legend *lg = legend_for(&june, 1, "hy", all_drawn);
    if (!lg) {
        CHECK(0);
        return;
    }
    CHECK(has(lg, "Կարմիր կողմ"));
    CHECK(has(lg, "Առաջնագիծ"));
    CHECK(has(lg, "Green side")); /* a plain string in every language */
    CHECK(has(lg, "Town"));       /* no Armenian: English */
    CHECK(!has(lg, "Red side"));
    legend_free(lg);
}

static void test_markers_are_added_last(void)
{
    fm_day june = D(1993, 6, 1);
    fm_legend *lg = legend_for(&june, 1, "en", all_drawn);
    if (!lg) {
        CHECK(0);
        return;
    }
    int n = legend_count(lg);
    fm_color fill = { 1, 0.5, 0, 1 }, ring = { 1, 1, 1, 1 };
    CHECK_INT(legend_add_marker(lg, "Event", fill, ring, 6), 0);
    CHECK_INT(legend_count(lg), n + 1);
    CHECK_STR(legend_label(lg, n), "Event");
    legend_free(lg);
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    return *(const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s) + 4 * x);
}

/* Swatches in the layer's paint for the item's values: the red side's
** swatch is red, the green side's green, whatever the layer's match. */
static void test_swatches_and_layout(void)
{
    fm_day june = D(1993, 6, 1);
    fm_legend *lg = legend_for(&june, 1, "en", all_drawn);
    if (!lg) {
        CHECK(0);
        return;
    }
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 300, 200);
    cairo_t *cr = cairo_create(surf);
    fm_error err = { 0 };
    double h1 = 0, h2 = 0;
    CHECK_INT(legend_measure(cr, lg, 300, 1, 10, &h1, &err), 0);
    CHECK_INT(legend_measure(cr, lg, 300, 2, 10, &h2, &err), 0);
    CHECK(h1 > 4 * 10);              /* four rows of at least the swatch */
    CHECK(h2 > 0 && h2 < h1 * 0.75); /* two columns: about half */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    CHECK_INT(legend_draw(cr, lg, 0, 0, 300, 1, 10, &err), 0);
    /* Rows are h1/4 high or so: sample the swatch centres (x = 11, the
    ** middle of the 22 px swatch) at each row's middle. */
    double row = (h1 + 4.5) / 4; /* row_gap (0.45 * size) after each */
    uint32_t red = pixel(surf, 11, (int)(row * 0.5 - 2.25));
    uint32_t green = pixel(surf, 11, (int)(row * 1.5 - 2.25));
    uint32_t line = pixel(surf, 11, (int)(row * 2.5 - 2.25));
    CHECK_INT(red, 0xffff0000u);
    CHECK_INT(green, 0xff00ff00u);
    CHECK_INT(line, 0xff000000u);
    /* Text beside the swatches: some dark ink right of x = 28. */
    int ink = 0;
    for (int y = 0; y < (int)h1; y++)
        for (int x = 30; x < 120; x++) ink += (pixel(surf, x, y) & 0xff) < 100;
    CHECK(ink > 50);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    legend_free(lg);
}

int main(void)
{
    fm_scene_options opt = { 0 };
    fm_error err = { 0 };
    opt.scene_path = "data/legend-scene.json";
    scene = scene_load(&opt, &err);
    if (!scene) {
        fprintf(stderr, "scene_load: %s\n", err.msg);
        return 1;
    }
    if (scene->style->nlayers != L__COUNT) {
        fprintf(stderr, "unexpected layers\n");
        return 1;
    }
    RUN(test_items_follow_the_dates);
    RUN(test_undrawn_layers_are_left_out);
    RUN(test_counts_from_the_renderer);
    RUN(test_labels_in_the_language);
    RUN(test_markers_are_added_last);
    RUN(test_swatches_and_layout);
    legend_free(NULL);
    scene_free(scene);
    return CHECK_REPORT();
}
