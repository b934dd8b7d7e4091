/* test_style.c -- unit tests for the style document (style_load.c, style.c,
** style_props.c) and the expression engine (expr_*.c) through style.h. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#include "style/style.h"
#include "check.h"

#include <stdlib.h>
#include <unistd.h>

/* ---- sample features ---------------------------------------------------- */

static const char *const KEYS[] = { "name", "name_en", "name_ru", "name_az", "pop",
                                    "kind", "flag",    "code",    "nothing", "ratio",
                                    "neg",  "big",     "colour",  "label" };
static const fm_value VALUES[] = {
    { .type = FM_VAL_STRING, .string = "Shusha" },
    { .type = FM_VAL_STRING, .string = "Shusha" },
    { .type = FM_VAL_STRING, .string = "\xD0\xA8\xD1\x83\xD1\x88\xD0\xB0" }, /* Шуша */
    { .type = FM_VAL_STRING, .string = "\xC5\x9E\x75\xC5\x9F\x61" },         /* Şuşa */
    { .type = FM_VAL_NUMBER, .number = 4000 },
    { .type = FM_VAL_STRING, .string = "city" },
    { .type = FM_VAL_BOOL, .boolean = 1 },
    { .type = FM_VAL_STRING, .string = "1" },
    { .type = FM_VAL_NULL },
    { .type = FM_VAL_NUMBER, .number = 2.5 },
    { .type = FM_VAL_NUMBER, .number = -3 },
    { .type = FM_VAL_NUMBER, .number = 1e21 },
    { .type = FM_VAL_STRING, .string = "#ff0000" },
    { .type = FM_VAL_STRING, .string = "label" },
};
static const fm_props PROPS = { (int)(sizeof KEYS / sizeof *KEYS), KEYS, VALUES };

/* A style around the given layers; one source "s", a "lang" state. */
static fm_style *with_layers(const char *layers_json, fm_error *err)
{
    char buf[16384];
    snprintf(buf, sizeof buf,
             "{\"version\": 8, \"state\": {\"lang\": {\"default\": \"en\"}},"
             " \"sources\": {\"s\": {\"type\": \"geojson\", \"data\": \"d.geojson\"}},"
             " \"layers\": [%s]}",
             layers_json);
    return style_parse(buf, "t.json", NULL, err);
}

/* Load what must load; a failure prints the message. */
static fm_style *must_load(const char *layers_json)
{
    fm_error e = { 0 };
    fm_style *s = with_layers(layers_json, &e);
    if (!s) {
        fprintf(stderr, "unexpected style error: %s\n", e.msg);
        check_current_failed = 1;
    }
    return s;
}

/* Does the filter pass the sample feature (a polygon)? -1: did not load. */
static int filter_on(const char *filter_json, const char *geometry)
{
    char layer[8192];
    snprintf(layer, sizeof layer,
             "{\"id\": \"f\", \"type\": \"fill\", \"source\": \"s\", \"filter\": %s}", filter_json);
    fm_style *s = must_load(layer);
    if (!s) return -1;
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    ctx.props = &PROPS;
    ctx.geometry_type = geometry;
    int r = style_filter_match(&s->layers[0], &ctx);
    style_free(s);
    return r;
}

#define FILTER_IS(json, expect) CHECK_INT(filter_on((json), "Polygon"), (expect))

/* Evaluate an expression as a label (text-field): every value shows as
** text, so one helper serves strings, numbers and booleans. */
static const char *text_of(const char *expr_json, const fm_props *state, double zoom, char *buf,
                           size_t size)
{
    char layer[8192];
    snprintf(layer, sizeof layer,
             "{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\","
             " \"layout\": {\"text-field\": %s}}",
             expr_json);
    fm_style *s = must_load(layer);
    if (!s) return "(load failed)";
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, state);
    ctx.props = &PROPS;
    ctx.geometry_type = "Point";
    ctx.zoom = zoom;
    const char *r = style_eval_text(&s->layers[0], FM_P_TEXT_FIELD, &ctx, buf, size);
    style_free(s);
    return r ? r : "(null)";
}

#define TEXT_IS(json, expect)                                                                      \
    do {                                                                                           \
        char text_buf_[512];                                                                       \
        CHECK_STR(text_of((json), NULL, 0, text_buf_, sizeof text_buf_), (expect));                \
    } while (0)

/* A number through line-offset (no range, default 0). */
static double number_of(const char *expr_json, double zoom)
{
    char layer[8192];
    snprintf(layer, sizeof layer,
             "{\"id\": \"n\", \"type\": \"line\", \"source\": \"s\","
             " \"paint\": {\"line-offset\": %s}}",
             expr_json);
    fm_style *s = must_load(layer);
    if (!s) return NAN;
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    ctx.props = &PROPS;
    ctx.zoom = zoom;
    double r = style_eval_number(&s->layers[0], FM_P_LINE_OFFSET, &ctx);
    style_free(s);
    return r;
}

static fm_color color_of(const char *expr_json, double zoom)
{
    char layer[8192];
    fm_color none = { -1, -1, -1, -1 };
    snprintf(layer, sizeof layer,
             "{\"id\": \"c\", \"type\": \"fill\", \"source\": \"s\","
             " \"paint\": {\"fill-color\": %s}}",
             expr_json);
    fm_style *s = must_load(layer);
    if (!s) return none;
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    ctx.props = &PROPS;
    ctx.zoom = zoom;
    fm_color c = style_eval_color(&s->layers[0], FM_P_FILL_COLOR, &ctx);
    style_free(s);
    return c;
}

#define CHECK_COLOR(c, R, G, B, A)                                                                 \
    do {                                                                                           \
        fm_color check_c_ = (c);                                                                   \
        CHECK_NEAR(check_c_.r, (R), 1e-3);                                                         \
        CHECK_NEAR(check_c_.g, (G), 1e-3);                                                         \
        CHECK_NEAR(check_c_.b, (B), 1e-3);                                                         \
        CHECK_NEAR(check_c_.a, (A), 1e-3);                                                         \
    } while (0)

/* A whole document that must be refused with a message containing needle. */
#define DOC_FAILS(json, needle)                                                                    \
    do {                                                                                           \
        fm_error e_ = { 0 };                                                                       \
        fm_style *s_ = style_parse((json), "x.json", NULL, &e_);                                   \
        CHECK(s_ == NULL);                                                                         \
        style_free(s_);                                                                            \
        CHECK_CONTAINS(e_.msg, (needle));                                                          \
    } while (0)

/* Layers that must be refused. */
#define LAYERS_FAIL(json, needle)                                                                  \
    do {                                                                                           \
        fm_error e_ = { 0 };                                                                       \
        fm_style *s_ = with_layers((json), &e_);                                                   \
        CHECK(s_ == NULL);                                                                         \
        style_free(s_);                                                                            \
        CHECK_CONTAINS(e_.msg, (needle));                                                          \
    } while (0)

/* ---- a complete document ------------------------------------------------ */

static const char *COMPLETE =
    "{\n"
    "  \"version\": 8,\n"
    "  \"name\": \"Karabakh screen\",\n"
    "  \"glyphs\": \"ignored/{fontstack}/{range}.pbf\",\n"
    "  \"metadata\": {\n"
    "    \"maputnik:renderer\": \"mlgljs\",\n"
    "    \"frontmap:view\": {\"crs\": \"EPSG:3857\", \"size\": [800, 600]},\n"
    "    \"frontmap:legend\": {\"title\": \"Control\"},\n"
    "    \"frontmap:sources\": {\n"
    "      \"control\": {\"layer\": \"changes\", \"time\": {\"from\": \"start\", \"to\": \"end\",\n"
    "                   \"from_edtf\": \"start_edtf\", \"end_inclusive\": true}},\n"
    "      \"borders\": {\"time\": {\"preset\": \"cshapes\"}},\n"
    "      \"ohm\": {\"time\": {\"preset\": \"ohm\", \"to\": \"until\"}}\n"
    "    }\n"
    "  },\n"
    "  \"state\": {\"lang\": {\"default\": \"en\"}, \"date\": {\"default\": \"1994-05-12\"}},\n"
    "  \"sources\": {\n"
    "    \"control\": {\"type\": \"geojson\", \"data\": \"../layers/karabakh/control.gpkg\",\n"
    "                \"attribution\": \"frontmap contributors\"},\n"
    "    \"borders\": {\"type\": \"geojson\", \"data\": \"/data/cshapes.shp\"},\n"
    "    \"ohm\": {\"type\": \"vector\", \"url\": \"file:ohm/admin.gpkg\"},\n"
    "    \"places\": {\"type\": \"geojson\", \"data\": \"places.geojson\"}\n"
    "  },\n"
    "  \"layers\": [\n"
    "    {\"id\": \"paper\", \"type\": \"background\",\n"
    "     \"paint\": {\"background-color\": \"#f4f1ea\"}},\n"
    "    {\"id\": \"control\", \"type\": \"fill\", \"source\": \"control\",\n"
    "     \"source-layer\": \"changes\", \"minzoom\": 2, \"maxzoom\": 14,\n"
    "     \"filter\": [\"==\", [\"get\", \"controller\"], \"ARM\"],\n"
    "     \"metadata\": {\"frontmap:legend\": \"Armenian forces\"},\n"
    "     \"paint\": {\"fill-color\": \"#c0392b\", \"fill-opacity\": 0.6}},\n"
    "    {\"id\": \"borders\", \"type\": \"line\", \"source\": \"borders\",\n"
    "     \"layout\": {\"line-cap\": \"round\", \"line-join\": \"round\"},\n"
    "     \"paint\": {\"line-width\": [\"interpolate\", [\"linear\"], [\"zoom\"], 5, 1, 10, 3],\n"
    "               \"line-dasharray\": [2, 1]}},\n"
    "    {\"id\": \"towns\", \"type\": \"circle\", \"source\": \"places\",\n"
    "     \"paint\": {\"circle-radius\": 4, \"circle-color\": \"white\",\n"
    "               \"circle-stroke-width\": 1}},\n"
    "    {\"id\": \"names\", \"type\": \"symbol\", \"source\": \"places\",\n"
    "     \"layout\": {\"text-field\": [\"coalesce\", [\"get\", [\"concat\", \"name_\", "
    "[\"global-state\", \"lang\"]]], [\"get\", \"name\"]],\n"
    "                \"text-font\": [\"Noto Sans Bold\"], \"text-size\": 13,\n"
    "                \"text-anchor\": \"top\", \"text-offset\": [0, 0.6]},\n"
    "     \"paint\": {\"text-color\": \"#222\", \"text-halo-color\": \"rgba(255,255,255,0.8)\",\n"
    "               \"text-halo-width\": 1.5}}\n"
    "  ]\n"
    "}\n";

