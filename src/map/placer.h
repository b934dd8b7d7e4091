/*
** placer.h -- where labels go: the placement policy.
**
** Owns: the placer (the collision index of map/collide.h plus the points
** that labels name), the eight places around a point in the cartographer's
** order, the rule that no label sits nearer another place of its kind than
** its own, and the labels waiting for placement: sorted by priority,
** duplicates of a name already placed nearby dropped, a point's label
** tried around its point and, when all is taken, a neighbour moved aside.
** Lays text out (map/label.h) to know its size; drawing is the caller's.
*/
#ifndef FM_PLACER_H
#define FM_PLACER_H

#include <cairo.h>
#include "core/error.h"
#include "map/collide.h"
#include "map/label.h"

typedef struct fm_placer fm_placer;

fm_placer *placer_new(double width, double height);
void placer_free(fm_placer *p);

/* Is the box inside the frame and clear of every box placed so far? */
int placer_fits(const fm_placer *p, fm_box box);

/* The points that labels name (pixels, x y pairs, copied), each with a
** class: labels of one class look alike (say, place names), so a label
** box nearer to another point of its class than to its own would name
** the wrong place. placer_place_around skips such boxes. */
int placer_set_points(fm_placer *p, const double *xy, const int *classes, int n);

/* Would a label of class `cls` for the point (x, y) in `box` sit nearer
** another point of that class? Points given to placer_place_around take
** the class set with placer_set_class. */
int placer_ambiguous(const fm_placer *p, fm_box box, double x, double y, int cls);
void placer_set_class(fm_placer *p, int cls);
void placer_add(fm_placer *p, fm_box box);

/* The same, returning the box's id (-1 when out of memory), so a label
** can later be taken back and moved (placer_remove). */
int placer_add_id(fm_placer *p, fm_box box);
void placer_remove(fm_placer *p, int id);

/* The ids of the boxes that `box` overlaps, up to `max`; returns how many
** there are in all (more than max when cut short). A box outside the frame
** counts one blocker with id -1. */
int placer_blockers(const fm_placer *p, fm_box box, int *ids, int max);

/* The eight places a point's label may go, in the cartographer's order of
** preference (Imhof): right, left, above right, below right, above left,
** below left, above, below. */
typedef enum {
    FM_AROUND_RIGHT,
    FM_AROUND_LEFT,
    FM_AROUND_TOP_RIGHT,
    FM_AROUND_BOTTOM_RIGHT,
    FM_AROUND_TOP_LEFT,
    FM_AROUND_BOTTOM_LEFT,
    FM_AROUND_TOP,
    FM_AROUND_BOTTOM,
    FM_AROUND__COUNT
} fm_around;

/* Put a w x h label beside the point (x, y), `gap` away from it, trying
** `first` and then the other seven positions in order; `pad` widens the
** reserved box. On success the box is added and returned in *out (the
** text's own top-left is out->x0 + pad, out->y0 + pad) and its id in *id
** (may be NULL); returns the position taken, or -1 when no position is
** free: the label is to be dropped. */
int placer_place_around(fm_placer *p, double x, double y, double w, double h, double gap,
                        double pad, fm_around first, fm_box *out, int *id);

/* The box placer_place_around would try at position `pos`. */
fm_box placer_box_around(double x, double y, double w, double h, double gap, double pad,
                         fm_around pos);

/* ---- labels waiting for placement ------------------------------------- */

/* One label: what the style asked for, then where it went. */
typedef struct fm_label {
    char *text;     /* owned */
    char font[128]; /* style.font points here once placed */
    fm_text_style style;
    char anchor[16];  /* MapLibre text-anchor */
    double offset[2]; /* ems */
    double x, y;      /* anchor point, pixels */
    double sort_key;  /* lower first */
    int order;        /* tie-break: layer order, then feature order */
    int is_point;
    int source, feature; /* which feature it names (-1: an extra) */
    int allow_overlap;
    double padding;
    /* Set by labels_place (a placed label may still move aside for a
    ** later one, so nothing is final until every label is placed): */
    int placed;
    fm_text *t;    /* its layout, owned */
    double w, h;   /* text size */
    double gap;    /* distance from the point */
    fm_box box;    /* reserved, with padding */
    int box_id;    /* in the placer */
    double ox, oy; /* text's top-left */
} fm_label;

typedef struct fm_labels {
    int n, cap;
    fm_label *items;
} fm_labels;

/* A new label with a copy of `text`, everything else zero; NULL when out
** of memory. The pointer holds until the next labels_add. */
fm_label *labels_add(fm_labels *ls, const char *text, fm_error *err);

/* Place every label (see placer.c for the policy), laying out each text
** on `cr`. Fails only when out of memory or a text cannot be laid out. */
int labels_place(fm_labels *ls, fm_placer *p, cairo_t *cr, fm_error *err);

/* The label of a feature: 1 placed, 0 dropped, -1 the feature has none. */
int labels_feature_placed(const fm_labels *ls, int source, int feature);

void labels_free(fm_labels *ls);

#endif
