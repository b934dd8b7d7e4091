/*
** output.h -- output files: which cairo surface for which extension, and
** writing them so that no half-written file is ever left behind.
**
** Owns: PNG (8-bit ARGB), PDF and SVG (vector, fonts embedded by cairo)
** surfaces; the temp file beside the target, renamed into place only when
** the whole file is written; removal of the temp file on any failure.
** Drawing units are pixels for every kind: vector surfaces are scaled so a
** pixel is 1/96 inch (0.75 pt), the CSS convention.
*/
#ifndef FM_OUTPUT_H
#define FM_OUTPUT_H

#include <cairo.h>
#include <stdio.h>
#include "core/error.h"

typedef enum { FM_OUT_PNG, FM_OUT_PDF, FM_OUT_SVG } fm_output_kind;

typedef struct fm_output {
    fm_output_kind kind;
    char *path; /* final name */
    char *tmp;  /* temp name in the same folder */
    FILE *fp;
    cairo_surface_t *surface;
    cairo_t *cr;       /* scaled to pixels */
    int width, height; /* pixels */
} fm_output;

/* The mkstemp template for a temp file beside `path` (".NAME.XXXXXX" in
** its folder, so the final rename stays in one file system and is atomic);
** malloc'd, NULL when out of memory. Every writer of whole files uses it. */
char *output_temp_name(const char *path);

/* The kind for a path's extension; lists the supported ones on error. */
int output_kind_for(const char *path, fm_output_kind *kind, fm_error *err);

/* Open the temp file and the surface; on success out->cr is ready to
** draw on in pixels. `extra_ok` names extensions the caller handles itself
** and that are not errors here (NULL for none). */
int output_open(fm_output *out, const char *path, int width, int height, fm_error *err);

/* The same, with raster outputs drawn `scale` times larger (a PNG at 300
** dpi is scale 300/96): the caller still draws in pixels of 1/96 inch.
** Vector outputs ignore the scale. */
int output_open_scaled(fm_output *out, const char *path, int width, int height, double scale,
                       fm_error *err);

/* Finish the surface, flush, and rename over the target. For SVG,
** `texts` (may be NULL) adds an invisible text layer so the labels can be
** searched, selected and read by screen readers: cairo draws glyphs as
** outlines in SVG. */
typedef struct fm_output_text {
    const char *text;
    double x, y, size; /* pixels, top-left */
} fm_output_text;

int output_commit(fm_output *out, const fm_output_text *texts, int ntexts, fm_error *err);

/* Drop everything: close and remove the temp file. Safe after commit. */
void output_abort(fm_output *out);

#endif
