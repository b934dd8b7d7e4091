/*
** recipe.h -- the geometry of an authored recipe row, and the GeoJSON a
** built layer is written as.
**
** A row's area is the union of its `base` references minus the union of
** its `minus` references, split along its `cut` lines, keeping the pieces
** that hold one of its `keep` points (all pieces when none are given).
** References (';'-separated): country:ISO3 (base_dir/country.geojson,
** iso_a3), adm1:CODE (base_dir/admin1.geojson, adm1_code), area:ID
** (recipe_dir/areas.geojson, id); cut lines are ids of
** recipe_dir/lines.geojson; keep points are "lon lat" pairs. Shared by the
** control recipe (control.c) and the districts recipe (districts.c), so a
** historian moves one line and both layers follow.
**
** The writer produces the exact bytes build-control commits (6 decimals,
** RFC 7946) to any GDAL path, /vsimem/ included, so validate can rebuild a
** layer in memory and compare it with the file.
*/
#ifndef FM_RECIPE_H
#define FM_RECIPE_H

#include "core/error.h"
#include "geo/geom.h"

/* The geometry (lon/lat) of the first feature of `path` whose `field`
** equals `value`. */
GEOSGeometry *recipe_read_geom(const char *path, const char *field, const char *value, fm_geos *gc,
                               fm_error *err);

/* The areal geometry of one row (valid, slivers dropped), or NULL with a
** message naming the column that failed. */
GEOSGeometry *recipe_geom(const char *base, const char *minus, const char *cut, const char *keep,
                          const char *recipe_dir, const char *base_dir, fm_geos *gc, fm_error *err);

/* A GeoJSON layer of string fields and multipolygons, written to a temp
** name and renamed into place on close. */
typedef struct fm_layer_writer fm_layer_writer;

fm_layer_writer *recipe_writer_open(const char *path, const char *layer_name,
                                    const char *const *fields, int nfields, fm_geos *gc,
                                    fm_error *err);
/* values[i] for fields[i]; NULL writes a JSON null. */
int recipe_writer_add(fm_layer_writer *w, const char *const *values, const GEOSGeometry *geom,
                      fm_error *err);
/* Finish and rename into place (0), or discard everything (-1 with err).
** Frees w either way; `failed` discards without renaming. */
int recipe_writer_close(fm_layer_writer *w, int failed, fm_error *err);

/* The whole content of a GDAL virtual file (/vsimem/...), NUL-terminated;
** *size without the NUL. NULL with a message when it cannot be read. For a
** plain file use core/file.h's fm_file_slurp. */
char *recipe_slurp(const char *path, size_t *size, fm_error *err);

/* A field of a built layer's feature as new text: "" when absent or null,
** Date fields as YYYY-MM-DD (OGR's own text for them is YYYY/MM/DD, and
** GeoJSON readers detect ISO dates as Date fields). NULL: out of memory. */
char *recipe_field_text(OGRFeatureH f, const char *name);

#endif
