/*
** test_figure.c -- the parts of a print figure that can be measured: the
** label placer on crowded input, the scale bar against geodesic distances,
** the north arrow against the projection's meridian convergence, seed
** citations, page sizes, the figure's options check, and the page layout
** (figure_layout_compute on made-up measures: boxes inside the page, apart
** from each other, panels of one size, on portrait and landscape pages).
*/
#include <cairo.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "print/callout.h"
#include "check.h"
#include "record/citation.h"
#include "print/figure.h"
#include "print/furniture.h"
#include "print/layout.h"
#include "map/label.h"
#include "map/placer.h"
#include "map/render.h"
#include "map/scene.h"

static int overlap(fm_box a, fm_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* A deterministic pseudo-random stream (the test must not flake). */
static unsigned rnd_state = 12345;
static double rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (double)((rnd_state >> 8) & 0xffff) / 65536.0;
}

/* 2000 labels around random points in a small frame: whatever is placed
** never overlaps anything else placed, nor the reserved box. */
static void test_placer_crowded(void)
{
    fm_placer *p = placer_new(300, 200);
    fm_box reserved = { 200, 0, 300, 70 };
    placer_add(p, reserved);
    fm_box placed[2000];
    int n = 0, positions[FM_AROUND__COUNT] = { 0 };
    for (int i = 0; i < 2000; i++) {
        double x = rnd() * 300, y = rnd() * 200, w = 20 + rnd() * 40, h = 9 + rnd() * 4;
        fm_box b;
        int pos = placer_place_around(p, x, y, w, h, 4, 1, FM_AROUND_RIGHT, &b, NULL);
        if (pos < 0) continue;
        positions[pos]++;
        placed[n++] = b;
        CHECK(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= 300 && b.y1 <= 200);
    }
    CHECK(n > 20);
    CHECK(n < 2000); /* crowded: most are dropped */
    int bad = 0;
    for (int i = 0; i < n; i++) {
        bad += overlap(placed[i], reserved);
        for (int j = i + 1; j < n; j++) bad += overlap(placed[i], placed[j]);
    }
    CHECK_INT(bad, 0);
    /* The other seven positions are used, not only the preferred one. */
    int used = 0;
    for (int k = 0; k < FM_AROUND__COUNT; k++) used += positions[k] > 0;
    CHECK_INT(used, FM_AROUND__COUNT);
    placer_free(p);
}

static const char *tmp_dir(void)
{
    const char *t = getenv("FRONTMAP_TMP");
    if (!t) t = "/tmp";
    mkdir(t, 0755);
    return t;
}

static double crowded_lon[300], crowded_lat[300];

