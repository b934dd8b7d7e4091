/*
** cmd_stats.c -- the `stats` command: the area held by each side on a date
** or over a range of dates, as CSV, and with --chart as a chart
** (print/chart.h).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/grow.h"
#include "map/output.h"
#include "print/chart.h"

static const fm_opt stats_opts[] = {
    { "--date", NULL, FM_OPT_DATE, "DATE", "one date", 0, 0, NULL, NULL },
    { "--from", NULL, FM_OPT_DATE, "DATE", "a range: its first date ...", 0, 0, NULL, NULL },
    { "--to", NULL, FM_OPT_DATE, "DATE", "... and its last, inclusive", 0, 0, NULL, NULL },
    { "--step", NULL, FM_OPT_STRING, "STEP",
      "the range's step: P1D, P1W, P1M, P1Y or Pn of\n"
      "them (default P1M)",
      0, 0, NULL, NULL },
    { "--chart", NULL, FM_OPT_STRING, "FILE",
      "also draw the Armenian-held area as a chart:\n"
      ".png, .pdf or .svg",
      0, 0, NULL, NULL },
    { "--output", "-o", FM_OPT_STRING, "FILE", "write the CSV here instead of to stdout", 0, 0,
      NULL, NULL },
    { "--scene", NULL, FM_OPT_STRING, "FILE", "another scene/style file", 0, 0, NULL, NULL },
};

static const fm_opt_spec stats_spec = {
    "stats",
    "area held by each side on a date or over a range (CSV, chart)",
    "usage: frontmap stats --date DATE | --from DATE --to DATE --step P1M\n"
    "                      [--chart OUT.png|.pdf|.svg] [-o OUT.csv] [--scene FILE]\n",
    "Area in km2 held by each controller, as CSV (date,controller,area_km2),\n"
    "computed in a Lambert azimuthal equal-area projection. With --chart, also\n"
    "draws the series as an area chart.\n",
    stats_opts,
    sizeof stats_opts / sizeof *stats_opts,
    NULL,
    "  frontmap stats --date 1994-06-01\n"
    "  frontmap stats --from 1991-12-01 --to 1994-06-01 --step P1M --chart output/area.png\n",
};

/* The dates asked for: one (--date), or --from to --to by --step. */
typedef struct stats_range {
    fm_day from, to;
    fm_step step;
    int single;
} stats_range;

static int stats_range_of(const fm_opts *o, stats_range *r, fm_error *err)
{
    const fm_opt_value *date = opts_get(o, "--date"), *from = opts_get(o, "--from"),
                       *to = opts_get(o, "--to");
    const char *step = opts_text(o, "--step");
    r->step = (fm_step){ FM_STEP_MONTH, 1 };
    r->single = date != NULL;
    if (date && (from || to))
        return fm_error_usage(err, "give --date, or --from and --to, not both");
    if (date) {
        r->from = r->to = date->date.first;
        return 0;
    }
    if (!from || !to)
        return fm_error_usage(err,
                              "stats needs --date DATE, or --from DATE --to DATE [--step P1M]");
    r->from = from->date.first;
    r->to = to->date.first;
    if (r->to < r->from) return fm_error_usage(err, "--to is before --from");
    if (step && fm_step_parse(step, &r->step, err)) return opts_usage(err, "--step ");
    return 0;
}

/* The CSV rows, one per date and side, and the Armenian-held series. */
static int stats_write(const fm_control *ctl, const stats_range *r, FILE *out, fm_chart_point **pts,
                       int *n, fm_error *err)
{
    int cap = 0;
    fprintf(out, "date,controller,area_km2\n");
    for (int i = 0;; i++) {
        fm_day d = fm_step_nth(r->from, r->step, i);
        if (d > r->to || (r->single && i > 0)) break;
        fm_control_area areas[8];
        int na = control_areas(ctl, d, areas, 8, err);
        if (na < 0) return -1;
        char date[32];
        fm_day_format(d, date, sizeof date);
        double arm = 0;
        for (int k = 0; k < na; k++) {
            fprintf(out, "%s,%s,%.2f\n", date, areas[k].controller, areas[k].km2);
            if (strcmp(areas[k].controller, "ARM") == 0) arm = areas[k].km2;
        }
        fm_chart_point *p = fm_grow(*pts, &cap, *n + 1, sizeof **pts, err);
        if (!p) return -1;
        *pts = p;
        p[(*n)++] = (fm_chart_point){ d, arm };
    }
    return 0;
}

/* The CSV to stdout, or to -o FILE (closed and checked). */
static int stats_output(const fm_control *ctl, const stats_range *r, const char *path,
                        fm_chart_point **pts, int *n, fm_error *err)
{
    if (!path) return stats_write(ctl, r, stdout, pts, n, err);
    FILE *f = fopen(path, "w");
    if (!f) return fm_error_set(err, "%s: cannot write here: %s", path, strerror(errno));
    int rc = stats_write(ctl, r, f, pts, n, err);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        if (rc == 0) rc = fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    if (rc) remove(path);
    return rc;
}

static int stats_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    stats_range r;
    const char *chart = opts_text(o, "--chart");
    if (stats_range_of(o, &r, err)) return -1;
    fm_output_kind kind;
    if (chart && output_kind_for(chart, &kind, err)) return opts_usage(err, "");
    fm_style *st = cli_style_open(env, o, err);
    if (!st) return -1;
    fm_geos *gc = geom_context_new();
    fm_control *ctl = cli_control_open(st, gc, err);
    fm_chart_point *pts = NULL;
    int n = 0, rc = ctl ? stats_output(ctl, &r, opts_text(o, "--output"), &pts, &n, err) : -1;
    if (rc == 0 && chart && n > 0)
        rc = chart_steps_draw(pts, n, "Area held by Armenian forces (km², equal-area)", st, chart,
                              err);
    free(pts);
    control_free(ctl);
    geom_context_free(gc);
    style_free(st);
    return rc ? -1 : EXIT_SUCCESS;
}

const cli_command cmd_stats = { &stats_spec, stats_run };
