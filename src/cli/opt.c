/* opt.c -- see opt.h. */
#include "cli/opt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lang.h"

static int index_of(const fm_opt_spec *spec, const char *name)
{
    for (int k = 0; k < spec->nopts; k++) {
        const fm_opt *d = &spec->opts[k];
        if (strcmp(d->name, name) == 0 || (d->short_name && strcmp(d->short_name, name) == 0) ||
            (d->alias && strcmp(d->alias, name) == 0))
            return k;
    }
    return -1;
}

/* A whole number, all of `text`, that fits a long. */
static int parse_long(const char *text, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

static int parse_size(const fm_opt *d, const char *text, fm_opt_value *v, fm_error *err)
{
    const char *x = strchr(text, 'x');
    char side[64];
    long w, h;
    if (!x || (size_t)(x - text) >= sizeof side)
        return fm_error_usage(err,
                              "%s: size \"%s\": expected WIDTHxHEIGHT in pixels, "
                              "e.g. 1920x1080",
                              d->name, text);
    memcpy(side, text, (size_t)(x - text));
    side[x - text] = 0;
    if (parse_long(side, &w) || parse_long(x + 1, &h))
        return fm_error_usage(err,
                              "%s: size \"%s\": expected WIDTHxHEIGHT in pixels, "
                              "e.g. 1920x1080",
                              d->name, text);
    if (w < d->min || w > d->max || h < d->min || h > d->max)
        return fm_error_usage(err,
                              "%s: size %s is out of range: each side must be %.0f "
                              "to %.0f pixels",
                              d->name, text, d->min, d->max);
    v->w = (int)w;
    v->h = (int)h;
    return 0;
}

static int parse_bbox(const fm_opt *d, const char *text, double b[4], fm_error *err)
{
    char tail;
    if (sscanf(text, "%lf,%lf,%lf,%lf%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4)
        return fm_error_usage(err,
                              "%s: bbox \"%s\": expected minlon,minlat,maxlon,maxlat "
                              "in degrees, e.g. 45.5,38.8,47.5,40.6",
                              d->name, text);
    if (!(b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90 && b[0] < b[2] && b[1] < b[3]))
        return fm_error_usage(err,
                              "%s: bbox \"%s\": need -180 <= minlon < maxlon <= 180 "
                              "and -90 <= minlat < maxlat <= 90",
                              d->name, text);
    return 0;
}

static int parse_enum(const fm_opt *d, const char *text, fm_opt_value *v, fm_error *err)
{
    char list[256] = "";
    for (int k = 0; d->choices[k]; k++) {
        if (strcasecmp(text, d->choices[k]) == 0) {
            v->i = k;
            return 0;
        }
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", k ? ", " : "", d->choices[k]);
    }
    return fm_error_usage(err, "%s \"%s\": use one of %s", d->name, text, list);
}

/* Check `text` as a value of option d into v. */
static int parse_value(const fm_opt *d, const char *text, fm_opt_value *v, fm_error *err)
{
    v->text = text;
    switch (d->type) {
    case FM_OPT_FLAG:
    case FM_OPT_STRING: return 0;
    case FM_OPT_INT:
        if (parse_long(text, &v->i) || v->i < d->min || v->i > d->max)
            return fm_error_usage(err, "%s %s: give a whole number from %.0f to %.0f", d->name,
                                  text, d->min, d->max);
        return 0;
    case FM_OPT_DOUBLE: {
        char *end;
        v->d = strtod(text, &end);
        if (end == text || *end || !(v->d >= d->min && v->d <= d->max))
            return fm_error_usage(err, "%s %s: give a number from %g to %g", d->name, text, d->min,
                                  d->max);
        return 0;
    }
    case FM_OPT_DATE: {
        char head[80];
        snprintf(head, sizeof head, "%s ", d->name);
        if (fm_date_parse(text, &v->date, err)) return opts_usage(err, head);
        return 0;
    }
    case FM_OPT_SIZE: return parse_size(d, text, v, err);
    case FM_OPT_BBOX: return parse_bbox(d, text, v->bbox, err);
    case FM_OPT_ENUM: return parse_enum(d, text, v, err);
    case FM_OPT_LANG: return fm_lang_check(text, d->name, err);
    }
    return fm_error_usage(err, "%s: unknown option type", d->name);
}

int opts_parse(fm_opts *o, const fm_opt_spec *spec, int argc, char **argv, int first, fm_error *err)
{
    memset(o, 0, sizeof *o);
    o->spec = spec;
    if (spec->nopts > FM_OPT_MAX)
        return fm_error_usage(err, "%s declares %d options, more than %d", spec->name, spec->nopts,
                              FM_OPT_MAX);
    for (int i = first; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return FM_OPT_HELP;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i], *eq = NULL;
        char name[64];
        if (a[0] == '-' && a[1] == '-' && (eq = strchr(a, '=')) != NULL) {
            snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
        } else {
            snprintf(name, sizeof name, "%s", a);
        }
        int k = a[0] == '-' ? index_of(spec, name) : -1;
        if (k < 0) {
            if (a[0] != '-')
                return fm_error_usage(err,
                                      "%s: unexpected argument '%s' (options start "
                                      "with --)",
                                      spec->name, a);
            return fm_error_usage(err, "unknown option '%s' for %s", name, spec->name);
        }
        const fm_opt *d = &spec->opts[k];
        fm_opt_value *v = &o->v[k];
        memset(v, 0, sizeof *v);
        v->given = 1;
        if (d->type == FM_OPT_FLAG) {
            if (eq) return fm_error_usage(err, "option '%s' takes no value", name);
            continue;
        }
        const char *text = eq ? eq + 1 : NULL;
        if (!text) {
            if (i + 1 >= argc) return fm_error_usage(err, "option '%s' needs a value", name);
            text = argv[++i];
        }
        if (parse_value(d, text, v, err)) return -1;
    }
    return 0;
}

int opts_usage(fm_error *err, const char *head)
{
    char msg[FM_ERROR_MAX];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    return fm_error_usage(err, "%s%s", head, msg);
}

const fm_opt_value *opts_get(const fm_opts *o, const char *name)
{
    int k = index_of(o->spec, name);
    if (k < 0) {
        fprintf(stderr, "frontmap: internal: %s has no option %s\n", o->spec->name, name);
        return NULL;
    }
    return o->v[k].given ? &o->v[k] : NULL;
}

const char *opts_text(const fm_opts *o, const char *name)
{
    const fm_opt_value *v = opts_get(o, name);
    return v ? v->text : NULL;
}

int opts_flag(const fm_opts *o, const char *name)
{
    return opts_get(o, name) != NULL;
}

/* "  -o, --output FILE" */
static int opt_left(const fm_opt *d, char *buf, size_t size)
{
    return snprintf(buf, size, "  %s%s%s%s%s", d->short_name ? d->short_name : "",
                    d->short_name ? ", " : "", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
}

/* Lines of `text` each indented by `indent` after the first. */
static void put_lines(const char *text, int indent, FILE *out)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(out, "%.*s\n", n, p);
        if (!nl) break;
        p = nl + 1;
        if (*p) fprintf(out, "%*s", indent, "");
    }
}

void opts_help(const fm_opt_spec *spec, FILE *out)
{
    enum { COLUMN_MAX = 22 };
    char left[128];
    int col = 0;
    for (int k = 0; k < spec->nopts; k++) {
        int n = opt_left(&spec->opts[k], left, sizeof left) + 2;
        if (n <= COLUMN_MAX && n > col) col = n;
    }
    fprintf(out, "%s\n%s", spec->usage, spec->about);
    fprintf(out, "\noptions:\n");
    for (int k = 0; k < spec->nopts; k++) {
        int n = opt_left(&spec->opts[k], left, sizeof left);
        if (n + 2 > col) fprintf(out, "%s\n%*s", left, col, "");
        else fprintf(out, "%-*s", col, left);
        put_lines(spec->opts[k].help, col, out);
    }
    fprintf(out, "%-*s%s\n", col, "  -h, --help", "this help");
    if (spec->notes) fprintf(out, "\n%s", spec->notes);
    if (spec->examples)
        fprintf(out, "\nexample%s:\n%s",
                strchr(spec->examples, '\n') != strrchr(spec->examples, '\n') ? "s" : "",
                spec->examples);
}
