/*
** districts.h -- the dated administrative units around Nagorno-Karabakh.
**
** Owns: building the districts layer from its authored recipe
** (layers/karabakh/src/districts.csv: one row per unit and period, its
** geometry made by recipe_geom from the base rayons, authored areas and cut
** lines), writing it as GeoJSON, reading it back, and checking it.
**
** A unit is shown on D when valid_from <= D < valid_to (an empty valid_to is
** open-ended), as for every dated layer. Units of different levels overlap
** (the oblast holds its rayons); units of one level and date tile.
*/
#ifndef FM_DISTRICTS_H
#define FM_DISTRICTS_H

#include "core/date.h"
#include "core/error.h"
#include "geo/geom.h"

enum {
    D_ID,
    D_KIND,
    D_NAME_EN,
    D_NAME_AZ,
    D_NAME_HY,
    D_NAME_RU,
    D_FROM,
    D_FROM_EDTF,
    D_TO,
    D_TO_EDTF,
    D_SOURCE,
    D_CERTAINTY,
    D_NOTE,
    D__COUNT
};

typedef struct fm_district {
    char *text[D__COUNT]; /* the fields, "" when not given */
    fm_day from, to;      /* to: FM_DAY_MAX when open-ended */
    GEOSGeometry *geom;   /* lon/lat, areal */
    int line;             /* recipe line, or feature number when loaded */
} fm_district;

typedef struct fm_districts {
    char *path; /* the recipe or the layer it came from */
    int count;
    fm_district *items; /* in recipe order */
    fm_geos *gc;        /* borrowed */
} fm_districts;

/* Does this CSV header (first line of `path`) describe a districts recipe
** (a `valid_to` and a `name_en` column, no `controller`)? 1 yes, 0 no,
** -1 when the file cannot be read. */
int districts_is_recipe(const char *path, fm_error *err);

/* Build from `recipe_csv`; areas.geojson and lines.geojson are looked up
** beside it, admin1/country in `base_dir`. */
fm_districts *districts_build(const char *recipe_csv, const char *base_dir, fm_geos *gc,
                              fm_error *err);

int districts_write(const fm_districts *d, const char *path, fm_error *err);
fm_districts *districts_load(const char *path, fm_geos *gc, fm_error *err);
void districts_free(fm_districts *d);

/* Report invalid geometry, unordered intervals and duplicate ids. */
void districts_check(const fm_districts *d, fm_problems *p);

#endif
