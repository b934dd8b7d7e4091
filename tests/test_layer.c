/*
** test_layer.c -- vector layers (record/layer.h): a small GeoJSON written
** here, its time fields (valid_from/valid_to, reduced precision, open ends,
** inclusive ends, configured names, a default duration), which features
** are in force on days either side of their bounds, the projection into
** the map CRS, clipping to the view, and errors naming file, layer,
** feature and field.
*/
#include "record/layer.h"
#include "check.h"

#include <gdal.h>

static char dir[1200];
static fm_projection *proj;
static fm_view view;
static fm_geos *gc;

#define D(y, m, d) fm_day_from_ymd(y, m, d)

/* Polygon around (46.5..46.7, 39.8..40.0) and friends; feature ids are
** their order (GeoJSON without "id" numbers them from 0). */
static const char *const areas =
    "{\"type\":\"FeatureCollection\",\"name\":\"areas\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"side\":\"red\",\"n\":3,\"valid_from\":\"1993-01-01\","
    "\"valid_to\":\"1993-07-23\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[46.5,39.8],[46.7,39.8],[46.7,40.0],[46."
    "5,40.0],[46.5,39.8]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"side\":\"blue\",\"n\":null,\"valid_from\":\"1993-07\","
    "\"valid_to\":\"\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[46.5,39.8],[46.7,39.8],[46.7,40.0],[46."
    "5,40.0],[46.5,39.8]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"side\":\"green\",\"n\":1,\"valid_from\":\"1992\","
    "\"valid_to\":\"1994-05\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.5,39.8]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"side\":\"far\",\"n\":2,\"valid_from\":null,\"valid_"
    "to\":null},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[10.0,50.0]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"side\":\"open\",\"n\":4,\"valid_from\":null,\"valid_"
    "to\":null},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[46.2,39.9],[46.4,39.9],[46.6,39.9]]}}"
    "\n"
    "]}\n";

static fm_layer *load(const char *file, const fm_style_source *tmpl, fm_error *err)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    fm_style_source src;
    if (tmpl) src = *tmpl;
    else memset(&src, 0, sizeof src);
    src.id = "test";
    src.path = path;
    return layer_load(&src, proj, &view, gc, err);
}

/* The feature with "side" == side, or NULL. */
static const fm_feature *by_side(const fm_layer *l, const char *side)
{
    int i = layer_field_index(l, "side");
    if (i < 0) return NULL;
    for (int k = 0; k < l->nfeatures; k++)
        if (l->features[k].values[i].type == FM_VAL_STRING &&
            strcmp(l->features[k].values[i].string, side) == 0)
            return &l->features[k];
    return NULL;
}

