/*
** test_render.c -- end to end through the library: load the synthetic test
** scene (tests/data), draw dates, and check pixels where features project.
*/
#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "pixel.h"
#include "map/output.h"
#include "map/render.h"
#include "map/label.h"
#include "map/scene.h"

typedef struct rgb {
    int r, g, b;
} rgb;

static fm_scene *load_test_scene(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/scene.json";
    fm_scene *s = scene_load(&opt, &err);
    if (!s) fprintf(stderr, "scene_load: %s\n", err.msg);
    return s;
}

/* Draw a date into an image and read the colour at lon/lat. */
static rgb pixel_at(fm_scene *s, const char *date, double lon, double lat)
{
    fm_date d;
    fm_error err;
    rgb out = { -1, -1, -1 };
    if (fm_date_parse(date, &d, &err)) return out;
    cairo_surface_t *surf =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, s->view.width, s->view.height);
    cairo_t *cr = cairo_create(surf);
    fm_render_options ro = { .date = d.first, .caption = 0, .attribution = 0 };
    if (render_map(cr, s, &ro, NULL, &err)) {
        fprintf(stderr, "render_map: %s\n", err.msg);
    } else {
        uint32_t v = pixel_at_lonlat(s, surf, lon, lat);
        out.r = (v >> 16) & 255;
        out.g = (v >> 8) & 255;
        out.b = v & 255;
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    return out;
}

#define CHECK_RGB(c, R, G, B)                                                                      \
    do {                                                                                           \
        CHECK_INT((c).r, R);                                                                       \
        CHECK_INT((c).g, G);                                                                       \
        CHECK_INT((c).b, B);                                                                       \
    } while (0)

/* The polygon "a" is red until 1993-07-22 inclusive; "b" (blue) takes over
** on 1993-07-23: the half-open interval at both of its ends. */
static void test_feature_valid_one_day_gone_the_next(void)
{
    fm_scene *s = load_test_scene();
    CHECK(s != NULL);
    if (!s) return;
    CHECK_RGB(pixel_at(s, "1993-07-22", 46.6, 39.9), 255, 0, 0);
    CHECK_RGB(pixel_at(s, "1993-07-23", 46.6, 39.9), 0, 0, 255);
    CHECK_RGB(pixel_at(s, "2023-01-01", 46.6, 39.9), 0, 0, 255);
    /* Before "a" starts: background. */
    CHECK_RGB(pixel_at(s, "1992-12-31", 46.6, 39.9), 255, 255, 255);
    scene_free(s);
}

/* Reduced precision: "c" runs from 1992 (= 1992-01-01) to 1994-05
** (exclusive, = 1994-05-01). */
static void test_reduced_precision_bounds(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    CHECK_RGB(pixel_at(s, "1991-12-31", 46.2, 39.67), 255, 255, 255);
    CHECK_RGB(pixel_at(s, "1992-01-01", 46.2, 39.67), 0, 255, 0);
    CHECK_RGB(pixel_at(s, "1994-04-30", 46.2, 39.67), 0, 255, 0);
    CHECK_RGB(pixel_at(s, "1994-05-01", 46.2, 39.67), 255, 255, 255);
    scene_free(s);
}

/* A dated line: drawn from its first day, and a point away from every
** feature stays background. */
static void test_dated_line(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    /* Midpoint of the straight lon/lat segment is close to, not exactly on,
    ** the projected line; look along the projected segment instead. */
    fm_error err;
    fm_transform *t = projection_transform_from(s->proj, NULL, &err);
    double x[2] = { 46.4, 47.1 }, y[2] = { 39.52, 39.62 };
    transform_points(t, x, y, 2);
    double mx = (x[0] + x[1]) / 2, my = (y[0] + y[1]) / 2;
    transform_points_inverse(t, &mx, &my, 1);
    transform_free(t);
    CHECK_RGB(pixel_at(s, "1994-05-12", mx, my), 0, 0, 0);
    CHECK_RGB(pixel_at(s, "1994-05-11", mx, my), 255, 255, 255);
    CHECK_RGB(pixel_at(s, "2020-09-27", mx, my), 255, 255, 255);
    scene_free(s);
}

/* line-offset moves the stroke to the right of the line's direction: the
** line runs east-north-east, so on screen its right is below it. */
static void test_line_offset(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/offset.json";
    fm_scene *s = scene_load(&opt, &err);
    CHECK(s != NULL);
    if (!s) return;
    fm_transform *t = projection_transform_from(s->proj, NULL, &err);
    double x = 46.75, y = 39.57;
    transform_points(t, &x, &y, 1);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
    cairo_t *cr = cairo_create(surf);
    fm_render_options ro = { .date = fm_day_from_ymd(2000, 1, 1) };
    CHECK(render_map(cr, s, &ro, NULL, &err) == 0);
    cairo_surface_flush(surf);
    unsigned char *data = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    int px = (int)view_px_x(&s->view, x), py = (int)view_px_y(&s->view, y);
    /* On the line itself: nothing; about 12 px below: the stroke. */
    int dark_on = 0, dark_below = 0;
    for (int dy = -1; dy <= 1; dy++) dark_on |= (data[(py + dy) * stride + 4 * px + 1] < 128);
    for (int dy = 9; dy <= 15; dy++) dark_below |= (data[(py + dy) * stride + 4 * px + 1] < 128);
    CHECK(!dark_on);
    CHECK(dark_below);
    transform_free(t);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    scene_free(s);
}