static void test_parse_complete(void)
{
    fm_error e = { 0 };
    fm_style *s = style_parse(COMPLETE, "styles/screen.json", "styles", &e);
    if (!s) {
        fprintf(stderr, "unexpected error: %s\n", e.msg);
        CHECK(s != NULL);
        return;
    }
    CHECK_STR(s->path, "styles/screen.json");
    CHECK_STR(s->name, "Karabakh screen");
    CHECK_INT(s->nsources, 4);
    CHECK_INT(s->nlayers, 5);

    const fm_style_source *control = style_source(s, "control");
    CHECK(control != NULL);
    if (control) {
        CHECK_STR(control->path, "styles/../layers/karabakh/control.gpkg");
        CHECK_STR(control->layer, "changes");
        CHECK_STR(control->attribution, "frontmap contributors");
        CHECK_STR(control->time_from, "start");
        CHECK_STR(control->time_to, "end");
        CHECK_STR(control->time_from_edtf, "start_edtf");
        CHECK(control->time_to_edtf == NULL);
        CHECK_INT(control->end_inclusive, 1);
    }
    const fm_style_source *borders = style_source(s, "borders");
    CHECK(borders != NULL);
    if (borders) {
        CHECK_STR(borders->path, "/data/cshapes.shp");
        CHECK_STR(borders->time_from, "gwsdate");
        CHECK_STR(borders->time_to, "gwedate");
        CHECK_INT(borders->end_inclusive, 1);
        CHECK(borders->layer == NULL);
    }
    const fm_style_source *ohm = style_source(s, "ohm");
    CHECK(ohm != NULL);
    if (ohm) {
        CHECK_STR(ohm->path, "styles/ohm/admin.gpkg");
        CHECK_STR(ohm->time_from, "start_date");
        CHECK_STR(ohm->time_to, "until"); /* explicit wins */
        CHECK_STR(ohm->time_from_edtf, "start_date:edtf");
        CHECK_STR(ohm->time_to_edtf, "end_date:edtf");
        CHECK_INT(ohm->end_inclusive, 0);
    }
    const fm_style_source *places = style_source(s, "places");
    CHECK(places && places->time_from == NULL && places->attribution == NULL);
    CHECK(style_source(s, "nope") == NULL);

    const fm_style_layer *l = s->layers;
    CHECK_STR(l[0].id, "paper");
    CHECK_INT(l[0].type, FM_LAYER_BACKGROUND);
    CHECK(l[0].source == NULL && l[0].filter == NULL);
    CHECK_INT(l[1].type, FM_LAYER_FILL);
    CHECK_STR(l[1].source, "control");
    CHECK_STR(l[1].source_layer, "changes");
    CHECK_NEAR(l[1].minzoom, 2, 0);
    CHECK_NEAR(l[1].maxzoom, 14, 0);
    CHECK(l[1].filter != NULL);
    CHECK_STR(json_string_value(json_object_get(l[1].metadata, "frontmap:legend")),
              "Armenian forces");
    CHECK_INT(l[2].type, FM_LAYER_LINE);
    CHECK_NEAR(l[2].minzoom, 0, 0);
    CHECK_NEAR(l[2].maxzoom, 24, 0);
    CHECK(l[2].source_layer == NULL && l[2].metadata == NULL);
    CHECK_INT(l[3].type, FM_LAYER_CIRCLE);
    CHECK_INT(l[4].type, FM_LAYER_SYMBOL);
    CHECK(style_layer(s, "names") == &l[4]);
    CHECK(style_layer(s, "nope") == NULL);

    /* Metadata for other modules, kept as JSON. */
    json_t *view = style_meta(s, "view");
    CHECK(json_is_object(view));
    CHECK_STR(json_string_value(json_object_get(view, "crs")), "EPSG:3857");
    CHECK(style_meta(s, "frontmap:legend") != NULL);
    CHECK(style_meta(s, "caption") == NULL);
    CHECK(json_is_object(s->state));

    /* Values as drawn. */
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    CHECK_COLOR(style_eval_color(&l[0], FM_P_BACKGROUND_COLOR, &ctx), 0xf4 / 255.0, 0xf1 / 255.0,
                0xea / 255.0, 1);
    CHECK_NEAR(style_eval_number(&l[1], FM_P_FILL_OPACITY, &ctx), 0.6, 1e-12);
    ctx.zoom = 7.5;
    CHECK_NEAR(style_eval_number(&l[2], FM_P_LINE_WIDTH, &ctx), 2, 1e-12);
    fm_value dash = style_eval(&l[2], FM_P_LINE_DASHARRAY, &ctx);
    CHECK_INT(dash.type, FM_VAL_NUMBERS);
    CHECK_INT(dash.count, 2);
    CHECK_NEAR(dash.numbers[0], 2, 0);
    char buf[64];
    CHECK_STR(style_eval_text(&l[2], FM_P_LINE_CAP, &ctx, buf, sizeof buf), "round");
    CHECK_COLOR(style_eval_color(&l[3], FM_P_CIRCLE_COLOR, &ctx), 1, 1, 1, 1);
    fm_value font = style_eval(&l[4], FM_P_TEXT_FONT, &ctx);
    CHECK_INT(font.type, FM_VAL_STRINGS);
    CHECK_INT(font.count, 1);
    CHECK_STR(font.strings[0], "Noto Sans Bold");
    fm_value off = style_eval(&l[4], FM_P_TEXT_OFFSET, &ctx);
    CHECK_INT(off.count, 2);
    CHECK_NEAR(off.numbers[1], 0.6, 1e-12);
    CHECK_COLOR(style_eval_color(&l[4], FM_P_TEXT_HALO_COLOR, &ctx), 1, 1, 1, 0.8);
    ctx.props = &PROPS;
    CHECK_STR(style_eval_text(&l[4], FM_P_TEXT_FIELD, &ctx, buf, sizeof buf), "Shusha");

    /* The filter reads the feature. */
    static const char *const ck[] = { "controller" };
    fm_value arm = { .type = FM_VAL_STRING, .string = "ARM" };
    fm_value aze = { .type = FM_VAL_STRING, .string = "AZE" };
    fm_props p = { 1, ck, &arm };
    ctx.props = &p;
    CHECK_INT(style_filter_match(&l[1], &ctx), 1);
    p.values = &aze;
    CHECK_INT(style_filter_match(&l[1], &ctx), 0);
    CHECK_INT(style_filter_match(&l[0], &ctx), 1); /* no filter */
    style_free(s);
}

/* ---- defaults ----------------------------------------------------------- */

