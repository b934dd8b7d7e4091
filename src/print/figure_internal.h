/*
** figure_internal.h -- what the figure's own files share (figure.c makes
** the figure, figure_options.c checks its options, figure_draw.c draws
** the page); not for other modules, which use figure.h.
**
** Owns: the figure being made (its style, timeline, dates, event window
** and callouts) and the page's text layer (every text drawn, kept for the
** SVG's searchable layer).
*/
#ifndef FM_FIGURE_INTERNAL_H
#define FM_FIGURE_INTERNAL_H

#include <cairo.h>

#include "core/str.h"
#include "map/output.h"
#include "print/callout.h"
#include "print/figure.h"
#include "record/citation.h"
#include "record/timeline.h"

#define PT_PER_PX 0.75 /* output.c's unit: 1 px = 1/96 in */

typedef struct figure {
    const fm_figure_options *o;
    fm_style *style; /* for words and paths before the scene loads */
    fm_timeline *tl;
    fm_seeds *seeds;
    const fm_event *focus;
    char lang[16];
    char lang2[16];
    int nmaps;
    fm_day dates[FM_FIGURE_MAX_DATES];
    int has_window;
    fm_day from, to; /* event window [from, to) */
    char phase[256];
    fm_callouts *callouts;
    double page_w, page_h;
} figure;

/* The page: its cairo context (one unit a point) and every text drawn on
** it, owned copies, for output_commit. */
typedef struct figure_page {
    cairo_t *cr;
    int n, cap_texts, cap_owned;
    fm_output_text *texts;
    char **owned;
} figure_page;

/* Keep a text drawn at (x, y) at `size` points; -1 when out of memory. */
int figure_page_keep(figure_page *pg, const char *text, double x, double y, double size);
void figure_page_free(figure_page *pg);

/* Draw the whole page. */
int figure_draw(figure *f, figure_page *pg, fm_figure_report *rep, fm_error *err);

/* A page word from "frontmap:furniture".text.KEY.LANG, else English. */
const char *figure_word(const fm_style *st, const char *key, const char *lang,
                        const char *fallback);

/* Append the sources block: the data's attributions, the seeds cited by
** the table (used_seeds[i] set) in full, the timeline, and the
** projection. -1 when out of memory. */
int figure_sources_text(const figure *f, const int *used_seeds, fm_str *out);

/* "1 July 1993 – 31 July 1993", an open end as "…". */
void figure_format_window(const figure *f, char *buf, size_t size);

/* Height over width of the area the view asks for, as projected; 0 when
** it cannot be told (the frame then keeps the page's proportions). */
double figure_bbox_aspect(const fm_style *st, const fm_scene_options *so);

/* The dates of --dates (or --date) into dates[], their count in *n (0
** when neither is given). USAGE errors. */
int figure_dates_parse(const fm_figure_options *o, fm_day dates[FM_FIGURE_MAX_DATES], int *n,
                       fm_error *err);

/* --events-from / --events-to: 1 with [from, to) set when either is
** given, 0 when neither, -1 (USAGE) when one is bad or to <= from. */
int figure_window_parse(const fm_figure_options *o, fm_day *from, fm_day *to, fm_error *err);

#endif