/* The renderer on 300 places crowded into the test frame, with a box
** reserved for a legend: no two drawn labels overlap, none enters the
** reserved box or leaves the frame, and many are dropped. */
static void test_render_crowded_labels(void)
{
    char places[4096], scene_path[4096];
    snprintf(places, sizeof places, "%s/crowded.geojson", tmp_dir());
    snprintf(scene_path, sizeof scene_path, "%s/crowded.json", tmp_dir());
    FILE *fp = fopen(places, "w");
    CHECK(fp != NULL);
    if (!fp) return;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", fp);
    for (int i = 0; i < 300; i++) {
        crowded_lon[i] = 46.0 + rnd() * 1.2;
        crowded_lat[i] = 39.5 + rnd() * 0.8;
        fprintf(fp,
                "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"Place %d\",\"rank\":%d},"
                "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]}}",
                i ? "," : "", i, i % 5, crowded_lon[i], crowded_lat[i]);
    }
    fputs("]}\n", fp);
    fclose(fp);
    fp = fopen(scene_path, "w");
    if (!fp) {
        CHECK(0);
        return;
    }
    fprintf(fp, "{\"version\":8,\"metadata\":{\"frontmap:view\":{\"crs\":\"EPSG:32638\","
                "\"bbox\":[46.0,39.5,47.2,40.3],\"size\":[400,300]}},"
                "\"sources\":{\"p\":{\"type\":\"geojson\",\"data\":\"crowded.geojson\"}},"
                "\"layers\":[{\"id\":\"dots\",\"type\":\"circle\",\"source\":\"p\",\"paint\":{"
                "\"circle-radius\":2}},"
                "{\"id\":\"names\",\"type\":\"symbol\",\"source\":\"p\",\"layout\":{\"text-field\":"
                "\"{name}\","
                "\"text-size\":11,\"text-anchor\":\"left\",\"text-offset\":[0.4,0],"
                "\"symbol-sort-key\":[\"get\",\"rank\"]}}]}\n");
    fclose(fp);
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = scene_path;
    fm_scene *s = scene_load(&opt, &err);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(0);
        return;
    }
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
    cairo_t *cr = cairo_create(surf);
    fm_box legend = { 250, 180, 400, 300 };
    fm_render_options ro = { .date = 0, .reserved = &legend, .nreserved = 1 };
    fm_render_result r;
    CHECK_INT(render_map(cr, s, &ro, &r, &err), 0);
    CHECK(r.nlabels > 10);
    CHECK(r.nlabels < 300);
    int bad = 0;
    for (int i = 0; i < r.nlabels; i++) {
        fm_box b = r.labels[i].box;
        bad += overlap(b, legend);
        bad += b.x0 < 0 || b.y0 < 0 || b.x1 > 400 || b.y1 > 300;
        for (int j = i + 1; j < r.nlabels; j++) bad += overlap(b, r.labels[j].box);
    }
    CHECK_INT(bad, 0);
    render_result_free(&r);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);

    /* With drop_unlabelled_points, a place whose label was dropped has no
    ** dot either; a place with a label keeps it. Read the pixel under each
    ** place (another place's dot may cover it: allow a few). */
    for (int drop = 0; drop < 2; drop++) {
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
        cr = cairo_create(surf);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        fm_render_options rd = { .date = 0, .drop_unlabelled_points = drop };
        if (render_map(cr, s, &rd, &r, &err)) {
            CHECK(0);
            break;
        }
        cairo_surface_flush(surf);
        unsigned char *data = cairo_image_surface_get_data(surf);
        int stride = cairo_image_surface_get_stride(surf);
        fm_transform *t = projection_transform_from(s->proj, NULL, &err);
        int named_blank = 0, unnamed_dot = 0, unnamed = 0;
        for (int i = 0; i < 300; i++) {
            char name[32];
            snprintf(name, sizeof name, "Place %d", i);
            int labelled = 0;
            for (int k = 0; k < r.nlabels; k++) labelled |= strcmp(r.labels[k].text, name) == 0;
            double x = crowded_lon[i], y = crowded_lat[i];
            transform_points(t, &x, &y, 1);
            int px = (int)view_px_x(&s->view, x), py = (int)view_px_y(&s->view, y);
            if (px < 0 || py < 0 || px >= 400 || py >= 300) continue;
            uint32_t v = *(uint32_t *)(data + py * stride + 4 * px);
            int blank = (v & 0xffffff) == 0xffffff;
            if (labelled) named_blank += blank;
            else {
                unnamed++;
                unnamed_dot += !blank;
            }
        }
        transform_free(t);
        printf("drop=%d: %d labels, %d unlabelled places, %d of them with a dot\n", drop, r.nlabels,
               unnamed, unnamed_dot);
        CHECK_INT(named_blank, 0);
        if (drop) CHECK(unnamed_dot <= unnamed / 10);
        else CHECK(unnamed_dot >= unnamed * 9 / 10);
        render_result_free(&r);
        cairo_destroy(cr);
        cairo_surface_destroy(surf);
    }
    scene_free(s);
}