static void test_defaults(void)
{
    fm_style *s = must_load("{\"id\": \"b\", \"type\": \"background\"},"
                            "{\"id\": \"f\", \"type\": \"fill\", \"source\": \"s\"},"
                            "{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\"},"
                            "{\"id\": \"c\", \"type\": \"circle\", \"source\": \"s\"},"
                            "{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\"}");
    if (!s) return;
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    const fm_style_layer *b = &s->layers[0], *f = &s->layers[1], *l = &s->layers[2],
                         *c = &s->layers[3], *t = &s->layers[4];
    char buf[64];
    for (int i = 0; i < s->nlayers; i++)
        CHECK_STR(style_eval_text(&s->layers[i], FM_P_VISIBILITY, &ctx, buf, sizeof buf),
                  "visible");
    CHECK_COLOR(style_eval_color(b, FM_P_BACKGROUND_COLOR, &ctx), 0, 0, 0, 1);
    CHECK_NEAR(style_eval_number(b, FM_P_BACKGROUND_OPACITY, &ctx), 1, 0);
    CHECK_COLOR(style_eval_color(f, FM_P_FILL_COLOR, &ctx), 0, 0, 0, 1);
    CHECK_NEAR(style_eval_number(f, FM_P_FILL_OPACITY, &ctx), 1, 0);
    CHECK_INT(style_eval(f, FM_P_FILL_OUTLINE_COLOR, &ctx).type, FM_VAL_NULL);
    CHECK_NEAR(style_eval_color(f, FM_P_FILL_OUTLINE_COLOR, &ctx).a, 0, 0);
    CHECK_COLOR(style_eval_color(l, FM_P_LINE_COLOR, &ctx), 0, 0, 0, 1);
    CHECK_NEAR(style_eval_number(l, FM_P_LINE_WIDTH, &ctx), 1, 0);
    CHECK_NEAR(style_eval_number(l, FM_P_LINE_OPACITY, &ctx), 1, 0);
    CHECK_NEAR(style_eval_number(l, FM_P_LINE_OFFSET, &ctx), 0, 0);
    fm_value dash = style_eval(l, FM_P_LINE_DASHARRAY, &ctx);
    CHECK_INT(dash.type, FM_VAL_NUMBERS);
    CHECK_INT(dash.count, 0);
    CHECK_STR(style_eval_text(l, FM_P_LINE_CAP, &ctx, buf, sizeof buf), "butt");
    CHECK_STR(style_eval_text(l, FM_P_LINE_JOIN, &ctx, buf, sizeof buf), "miter");
    CHECK_NEAR(style_eval_number(c, FM_P_CIRCLE_RADIUS, &ctx), 5, 0);
    CHECK_COLOR(style_eval_color(c, FM_P_CIRCLE_COLOR, &ctx), 0, 0, 0, 1);
    CHECK_NEAR(style_eval_number(c, FM_P_CIRCLE_OPACITY, &ctx), 1, 0);
    CHECK_NEAR(style_eval_number(c, FM_P_CIRCLE_STROKE_WIDTH, &ctx), 0, 0);
    CHECK_COLOR(style_eval_color(c, FM_P_CIRCLE_STROKE_COLOR, &ctx), 0, 0, 0, 1);
    CHECK_NEAR(style_eval_number(c, FM_P_CIRCLE_STROKE_OPACITY, &ctx), 1, 0);
    CHECK(style_eval_text(t, FM_P_TEXT_FIELD, &ctx, buf, sizeof buf) == NULL);
    fm_value font = style_eval(t, FM_P_TEXT_FONT, &ctx);
    CHECK_INT(font.type, FM_VAL_STRINGS);
    CHECK_INT(font.count, 1);
    CHECK_STR(font.strings[0], "Noto Sans Regular");
    CHECK_NEAR(style_eval_number(t, FM_P_TEXT_SIZE, &ctx), 16, 0);
    CHECK_STR(style_eval_text(t, FM_P_TEXT_ANCHOR, &ctx, buf, sizeof buf), "center");
    fm_value off = style_eval(t, FM_P_TEXT_OFFSET, &ctx);
    CHECK_INT(off.type, FM_VAL_NUMBERS);
    CHECK_INT(off.count, 2);
    CHECK_NEAR(off.numbers[0], 0, 0);
    CHECK_NEAR(off.numbers[1], 0, 0);
    CHECK_STR(style_eval_text(t, FM_P_TEXT_TRANSFORM, &ctx, buf, sizeof buf), "none");
    CHECK_NEAR(style_eval_number(t, FM_P_TEXT_LETTER_SPACING, &ctx), 0, 0);
    CHECK_NEAR(style_eval_number(t, FM_P_TEXT_MAX_WIDTH, &ctx), 10, 0);
    CHECK_NEAR(style_eval_number(t, FM_P_TEXT_PADDING, &ctx), 2, 0);
    fm_value overlap = style_eval(t, FM_P_TEXT_ALLOW_OVERLAP, &ctx);
    CHECK_INT(overlap.type, FM_VAL_BOOL);
    CHECK_INT(overlap.boolean, 0);
    CHECK_INT(style_eval(t, FM_P_SYMBOL_SORT_KEY, &ctx).type, FM_VAL_NULL);
    CHECK_COLOR(style_eval_color(t, FM_P_TEXT_COLOR, &ctx), 0, 0, 0, 1);
    CHECK_NEAR(style_eval_number(t, FM_P_TEXT_OPACITY, &ctx), 1, 0);
    CHECK_COLOR(style_eval_color(t, FM_P_TEXT_HALO_COLOR, &ctx), 0, 0, 0, 0);
    CHECK_NEAR(style_eval_number(t, FM_P_TEXT_HALO_WIDTH, &ctx), 0, 0);
    for (int p = 0; p < FM_P__COUNT; p++) {
        CHECK(!style_prop_is_set(t, (fm_prop)p));
        CHECK(style_prop_is_constant(t, (fm_prop)p));
        CHECK_INT(style_prop_find(style_prop_name((fm_prop)p)), p);
    }
    CHECK_STR(style_prop_name(FM_P_TEXT_HALO_WIDTH), "text-halo-width");
    CHECK(style_prop_name(FM_P__COUNT) == NULL);
    CHECK_INT(style_prop_find("fill-colour"), -1);

    /* null in the file means the default too. */
    fm_style *n = must_load("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                            " \"paint\": {\"line-width\": null}}");
    if (n) {
        CHECK(!style_prop_is_set(&n->layers[0], FM_P_LINE_WIDTH));
        CHECK_NEAR(style_eval_number(&n->layers[0], FM_P_LINE_WIDTH, &ctx), 1, 0);
    }
    style_free(n);
    style_free(s);
}

/* ---- filters ------------------------------------------------------------ */

static void test_legacy_filters(void)
{
    FILTER_IS("[\"==\", \"kind\", \"city\"]", 1);
    FILTER_IS("[\"==\", \"kind\", \"town\"]", 0);
    FILTER_IS("[\"==\", \"pop\", 4000]", 1);
    FILTER_IS("[\"==\", \"code\", 1]", 0); /* "1" is not 1 */
    FILTER_IS("[\"==\", \"code\", \"1\"]", 1);
    FILTER_IS("[\"==\", \"flag\", true]", 1);
    FILTER_IS("[\"==\", \"nothing\", null]", 1);
    FILTER_IS("[\"!=\", \"kind\", \"town\"]", 1);
    FILTER_IS("[\"!=\", \"kind\", \"city\"]", 0);
    FILTER_IS("[\"!=\", \"missing\", \"x\"]", 1); /* absent: not equal */
    FILTER_IS("[\"<\", \"pop\", 5000]", 1);
    FILTER_IS("[\"<\", \"pop\", 4000]", 0);
    FILTER_IS("[\"<=\", \"pop\", 4000]", 1);
    FILTER_IS("[\">\", \"pop\", 3999.5]", 1);
    FILTER_IS("[\">\", \"pop\", 4000]", 0);
    FILTER_IS("[\">=\", \"pop\", 4000]", 1);
    FILTER_IS("[\">=\", \"pop\", 4001]", 0);
    FILTER_IS("[\"<\", \"kind\", \"town\"]", 1);            /* strings: lexicographic */
    FILTER_IS("[\"<\", \"pop\", \"5000\"]", 0);             /* types differ: false */
    FILTER_IS("[\"none\", [\"<\", \"pop\", \"5000\"]]", 1); /* ... not an error */
    FILTER_IS("[\"in\", \"kind\", \"town\", \"city\"]", 1);
    FILTER_IS("[\"in\", \"kind\", \"town\", \"village\"]", 0);
    FILTER_IS("[\"in\", \"pop\", 1, 4000]", 1);
    FILTER_IS("[\"in\", \"code\", 1, 2]", 0);
    FILTER_IS("[\"in\", \"kind\"]", 0);
    FILTER_IS("[\"!in\", \"kind\", \"town\", \"village\"]", 1);
    FILTER_IS("[\"!in\", \"kind\", \"city\"]", 0);
    FILTER_IS("[\"has\", \"$type\"]", 1);
    FILTER_IS("[\"!has\", \"kind\"]", 0);
    FILTER_IS("[\"!has\", \"missing\"]", 1);
    FILTER_IS("[\"!has\", \"nothing\"]", 1); /* null = unset field */
    FILTER_IS("[\"all\", [\"==\", \"kind\", \"city\"], [\">\", \"pop\", 100]]", 1);
    FILTER_IS("[\"all\", [\"==\", \"kind\", \"city\"], [\">\", \"pop\", 10000]]", 0);
    FILTER_IS("[\"all\"]", 1);
    FILTER_IS("[\"any\", [\"==\", \"kind\", \"town\"], [\">\", \"pop\", 100]]", 1);
    FILTER_IS("[\"any\", [\"==\", \"kind\", \"town\"], [\">\", \"pop\", 10000]]", 0);
    FILTER_IS("[\"any\"]", 0);
    FILTER_IS("[\"none\", [\"==\", \"kind\", \"town\"], [\">\", \"pop\", 10000]]", 1);
    FILTER_IS("[\"none\", [\"==\", \"kind\", \"city\"]]", 0);
    FILTER_IS("[\"==\", \"$type\", \"Polygon\"]", 1);
    FILTER_IS("[\"!=\", \"$type\", \"Polygon\"]", 0);
    FILTER_IS("[\"in\", \"$type\", \"Point\", \"LineString\"]", 0);
    CHECK_INT(filter_on("[\"in\", \"$type\", \"Point\", \"LineString\"]", "Point"), 1);
    CHECK_INT(filter_on("[\"==\", \"$type\", \"LineString\"]", "LineString"), 1);
    /* A legacy group may hold expressions: each child is decided alone. */
    FILTER_IS("[\"all\", [\"==\", \"kind\", \"city\"], [\">\", [\"get\", \"pop\"], 100]]", 1);
    FILTER_IS("[\"none\", [\"==\", [\"get\", \"kind\"], \"city\"]]", 0);
    FILTER_IS("true", 1);
    FILTER_IS("false", 0);
}

