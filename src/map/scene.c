/* scene.c -- see scene.h. */
#include "map/scene.h"

#include <errno.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The fallbacks when a scene says nothing: a conformal projection centred
** on the South Caucasus and a landscape frame. */
#define DEFAULT_CRS                                                                                \
    "+proj=lcc +lat_0=40 +lon_0=46.5 +lat_1=39 +lat_2=41 +datum=WGS84 +units=m +no_defs"
#define DEFAULT_WIDTH  1600
#define DEFAULT_HEIGHT 1200

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A data folder holds styles/ and layers/. */
static int is_data_dir(const char *dir)
{
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/styles", dir);
    if (!is_dir(sub)) return 0;
    snprintf(sub, sizeof sub, "%s/layers", dir);
    return is_dir(sub);
}

/* The data beside the running binary `program`: <bindir>/../share/frontmap
** for an installed one, and for a build tree's <src>/build/frontmap its
** checkout <src>, the parent of <bindir>. */
static int data_near_program(const char *program, char *buf, size_t size)
{
    char bindir[4096];
    const char *slash = program ? strrchr(program, '/') : NULL;
    if (!slash) return -1;
    snprintf(bindir, sizeof bindir, "%.*s", (int)(slash - program), program);
    char share[4096 + 32];
    snprintf(share, sizeof share, "%s/../share/frontmap", bindir);
    if (is_data_dir(share)) return snprintf(buf, size, "%s", share), 0;
    snprintf(share, sizeof share, "%s/..", bindir);
    if (is_data_dir(share)) return snprintf(buf, size, "%s", share), 0;
    return -1;
}

int scene_data_dir(const char *program, char *buf, size_t size, fm_error *err)
{
    const char *env = getenv("FRONTMAP_DATA");
    if (env && env[0]) {
        if (is_data_dir(env)) return snprintf(buf, size, "%s", env), 0;
        return fm_error_set(err,
                            "FRONTMAP_DATA=%s does not hold frontmap's data (styles/ "
                            "and layers/)",
                            env);
    }
    if (data_near_program(program, buf, size) == 0) return 0;
    if (is_data_dir(FRONTMAP_DATA_DIR)) return snprintf(buf, size, "%s", FRONTMAP_DATA_DIR), 0;
    return fm_error_set(err,
                        "cannot find frontmap's data (looked beside the program %s and "
                        "in %s); set FRONTMAP_DATA to the folder holding styles/ and layers/",
                        program ? program : "(unknown)", FRONTMAP_DATA_DIR);
}

/* Read "frontmap:view" from the style: {"crs": "...", "bbox": [4 numbers],
** "size": [w, h]}. Values the command line gives win. */
static int view_settings(const fm_style *style, const fm_scene_options *opt, const char **crs,
                         double bbox[4], int *w, int *h, fm_error *err)
{
    json_t *view = style_meta(style, "view");
    *crs = DEFAULT_CRS;
    *w = DEFAULT_WIDTH;
    *h = DEFAULT_HEIGHT;
    int have_bbox = 0;
    if (view) {
        json_t *v;
        if ((v = json_object_get(view, "crs"))) {
            if (!json_is_string(v))
                return fm_error_set(err, "%s: metadata.frontmap:view.crs must be a string",
                                    style->path);
            *crs = json_string_value(v);
        }
        if ((v = json_object_get(view, "bbox"))) {
            if (!json_is_array(v) || json_array_size(v) != 4)
                return fm_error_set(err,
                                    "%s: metadata.frontmap:view.bbox must be "
                                    "[minlon, minlat, maxlon, maxlat]",
                                    style->path);
            for (int i = 0; i < 4; i++) {
                json_t *n = json_array_get(v, i);
                if (!json_is_number(n))
                    return fm_error_set(err,
                                        "%s: metadata.frontmap:view.bbox[%d] must "
                                        "be a number",
                                        style->path, i);
                bbox[i] = json_number_value(n);
            }
            have_bbox = 1;
        }
        if ((v = json_object_get(view, "size"))) {
            if (!json_is_array(v) || json_array_size(v) != 2 ||
                !json_is_integer(json_array_get(v, 0)) || !json_is_integer(json_array_get(v, 1)))
                return fm_error_set(err,
                                    "%s: metadata.frontmap:view.size must be "
                                    "[width, height] in pixels",
                                    style->path);
            *w = (int)json_integer_value(json_array_get(v, 0));
            *h = (int)json_integer_value(json_array_get(v, 1));
        }
    }
    if (opt->crs) *crs = opt->crs;
    if (opt->has_bbox) {
        memcpy(bbox, opt->bbox, 4 * sizeof *bbox);
        have_bbox = 1;
    }
    if (opt->width) {
        *w = opt->width;
        *h = opt->height;
    }
    if (!have_bbox)
        return fm_error_set(err,
                            "%s: no map extent: give --bbox or "
                            "metadata.frontmap:view.bbox",
                            style->path);
    if (*w < FM_SIZE_MIN || *w > FM_SIZE_MAX || *h < FM_SIZE_MIN || *h > FM_SIZE_MAX)
        return fm_error_set(err,
                            "size %dx%d is out of range: each side must be "
                            "%d to %d pixels",
                            *w, *h, FM_SIZE_MIN, FM_SIZE_MAX);
    return 0;
}

