/*
** main.c -- the frontmap command line: subcommands, their options, help,
** and exit codes. Everything it does is a call into the library; nothing
** below here prints or exits.
**
** Exit codes: 0 done, 1 the work failed (bad data, unwritable output...),
** 2 bad arguments.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/file.h"
#include "cli/cli.h"
#include "core/date.h"
#include "print/figure.h"
#include "map/output.h"
#include "map/render.h"
#include "map/scene.h"

static const char *usage_text =
    "usage: frontmap COMMAND [OPTIONS]\n"
    "\n"
    "Maps of territorial control through time.\n"
    "\n"
    "commands:\n"
    "  render    one map for one date (PNG, PDF or SVG)\n"
    "  animate   a film over a date range or the events (PNG frames, MP4, WebM, GIF)\n"
    "  figure    a print figure: map(s), legend, scale bar, inset, events, sources\n"
    "  query     who controlled a point on a date, and since which event\n"
    "  stats     area held by each side on a date or over a range (CSV, chart)\n"
    "  events    the timeline: list and filter events\n"
    "  validate  check layers, timeline, control recipe and styles\n"
    "  build-control  rebuild the control and district layers from their recipes\n"
    "  help      describe a command: frontmap help render\n"
    "  version   print the version\n"
    "\n"
    "Run 'frontmap help COMMAND' for a command's options.\n";

static const char *render_help =
    "usage: frontmap render --date DATE [-o OUT.png|.pdf|.svg] [OPTIONS]\n"
    "\n"
    "Draw the scene as it stood on DATE. Dated features are shown when\n"
    "valid_from <= DATE < valid_to; a date of reduced precision (1993-07,\n"
    "1993) means its first day.\n"
    "\n"
    "options:\n"
    "  --date DATE       ISO 8601 date: YYYY-MM-DD, YYYY-MM or YYYY (required)\n"
    "  -o, --output FILE output file; the extension picks the format:\n"
    "                    .png (raster), .pdf, .svg (vector, fonts embedded).\n"
    "                    Default: frontmap-DATE.png\n"
    "  --scene FILE      scene/style file (MapLibre style subset, docs/style.md);\n"
    "                    default: the bundled Karabakh scene styles/screen.json\n"
    "  --size WxH        frame size in pixels, each side 16 to 16384\n"
    "                    (default: the scene's, else 1600x1200)\n"
    "  --crs CRS         map projection: EPSG code (EPSG:32638), PROJ string\n"
    "                    (\"+proj=lcc +lat_1=39 +lat_2=41 +lon_0=46.5\") or WKT;\n"
    "                    must be projected, not degrees\n"
    "  --bbox W,S,E,N    area to show, in degrees: minlon,minlat,maxlon,maxlat;\n"
    "                    widened on one axis to fit the frame's shape\n"
    "  --lang LANG       label language: en, az, hy or ru (default: the scene's)\n"
    "  --page SIZE       a print page instead of --size: A4, A3 or letter\n"
    "                    (portrait; --landscape turns it); the map fills it\n"
    "  --dpi N           PNG resolution, dots per inch (default 96: one pixel\n"
    "                    per style pixel); e.g. --page A4 --dpi 300\n"
    "  --names L1+L2     dual place names where they differ, e.g. en+az gives\n"
    "                    \"Shusha / Şuşa\", az+hy \"Xankəndi / Ստեփանակերտ\"\n"
    "  -q, --quiet       print nothing on success\n"
    "  -v, --verbose     print timings per phase and counts\n"
    "\n"
    "examples:\n"
    "  frontmap render --date 1994-05-12 -o output/1994-05-12.png\n"
    "  frontmap render --date 1993-07-24 --lang hy --size 1920x1080 -o agdam.pdf\n"
    "  frontmap render --date 1992-05-20 --names az+hy -o shusha-1992.png\n"
    "  frontmap render --date 1994-05-12 --page A4 --landscape --dpi 300 -o 1994-a4.png\n"
    "  frontmap render --date 2020-11-10 --crs EPSG:32638 --bbox 45.8,39,47.4,40.4 -o nk.svg\n";

int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "frontmap: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nRun 'frontmap help' for usage.\n");
    return EXIT_USAGE;
}

/* Options with values accept both "--opt value" and "--opt=value". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0) {
        if (*i + 1 >= argc) return NULL;
        return argv[++*i];
    }
    return NULL;
}

static int is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strcmp(arg, name) == 0 || (strncmp(arg, name, n) == 0 && arg[n] == '=');
}

/* Parse the options after the command word. Returns 0, -2 for --help,
** or EXIT_USAGE after printing what was wrong. */
static int parse_options(cli *c, int argc, char **argv)
{
    fm_error err;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { c->quiet = 1; continue; }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) { c->verbose = 1; continue; }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return -2;
        if (strcmp(a, "--json") == 0) { c->json = 1; continue; }
        if (strcmp(a, "--events") == 0) { c->events = 1; continue; }
        if (strcmp(a, "--resume") == 0) { c->resume = 1; continue; }
        if (strcmp(a, "--keep-frames") == 0) { c->keep_frames = 1; continue; }
        if (strcmp(a, "--landscape") == 0) { c->landscape = 1; continue; }
        static const char *names[] = { "--date", "-o", "--output", "--scene",
                                       "--size", "--crs", "--bbox", "--lang",
                                       "--at", "--from", "--to", "--step",
                                       "--kinds", "--kind", "--chart", "--recipe",
                                       "--fps", "--hold", "--jobs", "--event-days",
                                       "--tween", "--names", "--page", "--dpi" };
        const char *name = NULL;
        for (size_t k = 0; k < sizeof names / sizeof *names; k++)
            if (is_option(a, names[k])) name = names[k];
        if (!name) return usage_error("unknown option '%s'", a);
        if (!(v = option_value(argc, argv, &i, name)))
            return usage_error("option '%s' needs a value", a);
        if (strcmp(name, "--date") == 0) c->date = v;
        else if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0) c->output = v;
        else if (strcmp(name, "--scene") == 0) c->scene.scene_path = v;
        else if (strcmp(name, "--crs") == 0) c->scene.crs = v;
        else if (strcmp(name, "--lang") == 0) c->scene.lang = v;
        else if (strcmp(name, "--at") == 0) c->at = v;
        else if (strcmp(name, "--from") == 0) c->from = v;
        else if (strcmp(name, "--to") == 0) c->to = v;
        else if (strcmp(name, "--step") == 0) c->step = v;
        else if (strcmp(name, "--kinds") == 0 || strcmp(name, "--kind") == 0) c->kinds = v;
        else if (strcmp(name, "--chart") == 0) c->chart = v;
        else if (strcmp(name, "--recipe") == 0) c->recipe = v;
        else if (strcmp(name, "--fps") == 0) c->fps = v;
        else if (strcmp(name, "--hold") == 0) c->hold = v;
        else if (strcmp(name, "--jobs") == 0) c->jobs = v;
        else if (strcmp(name, "--event-days") == 0) c->event_days = v;
        else if (strcmp(name, "--tween") == 0) c->tween = v;
        else if (strcmp(name, "--names") == 0) c->names = v;
        else if (strcmp(name, "--page") == 0) c->page = v;
        else if (strcmp(name, "--dpi") == 0) c->dpi = v;
        else if (strcmp(name, "--size") == 0) {
            if (scene_parse_size(v, &c->scene.width, &c->scene.height, &err))
                return usage_error("%s", err.msg);
        } else if (strcmp(name, "--bbox") == 0) {
            if (scene_parse_bbox(v, c->scene.bbox, &err))
                return usage_error("%s", err.msg);
            c->scene.has_bbox = 1;
        }
    }
    if (c->names) {
        if (scene_parse_names(c->names, c->scene.lang, c->lang1, c->lang2, &err))
            return usage_error("%s", err.msg);
        c->scene.lang = c->lang1;
    }
    return 0;
}

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

