/* label.c -- see label.h. */
#include "map/label.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

struct fm_text {
    PangoLayout *layout;
    fm_text_style style;
    double width, height;
    double dx, dy; /* logical box origin inside the layout */
};

/* MapLibre names fonts as "Family Style" ("Noto Sans Bold Italic");
** fontconfig wants the family and the style apart. Peel known style words
** off the end. */
static PangoFontDescription *font_from_name(const char *name, double size)
{
    static const struct {
        const char *word;
        int weight;
        int italic;
    } styles[] = {
        { "Regular", PANGO_WEIGHT_NORMAL, 0 },    { "Italic", -1, 1 },
        { "Bold", PANGO_WEIGHT_BOLD, 0 },         { "SemiBold", PANGO_WEIGHT_SEMIBOLD, 0 },
        { "Semibold", PANGO_WEIGHT_SEMIBOLD, 0 }, { "Medium", PANGO_WEIGHT_MEDIUM, 0 },
        { "Light", PANGO_WEIGHT_LIGHT, 0 },       { "Black", PANGO_WEIGHT_HEAVY, 0 },
        { "Thin", PANGO_WEIGHT_THIN, 0 },         { "ExtraBold", PANGO_WEIGHT_ULTRABOLD, 0 },
    };
    char family[256];
    snprintf(family, sizeof family, "%s", name && name[0] ? name : FM_FONT_REGULAR);
    int weight = PANGO_WEIGHT_NORMAL, italic = 0;
    for (;;) {
        char *space = strrchr(family, ' ');
        if (!space) break;
        int matched = 0;
        for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
            if (strcmp(space + 1, styles[i].word) == 0) {
                if (styles[i].weight >= 0) weight = styles[i].weight;
                if (styles[i].italic) italic = 1;
                matched = 1;
            }
        if (!matched) break;
        *space = 0;
    }
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_weight(fd, weight);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    return fd;
}

static fm_text *text_layout(cairo_t *cr, const char *utf8, const fm_text_style *st, int align_left,
                            fm_error *err)
{
    fm_text *t = calloc(1, sizeof *t);
    if (!t) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    t->style = *st;
    t->layout = pango_cairo_create_layout(cr);
    /* Metrics hinting snaps glyph advances to device pixels: fine on screen,
    ** but it would make a PDF's letter spacing differ from the PNG's. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pango_layout_get_context(t->layout), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(t->layout);

    PangoFontDescription *fd = font_from_name(st->font, st->size);
    pango_layout_set_font_description(t->layout, fd);
    pango_font_description_free(fd);
    if (st->letter_spacing != 0) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
                                          (int)(st->letter_spacing * st->size * PANGO_SCALE)));
        pango_layout_set_attributes(t->layout, attrs);
        pango_attr_list_unref(attrs);
    }
    if (st->max_width > 0) {
        pango_layout_set_width(t->layout, (int)(st->max_width * st->size * PANGO_SCALE));
        pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD);
    }
    pango_layout_set_alignment(t->layout, align_left ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
    pango_layout_set_text(t->layout, utf8, -1);

    /* A missing glyph draws as a box with a hex code: on a printed map that
    ** is a wrong label, so it is an error, not a warning. */
    int unknown = pango_layout_get_unknown_glyphs_count(t->layout);
    if (unknown > 0) {
        fm_error_set(err,
                     "label \"%s\": %d character(s) have no glyph in font "
                     "\"%s\" or any fallback font; install a font that covers "
                     "them (e.g. fonts-noto-core) or change text-font",
                     utf8, unknown, st->font ? st->font : FM_FONT_REGULAR);
        text_free(t);
        return NULL;
    }
    PangoRectangle logical;
    pango_layout_get_extents(t->layout, NULL, &logical);
    /* With a wrap width the text is centred inside it, so the logical box
    ** does not start at the layout's origin: remember where it does. */
    t->width = (double)logical.width / PANGO_SCALE;
    t->height = (double)logical.height / PANGO_SCALE;
    t->dx = (double)logical.x / PANGO_SCALE;
    t->dy = (double)logical.y / PANGO_SCALE;
    return t;
}

fm_text *text_new(cairo_t *cr, const char *utf8, const fm_text_style *st, fm_error *err)
{
    return text_layout(cr, utf8, st, 0, err);
}

fm_text *text_new_left(cairo_t *cr, const char *utf8, const fm_text_style *st, fm_error *err)
{
    return text_layout(cr, utf8, st, 1, err);
}

void text_free(fm_text *t)
{
    if (!t) return;
    if (t->layout) g_object_unref(t->layout);
    free(t);
}

void text_size(const fm_text *t, double *w, double *h)
{
    *w = t->width;
    *h = t->height;
}

void text_draw(cairo_t *cr, const fm_text *t, double x, double y)
{
    const fm_text_style *st = &t->style;
    x -= t->dx;
    y -= t->dy;
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (st->halo_width > 0 && st->halo_color.a > 0) {
        /* The halo is the glyph outline stroked at twice its width, drawn
        ** under the fill: it reads as a band of halo_width around each glyph. */
        pango_cairo_layout_path(cr, t->layout);
        cairo_set_source_rgba(cr, st->halo_color.r, st->halo_color.g, st->halo_color.b,
                              st->halo_color.a);
        cairo_set_line_width(cr, st->halo_width * 2);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
    }
    cairo_set_source_rgba(cr, st->color.r, st->color.g, st->color.b, st->color.a);
    pango_cairo_show_layout(cr, t->layout);
    cairo_restore(cr);
}
