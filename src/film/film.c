/* film.c -- see film.h. */
#include "core/defaults.h"
#include "core/lang.h"
#include "film/film.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "film/frames.h"
#include "core/grow.h"
#include "map/legend.h"
#include "map/overlay.h"
#include "map/render.h"

#define EVENT_LINES 3

struct fm_film {
    fm_film_options opt;
    char title[256];
    char kinds[256];
    fm_overlay fixed; /* strip, caption box and title, legend, sources */
    fm_box *reserved;
    int nreserved, capreserved;

    /* Layout, pixels. */
    double strip_y, strip_h, axis_x0, axis_x1, axis_y;
    double cap_x, cap_y, cap_w, cap_h, cap_pad, cap_title_h, cap_size;
    double ev_y, ev_w, ev_line;
};

int film_strip_height(int frame_height)
{
    return (int)round(fmax(30, frame_height * 0.075));
}

static int reserve(fm_film *film, fm_box b, fm_error *err)
{
    fm_box *grown =
        fm_grow(film->reserved, &film->capreserved, film->nreserved + 1, sizeof *grown, err);
    if (!grown) return -1;
    film->reserved = grown;
    film->reserved[film->nreserved++] = b;
    return 0;
}

static double day_x(const fm_film *film, double day)
{
    fm_day first = film->opt.first, last = film->opt.last;
    double span = last > first ? (double)(last - first) : 1;
    return film->axis_x0 + (day - first) / span * (film->axis_x1 - film->axis_x0);
}

/* One colour per kind of event, on the strip and by the subtitles. */
static void kind_colour(cairo_t *cr, const char *kind, double alpha)
{
    if (!strcmp(kind, "capture") || !strcmp(kind, "offensive"))
        cairo_set_source_rgba(cr, 0.70, 0.09, 0.17, alpha);
    else if (!strcmp(kind, "ceasefire") || !strcmp(kind, "agreement") ||
             !strcmp(kind, "negotiation"))
        cairo_set_source_rgba(cr, 0.13, 0.40, 0.67, alpha);
    else if (!strcmp(kind, "handover")) cairo_set_source_rgba(cr, 0.46, 0.16, 0.51, alpha);
    else if (!strcmp(kind, "clash")) cairo_set_source_rgba(cr, 0.88, 0.51, 0.08, alpha);
    else cairo_set_source_rgba(cr, 0.4, 0.4, 0.4, alpha);
}

/* Text with its left edge, centre or right edge (align 0, 0.5, 1) at x,
** kept inside the frame. */
static int draw_text_at(cairo_t *cr, const char *text, const fm_text_style *st, double x, double y,
                        double align, fm_error *err)
{
    fm_text *t = text_new(cr, text, st, err);
    if (!t) return -1;
    double w, h;
    text_size(t, &w, &h);
    double ox = x - align * w, right = cairo_image_surface_get_width(cairo_get_target(cr));
    if (ox + w > right - 2) ox = right - 2 - w;
    if (ox < 2) ox = 2;
    text_draw(cr, t, ox, y);
    text_free(t);
    return 0;
}

/* The month's name in the scene's language, from the formatted date
** ("1 July 1993", "1993 թ. հուլիսի 1"). */
static int month_word(fm_day day, const char *lang, char *buf, size_t size)
{
    char text[64];
    fm_lang_format_date(day, lang, text, sizeof text);
    char *word = strchr(text, ' ');
    if (word && strcmp(lang, "hy") == 0) word = strchr(word + 1, ' ');
    if (!word) return -1;
    word++;
    char *end = strchr(word, ' ');
    if (end) *end = 0;
    snprintf(buf, size, "%s", word);
    return 0;
}

