/* overlay.c -- see overlay.h. */
#include "map/overlay.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

#define TILE 32

int overlay_init(fm_overlay *ov, int width, int height, fm_error *err)
{
    memset(ov, 0, sizeof *ov);
    ov->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    if (cairo_surface_status(ov->surface) != CAIRO_STATUS_SUCCESS) {
        overlay_release(ov);
        return fm_error_set(err, "out of memory for a %dx%d overlay", width, height);
    }
    return 0;
}

static int add_rect(fm_overlay *ov, int *cap, fm_box b)
{
    fm_box *grown = fm_grow(ov->rects, cap, ov->nrects + 1, sizeof *grown, NULL);
    if (!grown) return -1;
    ov->rects = grown;
    ov->rects[ov->nrects++] = b;
    return 0;
}

/* Does the tile at (tx, ty) hold a pixel with any alpha? */
static int tile_has_ink(const unsigned char *data, int stride, int w, int h, int tx, int ty)
{
    for (int y = ty; y < ty + TILE && y < h; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        for (int x = tx; x < tx + TILE && x < w; x++)
            if (row[x] >> 24) return 1;
    }
    return 0;
}

int overlay_seal(fm_overlay *ov, fm_error *err)
{
    cairo_surface_flush(ov->surface);
    int w = cairo_image_surface_get_width(ov->surface);
    int h = cairo_image_surface_get_height(ov->surface);
    int stride = cairo_image_surface_get_stride(ov->surface);
    const unsigned char *data = cairo_image_surface_get_data(ov->surface);
    int cap = 0;
    free(ov->rects);
    ov->rects = NULL;
    ov->nrects = 0;
    for (int ty = 0; ty < h; ty += TILE) {
        /* Inked tiles next to each other along a row become one rectangle. */
        int start = -1;
        /* One step past the last tile, to close a run that reaches the edge. */
        for (int tx = 0; tx < w + TILE; tx += TILE) {
            int ink = tx < w && tile_has_ink(data, stride, w, h, tx, ty);
            if (ink && start < 0) start = tx;
            if (!ink && start >= 0) {
                fm_box b = { start, ty, tx < w ? tx : w, ty + TILE < h ? ty + TILE : h };
                if (add_rect(ov, &cap, b)) return fm_error_set(err, "out of memory");
                start = -1;
            }
        }
    }
    return 0;
}

void overlay_paint(const fm_overlay *ov, cairo_t *cr)
{
    if (!ov->surface || ov->nrects == 0) return;
    cairo_set_source_surface(cr, ov->surface, 0, 0);
    for (int i = 0; i < ov->nrects; i++)
        cairo_rectangle(cr, ov->rects[i].x0, ov->rects[i].y0, ov->rects[i].x1 - ov->rects[i].x0,
                        ov->rects[i].y1 - ov->rects[i].y0);
    cairo_fill(cr);
}

void overlay_release(fm_overlay *ov)
{
    if (ov->surface) cairo_surface_destroy(ov->surface);
    free(ov->rects);
    memset(ov, 0, sizeof *ov);
}
