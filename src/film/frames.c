/* frames.c -- see frames.h. */
#include "film/frames.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

/* Keyframe days, each flagged when an event falls on it. */
typedef struct key {
    fm_day day;
    int event;
} key;

typedef struct keys {
    int n, cap;
    key *items;
} keys;

static int keys_add(keys *k, fm_day d, int event)
{
    key *grown = fm_grow(k->items, &k->cap, k->n + 1, sizeof *grown, NULL);
    if (!grown) return -1;
    k->items = grown;
    k->items[k->n++] = (key){ d, event };
    return 0;
}

static int key_cmp(const void *x, const void *y)
{
    fm_day a = ((const key *)x)->day, b = ((const key *)y)->day;
    return (a > b) - (a < b);
}

/* Sort by day and merge duplicates (an event on a stepped date flags it). */
static void keys_normalise(keys *k)
{
    if (k->n > 1) qsort(k->items, (size_t)k->n, sizeof *k->items, key_cmp);
    int w = 0;
    for (int i = 0; i < k->n; i++) {
        if (w > 0 && k->items[w - 1].day == k->items[i].day)
            k->items[w - 1].event |= k->items[i].event;
        else k->items[w++] = k->items[i];
    }
    k->n = w;
}

/* Is there a change day in (a, b]? */
static int change_between(const fm_frame_plan_options *opt, fm_day a, fm_day b)
{
    for (int i = 0; i < opt->nchange_days; i++)
        if (opt->change_days[i] > a && opt->change_days[i] <= b) return 1;
    return 0;
}

int frame_plan_build(const fm_frame_plan_options *opt, fm_frame_plan *out, fm_error *err)
{
    memset(out, 0, sizeof *out);
    if (!opt->range && !opt->events)
        return fm_error_usage(err, "nothing to animate: give --from, --to and --step, or --events");
    if (opt->from != FM_DAY_MIN && opt->to != FM_DAY_MAX && opt->to < opt->from) {
        char a[32], b[32];
        return fm_error_usage(err, "--to %s is before --from %s",
                              fm_day_format(opt->to, b, sizeof b),
                              fm_day_format(opt->from, a, sizeof a));
    }
    keys k = { 0, 0, NULL };
    if (opt->range) {
        for (int i = 0;; i++) {
            fm_day d = fm_step_nth(opt->from, opt->step, i);
            if (d > opt->to) break;
            if (i >= FM_FRAMES_MAX) {
                free(k.items);
                return fm_error_set(err, "more than %d frames: use a longer --step", FM_FRAMES_MAX);
            }
            if (keys_add(&k, d, 0)) {
                free(k.items);
                return fm_error_set(err, "out of memory");
            }
        }
        /* The end date is always shown, even off the step: a film of the
        ** war should end on the ceasefire it was asked to end on. */
        if (k.n == 0 || k.items[k.n - 1].day != opt->to)
            if (keys_add(&k, opt->to, 0)) {
                free(k.items);
                return fm_error_set(err, "out of memory");
            }
    }
    if (opt->events) {
        int found = 0;
        const fm_timeline *tl = opt->timeline;
        for (int i = 0; tl && i < tl->count; i++) {
            const fm_event *e = &tl->events[i];
            fm_day d = e->date.first;
            if (d < opt->from || d > opt->to || !timeline_kinds_include(opt->kinds, e->kind))
                continue;
            if (keys_add(&k, d, 1)) {
                free(k.items);
                return fm_error_set(err, "out of memory");
            }
            found++;
        }
        if (!found) {
            free(k.items);
            char a[32] = "the start", b[32] = "the end";
            if (opt->from != FM_DAY_MIN) fm_day_format(opt->from, a, sizeof a);
            if (opt->to != FM_DAY_MAX) fm_day_format(opt->to, b, sizeof b);
            return fm_error_usage(err, "no events%s%s between %s and %s: widen --from/--to%s",
                                  opt->kinds ? " of kinds " : "", opt->kinds ? opt->kinds : "", a,
                                  b, opt->kinds ? " or change --kinds" : "");
        }
    }
    keys_normalise(&k);

    /* Count first, then fill: tween frames go before their keyframe. */
    int tween = opt->tween > 0 ? opt->tween : 0, hold = opt->hold > 0 ? opt->hold : 1;
    long n = 0, nout = 0;
    for (int i = 0; i < k.n; i++) {
        int eased = i > 0 && tween && change_between(opt, k.items[i - 1].day, k.items[i].day);
        n += 1 + (eased ? tween : 0);
        nout += (eased ? tween : 0) + (k.items[i].event ? hold : 1);
    }
    if (nout > FM_FRAMES_MAX) {
        free(k.items);
        return fm_error_set(err,
                            "%ld output frames is more than %d: use a longer --step, "
                            "a shorter --hold or fewer --tween frames",
                            nout, FM_FRAMES_MAX);
    }
    out->frames = calloc((size_t)n, sizeof *out->frames);
    if (!out->frames) {
        free(k.items);
        return fm_error_set(err, "out of memory");
    }
    int f = 0, o = 0;
    for (int i = 0; i < k.n; i++) {
        fm_day before = i > 0 ? k.items[i - 1].day : FM_DAY_MIN;
        if (i > 0 && tween && change_between(opt, before, k.items[i].day)) {
            for (int j = 1; j <= tween; j++) {
                fm_frame *fr = &out->frames[f++];
                fr->kind = FM_FRAME_TWEEN;
                fr->date = k.items[i].day;
                fr->before = before;
                fr->t = (double)j / (tween + 1);
                fr->repeat = 1;
                fr->first_out = o++;
            }
        }
        fm_frame *fr = &out->frames[f++];
        fr->kind = FM_FRAME_KEY;
        fr->date = k.items[i].day;
        fr->before = before;
        fr->t = 1;
        fr->is_event = k.items[i].event;
        fr->repeat = k.items[i].event ? hold : 1;
        fr->first_out = o;
        o += fr->repeat;
    }
    out->n = f;
    out->nout = o;
    free(k.items);
    return 0;
}

void frame_plan_free(fm_frame_plan *plan)
{
    if (!plan) return;
    free(plan->frames);
    memset(plan, 0, sizeof *plan);
}
