/* test_recipe.c -- unit tests for recipe.c, districts.c and grow.h. */
#include "record/districts.h"
#include "core/grow.h"
#include "record/recipe.h"
#include "check.h"

#include <gdal.h>
#include <cpl_vsi.h>
#include <stdint.h>
#include <stdlib.h>

static char dir[1024];

static void write_file(const char *name, const char *text)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        exit(1);
    }
    fputs(text, fp);
    fclose(fp);
}

/* A 1x1 degree square cut down the middle by a line that leaves it. */
static void write_fixture(void)
{
    write_file(
        "areas.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"sq\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[46,40],[47,40],[47,41],[46,41],[46,40]]]}}]}\n");
    write_file("lines.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                                "{\"type\":\"Feature\",\"properties\":{\"id\":\"mid\"},"
                                "\"geometry\":{\"type\":\"LineString\","
                                "\"coordinates\":[[46.5,39.9],[46.5,41.1]]}}]}\n");
}

static void test_grow(void)
{
    fm_error err = { 0 };
    int cap = 0, *a = NULL;
    for (int i = 0; i < 100; i++) {
        int *p = fm_grow(a, &cap, i + 1, sizeof *a, &err);
        CHECK(p != NULL);
        if (!p) break;
        a = p;
        a[i] = i;
    }
    CHECK(cap >= 100);
    CHECK_INT(a[99], 99);
    /* An impossible size fails as a value and leaves the array alone. */
    int before = cap;
    void *p = fm_grow(a, &cap, cap + 1, SIZE_MAX / 4, &err);
    CHECK(p == NULL);
    CHECK_INT(cap, before);
    CHECK_CONTAINS(err.msg, "out of memory");
    CHECK_INT(a[42], 42);
    free(a);
}

/* recipe_slurp reads GDAL's in-memory files whole, past any buffer size. */
static void test_slurp_vsimem(void)
{
    const char *mem = "/vsimem/test-recipe-slurp.txt";
    size_t n = 200000;
    char *text = malloc(n);
    CHECK(text != NULL);
    if (!text) return;
    for (size_t i = 0; i < n; i++) text[i] = (char)('a' + i % 26);
    VSILFILE *fp = VSIFOpenL(mem, "wb");
    CHECK(fp != NULL);
    if (fp) {
        CHECK(VSIFWriteL(text, 1, n, fp) == n);
        VSIFCloseL(fp);
    }
    size_t size = 0;
    fm_error err;
    char *got = recipe_slurp(mem, &size, &err);
    CHECK(got != NULL);
    CHECK(size == n);
    CHECK(got && memcmp(got, text, n) == 0 && got[n] == 0);
    free(got);
    VSIUnlink(mem);
    CHECK(recipe_slurp(mem, &size, &err) == NULL);
    CHECK_CONTAINS(err.msg, "cannot open");
    free(text);
}

