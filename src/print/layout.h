/*
** layout.h -- where everything goes on a figure's page, as data.
**
** Owns: the page's boxes in points (title, subtitle, the map frames or the
** panels of small multiples, legend, event table, sources block) and, in
** a frame's own units, the furniture every first frame carries (locator
** inset, scale bar, north arrow). Nothing here draws: what must be
** measured (a text's height at a width, the table's height at a size) is
** asked of the caller through figure_measure, so tests can lay out pages
** with made-up measures and check the boxes.
**
** The rules: a margin of 6% of the page's short side; title and subtitle
** on top; the sources block at the foot; the maps take what is left. A
** single landscape map has legend and table beside it on the right; every
** other page has them in a band below the maps (legend left, table right),
** the band tall enough for the table at a readable size but never more
** than half the page. Small multiples go 2 (up to 4 maps) or 3 across,
** every panel the same size, each with a date caption above it.
*/
#ifndef FM_LAYOUT_H
#define FM_LAYOUT_H

#include "core/error.h"
#include "map/collide.h"
#include "map/label.h"

#define FIGURE_LAYOUT_MAX_MAPS 9 /* FM_FIGURE_MAX_DATES */

typedef struct figure_rect {
    double x, y, w, h;
} figure_rect;

/* The texts whose heights the layout needs. */
typedef enum figure_text {
    FIGURE_TEXT_TITLE,
    FIGURE_TEXT_SUBTITLE,
    FIGURE_TEXT_SOURCES,
    FIGURE_TEXT_LEGEND_HEAD, /* "Legend" */
    FIGURE_TEXT_TABLE_HEAD,  /* "Events" */
} figure_text;

/* What the layout asks of the page being made. Each returns 0 or -1 with
** err set. */
typedef struct figure_measure {
    void *ctx;
    /* The height of a text wrapped in `width`. */
    int (*text_height)(void *ctx, figure_text which, double width, double *h, fm_error *err);
    /* The event table's height at `width` in `columns` columns at text
    ** `size`, showing its first `max_rows` rows (negative: all). */
    int (*table_height)(void *ctx, double width, int columns, double size, int max_rows, double *h,
                        fm_error *err);
    /* The tallest legend the maps could show, `width` wide in `columns`
    ** columns, for frames frame_w x frame_h. Asked only for a legend
    ** beside the map (the table goes under it). */
    int (*legend_height)(void *ctx, int frame_w, int frame_h, double width, int columns, double *h,
                         fm_error *err);
} figure_measure;

/* What the page is to hold. */
typedef struct figure_spec {
    double page_w, page_h; /* points */
    int landscape;
    int nmaps;      /* 1 to FIGURE_LAYOUT_MAX_MAPS */
    int has_table;  /* an event table (even an empty one) */
    int table_rows; /* its rows, all shown */
    double aspect;  /* height / width of the area asked for; 0: unknown */
    figure_measure measure;
} figure_spec;

/* The furniture of a frame, in the frame's units (its top-left at 0,0):
** inset top right, scale bar bottom left, north arrow above it. The
** rooms are what map labels keep clear of. */
typedef struct figure_furniture {
    double frame_w, frame_h;
    double margin;     /* from the frame's edges */
    figure_rect inset; /* the locator inset */
    fm_box inset_room;
    double scale_max;                 /* the scale bar's longest length */
    double scale_x, scale_y;          /* its left end, on its baseline */
    double north_x, north_y, north_h; /* the arrow's centre and height */
    fm_box north_room;
} figure_furniture;

typedef struct figure_layout {
    double page_w, page_h, margin;
    figure_rect content; /* inside the margins */
    figure_rect title, subtitle;
    int single;           /* one map */
    int side;             /* legend and table beside the map */
    int cols, rows;       /* of map panels */
    int frame_w, frame_h; /* every panel's size, whole points */
    figure_rect panels[FIGURE_LAYOUT_MAX_MAPS];
    figure_rect captions[FIGURE_LAYOUT_MAX_MAPS]; /* the room above each
                                                    ** small multiple; h 0 when single */
    int panel_sides[FIGURE_LAYOUT_MAX_MAPS];      /* FM_SIDE_* bits for degree labels */
    figure_rect legend;                           /* the room for heading and legend */
    int legend_columns;
    double legend_head_h; /* heading's height */
    figure_rect table;    /* the room for heading and table (w 0: no table) */
    int table_columns;
    double table_size;  /* text size, points */
    int table_max_rows; /* rows shown; negative: all */
    double table_head_h;
    figure_rect sources;        /* the sources block at the foot */
    figure_furniture furniture; /* in the first frame */
} figure_layout;

/* Lay out the page. Returns 0, or -1 with err set (a bad spec, or a
** measure that failed). */
int figure_layout_compute(const figure_spec *spec, figure_layout *out, fm_error *err);

/* The furniture of a frame_w x frame_h frame. */
void figure_furniture_compute(double frame_w, double frame_h, figure_furniture *out);

/* The room of a scale bar `length` long (its labels included). */
fm_box figure_furniture_scale_room(const figure_furniture *fu, double length);

#endif