static void test_fields_values_and_clipping(void)
{
    fm_error err = { 0 };
    fm_layer *l = load("areas.geojson", NULL, &err);
    if (!l) {
        fprintf(stderr, "layer_load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK_STR(l->name, "areas");
    CHECK(l->dated);
    CHECK_INT(l->nfields, 4);
    CHECK_INT(layer_field_index(l, "side"), 0);
    CHECK_INT(layer_field_index(l, "valid_to"), 3);
    CHECK_INT(layer_field_index(l, "nope"), -1);
    /* The point at 10E 50N is far outside the view: dropped on reading. */
    CHECK_INT(l->nfeatures, 4);
    CHECK(by_side(l, "far") == NULL);
    const fm_feature *red = by_side(l, "red"), *blue = by_side(l, "blue");
    CHECK(red && blue);
    if (red && blue) {
        int n = layer_field_index(l, "n");
        CHECK_INT(red->values[n].type, FM_VAL_NUMBER);
        CHECK_NEAR(red->values[n].number, 3, 0);
        CHECK_INT(blue->values[n].type, FM_VAL_NULL);
        CHECK_INT(red->fid, 0);
        CHECK_INT(red->kind, FM_GEOM_POLYGON);
        fm_props p = layer_feature_props(l, red);
        CHECK_INT(p.count, 4);
        CHECK_STR(p.keys[0], "side");
        CHECK_STR(p.values[0].string, "red");
    }
    const fm_feature *line = by_side(l, "open");
    CHECK(line != NULL);
    if (line) CHECK_INT(line->kind, FM_GEOM_LINE);
    layer_free(l, gc);
}

/* valid_from <= D < valid_to, checked on the days either side. */
static void test_in_force_either_side_of_the_bounds(void)
{
    fm_error err = { 0 };
    fm_layer *l = load("areas.geojson", NULL, &err);
    if (!l) {
        CHECK(0);
        return;
    }
    const fm_feature *red = by_side(l, "red"), *blue = by_side(l, "blue");
    const fm_feature *green = by_side(l, "green"), *open = by_side(l, "open");
    CHECK(red && blue && green && open);
    if (!(red && blue && green && open)) {
        layer_free(l, gc);
        return;
    }
    CHECK_INT(red->from, D(1993, 1, 1));
    CHECK_INT(red->to, D(1993, 7, 23));
    CHECK(!layer_feature_at(red, D(1992, 12, 31)));
    CHECK(layer_feature_at(red, D(1993, 1, 1)));
    CHECK(layer_feature_at(red, D(1993, 7, 22)));
    CHECK(!layer_feature_at(red, D(1993, 7, 23))); /* valid_to is exclusive */
    /* A month means its first day; an empty end is open. */
    CHECK_INT(blue->from, D(1993, 7, 1));
    CHECK_INT(blue->to, FM_DAY_MAX);
    CHECK(!layer_feature_at(blue, D(1993, 6, 30)));
    CHECK(layer_feature_at(blue, D(1993, 7, 1)));
    CHECK(layer_feature_at(blue, D(2500, 1, 1)));
    /* A year and a month: [1992-01-01, 1994-05-01). */
    CHECK_INT(green->from, D(1992, 1, 1));
    CHECK_INT(green->to, D(1994, 5, 1));
    CHECK(!layer_feature_at(green, D(1991, 12, 31)));
    CHECK(layer_feature_at(green, D(1994, 4, 30)));
    CHECK(!layer_feature_at(green, D(1994, 5, 1)));
    /* Null bounds: always in force. */
    CHECK_INT(open->from, FM_DAY_MIN);
    CHECK_INT(open->to, FM_DAY_MAX);
    CHECK(layer_feature_at(open, D(1, 1, 1)));
    layer_free(l, gc);
}

/* Inclusive ends run through the last day of the period. */
static void test_end_inclusive(void)
{
    fm_style_source src = { 0 };
    src.end_inclusive = 1;
    fm_error err = { 0 };
    fm_layer *l = load("areas.geojson", &src, &err);
    if (!l) {
        CHECK(0);
        return;
    }
    const fm_feature *red = by_side(l, "red"), *green = by_side(l, "green");
    CHECK(red && green);
    if (red && green) {
        CHECK_INT(red->to, D(1993, 7, 24));
        CHECK(layer_feature_at(red, D(1993, 7, 23)));
        CHECK_INT(green->from, D(1992, 1, 1)); /* the start is unchanged */
        CHECK_INT(green->to, D(1994, 6, 1));
        CHECK(layer_feature_at(green, D(1994, 5, 31)));
    }
    layer_free(l, gc);
}

/* Time fields named in the style; an undated source; a default duration. */
static void test_configured_time_fields(void)
{
    CHECK_INT(check_write_file(dir, "events.geojson",
                               "{\"type\":\"FeatureCollection\",\"features\":[\n"
                               "{\"type\":\"Feature\",\"properties\":{\"start\":\"1993-07-23\","
                               "\"valid_from\":\"1800\"},"
                               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.9,40.0]}}]}\n",
                               NULL, 0),
              0);
    fm_style_source src = { 0 };
    src.time_from = "start";
    src.duration_days = 10;
    fm_error err = { 0 };
    fm_layer *l = load("events.geojson", &src, &err);
    CHECK(l != NULL);
    if (l && l->nfeatures == 1) {
        CHECK(l->dated);
        CHECK_INT(l->features[0].from, D(1993, 7, 23));
        CHECK_INT(l->features[0].to, D(1993, 8, 2));
        CHECK(layer_feature_at(&l->features[0], D(1993, 8, 1)));
        CHECK(!layer_feature_at(&l->features[0], D(1993, 8, 2)));
    } else CHECK(0);
    layer_free(l, gc);

    fm_style_source undated = { 0 };
    undated.undated = 1;
    l = load("areas.geojson", &undated, &err);
    CHECK(l != NULL);
    if (l) {
        CHECK(!l->dated);
        for (int i = 0; i < l->nfeatures; i++)
            CHECK(layer_feature_at(&l->features[i], D(1900, 1, 1)));
    }
    layer_free(l, gc);

    /* A named field that is missing is an error. */
    fm_style_source missing = { 0 };
    missing.time_from = "begins";
    CHECK(load("areas.geojson", &missing, &err) == NULL);
    CHECK_CONTAINS(err.msg, "areas.geojson (layer areas): the time field \"begins\"");
}

