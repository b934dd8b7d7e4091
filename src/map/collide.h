/*
** collide.h -- the collision index: boxes already taken on a frame.
**
** Owns: a grid of placed boxes (pixels) bucketed in coarse cells, so that a
** query looks only at the boxes near it; inserting, removing and asking
** which boxes a new one would overlap. Knows nothing of labels: the placer
** (map/placer.h) decides what to put where.
*/
#ifndef FM_COLLIDE_H
#define FM_COLLIDE_H

typedef struct fm_box {
    double x0, y0, x1, y1;
} fm_box;

typedef struct fm_collide fm_collide;

/* An empty index over a width x height frame; NULL when out of memory. */
fm_collide *collide_new(double width, double height);
void collide_free(fm_collide *c);

/* Is the box inside the frame and clear of every box inserted so far? */
int collide_fits(const fm_collide *c, fm_box box);

/* Insert a box; returns its id, -1 when out of memory. */
int collide_insert(fm_collide *c, fm_box box);

/* Take a box back out (it then overlaps nothing). */
void collide_remove(fm_collide *c, int id);

/* The ids of the boxes that `box` overlaps, up to `max`; returns how many
** there are in all (more than max when cut short). A box outside the frame
** counts one blocker with id -1. */
int collide_query(const fm_collide *c, fm_box box, int *ids, int max);

#endif
