/* figure_options.c -- the figure's options checked before any work: page
** size, output, DPI, languages, dates and the event window. See figure.h. */
#include "print/figure_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/lang.h"

static const struct {
    const char *name;
    double w, h;
} pages[] = {
    { "A4", 595.276, 841.890 },  /* 210 x 297 mm */
    { "A3", 841.890, 1190.551 }, /* 297 x 420 mm */
    { "letter", 612, 792 },      /* 8.5 x 11 in */
};

int figure_page_size(const char *name, int landscape, double *w, double *h, fm_error *err)
{
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
        if (strcasecmp(name, pages[i].name) == 0) {
            *w = landscape ? pages[i].h : pages[i].w;
            *h = landscape ? pages[i].w : pages[i].h;
            return 0;
        }
    fm_error_usage(err, "unknown page size \"%s\"; use A4, A3 or letter", name);
    return FM_FIGURE_BAD_ARGS;
}

static int parse_day(const char *text, const char *what, fm_day *out, fm_error *err)
{
    fm_date d;
    if (fm_date_parse(text, &d, err)) {
        fm_error_prefix(err, "%s", what);
        if (err) err->kind = FM_ERR_USAGE;
        return -1;
    }
    *out = d.first;
    return 0;
}

int figure_dates_parse(const fm_figure_options *o, fm_day dates[FM_FIGURE_MAX_DATES], int *n,
                       fm_error *err)
{
    *n = 0;
    if (!o->dates) {
        if (!o->date) return 0;
        if (parse_day(o->date, "--date", &dates[0], err)) return -1;
        *n = 1;
        return 0;
    }
    const char *p = o->dates;
    while (*p) {
        if (*n == FM_FIGURE_MAX_DATES)
            return fm_error_usage(err, "--dates: at most %d dates on one page",
                                  FM_FIGURE_MAX_DATES);
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char one[64];
        snprintf(one, sizeof one, "%.*s", (int)len, p);
        if (parse_day(one, "--dates", &dates[*n], err)) return -1;
        ++*n;
        p += len;
        if (comma) p++;
    }
    if (*n == 0) return fm_error_usage(err, "--dates needs at least one date");
    return 0;
}

int figure_window_parse(const fm_figure_options *o, fm_day *from, fm_day *to, fm_error *err)
{
    if (!o->events_from && !o->events_to) return 0;
    *from = FM_DAY_MIN;
    *to = FM_DAY_MAX;
    if (o->events_from && parse_day(o->events_from, "--events-from", from, err)) return -1;
    if (o->events_to && parse_day(o->events_to, "--events-to", to, err)) return -1;
    if (*to <= *from) return fm_error_usage(err, "--events-to must be after --events-from");
    return 1;
}

/* The page in pixels, for the size check. */
static int output_size_check(const fm_figure_options *o, fm_output_kind kind, double page_w,
                             double page_h, fm_error *err)
{
    double dpi = o->dpi > 0 ? o->dpi : 200;
    int wpx, hpx;
    if (kind == FM_OUT_PNG) {
        wpx = (int)lround(page_w * dpi / 72);
        hpx = (int)lround(page_h * dpi / 72);
    } else {
        wpx = (int)ceil(page_w / PT_PER_PX);
        hpx = (int)ceil(page_h / PT_PER_PX);
    }
    if (wpx > 20000 || hpx > 20000)
        return fm_error_usage(err, "--dpi %g makes a %dx%d image; use a lower DPI", dpi, wpx, hpx);
    return 0;
}

int figure_options_check(const fm_figure_options *o, fm_error *err)
{
    double w, h;
    if (figure_page_size(o->page ? o->page : "A4", o->landscape, &w, &h, err)) return -1;
    fm_output_kind kind;
    if (!o->output) return fm_error_usage(err, "figure needs -o OUT.pdf, .svg or .png");
    if (output_kind_for(o->output, &kind, err)) {
        if (err) err->kind = FM_ERR_USAGE;
        return -1;
    }
    if (o->dpi && (o->dpi < 36 || o->dpi > 1200))
        return fm_error_usage(err, "--dpi %g is out of range: 36 to 1200", o->dpi);
    if (o->scene.lang && fm_lang_check(o->scene.lang, "--lang", err)) return -1;
    char lang[16], lang2[16];
    if (o->names && scene_parse_names(o->names, o->scene.lang, lang, lang2, err)) {
        if (err) err->kind = FM_ERR_USAGE;
        return -1;
    }
    if (o->date && o->dates) return fm_error_usage(err, "give --date or --dates, not both");
    if (!o->event_id && !o->date && !o->dates)
        return fm_error_usage(err, "figure needs --event ID, --date DATE or --dates D1,D2,...");
    fm_day dates[FM_FIGURE_MAX_DATES], from, to;
    int n;
    if (figure_dates_parse(o, dates, &n, err) || figure_window_parse(o, &from, &to, err) < 0)
        return -1;
    return output_size_check(o, kind, w, h, err);
}
