/*
** cmd_figure.c -- the `figure` command: its options (a figure has more
** than the common ones: page, events, names), the report, exit codes.
** The figure itself is figure_make (print/figure.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/defaults.h"
#include "print/figure.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x)  STRINGIFY_(x)

static const fm_opt figure_opts[] = {
    { "--event", NULL, FM_OPT_STRING, "ID",
      "the figure of one event (ids: frontmap events); the map\n"
      "shows its day and the table its campaign: the events of\n"
      "the same war phase within " STRINGIFY(FM_RECENT_DAYS) " days of it",
      0, 0, NULL, NULL },
    { "--date", NULL, FM_OPT_DATE, "DATE",
      "one map of DATE (events: the " STRINGIFY(FM_RECENT_DAYS) " days up to DATE)", 0, 0, NULL,
      NULL },
    { "--dates", NULL, FM_OPT_STRING, "D1,D2,...",
      "small multiples: up to 9 maps on one page, one legend", 0, 0, NULL, NULL },
    { "--events-from", NULL, FM_OPT_DATE, "DATE", "the event window instead (inclusive) ...", 0, 0,
      NULL, NULL },
    { "--events-to", NULL, FM_OPT_DATE, "DATE",
      "... to DATE (exclusive); either end may be left open", 0, 0, NULL, NULL },
    { "--output", "-o", FM_OPT_STRING, "FILE", ".pdf, .svg or .png (required)", 0, 0, NULL, NULL },
    { "--page", NULL, FM_OPT_STRING, "SIZE", "A4 (default), A3 or letter", 0, 0, NULL, NULL },
    { "--landscape", NULL, FM_OPT_FLAG, NULL, "turn the page: map left, legend and table right", 0,
      0, NULL, NULL },
    { "--portrait", NULL, FM_OPT_FLAG, NULL, "an upright page (the default)", 0, 0, NULL, NULL },
    { "--dpi", NULL, FM_OPT_DOUBLE, "N", "PNG resolution, 36 to 1200 (default 200)", 36, 1200, NULL,
      NULL },
    { "--title", NULL, FM_OPT_STRING, "TEXT",
      "the title (default: the event's title, or the style's)", 0, 0, NULL, NULL },
    { "--lang", NULL, FM_OPT_LANG, "LANG", "label and page language: en, az, hy or ru", 0, 0, NULL,
      NULL },
    { "--names", NULL, FM_OPT_STRING, "L1+L2",
      "dual place names, e.g. en+az gives \"Shusha / Şuşa\"", 0, 0, NULL, NULL },
    { "--scene", NULL, FM_OPT_STRING, "FILE", "another scene/style file", 0, 0, NULL, NULL },
    { "--crs", NULL, FM_OPT_STRING, "CRS", "projection, as for render", 0, 0, NULL, NULL },
    { "--bbox", NULL, FM_OPT_BBOX, "W,S,E,N", "area, as for render", 0, 0, NULL, NULL },
    { "--quiet", "-q", FM_OPT_FLAG, NULL, "print nothing on success", 0, 0, NULL, NULL },
    { "--verbose", "-v", FM_OPT_FLAG, NULL, "print what was laid out", 0, 0, NULL, NULL },
};

static const fm_opt_spec figure_spec = {
    "figure",
    "a print figure: map(s), legend, scale bar, inset, events, sources",
    "usage: frontmap figure (--event ID | --date DATE | --dates D1,D2,...) -o OUT.pdf|.svg|.png\n"
    "                       [--page A4|A3|letter] [--landscape] [--dpi N] [OPTIONS]\n",
    "A page ready to print: the map of DATE (or of the event's day) with a title,\n"
    "a legend of what the map shows, a scale bar true at the map's centre, a north\n"
    "arrow, a labelled graticule, a locator inset, numbered event markers with a\n"
    "table of their dates, titles and sources, and a sources block. Vector PDF and\n"
    "SVG (fonts embedded, sizes in points) or PNG at --dpi. Default scene: the\n"
    "bundled print style styles/print.json.\n",
    figure_opts,
    sizeof figure_opts / sizeof *figure_opts,
    NULL,
    "  frontmap figure --event 1993-07-23-agdam -o output/agdam.pdf\n"
    "  frontmap figure --dates 1992-05-20,1993-10-30,1994-05-12,2020-11-10 -o "
    "output/four-dates.pdf\n"
    "  frontmap figure --date 2020-11-10 --names en+az --landscape --page A3 -o nk-2020.pdf\n",
};

/* The options into figure_make's. */
static int figure_options_of(const cli_env *env, const fm_opts *o, fm_figure_options *fo,
                             fm_error *err)
{
    char lang1[16], lang2[16];
    const fm_opt_value *v;
    memset(fo, 0, sizeof *fo);
    if (cli_scene_options(env, o, &fo->scene, lang1, lang2, err)) return -1;
    /* figure_make reads --names itself (its page language follows it), so
    ** the label language is --lang as given, not cli_scene_options' lang1. */
    fo->scene.lang = opts_text(o, "--lang");
    fo->names = opts_text(o, "--names");
    fo->event_id = opts_text(o, "--event");
    fo->date = opts_text(o, "--date");
    fo->dates = opts_text(o, "--dates");
    fo->events_from = opts_text(o, "--events-from");
    fo->events_to = opts_text(o, "--events-to");
    fo->page = opts_text(o, "--page");
    fo->title = opts_text(o, "--title");
    fo->output = opts_text(o, "--output");
    fo->landscape = opts_flag(o, "--landscape");
    if ((v = opts_get(o, "--dpi"))) fo->dpi = v->d;
    if (fo->date && fo->dates) return fm_error_usage(err, "give --date or --dates, not both");
    return 0;
}

static int figure_cmd_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    fm_figure_options fo;
    if (opts_flag(o, "--landscape") && opts_flag(o, "--portrait"))
        return fm_error_usage(err, "give --landscape or --portrait, not both");
    if (figure_options_of(env, o, &fo, err)) return -1;
    fm_figure_report rep;
    int rc = figure_make(&fo, &rep, err);
    if (rc == FM_FIGURE_BAD_ARGS) return opts_usage(err, "");
    if (rc) return -1;
    if (opts_flag(o, "--verbose"))
        fprintf(stderr,
                "page %.1f x %.1f pt, %d map(s), %d event(s), %d legend entries, "
                "%d labels, scale bar %g km = %.2f pt\n",
                rep.page_w, rep.page_h, rep.nmaps, rep.nevents, rep.nlegend, rep.nlabels,
                rep.scale_km, rep.scale_length);
    if (!opts_flag(o, "--quiet")) printf("%s\n", fo.output);
    return EXIT_SUCCESS;
}

const cli_command cmd_figure = { &figure_spec, figure_cmd_run };