/* Measure the bar independently: put it across the frame's centre, take
** its ends back to lon/lat with a fresh PROJ transform, and compare the
** geodesic distance with what the bar says. Web Mercator is in the list
** because its scale is 1.3 times off at 40 degrees north: a bar that
** trusted the projection's nominal metres would fail there. */
static void test_scale_bar_true_at_centre(void)
{
    const char *crss[] = {
        "EPSG:32638",
        "+proj=lcc +lat_0=40 +lon_0=46.6 +lat_1=39 +lat_2=41 +datum=WGS84 +units=m +no_defs",
        "EPSG:3857",
    };
    for (size_t k = 0; k < sizeof crss / sizeof *crss; k++) {
        fm_scene_options opt = { 0 };
        fm_error err;
        opt.scene_path = "data/scene.json";
        opt.crs = crss[k];
        opt.width = 500;
        opt.height = 420;
        fm_scene *s = scene_load(&opt, &err);
        if (!s) {
            fprintf(stderr, "%s\n", err.msg);
            CHECK(0);
            continue;
        }
        fm_scale_bar sb;
        CHECK_INT(scale_bar_compute(s, 200, &sb, &err), 0);
        CHECK(sb.length <= 200 && sb.length > 200 / 2.6);
        fm_transform *t = projection_transform_from(s->proj, NULL, &err);
        double x[2], y[2];
        for (int e = 0; e < 2; e++) {
            double px = s->view.width / 2.0 + (e ? 0.5 : -0.5) * sb.length;
            x[e] = s->view.minx + px / s->view.scale;
            y[e] = s->view.maxy - (s->view.height / 2.0) / s->view.scale;
        }
        transform_points_inverse(t, x, y, 2);
        transform_free(t);
        double metres = geodesic_distance(x[0], y[0], x[1], y[1]);
        double error = fabs(metres - sb.km * 1000) / (sb.km * 1000);
        printf("scale bar %s: %g km drawn %.2f units, geodesic %.1f m, error %.4f%%\n", crss[k],
               sb.km, sb.length, metres, error * 100);
        CHECK(error < 0.01);
        scene_free(s);
    }
}

/* In a Lambert conformal conic the meridians lean by n * (lon - lon_0)
** (n = the cone constant, sin 40 degrees here): 2 degrees west of the
** central meridian, north is turned clockwise by about 1.29 degrees. */
static void test_north_angle(void)
{
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/scene.json";
    opt.crs = "+proj=lcc +lat_0=40 +lon_0=46.6 +lat_1=39 +lat_2=41 +datum=WGS84 +units=m +no_defs";
    opt.has_bbox = 1;
    double b[4] = { 44.1, 39.6, 45.1, 40.4 };
    memcpy(opt.bbox, b, sizeof b);
    fm_scene *s = scene_load(&opt, &err);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(0);
        return;
    }
    double a = north_angle(s, &err) * 180 / FM_PI;
    double n = (log(cos(39 * FM_PI / 180)) - log(cos(41 * FM_PI / 180))) /
               (log(tan(FM_PI / 4 + 41 * FM_PI / 360)) - log(tan(FM_PI / 4 + 39 * FM_PI / 360)));
    double expect = n * (46.6 - 44.6);
    printf("north angle %.4f deg, expected %.4f deg\n", a, expect);
    CHECK_NEAR(a, expect, 0.05);
    scene_free(s);
    /* On the central meridian north is straight up. */
    opt.bbox[0] = 46.1;
    opt.bbox[2] = 47.1;
    s = scene_load(&opt, &err);
    if (!s) {
        CHECK(0);
        return;
    }
    CHECK_NEAR(north_angle(s, &err), 0, 1e-3);
    scene_free(s);
}

static void test_citations(void)
{
    fm_seeds seeds = { 1, (fm_seed[]){ { "001_x.txt", "Kazimirov, Peace to Karabakh",
                                         "V. Kazimirov, full" } } };
    fm_cite_words w = { "line", "lines" };
    char buf[512];
    int used[1] = { 0 };
    citation_format(&seeds, "seed:001_x.txt:18682; seed:001_x.txt:3310-3313; general knowledge: X",
                    &w, buf, sizeof buf, used);
    CHECK_STR(buf, "Kazimirov, Peace to Karabakh, lines 18682, 3310–3313; general knowledge: X");
    CHECK_INT(used[0], 1);
    citation_format(&seeds, "seed:001_x.txt:42", &w, buf, sizeof buf, NULL);
    CHECK_STR(buf, "Kazimirov, Peace to Karabakh, line 42");
    /* A seed missing from the table keeps its file name. */
    citation_format(&seeds, "seed:009_y.txt:7-9", &w, buf, sizeof buf, NULL);
    CHECK_STR(buf, "009_y.txt, lines 7–9");
    fm_error err;
    fm_seeds *real = seeds_load("../timeline/seeds.csv", &err);
    CHECK(real != NULL);
    if (real) {
        CHECK(seeds_find(real, "001_6097d6e2ba019926.txt") != NULL);
        seeds_free(real);
    }
}