static void test_expression_filters(void)
{
    FILTER_IS("[\"==\", [\"get\", \"kind\"], \"city\"]", 1);
    FILTER_IS("[\"==\", [\"get\", \"code\"], 1]", 0); /* no implicit coercion */
    FILTER_IS("[\"==\", [\"to-number\", [\"get\", \"code\"]], 1]", 1);
    FILTER_IS("[\"==\", [\"get\", \"nothing\"], null]", 1);
    FILTER_IS("[\"==\", [\"get\", \"missing\"], null]", 1);
    FILTER_IS("[\"!=\", [\"get\", \"kind\"], \"city\"]", 0);
    FILTER_IS("[\"!=\", [\"get\", \"pop\"], \"4000\"]", 1);
    FILTER_IS("[\"<\", [\"get\", \"pop\"], 5000]", 1);
    FILTER_IS("[\"<=\", [\"get\", \"pop\"], 4000]", 1);
    FILTER_IS("[\">\", [\"get\", \"pop\"], 4000]", 0);
    FILTER_IS("[\">=\", [\"get\", \"pop\"], 4000]", 1);
    /* ["<", "10", "9"] would be legacy (key "10"), as in MapLibre. */
    FILTER_IS("[\"<\", [\"literal\", \"10\"], \"9\"]", 1); /* strings compare as text */
    FILTER_IS("[\"<\", [\"+\", 9, 0], 10]", 1);
    FILTER_IS("[\"<\", \"10\", \"9\"]", 0);
    FILTER_IS("[\"<\", [\"get\", \"kind\"], 5]", 0); /* runtime type error: false */
    FILTER_IS("[\"!\", [\"<\", [\"get\", \"kind\"], 5]]", 0);
    FILTER_IS("[\"!\", [\"has\", \"kind\"]]", 0);
    /* ["!has", k] at the top is legacy; nested, it is the expression form. */
    FILTER_IS("[\"!\", [\"!has\", \"kind\"]]", 1);
    FILTER_IS("[\"case\", [\"!has\", \"missing\"], true, false]", 1);
    FILTER_IS("[\"has\", \"kind\"]", 1);
    FILTER_IS("[\"has\", \"missing\"]", 0);
    FILTER_IS("[\"has\", [\"concat\", \"name_\", \"ru\"]]", 1);
    FILTER_IS("[\"all\", [\"has\", \"kind\"], [\">\", [\"get\", \"pop\"], 1]]", 1);
    FILTER_IS("[\"all\", [\"has\", \"kind\"], [\">\", [\"get\", \"pop\"], 1e6]]", 0);
    FILTER_IS("[\"any\", [\"has\", \"missing\"], [\"get\", \"flag\"]]", 1);
    FILTER_IS("[\"any\", [\"has\", \"missing\"], false]", 0);
    FILTER_IS("[\"all\", true, [\"get\", \"kind\"]]", 0); /* not a boolean */
    FILTER_IS("[\"in\", [\"get\", \"kind\"], [\"literal\", [\"town\", \"city\"]]]", 1);
    FILTER_IS("[\"in\", [\"get\", \"pop\"], [\"literal\", [1, \"a\", 4000]]]", 1);
    FILTER_IS("[\"in\", [\"get\", \"code\"], [\"literal\", [1, 2]]]", 0);
    FILTER_IS("[\"in\", \"it\", [\"get\", \"kind\"]]", 1); /* substring */
    FILTER_IS("[\"in\", \"x\", [\"get\", \"kind\"]]", 0);
    FILTER_IS("[\"in\", 40, [\"to-string\", [\"get\", \"pop\"]]]", 1);
    FILTER_IS("[\"==\", [\"geometry-type\"], \"Polygon\"]", 1);
    FILTER_IS("[\"match\", [\"get\", \"kind\"], [\"town\", \"city\"], true, false]", 1);
    FILTER_IS("[\"case\", [\"has\", \"missing\"], false, [\"get\", \"flag\"]]", 1);
    FILTER_IS("[\"coalesce\", [\"get\", \"missing\"], [\"get\", \"flag\"]]", 1);
    FILTER_IS("[\"==\", [\"global-state\", \"lang\"], \"en\"]", 1);
    FILTER_IS("[\"to-boolean\", [\"get\", \"kind\"]]", 1);
    FILTER_IS("[\"to-boolean\", [\"get\", \"nothing\"]]", 0);
    FILTER_IS("[\"boolean\", [\"get\", \"kind\"], true]", 1);
    FILTER_IS("[\">\", [\"zoom\"], 3]", 0);
}

/* ---- expressions -------------------------------------------------------- */

static void test_match_case_coalesce(void)
{
    TEXT_IS("[\"match\", [\"get\", \"kind\"], \"city\", \"C\", \"town\", \"T\", \"?\"]", "C");
    TEXT_IS("[\"match\", [\"get\", \"kind\"], [\"town\", \"village\"], \"T\", \"?\"]", "?");
    TEXT_IS("[\"match\", [\"get\", \"pop\"], [1, 2], \"small\", 4000, \"big\", \"?\"]", "big");
    /* An input of another type takes the fallback, it is not an error. */
    TEXT_IS("[\"match\", [\"get\", \"code\"], 1, \"one\", \"other\"]", "other");
    TEXT_IS("[\"case\", [\">\", [\"get\", \"pop\"], 10000], \"large\","
            " [\">\", [\"get\", \"pop\"], 1000], \"medium\", \"small\"]",
            "medium");
    TEXT_IS("[\"case\", false, \"a\", \"fallback\"]", "fallback");
    TEXT_IS("[\"coalesce\", [\"get\", \"missing\"], [\"get\", \"nothing\"], [\"get\", \"kind\"]]",
            "city");
    TEXT_IS("[\"coalesce\", [\"get\", \"missing\"], [\"get\", \"nothing\"]]", "(null)");
    /* Colours chosen by match, checked and parsed at load. */
    CHECK_COLOR(color_of("[\"match\", [\"get\", \"kind\"], \"city\", \"red\", \"blue\"]", 0), 1, 0,
                0, 1);
    CHECK_COLOR(color_of("[\"case\", [\"get\", \"flag\"], \"#00f\", \"#fff\"]", 0), 0, 0, 1, 1);
    /* A colour from the data (a string) is parsed when evaluated. */
    CHECK_COLOR(color_of("[\"get\", \"colour\"]", 0), 1, 0, 0, 1);
    CHECK_COLOR(color_of("[\"coalesce\", [\"get\", \"missing\"], \"lime\"]", 0), 0, 1, 0, 1);
    /* One that is not a colour gives the default (black). */
    CHECK_COLOR(color_of("[\"get\", \"kind\"]", 0), 0, 0, 0, 1);
}

static void test_step_interpolate(void)
{
    const char *step = "[\"step\", [\"zoom\"], 1, 5, 2, 10, 3]";
    CHECK_NEAR(number_of(step, 0), 1, 0);
    CHECK_NEAR(number_of(step, 4.99), 1, 0);
    CHECK_NEAR(number_of(step, 5), 2, 0);
    CHECK_NEAR(number_of(step, 9), 2, 0);
    CHECK_NEAR(number_of(step, 10), 3, 0);
    CHECK_NEAR(number_of(step, 20), 3, 0);
    CHECK_NEAR(number_of("[\"step\", [\"get\", \"pop\"], 0, 1000, 1, 5000, 2]", 0), 1, 0);
    CHECK_NEAR(number_of("[\"step\", [\"zoom\"], 7]", 3), 7, 0);

    const char *lin = "[\"interpolate\", [\"linear\"], [\"zoom\"], 5, 1, 10, 6]";
    CHECK_NEAR(number_of(lin, 0), 1, 1e-12);
    CHECK_NEAR(number_of(lin, 5), 1, 1e-12);
    CHECK_NEAR(number_of(lin, 7.5), 3.5, 1e-12);
    CHECK_NEAR(number_of(lin, 10), 6, 1e-12);
    CHECK_NEAR(number_of(lin, 12), 6, 1e-12);
    const char *three = "[\"interpolate\", [\"linear\"], [\"zoom\"], 0, 0, 10, 10, 20, 0]";
    CHECK_NEAR(number_of(three, 15), 5, 1e-12);
    /* exponential base 2 between 0 and 2: factor (2^1 - 1) / (2^2 - 1). */
    const char *expo = "[\"interpolate\", [\"exponential\", 2], [\"zoom\"], 0, 0, 2, 30]";
    CHECK_NEAR(number_of(expo, 1), 10, 1e-12);
    /* any numeric input */
    CHECK_NEAR(number_of("[\"interpolate\", [\"linear\"], [\"get\", \"ratio\"], 0, 0, 10, 100]", 0),
               25, 1e-12);
    /* colours */
    const char *col =
        "[\"interpolate\", [\"linear\"], [\"zoom\"], 0, \"#000000\", 10, \"#ffffff\"]";
    CHECK_COLOR(color_of(col, 5), 0.5, 0.5, 0.5, 1);
    CHECK_COLOR(color_of("[\"interpolate\", [\"linear\"], [\"zoom\"], 0, \"red\", 10, "
                         "\"rgba(255, 0, 0, 0)\"]",
                         5),
                1, 0, 0, 0.5);
    /* Values from data are clamped into the property's range at evaluation. */
    fm_style *s = must_load("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                            " \"paint\": {\"line-opacity\": [\"get\", \"pop\"],"
                            " \"line-width\": [\"get\", \"neg\"]}}");
    if (s) {
        fm_eval_ctx ctx;
        fm_eval_ctx_init(&ctx, s, NULL);
        ctx.props = &PROPS;
        CHECK_NEAR(style_eval_number(&s->layers[0], FM_P_LINE_OPACITY, &ctx), 1, 0);
        CHECK_NEAR(style_eval_number(&s->layers[0], FM_P_LINE_WIDTH, &ctx), 0, 0);
    }
    style_free(s);
    /* A non-number input is an evaluation error: the default. */
    CHECK_NEAR(number_of("[\"interpolate\", [\"linear\"], [\"get\", \"kind\"], 0, 5, 1, 6]", 0), 0,
               0);
}

static void test_get_concat_global_state(void)
{
    const char *name = "[\"get\", [\"concat\", \"name_\", [\"global-state\", \"lang\"]]]";
    char buf[128];
    /* The root state default... */
    CHECK_STR(text_of(name, NULL, 0, buf, sizeof buf), "Shusha");
    /* ...and the caller's value wins. */
    static const char *const sk[] = { "lang" };
    fm_value ru = { .type = FM_VAL_STRING, .string = "ru" };
    fm_props state = { 1, sk, &ru };
    CHECK_STR(text_of(name, &state, 0, buf, sizeof buf), "\xD0\xA8\xD1\x83\xD1\x88\xD0\xB0");
    fm_value az = { .type = FM_VAL_STRING, .string = "az" };
    state.values = &az;
    CHECK_STR(text_of(name, &state, 0, buf, sizeof buf), "\xC5\x9E\x75\xC5\x9F\x61");
    fm_value hy = { .type = FM_VAL_STRING, .string = "hy" };
    state.values = &hy; /* no name_hy */
    CHECK_STR(text_of(name, &state, 0, buf, sizeof buf), "(null)");
    CHECK_STR(text_of("[\"global-state\", \"unknown\"]", NULL, 0, buf, sizeof buf), "(null)");

    TEXT_IS("[\"concat\", [\"get\", \"name\"], \" (\", [\"get\", \"pop\"], \")\"]",
            "Shusha (4000)");
    TEXT_IS("[\"concat\", \"a\", [\"concat\", \"b\", [\"concat\", \"c\", \"d\"]], \"e\"]", "abcde");
    TEXT_IS("[\"concat\", [\"get\", \"flag\"], \"/\", [\"get\", \"nothing\"], \"/\", 0.5]",
            "true//0.5");
    TEXT_IS("[\"get\", \"missing\"]", "(null)");
}