/* The strip: years (and months on short spans) along an axis, one tick
** per event coloured by kind; the keyframe kinds stand taller. */
static int draw_strip(fm_film *film, cairo_t *cr, fm_error *err)
{
    const fm_film_options *o = &film->opt;
    double y0 = film->strip_y, sh = film->strip_h, ay = film->axis_y;
    cairo_rectangle(cr, 0, y0, o->width, sh);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.93);
    cairo_fill(cr);
    cairo_move_to(cr, 0, y0 + 0.5);
    cairo_line_to(cr, o->width, y0 + 0.5);
    cairo_set_source_rgba(cr, 0.3, 0.3, 0.3, 0.6);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_rectangle(cr, film->axis_x0, ay - sh * 0.05, film->axis_x1 - film->axis_x0, sh * 0.1);
    cairo_set_source_rgba(cr, 0.82, 0.82, 0.82, 1);
    cairo_fill(cr);

    int y_first, y_last, m, d;
    fm_day_to_ymd(o->first, &y_first, &m, &d);
    fm_day_to_ymd(o->last, &y_last, &m, &d);
    double px_per_year =
        (film->axis_x1 - film->axis_x0) * 365.25 / ((double)(o->last - o->first) + 1);
    fm_text_style label = { style_font(film->opt.scene->style, FM_FONT_ROLE_REGULAR),
                            sh * 0.26,
                            { 0.2, 0.2, 0.22, 1 },
                            { 1, 1, 1, 0 },
                            0,
                            0,
                            0 };
    /* Label every year when there is room, else every 2, 5, 10...; month
    ** ticks on spans short enough to tell them apart, named if they fit. */
    int every = 1;
    while (px_per_year * every < label.size * 3.2)
        every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    int months = px_per_year > label.size * 14, month_names = px_per_year / 12 > label.size * 6.5;
    int year_named = 0, labels = 0;
    const char *lang = o->scene->lang;
    for (int y = y_first; y <= y_last + 1; y++) {
        for (int mo = 1; mo <= 12; mo++) {
            fm_day day = fm_day_from_ymd(y, mo, 1);
            if (day < o->first || day > o->last || (mo > 1 && !months)) continue;
            double x = floor(day_x(film, day)) + 0.5, len = mo == 1 ? sh * 0.22 : sh * 0.1;
            cairo_move_to(cr, x, ay - len);
            cairo_line_to(cr, x, ay + len);
            cairo_set_source_rgba(cr, 0.35, 0.35, 0.35, mo == 1 ? 0.9 : 0.5);
            cairo_stroke(cr);
            char text[96];
            if (mo == 1 && y % every == 0) {
                year_named = y;
                snprintf(text, sizeof text, "%d", y);
                if (draw_text_at(cr, text, &label, x, ay + sh * 0.14, 0.5, err)) return -1;
                labels++;
            } else if (mo > 1 && month_names && month_word(day, lang, text, sizeof text) == 0) {
                /* The first month shown names its year too. */
                if (year_named != y) {
                    size_t n = strlen(text);
                    snprintf(text + n, sizeof text - n, " %d", y);
                    year_named = y;
                }
                fm_text_style faint = label;
                faint.color.a = 0.7;
                faint.size = label.size * 0.85;
                if (draw_text_at(cr, text, &faint, x, ay + sh * 0.14, 0.5, err)) return -1;
                labels++;
            }
        }
    }
    /* A span too short for a month or year to begin in it: name its ends. */
    if (labels == 0) {
        char text[64];
        fm_lang_format_date(o->first, lang, text, sizeof text);
        if (draw_text_at(cr, text, &label, film->axis_x0, ay + sh * 0.14, 0, err)) return -1;
        if (o->last != o->first) {
            fm_lang_format_date(o->last, lang, text, sizeof text);
            if (draw_text_at(cr, text, &label, film->axis_x1, ay + sh * 0.14, 1, err)) return -1;
        }
    }
    for (int i = 0; o->timeline && i < o->timeline->count; i++) {
        const fm_event *e = &o->timeline->events[i];
        fm_day day = e->date.first;
        if (day < o->first || day > o->last) continue;
        int listed = timeline_kinds_include(o->kinds, e->kind);
        kind_colour(cr, e->kind, listed ? 0.9 : 0.45);
        cairo_rectangle(cr, day_x(film, day) - 1, ay - sh * (listed ? 0.36 : 0.26), 2,
                        sh * (listed ? 0.3 : 0.2));
        cairo_fill(cr);
    }
    return 0;
}

