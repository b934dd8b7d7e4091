/*
** cmd_render.c -- the `render` command: one map of one date into a PNG,
** PDF or SVG file, on a screen frame or a print page.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/file.h"
#include "map/output.h"
#include "map/render.h"
#include "print/figure.h"

static const fm_opt render_opts[] = {
    { "--date", NULL, FM_OPT_DATE, "DATE", "ISO 8601 date: YYYY-MM-DD, YYYY-MM or YYYY (required)",
      0, 0, NULL, NULL },
    { "--output", "-o", FM_OPT_STRING, "FILE",
      "output file; the extension picks the format:\n"
      ".png (raster), .pdf, .svg (vector, fonts embedded).\n"
      "Default: frontmap-DATE.png",
      0, 0, NULL, NULL },
    { "--scene", NULL, FM_OPT_STRING, "FILE",
      "scene/style file (MapLibre style subset, docs/style.md);\n"
      "default: the bundled Karabakh scene styles/screen.json",
      0, 0, NULL, NULL },
    { "--size", NULL, FM_OPT_SIZE, "WxH",
      "frame size in pixels, each side 16 to 16384\n"
      "(default: the scene's, else 1600x1200)",
      FM_SIZE_MIN, FM_SIZE_MAX, NULL, NULL },
    { "--crs", NULL, FM_OPT_STRING, "CRS",
      "map projection: EPSG code (EPSG:32638), PROJ string\n"
      "(\"+proj=lcc +lat_1=39 +lat_2=41 +lon_0=46.5\") or WKT;\n"
      "must be projected, not degrees",
      0, 0, NULL, NULL },
    { "--bbox", NULL, FM_OPT_BBOX, "W,S,E,N",
      "area to show, in degrees: minlon,minlat,maxlon,maxlat;\n"
      "widened on one axis to fit the frame's shape",
      0, 0, NULL, NULL },
    { "--lang", NULL, FM_OPT_LANG, "LANG",
      "label language: en, az, hy or ru (default: the scene's)", 0, 0, NULL, NULL },
    { "--page", NULL, FM_OPT_STRING, "SIZE",
      "a print page instead of --size: A4, A3 or letter\n"
      "(portrait; --landscape turns it); the map fills it",
      0, 0, NULL, NULL },
    { "--landscape", NULL, FM_OPT_FLAG, NULL, "turn the --page", 0, 0, NULL, NULL },
    { "--dpi", NULL, FM_OPT_DOUBLE, "N",
      "PNG resolution, dots per inch, 36 to 1200 (default 96:\n"
      "one pixel per style pixel); e.g. --page A4 --dpi 300",
      36, 1200, NULL, NULL },
    { "--names", NULL, FM_OPT_STRING, "L1+L2",
      "dual place names where they differ, e.g. en+az gives\n"
      "\"Shusha / Şuşa\", az+hy \"Xankəndi / Ստեփանակերտ\"",
      0, 0, NULL, NULL },
    { "--quiet", "-q", FM_OPT_FLAG, NULL, "print nothing on success", 0, 0, NULL, NULL },
    { "--verbose", "-v", FM_OPT_FLAG, NULL, "print timings per phase and counts", 0, 0, NULL,
      NULL },
};

static const fm_opt_spec render_spec = {
    "render",
    "one map for one date (PNG, PDF or SVG)",
    "usage: frontmap render --date DATE [-o OUT.png|.pdf|.svg] [OPTIONS]\n",
    "Draw the scene as it stood on DATE. Dated features are shown when\n"
    "valid_from <= DATE < valid_to; a date of reduced precision (1993-07,\n"
    "1993) means its first day.\n",
    render_opts,
    sizeof render_opts / sizeof *render_opts,
    NULL,
    "  frontmap render --date 1994-05-12 -o output/1994-05-12.png\n"
    "  frontmap render --date 1993-07-24 --lang hy --size 1920x1080 -o agdam.pdf\n"
    "  frontmap render --date 1992-05-20 --names az+hy -o shusha-1992.png\n"
    "  frontmap render --date 1994-05-12 --page A4 --landscape --dpi 300 -o 1994-a4.png\n"
    "  frontmap render --date 2020-11-10 --crs EPSG:32638 --bbox 45.8,39,47.4,40.4 -o nk.svg\n",
};

typedef struct render_stats {
    int nlabels;
    double seconds_draw, seconds_encode;
} render_stats;

/* Draw one date into one file. */
static int render_file(const fm_scene *scene, fm_day date, const char *lang2, double scale,
                       const char *path, render_stats *stats, fm_error *err)
{
    fm_output out;
    double t0 = fm_clock_seconds();
    if (output_open_scaled(&out, path, scene->view.width, scene->view.height, scale, err))
        return -1;
    fm_render_options ro = { .date = date, .caption = 1, .attribution = 1, .lang2 = lang2 };
    fm_render_result result;
    int drawn = render_map(out.cr, scene, &ro, &result, err);
    double t1 = fm_clock_seconds();
    if (drawn) {
        render_result_free(&result);
        output_abort(&out);
        return -1;
    }
    fm_output_text *texts = calloc(result.nlabels ? result.nlabels : 1, sizeof *texts);
    for (int i = 0; texts && i < result.nlabels; i++) {
        texts[i].text = result.labels[i].text;
        texts[i].x = result.labels[i].x;
        texts[i].y = result.labels[i].y;
        texts[i].size = result.labels[i].size;
    }
    int rc = output_commit(&out, texts, texts ? result.nlabels : 0, err);
    stats->nlabels = result.nlabels;
    stats->seconds_draw = t1 - t0;
    stats->seconds_encode = fm_clock_seconds() - t1;
    free(texts);
    render_result_free(&result);
    return rc;
}

