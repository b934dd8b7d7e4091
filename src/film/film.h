/*
** film.h -- what a film frame shows besides the map: the title and the
** date, the latest events as subtitles, a timeline strip with a tick per
** event and a moving cursor, a small legend, and the sources.
**
** Owns: laying these out around the map (the strip below it, the rest in
** its corners), drawing the unchanging parts once into an overlay, the
** boxes the map's labels keep clear of, and drawing the parts that change
** per frame. The caption box is as wide as the widest date it will show,
** so it never jitters. Reads the scene and the timeline, never changes
** them; film_draw may run in several threads at once.
*/
#ifndef FM_FILM_H
#define FM_FILM_H

#include <cairo.h>

#include "map/label.h"
#include "map/placer.h"
#include "map/scene.h"
#include "record/timeline.h"

typedef struct fm_film_options {
    const fm_scene *scene;       /* its view is the map, at the frame's top */
    const fm_timeline *timeline; /* may be NULL */
    int width, height;           /* the frame: the map, then the strip */
    fm_day first, last;          /* the strip's span */
    const char *kinds;           /* keyframe kinds (their ticks stand taller); NULL: all */
    int event_days;              /* how long an event stays a subtitle */
    const char *title;           /* above the date; may be NULL */
    /* What the legend lists: the dates of the keyframes and, for each, the
    ** features each style layer draws on it (render_count). */
    const fm_day *legend_dates;
    const int *const *legend_counts;
    int nlegend;
} fm_film_options;

typedef struct fm_film fm_film;

fm_film *film_new(const fm_film_options *opt, fm_error *err);
void film_free(fm_film *film);

/* The strip's height in a frame this tall. */
int film_strip_height(int frame_height);

/* Boxes (pixels) the map's labels keep clear of: caption, subtitles,
** legend, sources. */
const fm_box *film_reserved(const fm_film *film, int *n);

/* Composite the unchanging furniture onto a frame, then draw its date,
** the subtitles of the events up to `date`, and the cursor at
** `cursor_day` (fractional between two keyframes). */
int film_draw(const fm_film *film, cairo_t *cr, fm_day date, double cursor_day, fm_error *err);

#endif