/* The sources line, bottom right above the strip. */
static int draw_sources(fm_film *film, cairo_t *cr, fm_error *err)
{
    const fm_scene *s = film->opt.scene;
    const fm_style *st = s->style;
    char line[2048] = "";
    for (int i = 0; i < st->nsources; i++) {
        const char *at = st->sources[i].attribution;
        if (!at || !s->layers[i] || strstr(line, at)) continue;
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, "%s%s", len ? " · " : "", at);
    }
    if (!line[0]) return 0;
    double size = fmax(8, fmin(film->opt.width, film->opt.height) * 0.014);
    fm_text_style ts = { style_font(film->opt.scene->style, FM_FONT_ROLE_REGULAR),
                         size,
                         { 0.2, 0.2, 0.2, 1 },
                         { 1, 1, 1, 0.9 },
                         size * 0.15,
                         0,
                         0 };
    fm_text *t = text_new(cr, line, &ts, err);
    if (!t) return -1;
    double w, h, m = size * 0.6;
    text_size(t, &w, &h);
    double x = film->opt.width - w - m, y = film->strip_y - h - m * 0.4;
    cairo_rectangle(cr, x - m / 2, y, w + m, h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.7);
    cairo_fill(cr);
    text_draw(cr, t, x, y);
    text_free(t);
    fm_box b = { x - m / 2, y, x + w + m / 2, y + h };
    return reserve(film, b, err);
}

/* The legend, bottom left above the strip, one column. */
static int draw_legend(fm_film *film, cairo_t *cr, fm_error *err)
{
    const fm_film_options *o = &film->opt;
    if (o->nlegend == 0) return 0;
    fm_legend *lg =
        legend_new(o->scene, o->legend_dates, o->legend_counts, o->nlegend, o->scene->lang, err);
    if (!lg) return -1;
    int rc = 0;
    if (legend_count(lg) > 0) {
        double size = fmax(9, o->height * 0.017), width = fmax(size * 16, o->width * 0.2);
        double pad = size * 0.6, x = film->cap_x, height;
        rc = legend_measure(cr, lg, width, 1, size, &height, err);
        if (rc == 0) {
            double y = film->strip_y - height - 2 * pad - film->cap_x;
            cairo_rectangle(cr, x + 0.5, y + 0.5, width + 2 * pad, height + 2 * pad);
            cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
            cairo_fill_preserve(cr);
            cairo_set_source_rgba(cr, 0.2, 0.2, 0.2, 0.5);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
            rc = legend_draw(cr, lg, x + pad, y + pad, width, 1, size, err);
            fm_box b = { x, y, x + width + 2 * pad, y + height + 2 * pad };
            if (rc == 0) rc = reserve(film, b, err);
        }
    }
    legend_free(lg);
    return rc;
}