static int cmd_render(cli *c)
{
    fm_error err;
    fm_date date;
    fm_output_kind kind;
    char default_out[64];
    if (!c->date) return usage_error("%s", "render needs --date DATE (e.g. --date 1994-05-12)");
    if (fm_date_parse(c->date, &date, &err)) return usage_error("--date %s", err.msg);
    if (!c->output) {
        snprintf(default_out, sizeof default_out, "frontmap-%s.png", c->date);
        c->output = default_out;
    }
    if (output_kind_for(c->output, &kind, &err)) return usage_error("%s", err.msg);
    /* A print page: the map fills it, in pixels of 1/96 inch, the unit
    ** the style's widths and sizes are in; a PNG is drawn at --dpi. */
    double scale = 1;
    if (c->dpi) {
        char *end;
        double dpi = strtod(c->dpi, &end);
        if (!*c->dpi || *end || !(dpi >= 36 && dpi <= 1200))
            return usage_error("--dpi %s: give dots per inch from 36 to 1200", c->dpi);
        scale = dpi / 96;
    }
    if (c->page) {
        double w_pt, h_pt;
        if (c->scene.width) return usage_error("%s", "give --size or --page, not both");
        if (figure_page_size(c->page, c->landscape, &w_pt, &h_pt, &err))
            return usage_error("--page: %s", err.msg);
        c->scene.width = (int)lround(w_pt / 0.75);
        c->scene.height = (int)lround(h_pt / 0.75);
        /* The PNG is the page's width at --dpi to the pixel, not the
        ** rounded view width times dpi/96. */
        scale = w_pt / 72 * (scale * 96) / c->scene.width;
    } else if (c->landscape) {
        return usage_error("%s", "--landscape turns a --page: give --page A4, A3 or letter");
    }

    double t0 = fm_clock_seconds();
    fm_scene *scene = scene_load(&c->scene, &err);
    if (!scene) {
        fprintf(stderr, "frontmap: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    double t1 = fm_clock_seconds();
    render_stats rs = { 0, 0, 0 };
    int rc = render_file(scene, date.first, c->lang2[0] ? c->lang2 : NULL, scale, c->output, &rs,
                         &err);
    if (rc) {
        fprintf(stderr, "frontmap: %s\n", err.msg);
        scene_free(scene);
        return EXIT_FAILURE;
    }
    if (c->verbose) {
        /* One line per phase, "phase NAME SECONDS": bench/ reads these. */
        int nf = 0;
        double project = 0, clip = 0;
        for (int i = 0; i < scene->style->nsources; i++) {
            const fm_layer *l = scene->layers[i];
            if (!l) continue;
            nf += l->nfeatures;
            project += l->seconds_project;
            clip += l->seconds_clip;
        }
        fprintf(stderr, "scene %s: %d sources, %d features, %d labels, zoom %.2f\n",
                scene->style->path, scene->style->nsources, nf, rs.nlabels, scene->zoom);
        fprintf(stderr, "crs %s\n", projection_crs(scene->proj));
        fprintf(stderr, "phase load %.4f\nphase project %.4f\nphase clip %.4f\n",
                (t1 - t0) - project - clip, project, clip);
        fprintf(stderr, "phase draw %.4f\nphase encode %.4f\n", rs.seconds_draw,
                rs.seconds_encode);
    }
    if (!c->quiet) printf("%s\n", c->output);
    scene_free(scene);
    return EXIT_SUCCESS;
}

typedef struct command {
    const char *name;
    int (*run)(cli *c);
    const char **help;
} command;

static const char *query_help =
    "usage: frontmap query --date DATE --at LON,LAT [--json] [--scene FILE]\n"
    "\n"
    "Who controlled the point on DATE under the scene's control layer\n"
    "(metadata \"frontmap:control\"), and since which event.\n"
    "Prints CONTROLLER<TAB>EVENT_ID<TAB>SINCE_DATE; CONTROLLER is ARM (Armenian\n"
    "forces, incl. those of the self-declared Nagorno-Karabakh Republic), AZE\n"
    "(Azerbaijani forces) or NONE where no control area covers the point.\n"
    "\n"
    "example:\n"
    "  frontmap query --date 1993-07-24 --at 46.928,39.991\n"
    "  ARM\t1993-07-23-agdam\t1993-07-23\n";

static const char *stats_help =
    "usage: frontmap stats --date DATE | --from DATE --to DATE --step P1M\n"
    "                      [--chart OUT.png|.pdf|.svg] [-o OUT.csv] [--scene FILE]\n"
    "\n"
    "Area in km2 held by each controller, as CSV (date,controller,area_km2),\n"
    "computed in a Lambert azimuthal equal-area projection. With --chart, also\n"
    "draws the series as an area chart.\n"
    "\n"
    "examples:\n"
    "  frontmap stats --date 1994-06-01\n"
    "  frontmap stats --from 1991-12-01 --to 1994-06-01 --step P1M --chart output/area.png\n";

static const char *events_help =
    "usage: frontmap events [--from DATE] [--to DATE] [--kinds K1,K2] [--json]\n"
    "\n"
    "List the timeline (the scene's \"frontmap:timeline\", default\n"
    "timeline/events.csv): id, date, kind, title, place, source, one per line\n"
    "(tab-separated), or a JSON array with every field. --from is inclusive,\n"
    "--to exclusive. Kinds: capture, offensive, ceasefire, agreement, clash,\n"
    "handover, negotiation, other.\n"
    "\n"
    "example:\n"
    "  frontmap events --from 1993-07 --to 1993-09 --kinds capture\n";

static const char *validate_help =
    "usage: frontmap validate [--scene FILE]\n"
    "\n"
    "Check the scene and its data: the style parses; every layer loads (dates\n"
    "parse, intervals ordered, geometry repairable); the timeline's records and\n"
    "every seed:FILE:LINE citation (seeds in $FRONTMAP_SEEDS, default\n"
    "../shared/seeds beside the checkout); the control layer: geometry valid,\n"
    "every change names an existing event, and on every change date the areas\n"
    "in force tile the region with no gap or overlap. Prints every problem and\n"
    "exits 1 if there is any.\n";

static const char *build_control_help =
    "usage: frontmap build-control [--recipe DIR | --recipe FILE.csv] [-o OUT.geojson]\n"
    "\n"
    "Rebuild the layers made from authored recipes. With no options, both:\n"
    "layers/karabakh/control.geojson from src/control.csv (control changes) and\n"
    "layers/karabakh/districts.geojson from src/districts.csv (dated districts).\n"
    "A recipe's rows name base polygons (base rayons, authored areas), minus\n"
    "polygons, cut lines and keep points, with areas.geojson and lines.geojson\n"
    "beside it: each row's area is its base minus its minus polygons, split by\n"
    "its cut lines, keeping the pieces that hold a keep point. --recipe FILE.csv\n"
    "builds one recipe (beside its src/ folder, or to -o); --recipe DIR or -o\n"
    "alone builds the control layer only. Move a line, rebuild; validate reports\n"
    "a built layer that no longer matches its recipe.\n";

static const char *figure_help =
    "usage: frontmap figure (--event ID | --date DATE | --dates D1,D2,...) -o OUT.pdf|.svg|.png\n"
    "                       [--page A4|A3|letter] [--landscape] [--dpi N] [OPTIONS]\n"
    "\n"
    "A page ready to print: the map of DATE (or of the event's day) with a title,\n"
    "a legend of what the map shows, a scale bar true at the map's centre, a north\n"
    "arrow, a labelled graticule, a locator inset, numbered event markers with a\n"
    "table of their dates, titles and sources, and a sources block. Vector PDF and\n"
    "SVG (fonts embedded, sizes in points) or PNG at --dpi. Default scene: the\n"
    "bundled print style styles/print.json.\n"
    "\n"
    "options:\n"
    "  --event ID          the figure of one event (ids: frontmap events); the map\n"
    "                      shows its day and the table its campaign: the events of\n"
    "                      the same war phase within 30 days of it\n"
    "  --date DATE         one map of DATE (events: the 30 days up to DATE)\n"
    "  --dates D1,D2,...   small multiples: up to 9 maps on one page, one legend\n"
    "  --events-from DATE  the event window instead (inclusive) ...\n"
    "  --events-to DATE    ... to DATE (exclusive); either end may be left open\n"
    "  -o, --output FILE   .pdf, .svg or .png (required)\n"
    "  --page SIZE         A4 (default), A3 or letter\n"
    "  --landscape         turn the page: map left, legend and table right\n"
    "  --dpi N             PNG resolution (default 200)\n"
    "  --title TEXT        the title (default: the event's title, or the style's)\n"
    "  --lang LANG         label and page language: en, az, hy or ru\n"
    "  --names L1+L2       dual place names, e.g. en+az gives \"Shusha / Şuşa\"\n"
    "  --scene FILE        another scene/style file\n"
    "  --crs CRS, --bbox W,S,E,N   projection and area, as for render\n"
    "  -q, --quiet         print nothing on success;  -v: print what was laid out\n"
    "\n"
    "examples:\n"
    "  frontmap figure --event 1993-07-23-agdam -o output/agdam.pdf\n"
    "  frontmap figure --dates 1992-05-20,1993-10-30,1994-05-12,2020-11-10 -o output/four-dates.pdf\n"
    "  frontmap figure --date 2020-11-10 --names en+az --landscape --page A3 -o nk-2020.pdf\n";

static const command commands[] = {
    { "render", cmd_render, &render_help },
    { "animate", cmd_animate, &animate_help },
    { "figure", NULL, &figure_help },
    { "query", cmd_query, &query_help },
    { "stats", cmd_stats, &stats_help },
    { "events", cmd_events, &events_help },
    { "validate", cmd_validate, &validate_help },
    { "build-control", cmd_build_control, &build_control_help },
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc > 2) {
            const command *cmd = find_command(argv[2]);
            if (!cmd) return usage_error("no command '%s'", argv[2]);
            fputs(*cmd->help, stdout);
        } else {
            fputs(usage_text, stdout);
        }
        return EXIT_SUCCESS;
    }
    if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0) {
        printf("frontmap %s\n", FRONTMAP_VERSION);
        return EXIT_SUCCESS;
    }
    const command *cmd = find_command(name);
    if (!cmd) return usage_error("no command '%s'", name);
    /* Commands without a cli runner parse their own options. */
    if (!cmd->run) return cmd_figure(argc, argv, *cmd->help);
    cli c;
    memset(&c, 0, sizeof c);
    c.command = name;
    int rc = parse_options(&c, argc, argv);
    if (rc == -2) { fputs(*cmd->help, stdout); return EXIT_SUCCESS; }
    if (rc) return rc;
    return cmd->run(&c);
}
