/*
** control.h -- who controlled what, when.
**
** Owns: building the control-change layer from its authored recipe
** (layers/karabakh/src/control.csv: base polygons minus others, split by
** cut lines, pieces kept by seed points), reading the built layer, and
** answering the two questions every map and table rests on: who held a
** point on a date (and since which event), and how much area each side
** held.
**
** The rule (spec): a change is an area that came under `controller` on
** `valid_from`; the control map of D is every change with valid_from <= D,
** the latest winning where they overlap. Geometry here is WGS84 lon/lat.
*/
#ifndef FM_CONTROL_H
#define FM_CONTROL_H

#include "core/date.h"
#include "core/error.h"
#include "geo/geom.h"
#include "geo/projection.h"

typedef struct fm_change {
    char *id, *event, *controller, *source, *certainty, *note;
    char *from_text, *from_edtf;
    fm_day from;
    GEOSGeometry *geom;    /* lon/lat, valid, areal */
    GEOSGeometry *geom_ea; /* the same in the equal-area projection */
    int line;              /* recipe line, 0 when read from the built layer */
} fm_change;

typedef struct fm_control {
    char *path;
    int count;
    fm_change *changes;            /* sorted by valid_from; ties keep file order */
    fm_geos *gc;                   /* borrowed */
    struct fm_projection *ea_proj; /* equal-area projection for areas */
    struct fm_transform *ea;
} fm_control;

/* Build from a recipe folder holding control.csv, areas.geojson and
** lines.geojson (or from a recipe .csv with the two beside it); `base_dir` holds admin1.geojson and country.geojson.
** The geometry of each row is recipe_geom's (recipe.h). */
fm_control *control_build(const char *recipe_dir, const char *base_dir, fm_geos *gc, fm_error *err);

/* Write the changes as GeoJSON (temp file, then rename). */
int control_write(const fm_control *c, const char *path, fm_error *err);

/* Read a built control layer (any OGR file with the fields written above). */
fm_control *control_load(const char *path, fm_geos *gc, fm_error *err);
void control_free(fm_control *c);

/* The change that decides who holds lon/lat on d, or NULL (no layer covers
** the point: "NONE"). */
const fm_change *control_at(const fm_control *c, fm_day d, double lon, double lat);

/* Area in km2 held by each controller on d, computed in a Lambert
** azimuthal equal-area projection centred on the data. Fills up to `max`
** (name, area) pairs, returns how many. */
typedef struct fm_control_area {
    char controller[16];
    double km2;
} fm_control_area;

int control_areas(const fm_control *c, fm_day d, fm_control_area *out, int max, fm_error *err);

/* Area of the union of everything in force on d (the region), km2. */
double control_region_km2(const fm_control *c, fm_day d, fm_error *err);

#endif
