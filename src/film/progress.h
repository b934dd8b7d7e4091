/*
** progress.h -- the progress bar on stderr, as a callback for animate.
**
** Owns: drawing "[####....] 12/80 frames  6.1 frames/s  11 s left", in
** place on a terminal (at most ten times a second) and as a line per tenth
** of the frames otherwise. The animation engine prints nothing itself: the
** caller passes a progress callback (animate.h) and this is the CLI's.
**
**     fm_progress_bar bar = FM_PROGRESS_BAR_INIT;
**     ao.progress = progress_bar_print;
**     ao.progress_user = &bar;
*/
#ifndef FM_PROGRESS_H
#define FM_PROGRESS_H

#include <stdio.h>

typedef struct fm_progress_bar {
    FILE *out;   /* NULL: stderr */
    int started; /* set on the first call */
    int tty;     /* out is a terminal: redraw in place */
    double last; /* when the bar was last drawn */
} fm_progress_bar;

#define FM_PROGRESS_BAR_INIT                                                                       \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

/* An fm_animate_progress: `user` is an fm_progress_bar. Draws the bar for
** `done` of `total` frames at `fps` frames per second; the last frame
** always draws it (ending the line on a terminal). */
void progress_bar_print(void *user, int done, int total, double fps);

/* The bar's text for done of total (no newline, no carriage return). */
void progress_bar_format(char *buf, size_t size, int done, int total, double fps);

#endif
