/*
** cmd_events.c -- the `events` command: the scene's timeline listed and
** filtered by date and kind, as tab-separated lines or JSON.
*/
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "record/timeline.h"

static const fm_opt events_opts[] = {
    { "--from", NULL, FM_OPT_DATE, "DATE", "the first date, inclusive", 0, 0, NULL, NULL },
    { "--to", NULL, FM_OPT_DATE, "DATE", "the end, exclusive", 0, 0, NULL, NULL },
    { "--kinds", NULL, FM_OPT_STRING, "K1,K2", "only events of these kinds", 0, 0, NULL, "--kind" },
    { "--json", NULL, FM_OPT_FLAG, NULL, "a JSON array with every field", 0, 0, NULL, NULL },
    { "--scene", NULL, FM_OPT_STRING, "FILE", "another scene/style file", 0, 0, NULL, NULL },
};

static const fm_opt_spec events_spec = {
    "events",
    "the timeline: list and filter events",
    "usage: frontmap events [--from DATE] [--to DATE] [--kinds K1,K2] [--json]\n",
    "List the timeline (the scene's \"frontmap:timeline\", default\n"
    "timeline/events.csv): id, date, kind, title, place, source, one per line\n"
    "(tab-separated), or a JSON array with every field. --from is inclusive,\n"
    "--to exclusive. Kinds: capture, offensive, ceasefire, agreement, clash,\n"
    "handover, negotiation, other.\n",
    events_opts,
    sizeof events_opts / sizeof *events_opts,
    NULL,
    "  frontmap events --from 1993-07 --to 1993-09 --kinds capture\n",
};

static json_t *event_json(const fm_event *e)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", e->id, "date",
                          e->date_text, "date_edtf", e->date_edtf, "title", e->title, "kind",
                          e->kind, "place", e->place, "source", e->source, "certainty",
                          e->certainty, "description", e->description);
    if (e->has_position) {
        json_object_set_new(o, "lon", json_real(e->lon));
        json_object_set_new(o, "lat", json_real(e->lat));
    }
    return o;
}

static int events_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    const fm_opt_value *v;
    fm_day from = FM_DAY_MIN, to = FM_DAY_MAX;
    const char *kinds = opts_text(o, "--kinds");
    if ((v = opts_get(o, "--from"))) from = v->date.first;
    if ((v = opts_get(o, "--to"))) to = v->date.first;
    if (kinds && timeline_kinds_check(kinds, err)) return opts_usage(err, "");
    fm_style *st = cli_style_open(env, o, err);
    if (!st) return -1;
    char path[4096];
    fm_timeline *tl = NULL;
    if (cli_timeline_path(st, path, sizeof path, err) || !(tl = timeline_load(path, NULL, err))) {
        style_free(st);
        return -1;
    }
    json_t *arr = opts_flag(o, "--json") ? json_array() : NULL;
    for (int i = 0; i < tl->count; i++) {
        const fm_event *e = &tl->events[i];
        if (!fm_day_in(e->date.first, from, to) || !timeline_kinds_include(kinds, e->kind))
            continue;
        if (arr) json_array_append_new(arr, event_json(e));
        else
            printf("%s\t%s\t%s\t%s\t%s\t%s\n", e->id, e->date_text, e->kind, e->title, e->place,
                   e->source);
    }
    if (arr) {
        char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(8));
        printf("%s\n", text);
        free(text);
        json_decref(arr);
    }
    timeline_free(tl);
    style_free(st);
    return EXIT_SUCCESS;
}

const cli_command cmd_events = { &events_spec, events_run };
