/* render.c -- see render.h. */
#include "map/render.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/lang.h"
#include "core/str.h"
#include "map/features.h"
#include "map/placer.h"
#include "map/symbolize.h"

typedef struct render_state {
    cairo_t *cr;
    const fm_scene *scene;
    const fm_render_options *opt;
    fm_map_state ms; /* ms.ctx: the evaluation context */
    fm_placer *placer;
    fm_labels labels;
    /* Dots held back until labels are placed (drop_unlabelled_points). */
    int ndots, capdots;
    fm_dot *dots;
    fm_render_result *result;
} render_state;

/* `draw` 0: only keep labels off the circle (it was drawn in another pass). */
static int draw_circle(render_state *rs, const fm_style_layer *sl, const fm_feature_iter *it,
                       int draw, fm_error *err)
{
    if (it->feature->kind != FM_GEOM_POINT) return 0;
    const fm_view *v = &rs->scene->view;
    fm_dot d = symbolize_dot_paint(sl, &rs->ms.ctx, it->opacity);
    d.source = it->source;
    d.feature = it->feature_index;
    const double *xy = it->path->xy;
    for (int i = 0; i < it->path->nparts; i++) {
        d.x = view_px_x(v, xy[0]);
        d.y = view_px_y(v, xy[1]);
        xy += 2 * it->path->counts[i];
        if (!draw) {
            /* Drawn in the shapes pass: here it only keeps labels off. */
        } else if (rs->opt->drop_unlabelled_points && d.feature >= 0) {
            /* Held back: drawn after placement if its label was placed. */
            fm_dot *dots = fm_grow(rs->dots, &rs->capdots, rs->ndots + 1, sizeof *dots, err);
            if (!dots) return -1;
            rs->dots = dots;
            rs->dots[rs->ndots++] = d;
        } else {
            symbolize_dot(rs->cr, &d);
        }
        /* Markers are not to be covered by labels. */
        placer_add(rs->placer, symbolize_dot_box(&d));
    }
    return 0;
}

/* The held-back dots: those of features with no label at all, and those
** whose label found a place. */
static void draw_held_dots(render_state *rs)
{
    for (int i = 0; i < rs->ndots; i++) {
        const fm_dot *d = &rs->dots[i];
        if (labels_feature_placed(&rs->labels, d->source, d->feature) != 0)
            symbolize_dot(rs->cr, d);
    }
}

