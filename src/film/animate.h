/*
** animate.h -- an animation: a frame plan drawn in parallel and written in
** order to a folder of PNG frames or to ffmpeg.
**
** Owns: splitting the style into runs of static and dynamic layers (static
** runs and the fixed labels are drawn once, as overlays, so labels never
** jump); the worker threads, each with its own GEOS context and frame
** snapshots, sharing only read-only data; drawing a frame from the highest
** snapshot whose layers have not changed; the in-order writer; resuming
** from frames on disk; stopping cleanly when asked (an atomic flag the
** caller may set from a signal handler or another thread). It prints
** nothing: progress goes to the caller's callback (progress.h has the
** CLI's bar). The furniture of a frame is film.h's, the manifest
** manifest.h's.
*/
#ifndef FM_ANIMATE_H
#define FM_ANIMATE_H

#include <stdatomic.h>

#include "film/frames.h"
#include "map/scene.h"
#include "record/timeline.h"

/* Called from animate_run's own thread after each frame is handed on, in
** order: `done` of `total` frames, at `fps` frames per second so far. */
typedef void (*fm_animate_progress)(void *user, int done, int total, double fps);

typedef struct fm_animate_options {
    const char *output;         /* a folder of frames, or .mp4 / .webm / .gif */
    fm_frame_plan_options plan; /* dates and events; change days are filled in */
    int fps;
    double hold_seconds;          /* how long an event keyframe stays */
    int jobs;                     /* threads; <= 0: one per core */
    int resume;                   /* reuse valid frames already on disk */
    int keep_frames;              /* video: also keep the PNG frames */
    int event_days;               /* markers fade over this many days */
    fm_animate_progress progress; /* NULL: no progress reports */
    void *progress_user;          /* passed to progress */
    atomic_int *stop;             /* set (e.g. by a signal handler) to stop cleanly */
    const char *scene_id;         /* what the manifest records of the scene */
    const char *lang2;            /* dual names: the second language, or NULL */
    int frame_height;             /* the map's height plus the strip under it
                                ** (film_strip_height); 0: from the map's */
} fm_animate_options;

typedef struct fm_animate_stats {
    int frames;     /* frames in the plan (drawn or reused) */
    int reused;     /* taken from an earlier run */
    int out_frames; /* output frames, holds counted */
    int width, height;
    double seconds_setup;  /* static layers, tweens */
    double seconds_frames; /* drawing and writing the frames */
    char manifest[4096];
    char frames_dir[4096]; /* "" when no PNG frames were kept */
} fm_animate_stats;

/* Returned when opt->stop was set: finished frames are on disk. */
#define FM_ANIMATE_STOPPED 1

/* 0 done, FM_ANIMATE_STOPPED, or -1 with err set. Never leaves a partial
** video under the output name. */
int animate_run(const fm_scene *s, const fm_timeline *tl, const fm_animate_options *opt,
                fm_animate_stats *stats, fm_error *err);

#endif
