/*
** test_overlay.c -- overlays composite exactly what was drawn on them,
** found by inked tiles, up to frame edges that are not whole tiles.
*/
#include <stdint.h>

#include "check.h"
#include "map/overlay.h"

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    return *(const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s) + 4 * x);
}

static void test_ink_at_the_edges_is_composited(void)
{
    fm_overlay ov;
    fm_error err;
    /* 70 x 40: neither side a multiple of the 32-pixel tile. */
    CHECK_INT(overlay_init(&ov, 70, 40, &err), 0);
    cairo_t *cr = cairo_create(ov.surface);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_rectangle(cr, 68, 38, 2, 2); /* the last tile column and row */
    cairo_rectangle(cr, 0, 0, 2, 2);
    cairo_fill(cr);
    cairo_destroy(cr);
    CHECK_INT(overlay_seal(&ov, &err), 0);
    CHECK_INT(ov.nrects, 2); /* two tiles, empty ones skipped */

    cairo_surface_t *frame = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 70, 40);
    cr = cairo_create(frame);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    overlay_paint(&ov, cr);
    cairo_destroy(cr);
    CHECK_INT(pixel(frame, 69, 39), 0xffff0000);
    CHECK_INT(pixel(frame, 0, 0), 0xffff0000);
    CHECK_INT(pixel(frame, 35, 20), 0xffffffff);
    cairo_surface_destroy(frame);
    overlay_release(&ov);
    CHECK(ov.surface == NULL && ov.rects == NULL);
}

static void test_an_empty_overlay_has_no_rectangles(void)
{
    fm_overlay ov;
    fm_error err;
    CHECK_INT(overlay_init(&ov, 100, 100, &err), 0);
    CHECK_INT(overlay_seal(&ov, &err), 0);
    CHECK_INT(ov.nrects, 0);
    overlay_release(&ov);
}

int main(void)
{
    RUN(test_ink_at_the_edges_is_composited);
    RUN(test_an_empty_overlay_has_no_rectangles);
    return CHECK_REPORT();
}