static void test_page_sizes(void)
{
    double w, h;
    fm_error err;
    CHECK_INT(figure_page_size("A4", 0, &w, &h, &err), 0);
    CHECK_NEAR(w, 595.276, 0.01);
    CHECK_NEAR(h, 841.890, 0.01);
    CHECK_INT(figure_page_size("a3", 1, &w, &h, &err), 0);
    CHECK_NEAR(w, 1190.551, 0.01);
    CHECK_NEAR(h, 841.890, 0.01);
    CHECK_INT(figure_page_size("letter", 0, &w, &h, &err), 0);
    CHECK_NEAR(w, 612, 1e-9);
    CHECK_INT(figure_page_size("B5", 0, &w, &h, &err), FM_FIGURE_BAD_ARGS);
    CHECK_CONTAINS(err.msg, "use A4, A3 or letter");
}

/* ---- the figure's options ---------------------------------------------------- */

static void test_options_check(void)
{
    fm_figure_options o;
    fm_error err;
    memset(&o, 0, sizeof o);
    o.output = "x.pdf";
    o.date = "1994-05-12";
    CHECK_INT(figure_options_check(&o, &err), 0);
    o.event_id = "1993-07-23-agdam";
    o.date = NULL;
    CHECK_INT(figure_options_check(&o, &err), 0); /* the event is looked up later */
    struct {
        const char *page, *output, *date, *dates, *from, *to, *names, *lang;
        double dpi;
        const char *needle;
    } bad[] = {
        { "B5", "x.pdf", "1994", 0, 0, 0, 0, 0, 0, "use A4, A3 or letter" },
        { 0, NULL, "1994", 0, 0, 0, 0, 0, 0, "needs -o" },
        { 0, "x.jpg", "1994", 0, 0, 0, 0, 0, 0, "unsupported output type" },
        { 0, "x.png", "1994", 0, 0, 0, 0, 0, 20, "out of range" },
        { 0, "x.png", "1994", 0, 0, 0, 0, 0, 1500, "out of range" },
        { 0, "x.pdf", 0, 0, 0, 0, 0, 0, 0, "needs --event ID, --date DATE or --dates" },
        { 0, "x.pdf", "1993-13", 0, 0, 0, 0, 0, 0, "\"1993-13\"" },
        { 0, "x.pdf", "1994", "1993,1994", 0, 0, 0, 0, 0, "not both" },
        { 0, "x.pdf", 0, "1990,1991,1992,1993,1994,1995,1996,1997,1998,1999", 0, 0, 0, 0, 0,
          "at most 9" },
        { 0, "x.pdf", 0, "1990,x", 0, 0, 0, 0, 0, "--dates" },
        { 0, "x.pdf", "1994", 0, "1994-02", "1994-01", 0, 0, 0, "events-to must be after" },
        { 0, "x.pdf", "1994", 0, 0, 0, "en", 0, 0, "expected two languages" },
        { 0, "x.pdf", "1994", 0, 0, 0, 0, "fr", 0, "unknown language" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&o, 0, sizeof o);
        o.page = bad[i].page;
        o.output = bad[i].output;
        o.date = bad[i].date;
        o.dates = bad[i].dates;
        o.events_from = bad[i].from;
        o.events_to = bad[i].to;
        o.names = bad[i].names;
        o.scene.lang = bad[i].lang;
        o.dpi = bad[i].dpi;
        memset(&err, 0, sizeof err);
        CHECK_INT(figure_options_check(&o, &err), -1);
        CHECK_INT(err.kind, FM_ERR_USAGE);
        CHECK_INT(fm_error_exit_code(&err), 2);
        CHECK_CONTAINS(err.msg, bad[i].needle);
    }
}

/* ---- the page layout ----------------------------------------------------------- */

/* Made-up measures: texts of fixed heights, a table whose height grows
** with its rows and text size and shrinks with its width and columns. */
typedef struct fake_page {
    int table_rows;
    int legend_asked;
} fake_page;

static int fake_text(void *ctx, figure_text which, double width, double *h, fm_error *err)
{
    (void)ctx;
    (void)err;
    static const double heights[] = { 20, 11, 24, 10, 10 };
    *h = heights[which] * fmax(1, 200 / width);
    return 0;
}

static double fake_table_h(const fake_page *fp, double width, int columns, double size,
                           int max_rows)
{
    int rows = max_rows >= 0 && max_rows < fp->table_rows ? max_rows : fp->table_rows;
    return ((rows + columns - 1) / columns) * size * 2.6 * fmax(1, 250 / width) +
           (rows < fp->table_rows ? 8 : 0);
}