/* The language: --lang, else the style's state default, else English. */
static void scene_pick_lang(fm_scene *s, const char *lang)
{
    const char *l = lang;
    if (!l && s->style->state) {
        json_t *d = json_object_get(json_object_get(s->style->state, "lang"), "default");
        if (json_is_string(d)) l = json_string_value(d);
    }
    snprintf(s->lang, sizeof s->lang, "%s", l ? l : "en");
}

/* The scene file: the one given, else the bundled default. */
static const char *scene_file(const fm_scene_options *opt, char *path, size_t size, fm_error *err)
{
    if (opt->scene_path) return opt->scene_path;
    char dir[2048];
    if (scene_data_dir(opt->program, dir, sizeof dir, err)) return NULL;
    snprintf(path, size, "%s/styles/screen.json", dir);
    return path;
}

fm_style *scene_style_load(const fm_scene_options *opt, fm_error *err)
{
    char path[4096];
    const char *file = scene_file(opt, path, sizeof path, err);
    return file ? style_load(file, err) : NULL;
}

fm_scene *scene_load(const fm_scene_options *opt, fm_error *err)
{
    char path[4096];
    const char *scene_path = scene_file(opt, path, sizeof path, err);
    if (!scene_path) return NULL;
    if (opt->lang && strcmp(opt->lang, "en") && strcmp(opt->lang, "az") &&
        strcmp(opt->lang, "hy") && strcmp(opt->lang, "ru")) {
        fm_error_usage(err, "unknown language \"%s\": use en, az, hy or ru", opt->lang);
        return NULL;
    }

    GDALAllRegister();
    fm_scene *s = calloc(1, sizeof *s);
    if (!s) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    s->style = style_load(scene_path, err);
    if (!s->style) goto fail;
    scene_pick_lang(s, opt->lang);

    const char *crs;
    double bbox[4];
    int w, h;
    if (view_settings(s->style, opt, &crs, bbox, &w, &h, err)) goto fail;
    s->proj = projection_new(crs, err);
    if (!s->proj) goto fail;
    fm_transform *t = projection_transform_from(s->proj, NULL, err);
    if (!t) goto fail;
    int rc = view_fit(&s->view, t, bbox, w, h, err);
    transform_free(t);
    if (rc) goto fail;

    /* The zoom a web map would show at this scale at the view's centre
    ** latitude: lets styles written for MapLibre (zoom stops) behave. */
    double lat = (bbox[1] + bbox[3]) / 2 * FM_PI / 180;
    double metres_per_px = 1 / s->view.scale;
    s->zoom = log2(40075016.686 * cos(lat) / 256 / metres_per_px);

    s->geos = geom_context_new();
    s->layers = calloc(s->style->nsources ? s->style->nsources : 1, sizeof *s->layers);
    if (!s->geos || !s->layers) {
        fm_error_set(err, "out of memory");
        goto fail;
    }
    for (int i = 0; i < s->style->nsources; i++) {
        fm_style_source *src = &s->style->sources[i];
        if (opt->duration_days > 0 && src->duration_days > 0)
            src->duration_days = opt->duration_days;
        int used = 0;
        for (int j = 0; j < s->style->nlayers && !used; j++)
            used = s->style->layers[j].source && strcmp(s->style->layers[j].source, src->id) == 0;
        if (!used) continue;
        s->layers[i] = layer_load(src, s->proj, &s->view, s->geos, err);
        if (!s->layers[i]) {
            fm_error_prefix(err, "source \"%s\"", src->id);
            goto fail;
        }
    }
    return s;
fail:
    scene_free(s);
    return NULL;
}

void scene_free(fm_scene *s)
{
    if (!s) return;
    if (s->layers && s->style)
        for (int i = 0; i < s->style->nsources; i++) layer_free(s->layers[i], s->geos);
    free(s->layers);
    geom_context_free(s->geos);
    projection_free(s->proj);
    style_free(s->style);
    free(s);
}

const fm_layer *scene_layer_for(const fm_scene *s, const fm_style_layer *sl)
{
    if (!sl->source) return NULL;
    for (int i = 0; i < s->style->nsources; i++)
        if (strcmp(s->style->sources[i].id, sl->source) == 0) return s->layers[i];
    return NULL;
}

int scene_parse_names(const char *text, const char *lang, char first[16], char second[16],
                      fm_error *err)
{
    static const char *known[] = { "en", "az", "hy", "ru" };
    char a[16] = "", b[16] = "", tail[2];
    if (sscanf(text, "%15[a-z]+%15[a-z]%1s", a, b, tail) != 2 || strcmp(a, b) == 0)
        return fm_error_usage(err, "--names \"%s\": expected two languages joined by +, e.g. en+az",
                              text);
    for (int k = 0; k < 2; k++) {
        const char *l = k ? b : a;
        int ok = 0;
        for (int i = 0; i < 4; i++) ok += strcmp(l, known[i]) == 0;
        if (!ok)
            return fm_error_usage(err, "--names: unknown language \"%s\": use en, az, hy or ru", l);
    }
    if (lang && strcmp(lang, a) != 0)
        return fm_error_usage(err, "--names %s starts with %s but --lang is %s", text, a, lang);
    snprintf(first, 16, "%s", a);
    snprintf(second, 16, "%s", b);
    return 0;
}