/* A print page: the map fills it, in pixels of 1/96 inch, the unit the
** style's widths and sizes are in; a PNG is drawn at --dpi. Sets the
** frame size and *scale, the PNG's pixels per style pixel. */
static int render_page(const fm_opts *o, fm_scene_options *so, double *scale, fm_error *err)
{
    const fm_opt_value *dpi = opts_get(o, "--dpi");
    const char *page = opts_text(o, "--page");
    int landscape = opts_flag(o, "--landscape");
    *scale = dpi ? dpi->d / 96 : 1;
    if (!page) {
        if (landscape)
            return fm_error_usage(err, "--landscape turns a --page: give --page A4, A3 or letter");
        return 0;
    }
    double w_pt, h_pt;
    if (so->width) return fm_error_usage(err, "give --size or --page, not both");
    if (figure_page_size(page, landscape, &w_pt, &h_pt, err)) return opts_usage(err, "--page: ");
    so->width = (int)lround(w_pt / 0.75);
    so->height = (int)lround(h_pt / 0.75);
    /* The PNG is the page's width at --dpi to the pixel, not the rounded
    ** view width times dpi/96. */
    *scale = w_pt / 72 * (*scale * 96) / so->width;
    return 0;
}

/* One line per phase, "phase NAME SECONDS": bench/ reads these. */
static void render_report(const fm_scene *scene, const render_stats *rs, double seconds_load)
{
    int nf = 0;
    double project = 0, clip = 0;
    for (int i = 0; i < scene->style->nsources; i++) {
        const fm_layer *l = scene->layers[i];
        if (!l) continue;
        nf += l->nfeatures;
        project += l->seconds_project;
        clip += l->seconds_clip;
    }
    fprintf(stderr, "scene %s: %d sources, %d features, %d labels, zoom %.2f\n", scene->style->path,
            scene->style->nsources, nf, rs->nlabels, scene->zoom);
    fprintf(stderr, "crs %s\n", projection_crs(scene->proj));
    fprintf(stderr, "phase load %.4f\nphase project %.4f\nphase clip %.4f\n",
            seconds_load - project - clip, project, clip);
    fprintf(stderr, "phase draw %.4f\nphase encode %.4f\n", rs->seconds_draw, rs->seconds_encode);
}

static int render_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    const fm_opt_value *date = opts_get(o, "--date");
    const char *output = opts_text(o, "--output");
    char default_out[64], lang1[16], lang2[16];
    fm_output_kind kind;
    fm_scene_options so;
    double scale;
    if (!date) return fm_error_usage(err, "render needs --date DATE (e.g. --date 1994-05-12)");
    if (!output) {
        snprintf(default_out, sizeof default_out, "frontmap-%s.png", date->text);
        output = default_out;
    }
    if (output_kind_for(output, &kind, err)) return opts_usage(err, "");
    if (cli_scene_options(env, o, &so, lang1, lang2, err)) return -1;
    if (render_page(o, &so, &scale, err)) return -1;

    double t0 = fm_clock_seconds();
    fm_scene *scene = scene_load(&so, err);
    if (!scene) return -1;
    double t1 = fm_clock_seconds();
    render_stats rs = { 0, 0, 0 };
    if (render_file(scene, date->date.first, lang2[0] ? lang2 : NULL, scale, output, &rs, err)) {
        scene_free(scene);
        return -1;
    }
    if (opts_flag(o, "--verbose")) render_report(scene, &rs, t1 - t0);
    if (!opts_flag(o, "--quiet")) printf("%s\n", output);
    scene_free(scene);
    return EXIT_SUCCESS;
}

const cli_command cmd_render = { &render_spec, render_run };
