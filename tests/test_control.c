/*
** test_control.c -- who held what, when (record/control.h): a built layer
** read back, control_at on the days either side of a change and outside
** every area, areas per side against the region, and a small recipe
** built, written and read again, with errors naming file, line and row.
*/
#include "record/control.h"
#include "check.h"

#include <gdal.h>

static char dir[1200];
static fm_geos *gc;

#define D(y, m, d) fm_day_from_ymd(y, m, d)

/* data/control.geojson: base (AZE, 1990-01-01, 46.1..47.1 x 39.6..40.2),
** west (ARM, 1992-01-01, 46.2..46.5 x 39.7..40.1), east (ARM, 1993-07-23,
** 46.5..46.9 x 39.7..40.1). */
static void test_load_sorted_by_date(void)
{
    fm_error err = { 0 };
    fm_control *c = control_load("data/control.geojson", gc, &err);
    if (!c) {
        fprintf(stderr, "control_load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK_INT(c->count, 3);
    if (c->count == 3) {
        CHECK_STR(c->changes[0].id, "base");
        CHECK_STR(c->changes[1].id, "west");
        CHECK_STR(c->changes[2].id, "east");
        CHECK_INT(c->changes[2].from, D(1993, 7, 23));
        CHECK_STR(c->changes[2].from_text, "1993-07-23");
        CHECK_STR(c->changes[2].controller, "ARM");
        CHECK_STR(c->changes[2].note, ""); /* absent fields read as "" */
        CHECK(c->changes[0].geom_ea != NULL);
    }
    control_free(c);
}

static const char *holder(const fm_control *c, fm_day d, double lon, double lat)
{
    const fm_change *ch = control_at(c, d, lon, lat);
    return ch ? ch->id : "NONE";
}

static void test_at_either_side_of_a_change(void)
{
    fm_error err = { 0 };
    fm_control *c = control_load("data/control.geojson", gc, &err);
    if (!c) {
        CHECK(0);
        return;
    }
    /* West: AZE until the last day of 1991, ARM from 1992-01-01. */
    CHECK_STR(holder(c, D(1989, 12, 31), 46.3, 39.9), "NONE");
    CHECK_STR(holder(c, D(1990, 1, 1), 46.3, 39.9), "base");
    CHECK_STR(holder(c, D(1991, 12, 31), 46.3, 39.9), "base");
    CHECK_STR(holder(c, D(1992, 1, 1), 46.3, 39.9), "west");
    /* East changes hands on 23 July 1993 (the day itself counts). */
    CHECK_STR(holder(c, D(1993, 7, 22), 46.7, 39.9), "base");
    CHECK_STR(holder(c, D(1993, 7, 23), 46.7, 39.9), "east");
    CHECK_STR(holder(c, D(2020, 1, 1), 46.7, 39.9), "east");
    /* Inside base only, and outside every area. */
    CHECK_STR(holder(c, D(2020, 1, 1), 47.0, 40.15), "base");
    CHECK_STR(holder(c, D(2020, 1, 1), 45.0, 39.0), "NONE");
    const fm_change *ch = control_at(c, D(1993, 7, 23), 46.7, 39.9);
    CHECK(ch && strcmp(ch->controller, "ARM") == 0);
    control_free(c);
}

/* Per side, each point counted once: the sides add up to the region. */
static void test_areas_add_up_to_the_region(void)
{
    fm_error err = { 0 };
    fm_control *c = control_load("data/control.geojson", gc, &err);
    if (!c) {
        CHECK(0);
        return;
    }
    fm_control_area a[4];
    /* The base rectangle, 1.0 x 0.6 degrees at 39.9N: about
    ** 85.4 km x 66.6 km = 5,690 km2. */
    double region = control_region_km2(c, D(1993, 7, 23), &err);
    CHECK_NEAR(region, 5690, 60);
    int n = control_areas(c, D(1993, 7, 23), a, 4, &err);
    CHECK_INT(n, 2);
    double arm = 0, aze = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(a[i].controller, "ARM")) arm = a[i].km2;
        if (!strcmp(a[i].controller, "AZE")) aze = a[i].km2;
    }
    CHECK_NEAR(arm + aze, region, region * 1e-9);
    /* ARM holds (0.3 + 0.4) x 0.4 of the 1.0 x 0.6 rectangle: 7/15. */
    CHECK_NEAR(arm / region, 7.0 / 15.0, 0.005);
    /* The day before, east is not yet ARM: 3/15. */
    n = control_areas(c, D(1993, 7, 22), a, 4, &err);
    arm = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(a[i].controller, "ARM")) arm = a[i].km2;
    CHECK_NEAR(arm / region, 3.0 / 15.0, 0.005);
    /* Before anything: nothing. */
    CHECK_INT(control_areas(c, D(1980, 1, 1), a, 4, &err), 0);
    CHECK_NEAR(control_region_km2(c, D(1980, 1, 1), &err), 0, 0);
    control_free(c);
}

#define RECIPE_HEADER                                                                              \
    "id,event,controller,valid_from,valid_from_edtf,base,minus,cut,keep,source,certainty,note\n"

