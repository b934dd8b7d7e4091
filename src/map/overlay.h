/*
** overlay.h -- transparent layers drawn once and composited onto many
** frames: an animation's fixed map layers, its fixed labels, its furniture.
**
** Owns: the ARGB surface, finding the 32-pixel tiles that hold any ink,
** and compositing only those: overlays are mostly empty (borders, rivers,
** labels, a strip along the bottom), and copying empty pixels onto every
** frame of a film is most of what compositing would cost.
*/
#ifndef FM_OVERLAY_H
#define FM_OVERLAY_H

#include <cairo.h>
#include "core/error.h"
#include "map/collide.h"

typedef struct fm_overlay {
    cairo_surface_t *surface;
    fm_box *rects; /* runs of inked tiles along each tile row */
    int nrects;
} fm_overlay;

/* A clear surface to draw on with cairo_create(ov->surface). */
int overlay_init(fm_overlay *ov, int width, int height, fm_error *err);

/* Drawing is done: find where the surface has ink. */
int overlay_seal(fm_overlay *ov, fm_error *err);

/* Composite onto cr (operator OVER), only where there is ink. */
void overlay_paint(const fm_overlay *ov, cairo_t *cr);

void overlay_release(fm_overlay *ov);

#endif
