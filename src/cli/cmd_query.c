/*
** cmd_query.c -- the `query` command: who controlled a point on a date,
** under the scene's control layer ("frontmap:control"), and since which
** event.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

static const fm_opt query_opts[] = {
    { "--date", NULL, FM_OPT_DATE, "DATE", "the date, ISO 8601 (required)", 0, 0, NULL, NULL },
    { "--at", NULL, FM_OPT_STRING, "LON,LAT", "the point, in decimal degrees (required)", 0, 0,
      NULL, NULL },
    { "--json", NULL, FM_OPT_FLAG, NULL,
      "one JSON object, with the change, its certainty\n"
      "and its source",
      0, 0, NULL, NULL },
    { "--scene", NULL, FM_OPT_STRING, "FILE", "another scene/style file", 0, 0, NULL, NULL },
};

static const fm_opt_spec query_spec = {
    "query",
    "who controlled a point on a date, and since which event",
    "usage: frontmap query --date DATE --at LON,LAT [--json] [--scene FILE]\n",
    "Who controlled the point on DATE under the scene's control layer\n"
    "(metadata \"frontmap:control\"), and since which event.\n"
    "Prints CONTROLLER<TAB>EVENT_ID<TAB>SINCE_DATE; CONTROLLER is ARM (Armenian\n"
    "forces, incl. those of the self-declared Nagorno-Karabakh Republic), AZE\n"
    "(Azerbaijani forces) or NONE where no control area covers the point.\n",
    query_opts,
    sizeof query_opts / sizeof *query_opts,
    NULL,
    "  frontmap query --date 1993-07-24 --at 46.928,39.991\n"
    "  ARM\t1993-07-23-agdam\t1993-07-23\n",
};

static void query_print(const fm_change *ch, fm_day day, double lon, double lat, int json)
{
    char date[32];
    fm_day_format(day, date, sizeof date);
    if (json) {
        json_t *o = json_pack("{s:s, s:f, s:f, s:s, s:s?, s:s?}", "date", date, "lon", lon, "lat",
                              lat, "controller", ch ? ch->controller : "NONE", "event",
                              ch ? ch->event : NULL, "since", ch ? ch->from_text : NULL);
        if (ch) {
            json_object_set_new(o, "change", json_string(ch->id));
            json_object_set_new(o, "certainty", json_string(ch->certainty));
            json_object_set_new(o, "source", json_string(ch->source));
        }
        char *text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(8));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else if (ch) {
        printf("%s\t%s\t%s\n", ch->controller, ch->event, ch->from_text);
    } else {
        printf("NONE\t\t\n");
    }
}

static int query_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    const fm_opt_value *date = opts_get(o, "--date");
    const char *at = opts_text(o, "--at");
    double lon, lat;
    char tail;
    if (!date) return fm_error_usage(err, "query needs --date DATE");
    if (!at) return fm_error_usage(err, "query needs --at LON,LAT (e.g. --at 46.928,39.991)");
    if (sscanf(at, "%lf,%lf%c", &lon, &lat, &tail) != 2 || !(fabs(lon) <= 180) ||
        !(fabs(lat) <= 90))
        return fm_error_usage(err,
                              "--at \"%s\": expected LON,LAT in decimal degrees, e.g. "
                              "46.928,39.991",
                              at);
    fm_style *st = cli_style_open(env, o, err);
    if (!st) return -1;
    fm_geos *gc = geom_context_new();
    fm_control *ctl = cli_control_open(st, gc, err);
    if (!ctl) {
        style_free(st);
        geom_context_free(gc);
        return -1;
    }
    query_print(control_at(ctl, date->date.first, lon, lat), date->date.first, lon, lat,
                opts_flag(o, "--json"));
    control_free(ctl);
    geom_context_free(gc);
    style_free(st);
    return EXIT_SUCCESS;
}

const cli_command cmd_query = { &query_spec, query_run };