static void write_recipe_geometry(void)
{
    check_write_file(
        dir, "areas.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"sq\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[46,40],[47,40],[47,41],[46,41],[46,40]]]}}]}\n",
        NULL, 0);
    check_write_file(dir, "lines.geojson",
                     "{\"type\":\"FeatureCollection\",\"features\":["
                     "{\"type\":\"Feature\",\"properties\":{\"id\":\"mid\"},\"geometry\":{\"type\":"
                     "\"LineString\","
                     "\"coordinates\":[[46.5,39.9],[46.5,41.1]]}}]}\n",
                     NULL, 0);
}

/* Build from a recipe, write, read back: the same changes. */
static void test_build_write_load(void)
{
    write_recipe_geometry();
    CHECK_INT(check_write_file(dir, "control.csv",
                               RECIPE_HEADER "all-aze,e0,AZE,1990-01-01,,area:sq,,,,test,high,\n"
                                             "west-arm,e1,ARM,1993-07,1993-07~,area:sq,,mid,46.25 "
                                             "40.5,test,low,\"a, quoted note\"\n",
                               NULL, 0),
              0);
    fm_error err = { 0 };
    fm_control *c = control_build(dir, dir, gc, &err);
    if (!c) {
        fprintf(stderr, "control_build: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK_INT(c->count, 2);
    if (c->count == 2) {
        CHECK_INT(c->changes[1].line, 3);
        CHECK_INT(c->changes[1].from, D(1993, 7, 1));
        CHECK_STR(c->changes[1].from_edtf, "1993-07~");
        CHECK_STR(c->changes[1].note, "a, quoted note");
    }
    CHECK_STR(holder(c, D(1993, 7, 1), 46.25, 40.5), "west-arm");
    CHECK_STR(holder(c, D(1993, 7, 1), 46.75, 40.5), "all-aze");
    CHECK_STR(holder(c, D(1993, 6, 30), 46.25, 40.5), "all-aze");

    char out[1300];
    snprintf(out, sizeof out, "%s/built.geojson", dir);
    CHECK_INT(control_write(c, out, &err), 0);
    CHECK_INT(check_count_hidden(dir), 0);
    fm_control *back = control_load(out, gc, &err);
    CHECK(back != NULL);
    if (back && back->count == 2) {
        CHECK_STR(back->changes[1].id, "west-arm");
        CHECK_STR(back->changes[1].from_text, "1993-07");
        CHECK_STR(back->changes[1].note, "a, quoted note");
        CHECK_INT(back->changes[1].line, 2); /* order in the file */
        CHECK_STR(holder(back, D(1993, 7, 1), 46.25, 40.5), "west-arm");
        CHECK_NEAR(control_region_km2(back, D(2000, 1, 1), &err),
                   control_region_km2(c, D(2000, 1, 1), &err), 1);
    } else CHECK(0);
    control_free(back);
    control_free(c);

    /* The recipe file itself may be given, with its geometry beside it. */
    char csv[1300];
    snprintf(csv, sizeof csv, "%s/control.csv", dir);
    c = control_build(csv, dir, gc, &err);
    CHECK(c != NULL);
    if (c) CHECK_INT(c->count, 2);
    control_free(c);
}

static void test_build_errors_name_file_line_and_row(void)
{
    write_recipe_geometry();
    fm_error err = { 0 };
    char csv[1300];
    snprintf(csv, sizeof csv, "%s/bad-controller.csv", dir);
    check_write_file(dir, "bad-controller.csv",
                     RECIPE_HEADER "ok,e0,AZE,1990-01-01,,area:sq,,,,test,high,\n"
                                   "\n"
                                   "who,e1,RUS,1993-07-01,,area:sq,,,,test,high,\n",
                     NULL, 0);
    CHECK(control_build(csv, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "bad-controller.csv:4 (who): controller \"RUS\" must be ARM or AZE");

    snprintf(csv, sizeof csv, "%s/bad-date.csv", dir);
    check_write_file(dir, "bad-date.csv",
                     RECIPE_HEADER "when,e1,ARM,1993-02-30,,area:sq,,,,test,high,\n", NULL, 0);
    CHECK(control_build(csv, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "bad-date.csv:2 (when): valid_from");

    snprintf(csv, sizeof csv, "%s/bad-area.csv", dir);
    check_write_file(dir, "bad-area.csv",
                     RECIPE_HEADER "where,e1,ARM,1993-02-03,,area:nowhere,,,,test,high,\n", NULL,
                     0);
    CHECK(control_build(csv, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "bad-area.csv:2 (where):");
    CHECK_CONTAINS(err.msg, "nowhere");

    snprintf(csv, sizeof csv, "%s/no-column.csv", dir);
    check_write_file(dir, "no-column.csv", "id,event,controller\n", NULL, 0);
    CHECK(control_build(csv, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "no-column.csv:1: no column \"valid_from\"");

    char path[1300];
    snprintf(path, sizeof path, "%s/absent.geojson", dir);
    CHECK(control_load(path, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "absent.geojson: cannot open the control layer");
    CHECK_CONTAINS(err.msg, "build-control");
}

int main(void)
{
    if (check_tmp_dir("control", dir, sizeof dir)) return 1;
    GDALAllRegister();
    gc = geom_context_new();
    if (!gc) return 1;
    RUN(test_load_sorted_by_date);
    RUN(test_at_either_side_of_a_change);
    RUN(test_areas_add_up_to_the_region);
    RUN(test_build_write_load);
    RUN(test_build_errors_name_file_line_and_row);
    control_free(NULL);
    geom_context_free(gc);
    return CHECK_REPORT();
}