static int fake_table(void *ctx, double width, int columns, double size, int max_rows, double *h,
                      fm_error *err)
{
    (void)err;
    *h = fake_table_h(ctx, width, columns, size, max_rows);
    return 0;
}

static int fake_legend(void *ctx, int frame_w, int frame_h, double width, int columns, double *h,
                       fm_error *err)
{
    (void)err;
    (void)width;
    (void)columns;
    fake_page *fp = ctx;
    fp->legend_asked = frame_w > 0 && frame_h > 0;
    *h = 140;
    return 0;
}

static fm_box rect_box(figure_rect r)
{
    return (fm_box){ r.x, r.y, r.x + r.w, r.y + r.h };
}

static int rect_inside(figure_rect r, figure_rect in)
{
    double e = 1e-9;
    return r.w >= 0 && r.h >= 0 && r.x >= in.x - e && r.y >= in.y - e &&
           r.x + r.w <= in.x + in.w + e && r.y + r.h <= in.y + in.h + e;
}

/* Lay out a page and check it: everything inside the margins, and title,
** subtitle, maps, captions, legend, table and sources apart. */
static void check_page(const char *what, double W, double H, int landscape, int nmaps,
                       int table_rows, figure_layout *L)
{
    fake_page fp = { table_rows, 0 };
    figure_spec spec = { W,
                         H,
                         landscape,
                         nmaps,
                         table_rows >= 0,
                         table_rows > 0 ? table_rows : 0,
                         0.8,
                         { &fp, fake_text, fake_table, fake_legend } };
    fm_error err;
    if (figure_layout_compute(&spec, L, &err)) {
        fprintf(stderr, "%s: %s\n", what, err.msg);
        CHECK(0);
        return;
    }
    printf(
        "%s: %d maps %dx%d, legend %.0f,%.0f %.0fx%.0f, table %.0f,%.0f %.0fx%.0f at %.2f pt%s\n",
        what, nmaps, L->frame_w, L->frame_h, L->legend.x, L->legend.y, L->legend.w, L->legend.h,
        L->table.x, L->table.y, L->table.w, L->table.h, L->table_size, L->side ? ", beside" : "");
    figure_rect page = { 0, 0, W, H }, content = L->content;
    CHECK(rect_inside(content, page));
    figure_rect parts[4 + 2 * FIGURE_LAYOUT_MAX_MAPS + 2];
    int n = 0;
    parts[n++] = L->title;
    parts[n++] = L->subtitle;
    parts[n++] = L->legend;
    parts[n++] = L->sources;
    if (table_rows >= 0) parts[n++] = L->table;
    for (int i = 0; i < nmaps; i++) {
        parts[n++] = L->panels[i];
        if (nmaps > 1) parts[n++] = L->captions[i];
        CHECK_NEAR(L->panels[i].w, L->frame_w, 0);
        CHECK_NEAR(L->panels[i].h, L->frame_h, 0);
    }
    int outside = 0, overlapping = 0;
    for (int i = 0; i < n; i++) {
        outside += !rect_inside(parts[i], content) || parts[i].w <= 0 || parts[i].h <= 0;
        for (int j = i + 1; j < n; j++)
            overlapping += overlap(rect_box(parts[i]), rect_box(parts[j]));
    }
    CHECK_INT(outside, 0);
    CHECK_INT(overlapping, 0);
    /* The furniture inside the first frame, apart. */
    const figure_furniture *fu = &L->furniture;
    figure_rect frame = { 0, 0, L->frame_w, L->frame_h };
    CHECK(rect_inside(fu->inset, frame));
    fm_box scale = figure_furniture_scale_room(fu, fu->scale_max);
    CHECK(scale.x1 <= L->frame_w && scale.y1 <= L->frame_h && scale.x0 >= 0);
    CHECK(!overlap(fu->inset_room, scale) && !overlap(fu->inset_room, fu->north_room) &&
          !overlap(scale, fu->north_room));
    /* The table as laid out fits its room (or shows no rows). */
    if (table_rows > 0 && L->table_max_rows != 0)
        CHECK(fake_table_h(&fp, L->table.w, L->table_columns, L->table_size, L->table_max_rows) +
                  L->table_head_h + 4 <=
              L->table.h + 1e-9);
    CHECK_INT(fp.legend_asked, L->side);
}

