/*
** cli.h -- what the command line parsed, shared by main.c and the command
** modules (cmd_*.c). Commands return exit codes: 0 done, 1 failed, 2 bad
** arguments; they print results to stdout and problems to stderr.
*/
#ifndef FM_CLI_H
#define FM_CLI_H

#include "map/scene.h"

#define EXIT_USAGE 2

typedef struct cli {
    const char *command;
    const char *date;
    const char *output;
    const char *at;             /* query: LON,LAT */
    const char *from, *to, *step;
    const char *kinds;          /* events: comma-separated kinds */
    const char *chart;          /* stats: PNG/PDF/SVG chart */
    const char *recipe;         /* build-control: recipe folder */
    int json;
    /* animate */
    int events, resume, keep_frames;
    const char *fps, *hold, *jobs, *event_days, *tween;
    const char *names;          /* render, animate: dual names "en+az" */
    const char *page, *dpi;     /* render: print page size, raster resolution */
    int landscape;
    char lang1[16], lang2[16];  /* parsed from names */
    fm_scene_options scene;
    int quiet, verbose;
} cli;

int usage_error(const char *fmt, const char *arg);

int cmd_query(cli *c);
int cmd_stats(cli *c);
int cmd_events(cli *c);
int cmd_validate(cli *c);
int cmd_build_control(cli *c);
int cmd_animate(cli *c);
extern const char *animate_help;

#endif