/* The label a symbol layer gives the feature current in `it`, waiting for
** placement. */
static int collect_label(render_state *rs, const fm_style_layer *sl, const fm_feature_iter *it,
                         int order, fm_error *err)
{
    const fm_feature *f = it->feature;
    fm_eval_ctx *ctx = &rs->ms.ctx;
    char text[1024];
    if (!isfinite(f->label_x)) return 0;
    /* text-transform is applied here (full UTF-8 case mapping). */
    if (!style_eval_text(sl, FM_P_TEXT_FIELD, ctx, text, sizeof text) || !text[0]) return 0;
    fm_label *c = labels_add(&rs->labels, text, err);
    if (!c) return -1;
    fm_value font = style_eval(sl, FM_P_TEXT_FONT, ctx);
    snprintf(c->font, sizeof c->font, "%s",
             font.type == FM_VAL_STRINGS && font.count ? font.strings[0]
             : font.type == FM_VAL_STRING              ? font.string
                                          : style_font(rs->scene->style, FM_FONT_ROLE_REGULAR));
    c->style.size = style_eval_number(sl, FM_P_TEXT_SIZE, ctx);
    c->style.color = style_eval_color(sl, FM_P_TEXT_COLOR, ctx);
    c->style.color.a *= style_eval_number(sl, FM_P_TEXT_OPACITY, ctx) * it->opacity;
    c->style.halo_color = style_eval_color(sl, FM_P_TEXT_HALO_COLOR, ctx);
    c->style.halo_color.a *= it->opacity;
    c->style.halo_width = style_eval_number(sl, FM_P_TEXT_HALO_WIDTH, ctx);
    c->style.letter_spacing = style_eval_number(sl, FM_P_TEXT_LETTER_SPACING, ctx);
    c->style.max_width = style_eval_number(sl, FM_P_TEXT_MAX_WIDTH, ctx);
    fm_value anchor = style_eval(sl, FM_P_TEXT_ANCHOR, ctx);
    snprintf(c->anchor, sizeof c->anchor, "%s", anchor.string ? anchor.string : "center");
    fm_value off = style_eval(sl, FM_P_TEXT_OFFSET, ctx);
    if (off.type == FM_VAL_NUMBERS && off.count == 2) {
        c->offset[0] = off.numbers[0];
        c->offset[1] = off.numbers[1];
    }
    c->sort_key = style_prop_is_set(sl, FM_P_SYMBOL_SORT_KEY)
                      ? style_eval_number(sl, FM_P_SYMBOL_SORT_KEY, ctx)
                      : 0;
    c->order = order;
    c->source = it->source;
    c->feature = it->feature_index;
    c->is_point = f->kind == FM_GEOM_POINT;
    fm_value overlap = style_eval(sl, FM_P_TEXT_ALLOW_OVERLAP, ctx);
    c->allow_overlap = overlap.type == FM_VAL_BOOL && overlap.boolean;
    c->padding = style_eval_number(sl, FM_P_TEXT_PADDING, ctx);
    c->x = view_px_x(&rs->scene->view, f->label_x);
    c->y = view_px_y(&rs->scene->view, f->label_y);
    return 0;
}

static int record_label(render_state *rs, const fm_label *c, fm_error *err)
{
    fm_render_result *r = rs->result;
    if (!r) return 0;
    fm_drawn_label *labels = fm_grow(r->labels, &r->caplabels, r->nlabels + 1, sizeof *labels, err);
    if (!labels) return -1;
    r->labels = labels;
    fm_drawn_label *l = &r->labels[r->nlabels];
    if (!(l->text = strdup(c->text))) return fm_error_set(err, "out of memory");
    l->x = c->ox;
    l->y = c->oy;
    l->size = c->style.size;
    l->box = c->box;
    r->nlabels++;
    return 0;
}

/* Place every label collected, then draw the held-back dots and the
** labels that found a place (drawing waits until every label has its
** place: a placed label may still move aside for a later one). */
static int place_labels(render_state *rs, fm_error *err)
{
    fm_labels *ls = &rs->labels;
    int rc = labels_place(ls, rs->placer, rs->cr, err);
    if (rc == 0) draw_held_dots(rs);
    for (int i = 0; i < ls->n; i++) {
        fm_label *c = &ls->items[i];
        if (rc == 0 && c->placed && c->t) {
            text_draw(rs->cr, c->t, c->ox, c->oy);
            rc = record_label(rs, c, err);
        }
        text_free(c->t);
        c->t = NULL;
    }
    return rc;
}