static void test_arithmetic_and_conversions(void)
{
    CHECK_NEAR(number_of("[\"+\", 1, 2, 3.5]", 0), 6.5, 1e-12);
    CHECK_NEAR(number_of("[\"-\", 10, 4]", 0), 6, 0);
    CHECK_NEAR(number_of("[\"-\", [\"get\", \"neg\"]]", 0), 3, 0);
    CHECK_NEAR(number_of("[\"*\", [\"get\", \"ratio\"], 4]", 0), 10, 0);
    CHECK_NEAR(number_of("[\"/\", [\"get\", \"pop\"], 1000]", 0), 4, 0);
    CHECK_NEAR(number_of("[\"%\", 7, 3]", 0), 1, 0);
    CHECK_NEAR(number_of("[\"%\", -7, 3]", 0), -1, 0); /* JavaScript's % */
    CHECK_NEAR(number_of("[\"min\", 4, [\"get\", \"neg\"], 2]", 0), -3, 0);
    CHECK_NEAR(number_of("[\"max\", 4, [\"get\", \"neg\"], 2]", 0), 4, 0);
    CHECK_NEAR(number_of("[\"+\", [\"get\", \"kind\"], 1]", 0), 0, 0); /* error: default */
    CHECK_NEAR(number_of("[\"to-number\", [\"get\", \"code\"]]", 0), 1, 0);
    CHECK_NEAR(number_of("[\"to-number\", \" 2.5e1 \"]", 0), 25, 0);
    CHECK_NEAR(number_of("[\"to-number\", \"0x10\"]", 0), 16, 0);
    CHECK_NEAR(number_of("[\"to-number\", \"\"]", 0), 0, 0);
    CHECK_NEAR(number_of("[\"to-number\", true]", 0), 1, 0);
    CHECK_NEAR(number_of("[\"to-number\", \"abc\", \"7\"]", 0), 7, 0);
    CHECK_NEAR(number_of("[\"to-number\", \"1.2.3\", 9]", 0), 9, 0);
    CHECK_NEAR(number_of("[\"number\", [\"get\", \"kind\"], [\"get\", \"pop\"]]", 0), 4000, 0);
    CHECK_NEAR(number_of("[\"zoom\"]", 6.5), 6.5, 0);

    TEXT_IS("[\"to-string\", 3]", "3");
    TEXT_IS("[\"to-string\", 0.5]", "0.5");
    TEXT_IS("[\"to-string\", 2.50]", "2.5");
    TEXT_IS("[\"to-string\", -0.1]", "-0.1");
    TEXT_IS("[\"to-string\", 123456789012]", "123456789012");
    TEXT_IS("[\"to-string\", [\"get\", \"big\"]]", "1e+21");
    TEXT_IS("[\"to-string\", 0.0000001]", "1e-7");
    TEXT_IS("[\"to-string\", 0.000001]", "0.000001");
    TEXT_IS("[\"to-string\", [\"/\", 1, 3]]", "0.3333333333333333");
    TEXT_IS("[\"to-string\", [\"+\", 0.1, 0.2]]", "0.30000000000000004");
    TEXT_IS("[\"to-string\", true]", "true");
    TEXT_IS("[\"to-string\", [\"rgb\", 255, 0, 0]]", "rgba(255,0,0,1)");
    TEXT_IS("[\"to-string\", [\"rgba\", 0, 128, 255, 0.5]]", "rgba(0,128,255,0.5)");
    TEXT_IS("[\"to-string\", [\"literal\", [1, 2.5]]]", "[1,2.5]");
    TEXT_IS("[\"string\", [\"get\", \"pop\"], [\"get\", \"kind\"]]", "city");
    TEXT_IS("[\"upcase\", [\"get\", \"kind\"]]", "CITY");
    TEXT_IS("[\"downcase\", \"ABC d\"]", "abc d");
    /* Azerbaijani, Russian, Armenian, German. */
    TEXT_IS("[\"upcase\", \"\xC5\x9F\x75\xC5\x9F\x61 \xC9\x99 \xC4\xB1\"]",
            "\xC5\x9E\x55\xC5\x9E\x41 \xC6\x8F I");                            /* şuşa ə ı */
    TEXT_IS("[\"downcase\", \"\xC6\x8F\x4C\xC4\xB0\"]", "\xC9\x99li\xCC\x87"); /* ƏLİ */
    TEXT_IS("[\"upcase\", \"\xD1\x88\xD1\x83\xD1\x88\xD0\xB0\"]",
            "\xD0\xA8\xD0\xA3\xD0\xA8\xD0\x90"); /* шуша */
    TEXT_IS("[\"upcase\", \"\xD5\xA5\xD6\x80\xD6\x87\"]",
            "\xD4\xB5\xD5\x90\xD4\xB5\xD5\x92"); /* երև -> ԵՐԵՒ */
    TEXT_IS("[\"upcase\", \"stra\xC3\x9F\x65\"]", "STRASSE");
    TEXT_IS("[\"rgb\", 300, 0, 0]", "(null)"); /* out of range: error */
    CHECK_COLOR(color_of("[\"rgba\", 255, 128, 0, 0.25]", 0), 1, 128 / 255.0, 0, 0.25);
    CHECK_COLOR(color_of("[\"to-color\", [\"get\", \"kind\"], \"navy\"]", 0), 0, 0, 128 / 255.0, 1);
}

static void test_text_tokens(void)
{
    TEXT_IS("\"{name_en}\"", "Shusha");
    TEXT_IS("\"{name} ({name_ru})\"", "Shusha (\xD0\xA8\xD1\x83\xD1\x88\xD0\xB0)");
    TEXT_IS("\"{pop} people\"", "4000 people");
    TEXT_IS("\"ratio {ratio}\"", "ratio 2.5");
    TEXT_IS("\"{flag}\"", "true");
    TEXT_IS("\"{missing}\"", "(null)"); /* no label */
    TEXT_IS("\"{nothing}\"", "(null)");
    TEXT_IS("\"{missing}{nothing}\"", "(null)");
    TEXT_IS("\"a {missing}b\"", "a b");
    TEXT_IS("\"<{x}>\"", "<>"); /* one-letter key */
    TEXT_IS("\"plain text\"", "plain text");
    TEXT_IS("\"{}{ {label}}\"", "{}{ label}"); /* only {key} is a token */
    TEXT_IS("\"\"", "(null)");
    TEXT_IS("[\"get\", \"pop\"]", "4000"); /* numbers show as text */
    TEXT_IS("[\"get\", \"ratio\"]", "2.5");
    /* Tokens only at the top: inside an expression "{x}" is literal. */
    TEXT_IS("[\"concat\", \"{name}\"]", "{name}");

    /* text-transform applies to the label. */
    fm_style *s = must_load("{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\","
                            " \"layout\": {\"text-field\": \"{name_az}\","
                            " \"text-transform\": \"uppercase\"}}");
    if (!s) return;
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    ctx.props = &PROPS;
    char buf[64];
    CHECK_STR(style_eval_text(&s->layers[0], FM_P_TEXT_FIELD, &ctx, buf, sizeof buf),
              "\xC5\x9E\x55\xC5\x9E\x41");
    /* Cut at the size, never inside a UTF-8 sequence. */
    CHECK_STR(style_eval_text(&s->layers[0], FM_P_TEXT_FIELD, &ctx, buf, 3), "\xC5\x9E");
    CHECK_STR(style_eval_text(&s->layers[0], FM_P_TEXT_FIELD, &ctx, buf, 2), "");
    style_free(s);
}

