/*
** cmd_validate.c -- the `validate` command: load the scene and check its
** data (record/check.h), print every problem found, exit 1 if any.
*/
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "record/check.h"

static const fm_opt validate_opts[] = {
    { "--scene", NULL, FM_OPT_STRING, "FILE",
      "the scene/style file to check (default: the\n"
      "bundled styles/screen.json)",
      0, 0, NULL, NULL },
    { "--quiet", "-q", FM_OPT_FLAG, NULL, "print only the problems", 0, 0, NULL, NULL },
};

static const fm_opt_spec validate_spec = {
    "validate",
    "check layers, timeline, control recipe and styles",
    "usage: frontmap validate [--scene FILE]\n",
    "Check the scene and its data: the style parses; every layer loads (dates\n"
    "parse, intervals ordered, geometry repairable); the timeline's records and\n"
    "every seed:FILE:LINE citation (seeds in $FRONTMAP_SEEDS, default\n"
    "../shared/seeds beside the data folder; when neither is found, citations\n"
    "are not checked and that is a problem); the control layer: geometry valid,\n"
    "every change names an existing event, and on every change date the areas\n"
    "in force tile the region with no gap or overlap. Prints every problem and\n"
    "exits 1 if there is any.\n",
    validate_opts,
    sizeof validate_opts / sizeof *validate_opts,
    NULL,
    NULL,
};

/* The timeline's records and citations. The seeds folder: $FRONTMAP_SEEDS,
** else ../shared/seeds beside the data folder; none when neither is known. */
static fm_timeline *validate_timeline(const cli_env *env, const fm_style *st, fm_problems *p)
{
    char path[4096], dir[2048];
    fm_error err;
    if (cli_timeline_path(st, path, sizeof path, &err)) return NULL;
    fm_timeline *tl = timeline_load(path, p, &err);
    if (!tl) {
        fm_problems_add(p, "%s", err.msg);
        return NULL;
    }
    const char *env_seeds = getenv("FRONTMAP_SEEDS");
    char seeds[4096];
    const char *seeds_dir = NULL;
    if (env_seeds && env_seeds[0]) {
        seeds_dir = env_seeds;
    } else if (scene_data_dir(env->program, dir, sizeof dir, &err) == 0) {
        snprintf(seeds, sizeof seeds, "%s/../shared/seeds", dir);
        seeds_dir = seeds;
    }
    check_citations(tl, seeds_dir, p);
    return tl;
}

/* The control layer, its freshness and the districts layer beside it. */
static void validate_control(const cli_env *env, const fm_style *st, const fm_timeline *tl,
                             fm_problems *p)
{
    char cpath[4096], base[4096], dir[2048];
    fm_error err;
    if (cli_control_path(st, cpath, sizeof cpath, &err)) return;
    if (scene_data_dir(env->program, dir, sizeof dir, &err) == 0)
        snprintf(base, sizeof base, "%s/layers/base", dir);
    else snprintf(base, sizeof base, "layers/base");
    fm_geos *gc = geom_context_new();
    fm_control *ctl = control_load(cpath, gc, &err);
    if (!ctl) fm_problems_add(p, "%s", err.msg);
    else check_control(ctl, tl, base, p);
    control_free(ctl);
    check_layer_fresh(cpath, base, p);
    check_districts_beside(cpath, base, gc, p);
    geom_context_free(gc);
}

static int validate_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    fm_problems p = { 0, 0, NULL };
    fm_str path = FM_STR_INIT;
    if (cli_scene_path(env, o, &path, err)) return -1;
    fm_scene_options opt;
    char lang1[16], lang2[16];
    if (cli_scene_options(env, o, &opt, lang1, lang2, err)) {
        fm_str_free(&path);
        return -1;
    }
    opt.scene_path = path.s;
    fm_scene *scene = scene_load(&opt, err);
    if (!scene) fm_problems_add(&p, "%s", err->msg);
    fm_style *st = style_load(path.s, err);
    fm_timeline *tl = NULL;
    if (st) {
        tl = validate_timeline(env, st, &p);
        validate_control(env, st, tl, &p);
    } else if (scene) {
        fm_problems_add(&p, "%s", err->msg);
    }
    for (int i = 0; i < p.count; i++) fprintf(stderr, "%s\n", p.items[i]);
    int n = p.count;
    if (!opts_flag(o, "--quiet"))
        printf(n ? "%d problem(s)\n"
                 : "ok: scene, layers, timeline (%d events), control and "
                   "districts layers are valid and up to date\n",
               n ? n : (tl ? tl->count : 0));
    fm_problems_free(&p);
    timeline_free(tl);
    style_free(st);
    scene_free(scene);
    fm_str_free(&path);
    return n ? EXIT_FAILURE : EXIT_SUCCESS;
}

const cli_command cmd_validate = { &validate_spec, validate_run };