/* Caption settings from "frontmap:caption": {"title": "...", "position":
** "top-left" | "top-right" | "bottom-left" | "bottom-right"}. */
static int draw_caption(render_state *rs, int reserve_only, fm_error *err)
{
    const fm_view *v = &rs->scene->view;
    json_t *cap = style_meta(rs->scene->style, "caption");
    const char *title = NULL, *pos = "top-left";
    if (cap) {
        json_t *t = json_object_get(cap, "title");
        json_t *p = json_object_get(cap, "position");
        if (json_is_string(t)) title = json_string_value(t);
        if (json_is_string(p)) pos = json_string_value(p);
    }
    char date[64];
    fm_lang_format_date(rs->opt->date, rs->scene->lang, date, sizeof date);
    double base = fmax(12, fmin(v->width, v->height) * 0.035);
    const fm_style *st = rs->scene->style;
    fm_text_style big = {
        style_font(st, FM_FONT_ROLE_BOLD), base, { 0.1, 0.1, 0.12, 1 }, { 1, 1, 1, 0 }, 0, 0, 0
    };
    fm_text_style small = { style_font(st, FM_FONT_ROLE_REGULAR),
                            base * 0.55,
                            { 0.25, 0.25, 0.28, 1 },
                            { 1, 1, 1, 0 },
                            0,
                            0,
                            0 };
    fm_text *td = text_new(rs->cr, date, &big, err);
    fm_text *tt = title ? text_new(rs->cr, title, &small, err) : NULL;
    if (!td || (title && !tt)) {
        text_free(td);
        text_free(tt);
        return -1;
    }
    double wd, hd, wt = 0, ht = 0, pad = base * 0.45, m = base * 0.6;
    text_size(td, &wd, &hd);
    if (tt) text_size(tt, &wt, &ht);
    double bw = fmax(wd, wt) + 2 * pad, bh = hd + ht + 2 * pad;
    double x = strstr(pos, "right") ? v->width - m - bw : m;
    double y = strncmp(pos, "bottom", 6) == 0 ? v->height - m - bh : m;
    if (reserve_only) {
        fm_box box = { x, y, x + bw, y + bh };
        placer_add(rs->placer, box);
    } else {
        cairo_t *cr = rs->cr;
        cairo_new_path(cr);
        cairo_rectangle(cr, x, y, bw, bh);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 0.2, 0.2, 0.2, 0.6);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
        if (tt) text_draw(cr, tt, x + pad, y + pad);
        text_draw(cr, td, x + pad, y + pad + ht);
    }
    text_free(td);
    text_free(tt);
    return 0;
}

/* The sources line: every distinct attribution of the sources drawn. */
static int draw_attribution(render_state *rs, int reserve_only, fm_error *err)
{
    const fm_style *st = rs->scene->style;
    fm_str line = FM_STR_INIT;
    for (int i = 0; i < st->nsources; i++) {
        const char *a = st->sources[i].attribution;
        if (!a || !rs->scene->layers[i] || strstr(fm_str_cstr(&line), a)) continue;
        if (fm_str_printf(&line, "%s%s", line.len ? " · " : "", a) < 0) {
            fm_str_free(&line);
            return fm_error_set(err, "out of memory");
        }
    }
    if (!line.len) {
        fm_str_free(&line);
        return 0;
    }
    const fm_view *v = &rs->scene->view;
    double size = fmax(8, fmin(v->width, v->height) * 0.012);
    fm_text_style s = { style_font(st, FM_FONT_ROLE_REGULAR),
                        size,
                        { 0.2, 0.2, 0.2, 1 },
                        { 1, 1, 1, 0.9 },
                        size * 0.15,
                        0,
                        0 };
    fm_text *t = text_new(rs->cr, line.s, &s, err);
    fm_str_free(&line);
    if (!t) return -1;
    double w, h, m = size * 0.6;
    text_size(t, &w, &h);
    double x = v->width - w - m, y = v->height - h - m * 0.5;
    if (reserve_only) {
        fm_box box = { x, y, x + w, y + h };
        placer_add(rs->placer, box);
    } else {
        cairo_new_path(rs->cr);
        cairo_rectangle(rs->cr, x - m / 2, y, w + m, h);
        cairo_set_source_rgba(rs->cr, 1, 1, 1, 0.7);
        cairo_fill(rs->cr);
        text_draw(rs->cr, t, x, y);
    }
    text_free(t);
    return 0;
}

