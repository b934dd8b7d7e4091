/*
** manifest.h -- the manifest of a film: one CSV row per output frame,
** under a first line that records the settings the film was made with.
**
** Owns: the row of a frame (number, date, key/hold/tween, interpolated or
** not, how far, the events new on that date), writing the file through a
** temp file, and reading the last run's to tell which frames on disk were
** made by the same plan and settings and may be reused.
*/
#ifndef FM_MANIFEST_H
#define FM_MANIFEST_H

#include <stddef.h>

#include "core/error.h"
#include "film/frames.h"
#include "record/timeline.h"

#define FM_MANIFEST_HEADER "frame,date,kind,interpolated,t,events"

/* The row of output frame `copy` (0 for the frame itself, 1... for held
** copies) of plan frame `frame`, without newline. */
void manifest_row(const fm_frame_plan *plan, const fm_timeline *tl, int frame, int copy, char *buf,
                  size_t size);

/* Write the whole plan's manifest, "# SIGNATURE" first. */
int manifest_write(const char *path, const char *signature, const fm_frame_plan *plan,
                   const fm_timeline *tl, fm_error *err);

/* A manifest read back: its rows by output frame number. */
typedef struct fm_manifest {
    int n;
    char **rows;
} fm_manifest;

/* The rows of the manifest at path, if its first line is "# SIGNATURE";
** otherwise (no file, other settings) an empty manifest. */
int manifest_read(const char *path, const char *signature, fm_manifest *out, fm_error *err);
void manifest_free(fm_manifest *m);

/* Does the old manifest hold exactly the rows plan frame `frame` would
** write (so its files on disk were made for this frame)? */
int manifest_frame_matches(const fm_manifest *old, const fm_frame_plan *plan, const fm_timeline *tl,
                           int frame);

#endif