/* The caption box (title, and room for the widest date of the film's
** last year) and, under it, the room for the subtitles. */
static int draw_caption(fm_film *film, cairo_t *cr, fm_error *err)
{
    const fm_film_options *o = &film->opt;
    film->cap_size = fmax(12, fmin(o->width, o->height) * 0.045);
    fm_text_style big = { style_font(film->opt.scene->style, FM_FONT_ROLE_BOLD),
                          film->cap_size,
                          { 0.1, 0.1, 0.12, 1 },
                          { 1, 1, 1, 0 },
                          0,
                          0,
                          0 };
    fm_text_style small = { style_font(film->opt.scene->style, FM_FONT_ROLE_REGULAR),
                            film->cap_size * 0.5,
                            { 0.25, 0.25, 0.28, 1 },
                            { 1, 1, 1, 0 },
                            0,
                            0,
                            0 };
    double widest = 0, dh = 0, tw = 0, th = 0;
    int y_last, mo, d;
    fm_day_to_ymd(o->last, &y_last, &mo, &d);
    for (int month = 1; month <= 12; month++) {
        char text[64];
        fm_lang_format_date(fm_day_from_ymd(y_last, month, 28), o->scene->lang, text, sizeof text);
        fm_text *t = text_new(cr, text, &big, err);
        if (!t) return -1;
        double w, h;
        text_size(t, &w, &h);
        text_free(t);
        if (w > widest) widest = w;
        dh = h;
    }
    fm_text *tt = NULL;
    if (film->title[0]) {
        if (!(tt = text_new(cr, film->title, &small, err))) return -1;
        text_size(tt, &tw, &th);
    }
    film->cap_pad = film->cap_size * 0.4;
    film->cap_x = film->cap_size * 0.5;
    film->cap_y = film->cap_size * 0.5;
    film->cap_w = fmax(widest * 1.06, tw) + 2 * film->cap_pad;
    film->cap_title_h = th;
    film->cap_h = th + dh + 2 * film->cap_pad;
    cairo_rectangle(cr, film->cap_x + 0.5, film->cap_y + 0.5, film->cap_w, film->cap_h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
    cairo_fill_preserve(cr);
    cairo_set_source_rgba(cr, 0.2, 0.2, 0.2, 0.6);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    if (tt) text_draw(cr, tt, film->cap_x + film->cap_pad, film->cap_y + film->cap_pad);
    text_free(tt);
    fm_box cap = { film->cap_x, film->cap_y, film->cap_x + film->cap_w, film->cap_y + film->cap_h };

    film->ev_y = film->cap_y + film->cap_h + film->cap_size * 0.25;
    film->ev_w = fmax(film->cap_w, fmin(o->width * 0.42, film->cap_size * 17));
    film->ev_line = film->cap_size * 0.5 * 1.45;
    fm_box ev = { film->cap_x, film->ev_y, film->cap_x + film->ev_w,
                  film->ev_y + EVENT_LINES * film->ev_line + 2 * film->cap_pad * 0.6 };
    if (reserve(film, cap, err) || reserve(film, ev, err)) return -1;
    return 0;
}

fm_film *film_new(const fm_film_options *opt, fm_error *err)
{
    fm_film *film = calloc(1, sizeof *film);
    if (!film) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    film->opt = *opt;
    /* Keep copies: the options' strings need not outlive this call. */
    snprintf(film->title, sizeof film->title, "%s", opt->title ? opt->title : "");
    if (opt->kinds) {
        snprintf(film->kinds, sizeof film->kinds, "%s", opt->kinds);
        film->opt.kinds = film->kinds;
    }
    film->opt.title = film->title;
    film->strip_y = opt->scene->view.height;
    film->strip_h = opt->height - film->strip_y;
    film->axis_x0 = film->strip_h * 0.5;
    film->axis_x1 = opt->width - film->strip_h * 0.5;
    film->axis_y = film->strip_y + film->strip_h * 0.45;

    if (overlay_init(&film->fixed, opt->width, opt->height, err)) {
        film_free(film);
        return NULL;
    }
    cairo_t *cr = cairo_create(film->fixed.surface);
    int rc = draw_strip(film, cr, err);
    if (rc == 0) rc = draw_sources(film, cr, err);
    if (rc == 0) rc = draw_caption(film, cr, err);
    if (rc == 0) rc = draw_legend(film, cr, err);
    /* The legend's inputs were the caller's to lend for this call only. */
    film->opt.legend_dates = NULL;
    film->opt.legend_counts = NULL;
    film->opt.nlegend = 0;
    cairo_destroy(cr);
    if (rc == 0) rc = overlay_seal(&film->fixed, err);
    if (rc) {
        film_free(film);
        return NULL;
    }
    return film;
}

void film_free(fm_film *film)
{
    if (!film) return;
    overlay_release(&film->fixed);
    free(film->reserved);
    free(film);
}

const fm_box *film_reserved(const fm_film *film, int *n)
{
    *n = film->nreserved;
    return film->reserved;
}

/* A line no wider than `width`: cut at a character boundary, with an
** ellipsis, when the title is too long. */
static fm_text *fitted_text(cairo_t *cr, const char *text, const fm_text_style *st, double width,
                            fm_error *err)
{
    fm_text *t = text_new(cr, text, st, err);
    if (!t) return NULL;
    double w, h;
    text_size(t, &w, &h);
    if (w <= width) return t;
    text_free(t);
    char cut[512];
    size_t n = (size_t)(strlen(text) * width / w * 0.95);
    if (n >= sizeof cut - 4) n = sizeof cut - 4;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--; /* UTF-8 lead byte */
    while (n > 0 && text[n - 1] == ' ') n--;
    memcpy(cut, text, n);
    memcpy(cut + n, "…", 4);
    return text_new(cr, cut, st, err);
}

/* The newest events of the last event_days up to `date`, fading as they
** age; the one of the day itself in bold. */
static int draw_subtitles(const fm_film *film, cairo_t *cr, fm_day date, fm_error *err)
{
    const fm_film_options *o = &film->opt;
    int days = o->event_days > 0 ? o->event_days : FM_RECENT_DAYS;
    const fm_event *shown[EVENT_LINES];
    int n = 0;
    for (int i = o->timeline ? o->timeline->count - 1 : -1; i >= 0 && n < EVENT_LINES; i--) {
        const fm_event *e = &o->timeline->events[i];
        if (e->date.first > date) continue;
        if (e->date.first <= date - days) break;
        if (timeline_kinds_include(o->kinds, e->kind)) shown[n++] = e;
    }
    if (n == 0) return 0;
    double pad = film->cap_pad * 0.6, size = film->cap_size * 0.5;
    cairo_rectangle(cr, film->cap_x + 0.5, film->ev_y + 0.5, film->ev_w,
                    n * film->ev_line + 2 * pad);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    for (int k = 0; k < n; k++) {
        const fm_event *e = shown[k];
        double age = (double)(date - e->date.first) / days, alpha = 1 - 0.6 * age;
        char day[64], line[600];
        fm_lang_format_date(e->date.first, o->scene->lang, day, sizeof day);
        snprintf(line, sizeof line, "%s  %s", day, e->title);
        fm_text_style st = { style_font(film->opt.scene->style, k == 0 && age == 0
                                                                    ? FM_FONT_ROLE_BOLD
                                                                    : FM_FONT_ROLE_REGULAR),
                             size,
                             { 0.1, 0.1, 0.12, alpha },
                             { 1, 1, 1, 0 },
                             0,
                             0,
                             0 };
        double y = film->ev_y + pad + k * film->ev_line, x = film->cap_x + pad;
        kind_colour(cr, e->kind, alpha);
        cairo_arc(cr, x + size * 0.35, y + film->ev_line * 0.5 - size * 0.05, size * 0.3, 0,
                  2 * FM_PI);
        cairo_fill(cr);
        fm_text *t = fitted_text(cr, line, &st, film->ev_w - 2 * pad - size, err);
        if (!t) return -1;
        text_draw(cr, t, x + size, y);
        text_free(t);
    }
    return 0;
}

int film_draw(const fm_film *film, cairo_t *cr, fm_day date, double cursor_day, fm_error *err)
{
    overlay_paint(&film->fixed, cr);
    char text[64];
    fm_lang_format_date(date, film->opt.scene->lang, text, sizeof text);
    fm_text_style big = { style_font(film->opt.scene->style, FM_FONT_ROLE_BOLD),
                          film->cap_size,
                          { 0.1, 0.1, 0.12, 1 },
                          { 1, 1, 1, 0 },
                          0,
                          0,
                          0 };
    if (draw_text_at(cr, text, &big, film->cap_x + film->cap_pad,
                     film->cap_y + film->cap_pad + film->cap_title_h, 0, err))
        return -1;
    if (draw_subtitles(film, cr, date, err)) return -1;

    /* The elapsed part of the axis, and the cursor: a triangle each side. */
    double x = day_x(film, cursor_day), ay = film->axis_y, sh = film->strip_h;
    cairo_rectangle(cr, film->axis_x0, ay - sh * 0.05, x - film->axis_x0, sh * 0.1);
    cairo_set_source_rgba(cr, 0.25, 0.25, 0.3, 0.85);
    cairo_fill(cr);
    cairo_move_to(cr, x, ay + sh * 0.12);
    cairo_line_to(cr, x - sh * 0.13, ay - sh * 0.1);
    cairo_line_to(cr, x + sh * 0.13, ay - sh * 0.1);
    cairo_close_path(cr);
    cairo_move_to(cr, x - sh * 0.13, ay - sh * 0.42);
    cairo_line_to(cr, x + sh * 0.13, ay - sh * 0.42);
    cairo_line_to(cr, x, ay - sh * 0.18);
    cairo_close_path(cr);
    cairo_set_source_rgba(cr, 0.1, 0.1, 0.12, 1);
    cairo_fill(cr);
    return 0;
}