static int has_label(const fm_render_result *r, const char *text)
{
    for (int i = 0; i < r->nlabels; i++)
        if (strcmp(r->labels[i].text, text) == 0) return 1;
    return 0;
}

static void render_labels(fm_scene *s, fm_render_result *r)
{
    fm_error err;
    cairo_surface_t *surf =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, s->view.width, s->view.height);
    cairo_t *cr = cairo_create(surf);
    fm_render_options ro = { .date = fm_day_from_ymd(1994, 5, 12), .caption = 1, .attribution = 1 };
    if (render_map(cr, s, &ro, r, &err)) fprintf(stderr, "%s\n", err.msg);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* Labels follow --lang, falling back to English where a name is missing. */
static void test_labels_in_each_language(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/scene.json";
    const char *langs[] = { "en", "az", "hy", "ru" };
    const char *expect[] = { "Testville", "Təstşəhər", "Թեստավան", "Тестоград" };
    for (int i = 0; i < 4; i++) {
        opt.lang = langs[i];
        fm_scene *s = scene_load(&opt, &err);
        CHECK(s != NULL);
        if (!s) continue;
        fm_render_result r;
        render_labels(s, &r);
        CHECK(has_label(&r, expect[i]));
        /* Otherton has no Azerbaijani or Russian name: English stands in. */
        if (i == 1 || i == 3) CHECK(has_label(&r, "Otherton"));
        if (i == 2) CHECK(has_label(&r, "Այլավան"));
        render_result_free(&r);
        scene_free(s);
    }
}

/* Placed labels never overlap each other: their whole boxes, not only
** their corners, are apart. Six places a few pixels apart
** (data/crowded-scene.json): some labels must give way. */
static void test_labels_do_not_overlap(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/crowded-scene.json";
    fm_scene *s = scene_load(&opt, &err);
    if (!s) {
        fprintf(stderr, "scene_load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    fm_render_result r;
    render_labels(s, &r);
    CHECK(r.nlabels >= 2);
    CHECK(r.nlabels < 6);
    for (int i = 0; i < r.nlabels; i++) {
        fm_box a = r.labels[i].box;
        CHECK(a.x1 > a.x0 && a.y1 > a.y0);
        for (int j = i + 1; j < r.nlabels; j++) {
            fm_box b = r.labels[j].box;
            CHECK(!(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1));
        }
    }
    render_result_free(&r);
    scene_free(s);
}

/* text-transform maps the whole label, not only its ASCII letters, and
** once: the label drawn is what style_eval_text gives (Azerbaijani ə, ş
** and Armenian letters change case too). */
static void test_text_transform_is_unicode(void)
{
    const char *scenes[] = { "data/transform-upper.json", "data/transform-lower.json" };
    const char *expect[] = { "TƏSTŞƏHƏR", "թեստավան" };
    for (int i = 0; i < 2; i++) {
        fm_scene_options opt = { 0 };
        fm_error err;
        opt.scene_path = scenes[i];
        fm_scene *s = scene_load(&opt, &err);
        CHECK(s != NULL);
        if (!s) {
            fprintf(stderr, "%s\n", err.msg);
            continue;
        }
        fm_render_result r;
        render_labels(s, &r);
        CHECK(has_label(&r, expect[i]));
        render_result_free(&r);
        scene_free(s);
    }
}

/* A fading label fades its halo too: an extra drawn at 30% opacity has a
** halo at 30% (its white halo used to be drawn opaque). */
static void test_faded_label_fades_its_halo(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    int places = -1, labels = -1;
    for (int i = 0; i < s->style->nsources; i++)
        if (strcmp(s->style->sources[i].id, "places") == 0) places = i;
    for (int i = 0; i < s->style->nlayers; i++)
        if (strcmp(s->style->layers[i].id, "place-labels") == 0) labels = i;
    CHECK(places >= 0 && labels >= 0 && s->layers[places]);
    if (places < 0 || labels < 0 || !s->layers[places]) {
        scene_free(s);
        return;
    }
    /* Testville again, at the middle of the map, away from its own label. */
    fm_feature moved = s->layers[places]->features[0];
    moved.label_x = (s->view.minx + s->view.maxx) / 2;
    moved.label_y = (s->view.miny + s->view.maxy) / 2 - 40 / s->view.scale;
    fm_render_extra extra = { .source = places, .feature = &moved, .path = NULL, .opacity = 0.3 };
    cairo_surface_t *surf =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, s->view.width, s->view.height);
    cairo_t *cr = cairo_create(surf);
    fm_render_options ro = { .date = fm_day_from_ymd(1994, 5, 12),
                             .layer_from = labels,
                             .layer_to = labels + 1,
                             .extras = &extra,
                             .nextras = 1 };
    fm_render_result r;
    fm_error err;
    CHECK(render_map(cr, s, &ro, &r, &err) == 0);
    cairo_surface_flush(surf);
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf), found = 0, max_alpha = 0, white = 0;
    double cx = view_px_x(&s->view, moved.label_x), cy = view_px_y(&s->view, moved.label_y);
    for (int i = 0; i < r.nlabels; i++) {
        const fm_box *b = &r.labels[i].box;
        if (cx < b->x0 - 30 || cx > b->x1 + 30 || cy < b->y0 - 30 || cy > b->y1 + 30) continue;
        found = 1;
        for (int y = (int)fmax(0, b->y0); y < (int)fmin(s->view.height, b->y1); y++)
            for (int x = (int)fmax(0, b->x0); x < (int)fmin(s->view.width, b->x1); x++) {
                uint32_t v = *(const uint32_t *)(data + y * stride + 4 * x);
                int a = (int)(v >> 24), red = (int)(v >> 16) & 255, blue = (int)v & 255;
                if (a > max_alpha) max_alpha = a;
                /* Premultiplied white at the halo's own 30%. */
                if (a > 60 && red == a && blue == a) white = 1;
            }
    }
    CHECK(found);
    CHECK(max_alpha > 0);
    /* Text over halo, both at 30%: 1 - 0.7 * 0.7 = 51% at most. */
    CHECK(max_alpha <= (int)(0.51 * 255) + 2);
    CHECK(white);
    render_result_free(&r);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    scene_free(s);
}