/* Geometry ends up in the map CRS (UTM 38N here), from lon/lat or from a
** source in the map's own CRS. */
static void test_projection(void)
{
    fm_error err = { 0 };
    fm_layer *l = load("areas.geojson", NULL, &err);
    if (!l) {
        CHECK(0);
        return;
    }
    const fm_feature *green = by_side(l, "green");
    CHECK(green != NULL);
    if (green) {
        /* cs2cs EPSG:4326 EPSG:32638 on 39.8N 46.5E. */
        CHECK_INT(green->kind, FM_GEOM_POINT);
        CHECK_NEAR(green->label_x, 628414.998, 0.01);
        CHECK_NEAR(green->label_y, 4406635.685, 0.01);
        CHECK_INT(green->path.nparts, 1);
        CHECK_NEAR(green->path.xy[0], 628414.998, 0.01);
    }
    const fm_feature *red = by_side(l, "red");
    if (red) {
        /* The polygon's label point is inside it, in map units. */
        double x = red->label_x, y = red->label_y;
        CHECK(x > 620000 && x < 650000 && y > 4400000 && y < 4430000);
        CHECK(view_px_x(&view, x) > 0 && view_px_x(&view, x) < view.width);
    }
    layer_free(l, gc);

    CHECK_INT(
        check_write_file(
            dir, "utm.geojson",
            "{\"type\":\"FeatureCollection\",\"name\":\"utm\","
            "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32638\"}},"
            "\"features\":[{\"type\":\"Feature\",\"properties\":{\"side\":\"x\"},"
            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[628414.998,4406635.685]}}]}\n",
            NULL, 0),
        0);
    l = load("utm.geojson", NULL, &err);
    if (!l) {
        fprintf(stderr, "utm: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK(!l->dated);
    CHECK_INT(l->nfeatures, 1);
    if (l->nfeatures == 1) {
        CHECK_NEAR(l->features[0].label_x, 628414.998, 0.01);
        CHECK_NEAR(l->features[0].label_y, 4406635.685, 0.01);
    }
    layer_free(l, gc);
}

static void test_errors_name_file_layer_feature_and_field(void)
{
    fm_error err = { 0 };
    CHECK_INT(
        check_write_file(dir, "baddate.geojson",
                         "{\"type\":\"FeatureCollection\",\"name\":\"bad\",\"features\":["
                         "{\"type\":\"Feature\",\"properties\":{\"valid_from\":\"1993\"},"
                         "\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.5,39.8]}},"
                         "{\"type\":\"Feature\",\"properties\":{\"valid_from\":\"1993-02-30\"},"
                         "\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.5,39.8]}}]}\n",
                         NULL, 0),
        0);
    CHECK(load("baddate.geojson", NULL, &err) == NULL);
    CHECK_CONTAINS(err.msg, "baddate.geojson (layer bad), feature 1, field valid_from");
    CHECK_CONTAINS(err.msg, "day 30 does not exist");

    CHECK_INT(check_write_file(dir, "reversed.geojson",
                               "{\"type\":\"FeatureCollection\",\"name\":\"rev\",\"features\":["
                               "{\"type\":\"Feature\",\"properties\":{\"valid_from\":\"1993-07-"
                               "23\",\"valid_to\":\"1993-07-23\"},"
                               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.5,39.8]}}]}\n",
                               NULL, 0),
              0);
    CHECK(load("reversed.geojson", NULL, &err) == NULL);
    CHECK_CONTAINS(err.msg, "reversed.geojson (layer rev), feature 0: the interval ends");

    CHECK(load("missing.geojson", NULL, &err) == NULL);
    CHECK_CONTAINS(err.msg, "missing.geojson: cannot open as a vector layer");

    fm_style_source src = { 0 };
    src.layer = "nolayer";
    CHECK(load("areas.geojson", &src, &err) == NULL);
    CHECK_CONTAINS(err.msg, "no layer \"nolayer\"");
}

int main(void)
{
    if (check_tmp_dir("layer", dir, sizeof dir)) return 1;
    if (check_write_file(dir, "areas.geojson", areas, NULL, 0)) return 1;
    GDALAllRegister();
    fm_error err = { 0 };
    gc = geom_context_new();
    proj = projection_new("EPSG:32638", &err);
    fm_transform *t = proj ? projection_transform_from(proj, NULL, &err) : NULL;
    const double bbox[4] = { 46.0, 39.5, 47.2, 40.3 };
    if (!gc || !t || view_fit(&view, t, bbox, 400, 300, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    transform_free(t);
    RUN(test_fields_values_and_clipping);
    RUN(test_in_force_either_side_of_the_bounds);
    RUN(test_end_inclusive);
    RUN(test_configured_time_fields);
    RUN(test_projection);
    RUN(test_errors_name_file_layer_feature_and_field);
    projection_free(proj);
    geom_context_free(gc);
    return CHECK_REPORT();
}