static void test_layout_pages(void)
{
    figure_layout L;
    check_page("A4 portrait, one map, 6 events", 595.276, 841.890, 0, 1, 6, &L);
    CHECK(!L.side);
    CHECK(L.legend.y > L.panels[0].y + L.panels[0].h); /* the band below */
    CHECK_NEAR(L.table_size, 7, 0);
    CHECK_INT(L.table_max_rows, -1);
    check_page("A4 landscape, one map, 6 events", 841.890, 595.276, 1, 1, 6, &L);
    CHECK(L.side);
    CHECK(L.legend.x > L.panels[0].x + L.panels[0].w); /* beside */
    CHECK(L.table.y > L.legend.y);
    check_page("letter, one map, no table", 612, 792, 0, 1, -1, &L);
    check_page("A3 landscape, one map, no events", 1190.551, 841.890, 1, 1, 0, &L);
    /* A long campaign: the table takes room from the map, then shrinks
    ** its text, then shows fewer rows. */
    figure_layout few;
    check_page("A4, 6 events", 595.276, 841.890, 0, 1, 6, &few);
    check_page("A4, 60 events", 595.276, 841.890, 0, 1, 60, &L);
    CHECK(L.frame_h < few.frame_h);
    CHECK(L.table_size < 7 || L.table_max_rows >= 0);
    check_page("A4 landscape, 200 events", 841.890, 595.276, 1, 1, 200, &L);
    CHECK(L.table_max_rows >= 0 && L.table_max_rows < 200);
    CHECK_NEAR(L.table_size, 5.5, 1e-9);
}

static void test_layout_small_multiples(void)
{
    figure_layout L;
    int counts[] = { 2, 4, 6, 9 };
    for (int landscape = 0; landscape < 2; landscape++)
        for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
            char what[64];
            snprintf(what, sizeof what, "A4 %s, %d dates", landscape ? "landscape" : "portrait",
                     counts[k]);
            check_page(what, landscape ? 841.890 : 595.276, landscape ? 595.276 : 841.890,
                       landscape, counts[k], k % 2 ? 5 : -1, &L);
            CHECK(!L.side);
            CHECK_INT(L.cols, counts[k] <= 4 ? 2 : 3);
            CHECK_INT(L.rows, (counts[k] + L.cols - 1) / L.cols);
            /* A grid: the same steps between columns and between rows. */
            if (counts[k] >= 4) {
                CHECK_NEAR(L.panels[1].x - L.panels[0].x,
                           L.panels[L.cols + 1].x - L.panels[L.cols].x, 1e-9);
                CHECK_NEAR(L.panels[L.cols].y - L.panels[0].y,
                           L.panels[L.cols + 1].y - L.panels[1].y, 1e-9);
            }
            CHECK_NEAR(L.panels[0].y, L.panels[1].y, 0);
            /* Degree labels on the outer edges only. */
            CHECK(L.panel_sides[0] & FM_SIDE_TOP && L.panel_sides[0] & FM_SIDE_LEFT);
            CHECK(!(L.panel_sides[0] & FM_SIDE_RIGHT));
        }
}

static void test_layout_refuses(void)
{
    fake_page fp = { 0, 0 };
    figure_layout L;
    fm_error err;
    figure_spec spec = { 595.276, 841.890, 0, 10,
                         0,       0,       0, { &fp, fake_text, fake_table, fake_legend } };
    CHECK_INT(figure_layout_compute(&spec, &L, &err), -1);
    CHECK_CONTAINS(err.msg, "1 to 9");
    spec.nmaps = 1;
    spec.page_w = spec.page_h = 60; /* no room for a map */
    CHECK_INT(figure_layout_compute(&spec, &L, &err), -1);
    CHECK_CONTAINS(err.msg, "no room for the maps");
}

int main(void)
{
    RUN(test_placer_crowded);
    RUN(test_render_crowded_labels);
    RUN(test_scale_bar_true_at_centre);
    RUN(test_north_angle);
    RUN(test_citations);
    RUN(test_page_sizes);
    RUN(test_options_check);
    RUN(test_layout_pages);
    RUN(test_layout_small_multiples);
    RUN(test_layout_refuses);
    return CHECK_REPORT();
}