static void test_unknown_language_is_an_error(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/scene.json";
    opt.lang = "fr";
    CHECK(scene_load(&opt, &err) == NULL);
    CHECK_CONTAINS(err.msg, "unknown language \"fr\"");
}

/* A label no installed font can draw fails, naming the label. U+E000 is a
** private-use character no standard font carries. */
static void test_missing_glyph_is_an_error(void)
{
    fm_text_style st = { "Noto Sans Regular", 12, { 0, 0, 0, 1 }, { 1, 1, 1, 1 }, 0, 0, 0 };
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create(surf);
    fm_error err;
    fm_text *ok = text_new(cr, "Şuşa Շուշի Шуша Xankəndi", &st, &err);
    CHECK(ok != NULL);
    text_free(ok);
    fm_text *bad = text_new(cr, "Bad\xee\x80\x80name", &st, &err);
    CHECK(bad == NULL);
    CHECK_CONTAINS(err.msg, "label \"Bad");
    CHECK_CONTAINS(err.msg, "no glyph");
    text_free(bad);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* The view keeps map units square and covers the requested box. */
static void test_view_fit(void)
{
    fm_scene *s = load_test_scene();
    if (!s) {
        CHECK(0);
        return;
    }
    CHECK_INT(s->view.width, 400);
    CHECK_INT(s->view.height, 300);
    CHECK_NEAR((s->view.maxx - s->view.minx) / (s->view.maxy - s->view.miny), 400.0 / 300, 1e-9);
    fm_error err;
    fm_transform *t = projection_transform_from(s->proj, NULL, &err);
    double x[2] = { 46.0, 47.2 }, y[2] = { 39.5, 40.3 };
    transform_points(t, x, y, 2);
    transform_free(t);
    CHECK(x[0] >= s->view.minx && x[1] <= s->view.maxx);
    CHECK(y[0] >= s->view.miny && y[1] <= s->view.maxy);
    scene_free(s);
}

/* Geodesic distance against PROJ's geod -I on WGS84. */
static void test_geodesic_distance(void)
{
    /* One degree of longitude at 40N on WGS84: 85,393.409 m (PROJ geod). */
    CHECK_NEAR(geodesic_distance(46, 40, 47, 40), 85393.409, 0.01);
    /* One degree of latitude from 39.5 to 40.5 N: 111,034.638 m. */
    CHECK_NEAR(geodesic_distance(46, 39.5, 46, 40.5), 111034.638, 0.01);
}

int main(void)
{
    RUN(test_feature_valid_one_day_gone_the_next);
    RUN(test_reduced_precision_bounds);
    RUN(test_dated_line);
    RUN(test_line_offset);
    RUN(test_labels_in_each_language);
    RUN(test_labels_do_not_overlap);
    RUN(test_text_transform_is_unicode);
    RUN(test_faded_label_fades_its_halo);
    RUN(test_unknown_language_is_an_error);
    RUN(test_missing_glyph_is_an_error);
    RUN(test_view_fit);
    RUN(test_geodesic_distance);
    return CHECK_REPORT();
}