static int draw_layer(render_state *rs, const fm_style_layer *sl, int index, fm_error *err)
{
    const fm_scene *s = rs->scene;
    fm_eval_ctx *ctx = &rs->ms.ctx;
    int pass = rs->opt->pass;
    if (!features_layer_shown(s, rs->opt, sl, index, ctx)) return 0;
    if (sl->type == FM_LAYER_BACKGROUND) {
        symbolize_background(rs->cr, sl, ctx);
        return 0;
    }
    fm_feature_iter it;
    feature_iter_init(&it, s, sl, rs->opt, ctx);
    while (feature_iter_next(&it)) {
        const fm_feature *f = it.feature;
        switch (sl->type) {
        case FM_LAYER_FILL:
            symbolize_fill(rs->cr, &s->view, sl, ctx, f->kind, it.path, it.opacity);
            break;
        case FM_LAYER_LINE:
            symbolize_line(rs->cr, &s->view, sl, ctx, f->kind, it.path, it.opacity);
            break;
        case FM_LAYER_CIRCLE:
            if (draw_circle(rs, sl, &it, pass != FM_PASS_LABELS, err)) {
                ctx->props = NULL;
                return -1;
            }
            break;
        case FM_LAYER_SYMBOL:
            if (collect_label(rs, sl, &it, index * 1000000 + it.index, err)) {
                ctx->props = NULL;
                return -1;
            }
            break;
        default: break;
        }
        if (rs->result) {
            rs->result->nfeatures_drawn++;
            if (rs->result->layer_features) rs->result->layer_features[index]++;
        }
    }
    return 0;
}

void render_count(const fm_scene *s, const fm_render_options *opt, int *layer_features)
{
    fm_map_state ms;
    map_state_init(&ms, s, opt);
    int from, to;
    features_layer_range(s, opt, &from, &to);
    for (int i = from; i < to; i++) {
        const fm_style_layer *sl = &s->style->layers[i];
        if (!features_layer_shown(s, opt, sl, i, &ms.ctx)) continue;
        fm_feature_iter it;
        feature_iter_init(&it, s, sl, opt, &ms.ctx);
        while (feature_iter_next(&it)) layer_features[i]++;
    }
}

int render_map(cairo_t *cr, const fm_scene *s, const fm_render_options *opt,
               fm_render_result *result, fm_error *err)
{
    render_state rs;
    memset(&rs, 0, sizeof rs);
    rs.cr = cr;
    rs.scene = s;
    rs.opt = opt;
    rs.result = result;
    if (result) memset(result, 0, sizeof *result);
    map_state_init(&rs.ms, s, opt);
    if (result) {
        result->nlayers = s->style->nlayers;
        result->layer_features =
            calloc((size_t)s->style->nlayers + 1, sizeof *result->layer_features);
        if (!result->layer_features) return fm_error_set(err, "out of memory");
    }
    rs.placer = placer_new(s->view.width, s->view.height);
    if (!rs.placer) return fm_error_set(err, "out of memory");
    for (int i = 0; i < opt->nreserved; i++) placer_add(rs.placer, opt->reserved[i]);
    int rc = 0;
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, s->view.width, s->view.height);
    cairo_clip(cr);
    /* Furniture first claims its space, so labels keep clear of it. */
    if ((opt->caption && draw_caption(&rs, 1, err)) ||
        (opt->attribution && draw_attribution(&rs, 1, err)))
        rc = -1;
    int from, to;
    features_layer_range(s, opt, &from, &to);
    for (int i = from; rc == 0 && i < to; i++) rc = draw_layer(&rs, &s->style->layers[i], i, err);
    if (rc == 0) rc = place_labels(&rs, err);
    if (rc == 0 && opt->caption) rc = draw_caption(&rs, 0, err);
    if (rc == 0 && opt->attribution) rc = draw_attribution(&rs, 0, err);
    cairo_restore(cr);

    labels_free(&rs.labels);
    free(rs.dots);
    placer_free(rs.placer);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return fm_error_set(err, "drawing failed: %s", cairo_status_to_string(cairo_status(cr)));
    return rc;
}

void render_result_free(fm_render_result *r)
{
    if (!r) return;
    for (int i = 0; i < r->nlabels; i++) free(r->labels[i].text);
    free(r->labels);
    free(r->layer_features);
    memset(r, 0, sizeof *r);
}
