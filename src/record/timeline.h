/*
** timeline.h -- the dated events a map is keyed to (timeline/events.csv).
**
** Owns: reading the events file (CSV with the columns of the spec: id, date,
** date_edtf, title, kind, place, lon, lat, source, certainty, description),
** checking every record, finding events by id (with suggestions for a
** mistyped id) and by date window, and checking `seed:FILE:LINE` citations
** against the seed texts.
*/
#ifndef FM_TIMELINE_H
#define FM_TIMELINE_H

#include "core/date.h"
#include "core/error.h"

typedef struct fm_event {
    char *id;
    char *date_text; /* as written: 1993-07-23, 1993-08, 1993 */
    fm_date date;    /* its day(s); maps use date.first */
    char *date_edtf; /* "" when certain */
    fm_edtf edtf;
    char *title, *kind, *place, *source, *certainty, *description;
    double lon, lat;
    int has_position;
    int line; /* line in the file, for messages */
} fm_event;

typedef struct fm_timeline {
    char *path;
    int count;
    fm_event *events; /* sorted by date, then id */
} fm_timeline;

/* Load and check. With `problems` NULL the first bad record fails the load
** (returns NULL, err says file:line and what is wrong); otherwise every
** problem is added there, bad records are skipped, and the rest loads. */
fm_timeline *timeline_load(const char *path, fm_problems *problems, fm_error *err);
void timeline_free(fm_timeline *tl);

const fm_event *timeline_find(const fm_timeline *tl, const char *id);

/* Up to `max` ids closest to `id` (edit distance), for "did you mean". */
int timeline_suggest(const fm_timeline *tl, const char *id, const char **out, int max);

/* Is the kind one of capture, offensive, ceasefire, agreement, clash,
** handover, negotiation, other? */
int timeline_kind_known(const char *kind);

/* Does a comma-separated list of kinds (--kinds) name `kind`? NULL names
** every kind. */
int timeline_kinds_include(const char *kinds, const char *kind);

/* Is the list well formed: one or more kinds, each known? */
int timeline_kinds_check(const char *kinds, fm_error *err);

/* Check every `seed:FILE:LINE[-LINE]` in the events' sources against the
** files in seeds_dir: the file exists and the lines exist. */
void timeline_check_citations(const fm_timeline *tl, const char *seeds_dir, fm_problems *problems);

#endif
