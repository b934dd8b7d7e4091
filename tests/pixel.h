/*
** pixel.h -- for the tests that check pixels: the colour of a surface at a
** longitude and latitude, projected as the scene's view projects them.
*/
#ifndef FM_TEST_PIXEL_H
#define FM_TEST_PIXEL_H

#include <cairo.h>
#include <stdint.h>

#include "map/scene.h"

/* 0xAARRGGBB (premultiplied, as cairo keeps it); 0 if the point cannot be
** projected or falls outside the surface. */
static uint32_t pixel_at_lonlat(const fm_scene *s, cairo_surface_t *surf, double lon, double lat)
{
    fm_error err;
    fm_transform *t = projection_transform_from(s->proj, NULL, &err);
    double x = lon, y = lat;
    int bad = !t || transform_points(t, &x, &y, 1) != 0;
    transform_free(t);
    if (bad) return 0;
    int px = (int)view_px_x(&s->view, x), py = (int)view_px_y(&s->view, y);
    if (px < 0 || py < 0 || px >= cairo_image_surface_get_width(surf) ||
        py >= cairo_image_surface_get_height(surf))
        return 0;
    cairo_surface_flush(surf);
    const unsigned char *d = cairo_image_surface_get_data(surf);
    return *(const uint32_t *)(d + (size_t)py * cairo_image_surface_get_stride(surf) +
                               4 * (size_t)px);
}

#endif
