/*
** progress.c -- the progress bar on stderr (progress.h).
*/
#include "film/progress.h"

#include <unistd.h>

#include "core/file.h"

void progress_bar_format(char *buf, size_t size, int done, int total, double fps)
{
    double left = fps > 0 ? (total - done) / fps : 0;
    int width = 30, filled = total ? done * width / total : width;
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < filled ? '#' : '.';
    bar[width] = 0;
    snprintf(buf, size, "[%s] %d/%d frames  %.1f frames/s  %.0f s left", bar, done, total, fps,
             left);
}

void progress_bar_print(void *user, int done, int total, double fps)
{
    fm_progress_bar *pb = user;
    FILE *out = pb->out ? pb->out : stderr;
    if (!pb->started) {
        pb->started = 1;
        pb->tty = isatty(fileno(out));
        pb->last = 0;
    }
    int final = done == total;
    int step = total / 10 > 0 ? total / 10 : 1;
    double t = fm_clock_seconds();
    if (pb->tty ? !(t - pb->last > 0.1 || final) : done % step != 0) return;
    pb->last = t;
    char line[256];
    progress_bar_format(line, sizeof line, done, total, fps);
    if (pb->tty) fprintf(out, "\r%s   %s", line, final ? "\n" : "");
    else fprintf(out, "%s\n", line);
}
