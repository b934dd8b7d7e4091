/*
** tween.h -- the frames between two keyframes: areas that change hands
** grow out of the old front instead of jumping.
**
** Owns: finding what comes into force between two dates, and for each new
** area of the control source the ground its new holder already had next to
** it (the seed); then, per frame, the part of the area within t * D of that
** seed (D: the seed's farthest reach into the area), so the front line
** moves across the area and every frame's geometry is valid. Areas with no
** seed (a first appearance, an enclave) and new lines fade in instead.
**
** tween_new reads the scene's GEOS geometries and must run while no other
** thread uses them; the tween it returns holds only plain bytes (WKB), so
** tween_frame can run in any thread with that thread's GEOS context.
*/
#ifndef FM_TWEEN_H
#define FM_TWEEN_H

#include "geo/geom.h"
#include "map/render.h"
#include "map/scene.h"

typedef struct fm_tween fm_tween;

/* What changes in (before, after]. `control_source` is the style source
** whose features carry `controller_field` (-1: none; every new area
** fades). Returns NULL with err set on failure; a tween with no items
** when nothing changes. */
fm_tween *tween_new(const fm_scene *s, fm_day before, fm_day after, int control_source,
                    const char *controller_field, fm_geos *gc, fm_error *err);
void tween_free(fm_tween *tw);

/* How far along a tween frame at t (0..1) shows the change: eased in and
** out, so a change starts and settles gently. */
double tween_ease(double t);

/* Features that change, and so the most extras tween_frame gives. */
int tween_count(const fm_tween *tw);

/* The extras for a frame at t (0..1) of the way. `extras` and `paths` have
** room for tween_count items; the paths filled are the caller's to free
** with path_free (also on failure). */
int tween_frame(const fm_tween *tw, double t, fm_geos *gc, fm_render_extra *extras, fm_path *paths,
                int *nextras, fm_error *err);

#endif
