/*
** cli.h -- the frontmap commands as main.c dispatches them, and what they
** share: where the running binary is, and the scene options common to the
** commands that draw.
**
** The contract, the same for every command: exit 0 done; 1 the work failed
** (bad data, unwritable output); 2 bad arguments. A command's run returns
** an exit code, or -1 with an error whose kind (core/error.h) decides the
** code: fm_error_usage for bad arguments, fm_error_set for failures.
** Results go to stdout, problems to stderr.
*/
#ifndef FM_CLI_H
#define FM_CLI_H

#include "cli/opt.h"
#include "core/str.h"
#include "map/scene.h"
#include "record/control.h"

#define EXIT_USAGE 2

/* What every command may need to know about how it was started. */
typedef struct cli_env {
    const char *program; /* the running binary's path, or NULL */
} cli_env;

typedef struct cli_command {
    const fm_opt_spec *spec;
    int (*run)(const cli_env *env, const fm_opts *o, fm_error *err);
} cli_command;

extern const cli_command cmd_render, cmd_animate, cmd_figure, cmd_query, cmd_stats, cmd_events,
    cmd_validate, cmd_build_control;

/* The scene options of --scene, --size, --crs, --bbox, --lang and --names
** (those of them the command declares). --names fills lang1 and lang2 and
** makes lang1 the label language; lang2 stays "" without it. */
int cli_scene_options(const cli_env *env, const fm_opts *o, fm_scene_options *so, char lang1[16],
                      char lang2[16], fm_error *err);

/* The scene file: --scene, else the bundled default styles/screen.json. */
int cli_scene_path(const cli_env *env, const fm_opts *o, fm_str *path, fm_error *err);

/* The scene's style (cli_scene_path). Free with style_free. */
fm_style *cli_style_open(const cli_env *env, const fm_opts *o, fm_error *err);

/* The files the record commands read, named by the style's metadata:
** "frontmap:timeline" (the events file) and "frontmap:control" (the
** source holding the control layer). */
int cli_timeline_path(const fm_style *st, char *buf, size_t size, fm_error *err);
int cli_control_path(const fm_style *st, char *buf, size_t size, fm_error *err);
fm_control *cli_control_open(const fm_style *st, fm_geos *gc, fm_error *err);

#endif