static void test_colors(void)
{
    fm_color c;
    fm_error e = { 0 };
    CHECK_INT(fm_color_parse("#f00", &c, &e), 0);
    CHECK_COLOR(c, 1, 0, 0, 1);
    CHECK_INT(fm_color_parse("#f008", &c, &e), 0);
    CHECK_COLOR(c, 1, 0, 0, 0x88 / 255.0);
    CHECK_INT(fm_color_parse("#1F78B4", &c, &e), 0);
    CHECK_COLOR(c, 0x1f / 255.0, 0x78 / 255.0, 0xb4 / 255.0, 1);
    CHECK_INT(fm_color_parse("#1f78b480", &c, &e), 0);
    CHECK_COLOR(c, 0x1f / 255.0, 0x78 / 255.0, 0xb4 / 255.0, 0x80 / 255.0);
    CHECK_INT(fm_color_parse("rgb(255, 128, 0)", &c, &e), 0);
    CHECK_COLOR(c, 1, 128 / 255.0, 0, 1);
    CHECK_INT(fm_color_parse("rgba(0,0,255,0.5)", &c, &e), 0);
    CHECK_COLOR(c, 0, 0, 1, 0.5);
    CHECK_INT(fm_color_parse("rgb(100%, 50%, 0%)", &c, &e), 0);
    CHECK_COLOR(c, 1, 0.5, 0, 1);
    CHECK_INT(fm_color_parse("rgba(100%, 0%, 0%, 25%)", &c, &e), 0);
    CHECK_COLOR(c, 1, 0, 0, 0.25);
    CHECK_INT(fm_color_parse("rgb(255 0 0 / 0.5)", &c, &e), 0); /* CSS Color 4 */
    CHECK_COLOR(c, 1, 0, 0, 0.5);
    CHECK_INT(fm_color_parse("hsl(120, 100%, 50%)", &c, &e), 0);
    CHECK_COLOR(c, 0, 1, 0, 1);
    CHECK_INT(fm_color_parse("hsl(0, 100%, 25%)", &c, &e), 0);
    CHECK_COLOR(c, 0.5, 0, 0, 1);
    CHECK_INT(fm_color_parse("hsla(240, 100%, 50%, 0.3)", &c, &e), 0);
    CHECK_COLOR(c, 0, 0, 1, 0.3);
    CHECK_INT(fm_color_parse("hsl(-120deg, 100%, 50%)", &c, &e), 0);
    CHECK_COLOR(c, 0, 0, 1, 1);
    CHECK_INT(fm_color_parse("hsl(0, 0%, 100%)", &c, &e), 0);
    CHECK_COLOR(c, 1, 1, 1, 1);
    CHECK_INT(fm_color_parse("rebeccapurple", &c, &e), 0);
    CHECK_COLOR(c, 0x66 / 255.0, 0x33 / 255.0, 0x99 / 255.0, 1);
    CHECK_INT(fm_color_parse(" SteelBlue ", &c, &e), 0);
    CHECK_COLOR(c, 0x46 / 255.0, 0x82 / 255.0, 0xb4 / 255.0, 1);
    CHECK_INT(fm_color_parse("aliceblue", &c, &e), 0);
    CHECK_COLOR(c, 0xf0 / 255.0, 0xf8 / 255.0, 1, 1);
    CHECK_INT(fm_color_parse("yellowgreen", &c, &e), 0);
    CHECK_COLOR(c, 0x9a / 255.0, 0xcd / 255.0, 0x32 / 255.0, 1);
    CHECK_INT(fm_color_parse("grey", &c, &e), 0);
    CHECK_COLOR(c, 128 / 255.0, 128 / 255.0, 128 / 255.0, 1);
    CHECK_INT(fm_color_parse("transparent", &c, &e), 0);
    CHECK_COLOR(c, 0, 0, 0, 0);
    CHECK_INT(fm_color_parse("rgb(300, -5, 0)", &c, &e), 0); /* clamped, as CSS */
    CHECK_COLOR(c, 1, 0, 0, 1);

    static const char *const bad[] = {
        "",
        "#",
        "#12",
        "#12345",
        "#1234567",
        "#ggg",
        "red1",
        "rgb(1, 2)",
        "rgb(1, 2, 3, 4, 5)",
        "rgb(a, b, c)",
        "rgb(1, 2, 3",
        "rgb(1,2,3) x",
        "hsl(1, 2%)",
        "foo(1, 2, 3)",
        "bluish",
        "rgb(nan, 0, 0)",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fm_color keep = { 0.25, 0.25, 0.25, 0.25 };
        fm_error why = { 0 };
        CHECK_INT(fm_color_parse(bad[i], &keep, &why), -1);
        CHECK_NEAR(keep.r, 0.25, 0); /* untouched */
        CHECK_CONTAINS(why.msg, "is not a colour");
    }
    CHECK_INT(fm_color_parse(NULL, &c, NULL), -1);
}

static void test_stops_functions(void)
{
    const char *zf = "{\"stops\": [[5, 1], [10, 6]]}";
    CHECK_NEAR(number_of(zf, 0), 1, 1e-12);
    CHECK_NEAR(number_of(zf, 7.5), 3.5, 1e-12);
    CHECK_NEAR(number_of(zf, 11), 6, 1e-12);
    CHECK_NEAR(number_of("{\"base\": 2, \"stops\": [[0, 0], [2, 30]]}", 1), 10, 1e-12);
    CHECK_NEAR(number_of("{\"type\": \"interval\", \"stops\": [[0, 1], [5, 2], [10, 3]]}", 7), 2,
               0);
    CHECK_NEAR(number_of("{\"type\": \"interval\", \"stops\": [[3, 1], [5, 2]]}", 0), 1, 0);
    CHECK_COLOR(color_of("{\"stops\": [[0, \"#000\"], [10, \"#fff\"]]}", 5), 0.5, 0.5, 0.5, 1);
    CHECK_COLOR(color_of("{\"property\": \"kind\", \"type\": \"categorical\","
                         " \"stops\": [[\"town\", \"blue\"], [\"city\", \"red\"]]}",
                         0),
                1, 0, 0, 1);
    CHECK_COLOR(color_of("{\"property\": \"kind\", \"type\": \"categorical\","
                         " \"stops\": [[\"town\", \"blue\"]], \"default\": \"lime\"}",
                         0),
                0, 1, 0, 1);
    CHECK_NEAR(number_of("{\"property\": \"pop\", \"stops\": [[0, 0], [8000, 10]]}", 0), 5, 1e-12);
    CHECK_NEAR(number_of("{\"property\": \"kind\", \"stops\": [[0, 0], [8000, 10]],"
                         " \"default\": 7}",
                         0),
               7, 0);
    CHECK_NEAR(number_of("{\"property\": \"pop\", \"type\": \"identity\"}", 0), 4000, 0);
    /* interval is the default for properties that cannot blend */
    fm_style *s =
        must_load("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                  " \"layout\": {\"line-cap\": {\"stops\": [[0, \"butt\"], [8, \"round\"]]}}}");
    if (s) {
        fm_eval_ctx ctx;
        char buf[32];
        fm_eval_ctx_init(&ctx, s, NULL);
        ctx.zoom = 9;
        CHECK_STR(style_eval_text(&s->layers[0], FM_P_LINE_CAP, &ctx, buf, sizeof buf), "round");
        CHECK(style_prop_is_constant(&s->layers[0], FM_P_LINE_CAP));
        CHECK_INT(style_prop_depends(&s->layers[0], FM_P_LINE_CAP), FM_DEP_ZOOM);
    }
    style_free(s);
    LAYERS_FAIL("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                " \"layout\": {\"line-cap\": {\"stops\": [[0, \"butt\"], [8, \"pointy\"]]}}}",
                "layout.line-cap.stops[1][1]: expected one of butt, round, square, got \"pointy\"");
    LAYERS_FAIL("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                " \"paint\": {\"line-width\": {\"stops\": [[5, 1], [2, 3]]}}}",
                "paint.line-width.stops[1][0]: stop inputs must be numbers in strictly ascending");
    LAYERS_FAIL("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                " \"paint\": {\"line-width\": {\"stops\": [[5, 1]], \"bass\": 2}}}",
                "paint.line-width.bass: unknown function key");
}

/* ---- errors ------------------------------------------------------------- */

static const char *LAYER_HEAD = "{\"id\": \"rivers\", \"type\": \"line\", \"source\": \"s\", ";

/* A line layer "rivers" with the given extra keys must be refused. */
static void rivers_fail(const char *extra, const char *needle)
{
    char layer[4096];
    snprintf(layer, sizeof layer, "%s%s}", LAYER_HEAD, extra);
    LAYERS_FAIL(layer, needle);
}

static void test_errors_document(void)
{
    /* bad JSON: file, line and column, then jansson's words */
    DOC_FAILS("{\"version\": 8,\n  \"sources\": {,}\n}", "x.json:2:15: bad JSON: ");
    DOC_FAILS("{\"version\": 8, \"version\": 8}", "bad JSON: duplicate object key");
    DOC_FAILS("[]", "x.json: a style is a JSON object");
    DOC_FAILS("{\"version\": 8, \"sources\": {}, \"layers\": [], \"colour\": 1}",
              "x.json: colour: unknown root key; known: version, name, metadata, state, "
              "sources, layers");
    DOC_FAILS("{\"version\": 7, \"sources\": {}, \"layers\": []}",
              "x.json: version: must be 8 (MapLibre style specification v8), got 7");
    DOC_FAILS("{\"sources\": {}, \"layers\": []}", "x.json: version: missing");
    DOC_FAILS("{\"version\": 8, \"layers\": []}", "x.json: sources: missing");
    DOC_FAILS("{\"version\": 8, \"sources\": {}}", "x.json: layers: missing");
    DOC_FAILS("{\"version\": 8, \"sources\": {}, \"layers\": [],"
              " \"metadata\": {\"frontmap:colors\": {}}}",
              "x.json: metadata.frontmap:colors: unknown frontmap key; known: "
              "frontmap:sources, frontmap:view");
    DOC_FAILS("{\"version\": 8, \"sources\": {}, \"layers\": [],"
              " \"metadata\": {\"frontmap:sources\": {\"ghost\": {}}}}",
              "metadata.frontmap:sources.ghost: no source \"ghost\" in \"sources\"");
    DOC_FAILS(
        "{\"version\": 8, \"sources\": {\"a\": {\"type\": \"geojson\", \"data\": \"a.gpkg\"}},"
        " \"layers\": [], \"metadata\": {\"frontmap:sources\": {\"a\": {\"time\":"
        " {\"preset\": \"osm\"}}}}}",
        "metadata.frontmap:sources.a.time.preset: unknown preset; known: cshapes, ohm");
    DOC_FAILS(
        "{\"version\": 8, \"sources\": {\"a\": {\"type\": \"geojson\", \"data\": \"a.gpkg\"}},"
        " \"layers\": [], \"metadata\": {\"frontmap:sources\": {\"a\": {\"time\":"
        " {\"form\": \"x\"}}}}}",
        "metadata.frontmap:sources.a.time.form: unknown key; known: from, to");
    DOC_FAILS("{\"version\": 8, \"sources\": {\"a\": {\"type\": \"raster\", \"url\": \"x\"}},"
              " \"layers\": []}",
              "sources.a.type: unsupported source type \"raster\"");
    DOC_FAILS("{\"version\": 8, \"sources\": {\"a\": {\"type\": \"geojson\"}}, \"layers\": []}",
              "sources.a.data: missing; give the file's path relative to the style file");
    DOC_FAILS("{\"version\": 8, \"sources\": {\"a\": {\"type\": \"geojson\", \"data\":"
              " {\"type\": \"FeatureCollection\"}}}, \"layers\": []}",
              "sources.a.data: inline GeoJSON is not supported");
    DOC_FAILS("{\"version\": 8, \"sources\": {\"a\": {\"type\": \"geojson\", \"data\":"
              " \"https://example.org/a.geojson\"}}, \"layers\": []}",
              "URLs are not supported");
    DOC_FAILS("{\"version\": 8, \"sources\": {\"a\": {\"type\": \"geojson\", \"data\": \"a\","
              " \"cluster\": true}}, \"layers\": []}",
              "sources.a.cluster: unknown key for a geojson source");
    DOC_FAILS("{\"version\": 8, \"state\": {\"lang\": \"en\"}, \"sources\": {}, \"layers\": []}",
              "state.lang: must be an object {\"default\": value}");

    /* A missing file names the path and says why. */
    fm_error e = { 0 };
    CHECK(style_load("/nonexistent/frontmap/x.json", &e) == NULL);
    CHECK_CONTAINS(e.msg, "/nonexistent/frontmap/x.json: cannot read the style file: cannot open: "
                          "No such file or directory");
}

