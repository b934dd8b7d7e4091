/*
** projection.h -- map projections with PROJ, and the view: which part of the
** projected plane lands on which pixel.
**
** Owns: one PJ_CONTEXT per fm_projection (PROJ contexts are not shared
** between threads), checking a user's CRS text (EPSG code, PROJ string,
** WKT), transforms from any source CRS into the map CRS and back to
** longitude/latitude, geodesic distances on the WGS84 ellipsoid, and the
** fm_view that fits a lon/lat box into a frame of given pixel size.
*/
#ifndef FM_PROJECTION_H
#define FM_PROJECTION_H

#include <stddef.h>
#include "core/error.h"

#define FM_PI 3.14159265358979323846

typedef struct fm_projection fm_projection;
typedef struct fm_transform fm_transform;

/* `crs` is anything proj_create() accepts: "EPSG:32638", "+proj=lcc ...",
** WKT. Geographic CRSs are refused for the map (degrees make a distorted,
** unmeasurable map): the error says to pick a projected CRS. */
fm_projection *projection_new(const char *crs, fm_error *err);
void projection_free(fm_projection *proj);
const char *projection_crs(const fm_projection *proj);

/* A transform from `src_crs` (WKT, "EPSG:4326", or NULL for WGS84
** longitude/latitude) into the map CRS. Axis order is always x=east,
** y=north (longitude first). Owned by the caller; not thread-safe. */
fm_transform *projection_transform_from(fm_projection *proj, const char *src_crs, fm_error *err);
void transform_free(fm_transform *t);

/* Transform n points in place (forward: source -> map). Points that cannot
** be projected become HUGE_VAL; returns the number of such failures. */
size_t transform_points(fm_transform *t, double *x, double *y, size_t n);
/* The inverse: map -> source. */
size_t transform_points_inverse(fm_transform *t, double *x, double *y, size_t n);

/* Geodesic distance in metres between two WGS84 lon/lat points. */
double geodesic_distance(double lon1, double lat1, double lon2, double lat2);

/* The view: the map CRS extent shown, and the frame it is drawn into. The
** extent keeps the frame's aspect ratio (the lon/lat box is widened on one
** axis, never stretched), so map units are square on screen. */
typedef struct fm_view {
    int width, height;             /* frame, in pixels */
    double bbox[4];                /* requested lon/lat box: minlon minlat maxlon maxlat */
    double minx, miny, maxx, maxy; /* map CRS extent drawn */
    double scale;                  /* pixels per map unit */
} fm_view;

/* The extent in map units (minx, miny, maxx, maxy) of a lon/lat box: its
** four edges walked in `steps` steps each (1 to 64) and projected, since a
** box's corners alone miss the bulge of curved parallels. -1 if a point
** cannot be projected. */
int projection_bbox_extent(fm_transform *lonlat_to_map, const double bbox[4], int steps,
                           double extent[4]);

/* Fit the lon/lat box into width x height. The box boundary is densified
** before projecting, so curved edges (Lambert, UTM far from its meridian)
** are covered. */
int view_fit(fm_view *view, fm_transform *lonlat_to_map, const double bbox[4], int width,
             int height, fm_error *err);

static inline double view_px_x(const fm_view *v, double x)
{
    return (x - v->minx) * v->scale;
}
static inline double view_px_y(const fm_view *v, double y)
{
    return (v->maxy - y) * v->scale;
}

#endif
