/* cli.c -- what the commands share: see cli.h. */
#include "cli/cli.h"

#include <string.h>

/* The value of `name` when the command declares it and it was given. */
static const fm_opt_value *declared(const fm_opts *o, const char *name)
{
    for (int k = 0; k < o->spec->nopts; k++)
        if (strcmp(o->spec->opts[k].name, name) == 0) return o->v[k].given ? &o->v[k] : NULL;
    return NULL;
}

int cli_scene_options(const cli_env *env, const fm_opts *o, fm_scene_options *so, char lang1[16],
                      char lang2[16], fm_error *err)
{
    const fm_opt_value *v;
    memset(so, 0, sizeof *so);
    lang1[0] = lang2[0] = 0;
    so->program = env->program;
    if ((v = declared(o, "--scene"))) so->scene_path = v->text;
    if ((v = declared(o, "--crs"))) so->crs = v->text;
    if ((v = declared(o, "--lang"))) so->lang = v->text;
    if ((v = declared(o, "--size"))) {
        so->width = v->w;
        so->height = v->h;
    }
    if ((v = declared(o, "--bbox"))) {
        memcpy(so->bbox, v->bbox, sizeof so->bbox);
        so->has_bbox = 1;
    }
    if ((v = declared(o, "--names"))) {
        if (scene_parse_names(v->text, so->lang, lang1, lang2, err)) return -1;
        so->lang = lang1;
    }
    return 0;
}

int cli_scene_path(const cli_env *env, const fm_opts *o, fm_str *path, fm_error *err)
{
    const fm_opt_value *v = declared(o, "--scene");
    if (v) {
        if (fm_str_cat(path, v->text)) return fm_error_set(err, "out of memory");
        return 0;
    }
    char dir[2048];
    if (scene_data_dir(env->program, dir, sizeof dir, err)) return -1;
    if (fm_str_printf(path, "%s/styles/screen.json", dir))
        return fm_error_set(err, "out of memory");
    return 0;
}

fm_style *cli_style_open(const cli_env *env, const fm_opts *o, fm_error *err)
{
    fm_str path = FM_STR_INIT;
    fm_style *st = cli_scene_path(env, o, &path, err) ? NULL : style_load(path.s, err);
    fm_str_free(&path);
    return st;
}

int cli_timeline_path(const fm_style *st, char *buf, size_t size, fm_error *err)
{
    if (style_meta_path(st, "timeline", buf, size) == 0) return 0;
    return fm_error_set(err,
                        "%s: no timeline; set metadata \"frontmap:timeline\" "
                        "to the events file",
                        st->path);
}

int cli_control_path(const fm_style *st, char *buf, size_t size, fm_error *err)
{
    json_t *m = style_meta(st, "control");
    json_t *src = json_is_object(m) ? json_object_get(m, "source") : NULL;
    const fm_style_source *s =
        json_is_string(src) ? style_source(st, json_string_value(src)) : NULL;
    if (!s)
        return fm_error_set(err,
                            "%s: no control layer; set metadata \"frontmap:control\": "
                            "{\"source\": \"<source id>\"}",
                            st->path);
    snprintf(buf, size, "%s", s->path);
    return 0;
}

fm_control *cli_control_open(const fm_style *st, fm_geos *gc, fm_error *err)
{
    char path[4096];
    if (cli_control_path(st, path, sizeof path, err)) return NULL;
    return control_load(path, gc, err);
}