static void test_errors_layers(void)
{
    rivers_fail("\"paint\": {\"fill-colour\": \"red\"}",
                "t.json: layers[0] (\"rivers\").paint.fill-colour: unknown paint property "
                "for a line layer; known: line-color, line-width, line-opacity, "
                "line-dasharray, line-offset");
    rivers_fail("\"paint\": {\"fill-color\": \"red\"}",
                "layers[0] (\"rivers\").paint.fill-color: fill-color belongs to fill layers, "
                "not line layers");
    rivers_fail("\"layout\": {\"line-width\": 2}",
                "layers[0] (\"rivers\").layout.line-width: line-width is a paint property, "
                "not a layout one; move it into \"paint\"");
    rivers_fail("\"paint\": {\"line-cap\": \"round\"}",
                "paint.line-cap: line-cap is a layout property");
    rivers_fail("\"paint\": {\"line-width\": \"wide\"}",
                "t.json: layers[0] (\"rivers\").paint.line-width: expected a number or an "
                "expression, got \"wide\"");
    rivers_fail("\"paint\": {\"line-width\": -1}",
                "paint.line-width: expected a number >= 0 or an expression, got -1");
    rivers_fail("\"paint\": {\"line-opacity\": 2}",
                "paint.line-opacity: expected a number from 0 to 1 or an expression, got 2");
    rivers_fail("\"paint\": {\"line-color\": \"#ggg\"}",
                "paint.line-color: expected a colour or an expression, got \"#ggg\"");
    rivers_fail("\"paint\": {\"line-color\": 5}", "paint.line-color: expected a colour");
    rivers_fail("\"layout\": {\"line-cap\": \"pointy\"}",
                "layout.line-cap: expected one of butt, round, square or an expression, "
                "got \"pointy\"");
    rivers_fail("\"layout\": {\"visibility\": \"hidden\"}",
                "layout.visibility: expected one of visible, none");
    rivers_fail("\"paint\": {\"line-dasharray\": [2, \"x\"]}",
                "paint.line-dasharray[1]: expected a number");
    rivers_fail("\"paint\": {\"line-width\": [\"widthof\", 2]}",
                "paint.line-width: unknown expression operator \"widthof\"; known: get, has");
    rivers_fail("\"paint\": {\"line-width\": [\"+\", 1, [\"gett\", \"w\"]]}",
                "paint.line-width[2]: unknown expression operator \"gett\"");
    rivers_fail("\"paint\": {\"line-width\": [\"get\"]}",
                "paint.line-width: wrong number of arguments: \"get\" takes at least 1 "
                "argument, got 0");
    rivers_fail("\"paint\": {\"line-width\": [\"/\", 1, 2, 3]}",
                "\"/\" takes exactly 2 arguments, got 3");
    rivers_fail("\"paint\": {\"line-width\": [\"+\", 1, \"two\"]}",
                "paint.line-width[2]: expected a number, got \"two\"");
    rivers_fail("\"paint\": {\"line-width\": [\"concat\", \"a\"]}",
                "paint.line-width: expected a number, but \"concat\" gives a string");
    rivers_fail(
        "\"paint\": {\"line-color\": [\"match\", [\"get\", \"k\"], \"a\", \"#ggg\", \"red\"]}",
        "paint.line-color[3]: expected a colour, got \"#ggg\"");
    rivers_fail("\"paint\": {\"line-color\": [\"match\", [\"get\", \"k\"], \"a\", \"red\"]}",
                "\"match\" takes at least 4 arguments, got 3");
    rivers_fail("\"paint\": {\"line-color\": [\"match\", [\"get\", \"k\"], \"a\", \"red\", "
                "\"a\", \"blue\", \"red\"]}",
                "paint.line-color[4]: label \"a\" appears twice");
    rivers_fail("\"paint\": {\"line-width\": [\"case\", [\"get\", \"a\"], 1, 2, 3]}",
                "\"case\" takes condition/output pairs and a fallback");
    rivers_fail("\"paint\": {\"line-width\": [\"step\", [\"zoom\"], 1, 5, 2, 3, 3]}",
                "paint.line-width[5]: stop inputs must be literal numbers in strictly ascending");
    rivers_fail("\"paint\": {\"line-width\": [\"interpolate\", [\"cubic-bezier\", 0, 0, 1, 1], "
                "[\"zoom\"], 0, 1, 5, 2]}",
                "paint.line-width[1]: cubic-bezier interpolation is not supported");
    rivers_fail("\"paint\": {\"line-width\": [\"case\", true, 1, \"x\"]}",
                "paint.line-width[3]: expected a number, got \"x\"");
    rivers_fail("\"paint\": {\"line-opacity\": [\"step\", [\"zoom\"], 0.5, 10, 3]}",
                "paint.line-opacity[4]: expected a number from 0 to 1, got 3");
    rivers_fail("\"filter\": [\"==\", [\"get\", \"a\"], 1, 2]",
                "filter[3]: collators are not supported");
    rivers_fail("\"filter\": [\"==\", \"a\"]", "filter: wrong number of arguments");
    rivers_fail("\"filter\": [\"<\", [\"get\", \"a\"], true]",
                "filter[2]: \"<\" compares numbers or strings, not a boolean");
    rivers_fail("\"filter\": [\"==\", \"a\", [\"get\", \"b\"], 3]", "collators");
    rivers_fail("\"filter\": [\"==\", [\"literal\", \"one\"], 1]",
                "filter: cannot compare a string with a number");
    rivers_fail("\"filter\": [\"within\", {}]", "filter: unknown expression operator \"within\"");
    rivers_fail("\"filter\": \"kind\"", "filter: expected a filter");
    rivers_fail("\"filter\": [\"all\", [\"==\", \"a\", 1], [\"get\"]]",
                "filter[2]: wrong number of arguments");
    rivers_fail("\"minzoom\": 30",
                "layers[0] (\"rivers\").minzoom: expected a number from 0 to 24");
    rivers_fail("\"paint\": {}, \"ref\": \"x\"",
                "layers[0] (\"rivers\").ref: unknown layer key; known: id, type, source");
    rivers_fail("\"paint\": []", "layers[0] (\"rivers\").paint: must be an object");
    rivers_fail("\"layout\": {\"text-field\": \"x\"}",
                "text-field belongs to symbol layers, not line layers");

    LAYERS_FAIL("{\"type\": \"fill\", \"source\": \"s\"}",
                "t.json: layers[0]: missing \"id\"; every layer needs a unique id");
    LAYERS_FAIL("{\"id\": \"a\", \"type\": \"fill\", \"source\": \"s\"},"
                "{\"id\": \"a\", \"type\": \"line\", \"source\": \"s\"}",
                "t.json: layers[1] (\"a\").id: duplicate layer id (also layers[0])");
    LAYERS_FAIL("{\"id\": \"a\", \"type\": \"fill\", \"source\": \"nope\"}",
                "t.json: layers[0] (\"a\").source: unknown source \"nope\"; the style's "
                "sources are: s");
    LAYERS_FAIL("{\"id\": \"a\", \"type\": \"fill\"}",
                "layers[0] (\"a\"): missing \"source\"; a fill layer draws one of the "
                "style's sources: s");
    LAYERS_FAIL("{\"id\": \"a\", \"source\": \"s\"}", "layers[0] (\"a\"): missing \"type\"");
    LAYERS_FAIL("{\"id\": \"a\", \"type\": \"raster\", \"source\": \"s\"}",
                "layers[0] (\"a\").type: unsupported layer type \"raster\"; known: "
                "background, fill, line, circle, symbol");
    LAYERS_FAIL("{\"id\": \"a\", \"type\": \"background\", \"source\": \"s\"}",
                "layers[0] (\"a\").source: a background layer draws no features");
    LAYERS_FAIL("{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\","
                " \"layout\": {\"text-field\": 5}}",
                "layout.text-field: expected a string or an expression, got 5");
    LAYERS_FAIL("{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\","
                " \"layout\": {\"text-offset\": [1, 2, 3]}}",
                "layout.text-offset: expected an array of 2 numbers or an expression, got [1,2,3]");
    LAYERS_FAIL("{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\","
                " \"layout\": {\"text-font\": \"Noto Sans\"}}",
                "layout.text-font: expected an array of strings or an expression");
    LAYERS_FAIL("{\"id\": \"f\", \"type\": \"fill\", \"source\": \"s\","
                " \"paint\": {\"fill-color\": [\"global-state\", [\"get\", \"x\"]]}}",
                "paint.fill-color[1]: the state name must be a literal string");
    LAYERS_FAIL("{\"id\": \"f\", \"type\": \"fill\", \"source\": \"s\","
                " \"paint\": {\"fill-color\": [\"interpolate\", [\"linear\"], [\"zoom\"], 0,"
                " [\"concat\", \"a\"], 5, \"b\"]}}",
                "paint.fill-color[6]: expected a colour, got \"b\"");
    LAYERS_FAIL("{\"id\": \"f\", \"type\": \"fill\", \"source\": \"s\","
                " \"paint\": {\"fill-opacity\": [\"match\", [\"get\", \"k\"], 1.5, 1, 0]}}",
                "paint.fill-opacity[2]: numeric labels must be integers, got 1.5");
}

