/*
** figure.h -- a print figure: one page with the map (or several maps of
** different dates), title, legend, scale bar, north arrow, graticule,
** locator inset, numbered events with their table, and a sources block.
**
** Owns: page sizes, the page layout in points (every size in the style and
** here is a point, 1/72 inch, when drawn by a figure), choosing the dates
** and the event window, and writing PDF/SVG (vector, fonts embedded) or PNG
** at a given DPI. The parts come from legend.h, furniture.h, callout.h and
** render.h; the `figure` command's options are parsed in cli/cmd_figure.c.
**
** Inside: figure_options.c checks the options, layout.h places every box
** of the page (as data), figure_draw.c draws what the layout placed,
** figure.c chooses dates and events and writes the file.
*/
#ifndef FM_FIGURE_H
#define FM_FIGURE_H

#include "core/error.h"
#include "map/scene.h"

/* figure_make's results besides 0: -1 the work failed (exit 1), -2 the
** arguments are wrong (exit 2: unknown event, page size, bad date); the
** error's kind says the same (fm_error_exit_code). */
#define FM_FIGURE_FAILED   (-1)
#define FM_FIGURE_BAD_ARGS (-2)

#define FM_FIGURE_MAX_DATES 9

typedef struct fm_figure_options {
    fm_scene_options scene; /* scene_path NULL: styles/print.json */
    const char *output;
    const char *event_id; /* --event */
    const char *date;     /* --date */
    const char *dates;    /* --dates a,b,c: small multiples */
    const char *events_from, *events_to;
    const char *page; /* A4 (default), A3, letter */
    int landscape;
    double dpi;        /* PNG only; 0: 200 */
    const char *title; /* NULL: the event's title or the style's */
    const char *names; /* "en+az": dual names */
} fm_figure_options;

/* What was made, for the command's report and for tests. */
typedef struct fm_figure_report {
    double page_w, page_h; /* points */
    int nmaps;
    int nevents; /* rows in the table */
    int nlegend;
    double scale_km;     /* the scale bar */
    double scale_length; /* its length, points */
    int nlabels;         /* map labels placed (all maps) */
} fm_figure_report;

/* Page size in points for "A4", "A3", "letter" (any case); landscape
** swaps the sides. FM_FIGURE_BAD_ARGS with the valid names otherwise. */
int figure_page_size(const char *name, int landscape, double *w, double *h, fm_error *err);

/* Check the options before any work: page size, output type, DPI and the
** image size it makes, languages and --names, the dates and the event
** window (that --event names a known event is told only by figure_make,
** which reads the timeline). Returns 0, or -1 with a USAGE error. */
int figure_options_check(const fm_figure_options *opts, fm_error *err);

/* Make the figure (checking the options first). Returns 0, FM_FIGURE_FAILED or FM_FIGURE_BAD_ARGS.
** Nothing is left at opts->output on failure. */
int figure_make(const fm_figure_options *opts, fm_figure_report *report, fm_error *err);

#endif
