/*
** frames.h -- the frame plan of an animation: which date each frame shows,
** which frames are held, and where interpolated frames go.
**
** Owns: stepping a date range (P1D, P1W, P1M, P1Y, calendar-correct), the
** event keyframes of a window (filtered by kind), merging the two, holding
** event frames, and inserting tween frames before a keyframe whose change
** should be eased in. Pure date logic: no drawing, no I/O, unit-tested.
*/
#ifndef FM_FRAMES_H
#define FM_FRAMES_H

#include "core/date.h"
#include "core/error.h"
#include "record/timeline.h"

typedef enum { FM_FRAME_KEY, FM_FRAME_TWEEN } fm_frame_kind;

typedef struct fm_frame {
    fm_frame_kind kind;
    fm_day date;   /* the date the frame shows */
    fm_day before; /* the keyframe before (FM_DAY_MIN for the first) */
    double t;      /* TWEEN: how far from `before` to `date`, 0 < t < 1 */
    int repeat;    /* output frames it fills: > 1 when held */
    int first_out; /* number of its first output frame */
    int is_event;  /* a keyframe on an event's date */
} fm_frame;

typedef struct fm_frame_plan_options {
    int range;       /* step from..to */
    fm_day from, to; /* inclusive; FM_DAY_MIN/MAX: open (events only) */
    fm_step step;
    int events;        /* one keyframe per event date in [from, to] */
    const char *kinds; /* comma-separated event kinds, NULL = all
                                ** (timeline_kinds_include) */
    const fm_timeline *timeline;
    int hold;  /* output frames per event keyframe (>= 1) */
    int tween; /* frames inserted before an eased change */
    /* Days on which dated areas change, sorted: a keyframe gets tween
    ** frames when one falls in (previous keyframe, keyframe]. */
    const fm_day *change_days;
    int nchange_days;
} fm_frame_plan_options;

typedef struct fm_frame_plan {
    int n; /* frames to render */
    fm_frame *frames;
    int nout; /* output frames, holds counted */
} fm_frame_plan;

/* Fails (err says why, for the user) on --to before --from, a window with
** no events, or a plan of more than FM_FRAMES_MAX output frames. */
#define FM_FRAMES_MAX 1000000
int frame_plan_build(const fm_frame_plan_options *opt, fm_frame_plan *out, fm_error *err);
void frame_plan_free(fm_frame_plan *plan);

#endif