/* Near misses that must load: a legacy filter on a key that looks like a
** value, dynamic colour strings under interpolate, literal arrays in match. */
static void test_error_edges(void)
{
    static const char *const ok[] = {
        "\"filter\": [\"==\", \"one\", 1]}",
        ("\"paint\": {\"line-color\": [\"interpolate\", [\"linear\"], [\"zoom\"], 0,"
         " [\"concat\", \"#\", \"fff\"], 5, \"red\"]}}"),
        "\"paint\": {\"line-dasharray\": [\"match\", [\"get\", \"k\"], \"a\", [2, 1], [1, 1]]}}",
        "\"paint\": {\"line-color\": [\"to-color\", [\"get\", \"c\"]]}, \"metadata\": 5}",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        fm_error e = { 0 };
        char layer[1024];
        snprintf(layer, sizeof layer, "%s%s", LAYER_HEAD, ok[i]);
        fm_style *s = with_layers(layer, &e);
        if (!s) fprintf(stderr, "unexpected error: %s\n", e.msg);
        CHECK(s != NULL);
        style_free(s);
    }
}

/* ---- paths -------------------------------------------------------------- */

static void test_path_resolution(void)
{
    const char *doc = "{\"version\": 8, \"sources\": {"
                      " \"rel\": {\"type\": \"geojson\", \"data\": \"../layers/base/rivers.gpkg\"},"
                      " \"abs\": {\"type\": \"geojson\", \"data\": \"/srv/data/x.shp\"},"
                      " \"vsi\": {\"type\": \"geojson\", \"data\": \"/vsizip/a.zip/b.shp\"},"
                      " \"file\": {\"type\": \"geojson\", \"data\": \"file:places.geojson\"},"
                      " \"vec\": {\"type\": \"vector\", \"url\": \"file://tiles/ohm.gpkg\"}},"
                      " \"layers\": []}";
    fm_error e = { 0 };
    fm_style *s = style_parse(doc, "styles/screen.json", "styles", &e);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(style_source(s, "rel")->path, "styles/../layers/base/rivers.gpkg");
        CHECK_STR(style_source(s, "abs")->path, "/srv/data/x.shp");
        CHECK_STR(style_source(s, "vsi")->path, "/vsizip/a.zip/b.shp");
        CHECK_STR(style_source(s, "file")->path, "styles/places.geojson");
        CHECK_STR(style_source(s, "vec")->path, "styles/tiles/ohm.gpkg");
    }
    style_free(s);
    s = style_parse(doc, "screen.json", NULL, &e); /* current directory */
    CHECK(s != NULL);
    if (s) CHECK_STR(style_source(s, "rel")->path, "../layers/base/rivers.gpkg");
    style_free(s);
    s = style_parse(doc, "screen.json", "/opt/fm/", &e);
    CHECK(s != NULL);
    if (s) CHECK_STR(style_source(s, "file")->path, "/opt/fm/places.geojson");
    style_free(s);

    /* style_load takes the folder from the file's own path. */
    char dir[] = "/tmp/test_style_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    char file[512];
    snprintf(file, sizeof file, "%s/print.json", dir);
    FILE *f = fopen(file, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(doc, f);
        fclose(f);
        s = style_load(file, &e);
        CHECK(s != NULL);
        if (s) {
            char want[600];
            snprintf(want, sizeof want, "%s/../layers/base/rivers.gpkg", dir);
            CHECK_STR(style_source(s, "rel")->path, want);
            CHECK_STR(s->path, file);
        }
        style_free(s);
        remove(file);
    }
    /* A directory cannot be read as a style. */
    CHECK(style_load(dir, &e) == NULL);
    CHECK_CONTAINS(e.msg, "cannot read the style file");
    rmdir(dir);
}

/* ---- constness and threads --------------------------------------------- */

static void test_prop_is_constant(void)
{
    fm_style *s =
        must_load("{\"id\": \"l\", \"type\": \"line\", \"source\": \"s\","
                  " \"paint\": {\"line-color\": \"red\","
                  "   \"line-width\": [\"interpolate\", [\"linear\"], [\"zoom\"], 5, 1, 10, 3],"
                  "   \"line-opacity\": [\"case\", [\"has\", \"disputed\"], 0.5, 1],"
                  "   \"line-offset\": [\"*\", 2, 3],"
                  "   \"line-dasharray\": [\"match\", [\"global-state\", \"lang\"], \"en\", "
                  "[\"literal\", [2, 1]], [\"literal\", [1, 1]]]},"
                  " \"layout\": {\"line-cap\": [\"match\", [\"geometry-type\"], \"Polygon\", "
                  "\"round\", \"butt\"]},"
                  " \"filter\": [\"==\", \"kind\", \"river\"]}");
    if (!s) return;
    const fm_style_layer *l = &s->layers[0];
    CHECK(style_prop_is_constant(l, FM_P_LINE_COLOR));
    CHECK(style_prop_is_set(l, FM_P_LINE_COLOR));
    CHECK_INT(style_prop_depends(l, FM_P_LINE_COLOR), 0);
    CHECK(style_prop_is_constant(l, FM_P_LINE_WIDTH)); /* zoom: same per frame */
    CHECK_INT(style_prop_depends(l, FM_P_LINE_WIDTH), FM_DEP_ZOOM);
    CHECK(!style_prop_is_constant(l, FM_P_LINE_OPACITY));
    CHECK_INT(style_prop_depends(l, FM_P_LINE_OPACITY), FM_DEP_FEATURE);
    CHECK(style_prop_is_constant(l, FM_P_LINE_OFFSET));
    CHECK(style_prop_is_constant(l, FM_P_LINE_DASHARRAY));
    CHECK_INT(style_prop_depends(l, FM_P_LINE_DASHARRAY), FM_DEP_STATE);
    CHECK(!style_prop_is_constant(l, FM_P_LINE_CAP)); /* geometry-type */
    CHECK(style_prop_is_constant(l, FM_P_LINE_JOIN)); /* unset */
    CHECK(!style_prop_is_set(l, FM_P_LINE_JOIN));
    CHECK_INT(style_filter_depends(l), FM_DEP_FEATURE);

    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, s, NULL);
    CHECK_NEAR(style_eval_number(l, FM_P_LINE_OFFSET, &ctx), 6, 0);
    fm_value dash = style_eval(l, FM_P_LINE_DASHARRAY, &ctx);
    CHECK_INT(dash.count, 2);
    CHECK_NEAR(dash.numbers[0], 2, 0);
    style_free(s);
}

/* Two contexts on one style, interleaved: neither sees the other's state
** or scratch text (frames render this way in parallel threads). */
static void test_contexts_independent(void)
{
    fm_style *s = must_load("{\"id\": \"t\", \"type\": \"symbol\", \"source\": \"s\","
                            " \"layout\": {\"text-field\": [\"concat\", [\"get\", \"name\"],"
                            " \" \", [\"global-state\", \"lang\"]]}}");
    if (!s) return;
    static const char *const sk[] = { "lang" };
    fm_value ru = { .type = FM_VAL_STRING, .string = "ru" };
    fm_props state = { 1, sk, &ru };
    fm_eval_ctx a, b;
    fm_eval_ctx_init(&a, s, NULL);
    fm_eval_ctx_init(&b, s, &state);
    a.props = b.props = &PROPS;
    fm_value va = style_eval(&s->layers[0], FM_P_TEXT_FIELD, &a);
    fm_value vb = style_eval(&s->layers[0], FM_P_TEXT_FIELD, &b);
    CHECK_STR(va.string, "Shusha en");
    CHECK_STR(vb.string, "Shusha ru");
    style_free(s);
}

/* Text longer than the scratch space gives the default, never overflows. */
static void test_scratch_overflow(void)
{
    char expr[12000];
    size_t n = (size_t)snprintf(expr, sizeof expr, "[\"concat\"");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(
            expr + n, sizeof expr - n,
            ", \"0123456789012345678901234567890123456789012345678901234567890123456789\"");
    snprintf(expr + n, sizeof expr - n, "]");
    TEXT_IS(expr, "(null)");
}

/* Deep nesting is refused at load, not left to the evaluator's stack. */
static void test_nesting_limit(void)
{
    char expr[4096];
    size_t n = 0;
    for (int i = 0; i < 150; i++) n += (size_t)snprintf(expr + n, sizeof expr - n, "[\"-\", ");
    n += (size_t)snprintf(expr + n, sizeof expr - n, "1");
    for (int i = 0; i < 150; i++) n += (size_t)snprintf(expr + n, sizeof expr - n, "]");
    char layer[5000];
    snprintf(layer, sizeof layer, "%s\"paint\": {\"line-width\": %s}}", LAYER_HEAD, expr);
    LAYERS_FAIL(layer, "expression nested more than 100 levels deep");
    /* 50 levels are fine: -1 negated 50 times. */
    n = 0;
    for (int i = 0; i < 50; i++) n += (size_t)snprintf(expr + n, sizeof expr - n, "[\"-\", ");
    n += (size_t)snprintf(expr + n, sizeof expr - n, "-1");
    for (int i = 0; i < 50; i++) n += (size_t)snprintf(expr + n, sizeof expr - n, "]");
    CHECK_NEAR(number_of(expr, 0), -1, 0);
}

int main(void)
{
    RUN(test_parse_complete);
    RUN(test_defaults);
    RUN(test_legacy_filters);
    RUN(test_expression_filters);
    RUN(test_match_case_coalesce);
    RUN(test_step_interpolate);
    RUN(test_get_concat_global_state);
    RUN(test_arithmetic_and_conversions);
    RUN(test_text_tokens);
    RUN(test_colors);
    RUN(test_stops_functions);
    RUN(test_errors_document);
    RUN(test_errors_layers);
    RUN(test_error_edges);
    RUN(test_path_resolution);
    RUN(test_prop_is_constant);
    RUN(test_contexts_independent);
    RUN(test_scratch_overflow);
    RUN(test_nesting_limit);
    return CHECK_REPORT();
}
