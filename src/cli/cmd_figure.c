/*
** cmd_figure.c -- the `figure` command line: its options (a figure has
** more than the common ones: page, events, names), the report, exit codes.
** The figure itself is figure_make (figure.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/figure.h"

#define EXIT_BAD_ARGS 2

static int bad_args(const char *fmt, const char *arg)
{
    fprintf(stderr, "frontmap: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nRun 'frontmap help figure' for usage.\n");
    return EXIT_BAD_ARGS;
}

/* "--opt value" or "--opt=value"; NULL when argv[*i] is not this option. */
static const char *value_of(int argc, char **argv, int *i, const char *name, int *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) { *missing = 1; return NULL; }
    return argv[++*i];
}

int cmd_figure(int argc, char **argv, const char *help)
{
    fm_figure_options o;
    memset(&o, 0, sizeof o);
    int quiet = 0, verbose = 0;
    fm_error err;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { fputs(help, stdout); return 0; }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { quiet = 1; continue; }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) { verbose = 1; continue; }
        if (strcmp(a, "--landscape") == 0) { o.landscape = 1; continue; }
        if (strcmp(a, "--portrait") == 0) { o.landscape = 0; continue; }
        static const char *names[] = {
            "--event", "--date", "--dates", "--events-from", "--events-to", "--page", "--dpi",
            "--title", "--lang", "--names", "--scene", "--crs", "--bbox", "-o", "--output",
        };
        const char *v = NULL, *name = NULL;
        int missing = 0;
        for (size_t k = 0; k < sizeof names / sizeof *names && !v && !missing; k++) {
            v = value_of(argc, argv, &i, names[k], &missing);
            if (v || missing) name = names[k];
        }
        if (missing) return bad_args("option '%s' needs a value", a);
        if (!name) return bad_args("unknown option '%s'", a);
        if (strcmp(name, "--event") == 0) o.event_id = v;
        else if (strcmp(name, "--date") == 0) o.date = v;
        else if (strcmp(name, "--dates") == 0) o.dates = v;
        else if (strcmp(name, "--events-from") == 0) o.events_from = v;
        else if (strcmp(name, "--events-to") == 0) o.events_to = v;
        else if (strcmp(name, "--page") == 0) o.page = v;
        else if (strcmp(name, "--title") == 0) o.title = v;
        else if (strcmp(name, "--lang") == 0) o.scene.lang = v;
        else if (strcmp(name, "--names") == 0) o.names = v;
        else if (strcmp(name, "--scene") == 0) o.scene.scene_path = v;
        else if (strcmp(name, "--crs") == 0) o.scene.crs = v;
        else if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0) o.output = v;
        else if (strcmp(name, "--dpi") == 0) {
            char *end;
            o.dpi = strtod(v, &end);
            if (end == v || *end || o.dpi <= 0) return bad_args("--dpi '%s': expected a number of dots per inch, e.g. 300", v);
        } else if (strcmp(name, "--bbox") == 0) {
            if (scene_parse_bbox(v, o.scene.bbox, &err)) return bad_args("%s", err.msg);
            o.scene.has_bbox = 1;
        }
    }
    if (o.date && o.dates) return bad_args("%s", "give --date or --dates, not both");
    if (o.scene.lang && strcmp(o.scene.lang, "en") && strcmp(o.scene.lang, "az") &&
        strcmp(o.scene.lang, "hy") && strcmp(o.scene.lang, "ru"))
        return bad_args("unknown language \"%s\": use en, az, hy or ru", o.scene.lang);
    fm_figure_report rep;
    int rc = figure_make(&o, &rep, &err);
    if (rc == FM_FIGURE_BAD_ARGS) return bad_args("%s", err.msg);
    if (rc) {
        fprintf(stderr, "frontmap: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    if (verbose)
        fprintf(stderr, "page %.1f x %.1f pt, %d map(s), %d event(s), %d legend entries, "
                "%d labels, scale bar %g km = %.2f pt\n", rep.page_w, rep.page_h, rep.nmaps,
                rep.nevents, rep.nlegend, rep.nlabels, rep.scale_km, rep.scale_length);
    if (!quiet) printf("%s\n", o.output);
    return 0;
}
