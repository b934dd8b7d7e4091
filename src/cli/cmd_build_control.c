/*
** cmd_build_control.c -- the `build-control` command: rebuild the control
** and district layers from their recipes (record/check.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "record/check.h"

static const fm_opt build_opts[] = {
    { "--recipe", NULL, FM_OPT_STRING, "DIR|FILE.csv",
      "a recipe folder (its control.csv), or\n"
      "one recipe file",
      0, 0, NULL, NULL },
    { "--output", "-o", FM_OPT_STRING, "FILE", "where to write the layer (one recipe only)", 0, 0,
      NULL, NULL },
    { "--quiet", "-q", FM_OPT_FLAG, NULL, "print nothing on success", 0, 0, NULL, NULL },
};

static const fm_opt_spec build_spec = {
    "build-control",
    "rebuild the control and district layers from their recipes",
    "usage: frontmap build-control [--recipe DIR | --recipe FILE.csv] [-o OUT.geojson]\n",
    "Rebuild the layers made from authored recipes. With no options, both:\n"
    "layers/karabakh/control.geojson from src/control.csv (control changes) and\n"
    "layers/karabakh/districts.geojson from src/districts.csv (dated districts).\n"
    "A recipe's rows name base polygons (base rayons, authored areas), minus\n"
    "polygons, cut lines and keep points, with areas.geojson and lines.geojson\n"
    "beside it: each row's area is its base minus its minus polygons, split by\n"
    "its cut lines, keeping the pieces that hold a keep point. --recipe FILE.csv\n"
    "builds one recipe (beside its src/ folder, or to -o); --recipe DIR or -o\n"
    "alone builds the control layer only. Move a line, rebuild; validate reports\n"
    "a built layer that no longer matches its recipe.\n",
    build_opts,
    sizeof build_opts / sizeof *build_opts,
    NULL,
    NULL,
};

static int build_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    const char *recipe = opts_text(o, "--recipe"), *output = opts_text(o, "--output");
    char dir[2048], base[4096], recipes[2][4096], outs[2][4096];
    int n = 0;
    if (scene_data_dir(env->program, dir, sizeof dir, err)) return -1;
    snprintf(base, sizeof base, "%s/layers/base", dir);
    size_t len = recipe ? strlen(recipe) : 0;
    if (recipe && len > 4 && strcmp(recipe + len - 4, ".csv") == 0) {
        /* One recipe file, built beside its src/ folder unless -o says. */
        snprintf(recipes[0], sizeof recipes[0], "%s", recipe);
        if (output) snprintf(outs[0], sizeof outs[0], "%s", output);
        else check_layer_of_recipe(recipe, outs[0], sizeof outs[0]);
        n = 1;
    } else if (recipe || output) {
        /* A recipe folder (control.csv), or the control layer alone to -o. */
        if (recipe) snprintf(recipes[0], sizeof recipes[0], "%s/control.csv", recipe);
        else snprintf(recipes[0], sizeof recipes[0], "%s/layers/karabakh/src/control.csv", dir);
        if (output) snprintf(outs[0], sizeof outs[0], "%s", output);
        else snprintf(outs[0], sizeof outs[0], "%s/layers/karabakh/control.geojson", dir);
        n = 1;
    } else {
        /* Everything bundled: the control layer and the districts layer. */
        snprintf(recipes[0], sizeof recipes[0], "%s/layers/karabakh/src/control.csv", dir);
        snprintf(outs[0], sizeof outs[0], "%s/layers/karabakh/control.geojson", dir);
        snprintf(recipes[1], sizeof recipes[1], "%s/layers/karabakh/src/districts.csv", dir);
        snprintf(outs[1], sizeof outs[1], "%s/layers/karabakh/districts.geojson", dir);
        n = 2;
    }
    for (int i = 0; i < n; i++) {
        int count = 0;
        if (check_recipe_build(recipes[i], base, outs[i], &count, err)) return -1;
        if (!opts_flag(o, "--quiet")) printf("%s: %d features\n", outs[i], count);
    }
    return EXIT_SUCCESS;
}

const cli_command cmd_build_control = { &build_spec, build_run };
