/*
** callout.h -- events on a printed map: which events, where their numbered
** markers go, and the numbered table that explains them.
**
** Owns: the event window of a figure (given dates, or the "campaign" of an
** event: the events of its war phase (timeline/phases.csv) within N days
** of it, of the kinds that change or fix the front), numbering, placing
** markers so they never cover each other (a crowded marker moves out on a
** ring around its place and a leader line points back), and the table
** (number, date, title, source with seeds as readable titles).
*/
#ifndef FM_CALLOUT_H
#define FM_CALLOUT_H

#include <cairo.h>
#include <jansson.h>
#include "record/citation.h"
#include "map/label.h"
#include "map/placer.h"
#include "map/scene.h"
#include "record/timeline.h"

typedef struct fm_callout {
    const fm_event *event;
    int number;     /* 1-based, as in the table */
    int highlight;  /* the figure's own event */
    int has_marker; /* drawn on the map */
    int off_map;    /* has a place, outside the frame */
    double px, py;  /* the event's place, frame units */
    double mx, my;  /* the marker's centre */
} fm_callout;

typedef struct fm_callouts {
    int count;
    fm_callout *items;
    int nshown;    /* the first nshown get markers (the
                                            ** table's rows); callouts_new: all */
    double radius; /* marker radius, frame units */
    fm_color fill, highlight_fill, text_color;
    const char *font_regular, *font_bold; /* table and numbers; callouts_new:
                                            ** FM_FONT_*, the figure sets its
                                            ** style's (style_font) */
} fm_callouts;

/* The campaign window of `focus`: [date - days, date + days + 1) cut to
** the phase holding the date. `phase_title` gets the phase's title ("" if
** no phase holds it), from the column title_LANG when it has one.
** `phases_path` may be NULL (no phases). */
int callout_campaign(const fm_event *focus, const char *phases_path, int days, const char *lang,
                     fm_day *from, fm_day *to, char *phase_title, size_t size, fm_error *err);

/* Events with from <= date < to whose kind is in `kinds` (a JSON array of
** strings; NULL: every kind), plus `focus` (may be NULL) whatever its
** kind, numbered in date order. Marker look from "frontmap:events".marker
** ({color, highlight_color, text_color, radius}). */
fm_callouts *callouts_new(const fm_timeline *tl, fm_day from, fm_day to, json_t *kinds,
                          const fm_event *focus, json_t *marker_style, fm_error *err);
void callouts_free(fm_callouts *c);

/* Project the events into the scene's frame and place their markers clear
** of each other and of `reserved` boxes (inset, scale bar). */
int callouts_place(fm_callouts *c, const fm_scene *scene, const fm_box *reserved, int nreserved,
                   fm_error *err);

/* Boxes that labels must keep clear of: markers and the places they point
** to. Returns how many were written (at most max). */
int callouts_boxes(const fm_callouts *c, fm_box *out, int max);

/* Markers, leader lines and the dots at the true places. */
int callouts_draw(cairo_t *cr, const fm_callouts *c, fm_error *err);

/* Text of the table in the page's language. */
typedef struct fm_table_words {
    const char *title;    /* "Events" */
    const char *none;     /* "No events in this window." */
    const char *off_map;  /* "off the map" */
    const char *no_place; /* "no single place" */
    const char *more;     /* "more events" */
    const char *circa;    /* "c." before an approximate date */
    fm_cite_words cite;
} fm_table_words;

/* Lay out the table in `columns` columns of total `width` at text `size`;
** with `draw`, draw it at (x, y). Only the first `max_rows` rows are
** shown (negative: all), then a line "+ N more events". *height gets the
** height used. Sets used_seeds[i] for every seed cited (may be NULL). */
int callouts_table(cairo_t *cr, const fm_callouts *c, const fm_seeds *seeds,
                   const fm_table_words *words, const char *lang, double x, double y, double width,
                   int columns, double size, int max_rows, int draw, double *height,
                   int *used_seeds, fm_error *err);

#endif