static void test_cut_keep(void)
{
    fm_geos *gc = geom_context_new();
    fm_error err = { 0 };
    GEOSGeometry *west = recipe_geom("area:sq", "", "mid", "46.25 40.5", dir, dir, gc, &err);
    CHECK(west != NULL);
    double a = 0;
    if (west) {
        GEOSArea_r(gc->h, west, &a);
        GEOSGeom_destroy_r(gc->h, west);
    }
    CHECK_NEAR(a, 0.5, 1e-9);
    /* Both halves: the whole square again. */
    GEOSGeometry *both =
        recipe_geom("area:sq", "", "mid", "46.25 40.5;46.75 40.5", dir, dir, gc, &err);
    a = 0;
    if (both) {
        GEOSArea_r(gc->h, both, &a);
        GEOSGeom_destroy_r(gc->h, both);
    }
    CHECK_NEAR(a, 1.0, 1e-9);
    /* Errors name what is wrong. */
    CHECK(recipe_geom("area:sq", "", "mid", "50 50", dir, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "no piece of the cut area holds a keep point");
    CHECK(recipe_geom("area:nowhere", "", "", "", dir, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "no feature with id \"nowhere\"");
    CHECK(recipe_geom("area:sq", "", "mid", "46.25", dir, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "is not a \"lon lat\" point");
    CHECK(recipe_geom("area:sq", "area:sq", "", "", dir, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "empty");
    geom_context_free(gc);
}

static const char *header =
    "id,kind,name_en,name_az,name_hy,name_ru,valid_from,valid_from_edtf,valid_to,"
    "valid_to_edtf,base,minus,cut,keep,source,certainty,note\n";

static void test_districts_roundtrip(void)
{
    char recipe[1200], text[2048];
    snprintf(recipe, sizeof recipe, "%s/districts.csv", dir);
    snprintf(text, sizeof text,
             "%s"
             "west,rayon,West,Qərb,,,1930-08-08,,1992-10-13,,area:sq,,mid,46.25 40.5,test,low,\n"
             "whole,rayon,Whole,,,,1992-10-13,,,,area:sq,,,,test,low,\"a, quoted note\"\n",
             header);
    write_file("districts.csv", text);
    fm_error err = { 0 };
    CHECK_INT(districts_is_recipe(recipe, &err), 1);
    fm_geos *gc = geom_context_new();
    fm_districts *d = districts_build(recipe, dir, gc, &err);
    CHECK(d != NULL);
    if (!d) {
        fprintf(stderr, "%s\n", err.msg);
        geom_context_free(gc);
        return;
    }
    CHECK_INT(d->count, 2);
    CHECK(districts_write(d, "/vsimem/test-districts.geojson", &err) == 0);
    fm_districts *back = districts_load("/vsimem/test-districts.geojson", gc, &err);
    CHECK(back != NULL);
    if (back) {
        CHECK_INT(back->count, 2);
        CHECK_STR(back->items[0].text[D_NAME_AZ], "Qərb");
        CHECK_STR(back->items[0].text[D_TO], "1992-10-13");
        CHECK_STR(back->items[1].text[D_TO], "");
        CHECK(back->items[1].to == FM_DAY_MAX);
        CHECK_STR(back->items[1].text[D_NOTE], "a, quoted note");
        fm_problems p = { 0, 0, NULL };
        districts_check(back, &p);
        CHECK_INT(p.count, 0);
        fm_problems_free(&p);
        districts_free(back);
    }
    /* A reversed interval and a repeated id are reported. */
    d->items[1].to = d->items[1].from;
    free(d->items[1].text[D_ID]);
    d->items[1].text[D_ID] = strdup("west");
    fm_problems p = { 0, 0, NULL };
    districts_check(d, &p);
    CHECK_INT(p.count, 2);
    if (p.count == 2) {
        CHECK_CONTAINS(p.items[0], "before or when it starts");
        CHECK_CONTAINS(p.items[1], "district id west is used twice");
    }
    fm_problems_free(&p);
    districts_free(d);
    VSIUnlink("/vsimem/test-districts.geojson");
    geom_context_free(gc);
}

static void test_districts_bad_row(void)
{
    char recipe[1200], text[2048];
    snprintf(recipe, sizeof recipe, "%s/bad.csv", dir);
    snprintf(text, sizeof text,
             "%s"
             "west,rayon,West,,,,1930-13-08,,,,area:sq,,,,test,low,\n",
             header);
    write_file("bad.csv", text);
    fm_error err = { 0 };
    fm_geos *gc = geom_context_new();
    CHECK(districts_build(recipe, dir, gc, &err) == NULL);
    CHECK_CONTAINS(err.msg, "bad.csv:2 (west): valid_from");
    geom_context_free(gc);
}

int main(void)
{
    const char *tmp = getenv("FRONTMAP_TMP");
    snprintf(dir, sizeof dir, "%s/recipe", tmp ? tmp : "/tmp/frontmap-test");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    if (system(cmd) != 0) return 1;
    GDALAllRegister();
    write_fixture();
    RUN(test_grow);
    RUN(test_slurp_vsimem);
    RUN(test_cut_keep);
    RUN(test_districts_roundtrip);
    RUN(test_districts_bad_row);
    return CHECK_REPORT();
}
