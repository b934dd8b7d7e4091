/* style_props.c -- the property table (see style_props.h). */
#include "style/style_props.h"

#include <math.h>
#include <string.h>

#define T_BG     (1u << FM_LAYER_BACKGROUND)
#define T_FILL   (1u << FM_LAYER_FILL)
#define T_LINE   (1u << FM_LAYER_LINE)
#define T_CIRCLE (1u << FM_LAYER_CIRCLE)
#define T_SYMBOL (1u << FM_LAYER_SYMBOL)
#define T_ALL    (T_BG | T_FILL | T_LINE | T_CIRCLE | T_SYMBOL)

static const char *const VISIBILITY[] = { "visible", "none", NULL };
static const char *const LINE_CAP[] = { "butt", "round", "square", NULL };
static const char *const LINE_JOIN[] = { "bevel", "round", "miter", NULL };
static const char *const TEXT_ANCHOR[] = { "center",       "left",     "right",     "top",
                                           "bottom",       "top-left", "top-right", "bottom-left",
                                           "bottom-right", NULL };
static const char *const TEXT_TRANSFORM[] = { "none", "uppercase", "lowercase", NULL };

#define NUM(x)                                                                                     \
    {                                                                                              \
        .type = FM_VAL_NUMBER, .number = (x)                                                       \
    }
#define RGBA(r, g, b, a)                                                                           \
    {                                                                                              \
        .type = FM_VAL_COLOR, .color = { r, g, b, a }                                              \
    }
#define BLACK RGBA(0, 0, 0, 1)
#define STR(s)                                                                                     \
    {                                                                                              \
        .type = FM_VAL_STRING, .string = (s)                                                       \
    }
#define UNSET                                                                                      \
    {                                                                                              \
        .type = FM_VAL_NULL                                                                        \
    }
#define INF HUGE_VAL

/* Defaults are MapLibre's, except text-font (fonts come from fontconfig)
** and the outline of fills (none unless asked for). */
static const prop_spec PROPS[FM_P__COUNT] = {
    [FM_P_VISIBILITY] = { "visibility", T_ALL, 1, K_ENUM, 0, 0, 0, 0, VISIBILITY, STR("visible") },
    [FM_P_BACKGROUND_COLOR] = { "background-color", T_BG, 0, K_COLOR, 0, 0, 0, 0, NULL, BLACK },
    [FM_P_BACKGROUND_OPACITY] = { "background-opacity", T_BG, 0, K_NUMBER, 1, 0, 1, 0, NULL,
                                  NUM(1) },
    [FM_P_FILL_COLOR] = { "fill-color", T_FILL, 0, K_COLOR, 0, 0, 0, 0, NULL, BLACK },
    [FM_P_FILL_OPACITY] = { "fill-opacity", T_FILL, 0, K_NUMBER, 1, 0, 1, 0, NULL, NUM(1) },
    [FM_P_FILL_OUTLINE_COLOR] = { "fill-outline-color", T_FILL, 0, K_COLOR, 0, 0, 0, 0, NULL,
                                  UNSET },
    [FM_P_LINE_COLOR] = { "line-color", T_LINE, 0, K_COLOR, 0, 0, 0, 0, NULL, BLACK },
    [FM_P_LINE_WIDTH] = { "line-width", T_LINE, 0, K_NUMBER, 1, 0, INF, 0, NULL, NUM(1) },
    [FM_P_LINE_OPACITY] = { "line-opacity", T_LINE, 0, K_NUMBER, 1, 0, 1, 0, NULL, NUM(1) },
    [FM_P_LINE_DASHARRAY] = { "line-dasharray",
                              T_LINE,
                              0,
                              K_NUMBERS,
                              1,
                              0,
                              INF,
                              0,
                              NULL,
                              { .type = FM_VAL_NUMBERS, .count = 0 } },
    [FM_P_LINE_OFFSET] = { "line-offset", T_LINE, 0, K_NUMBER, 0, 0, 0, 0, NULL, NUM(0) },
    [FM_P_LINE_CAP] = { "line-cap", T_LINE, 1, K_ENUM, 0, 0, 0, 0, LINE_CAP, STR("butt") },
    [FM_P_LINE_JOIN] = { "line-join", T_LINE, 1, K_ENUM, 0, 0, 0, 0, LINE_JOIN, STR("miter") },
    [FM_P_CIRCLE_RADIUS] = { "circle-radius", T_CIRCLE, 0, K_NUMBER, 1, 0, INF, 0, NULL, NUM(5) },
    [FM_P_CIRCLE_COLOR] = { "circle-color", T_CIRCLE, 0, K_COLOR, 0, 0, 0, 0, NULL, BLACK },
    [FM_P_CIRCLE_OPACITY] = { "circle-opacity", T_CIRCLE, 0, K_NUMBER, 1, 0, 1, 0, NULL, NUM(1) },
    [FM_P_CIRCLE_STROKE_WIDTH] = { "circle-stroke-width", T_CIRCLE, 0, K_NUMBER, 1, 0, INF, 0, NULL,
                                   NUM(0) },
    [FM_P_CIRCLE_STROKE_COLOR] = { "circle-stroke-color", T_CIRCLE, 0, K_COLOR, 0, 0, 0, 0, NULL,
                                   BLACK },
    [FM_P_CIRCLE_STROKE_OPACITY] = { "circle-stroke-opacity", T_CIRCLE, 0, K_NUMBER, 1, 0, 1, 0,
                                     NULL, NUM(1) },
    [FM_P_TEXT_FIELD] = { "text-field", T_SYMBOL, 1, K_TEXT, 0, 0, 0, 0, NULL, STR("") },
    [FM_P_TEXT_FONT] = { "text-font",
                         T_SYMBOL,
                         1,
                         K_STRINGS,
                         0,
                         0,
                         0,
                         0,
                         NULL,
                         { .type = FM_VAL_STRINGS, .count = 1, .strings = { FM_FONT_REGULAR } } },
    [FM_P_TEXT_SIZE] = { "text-size", T_SYMBOL, 1, K_NUMBER, 1, 0, INF, 0, NULL, NUM(16) },
    [FM_P_TEXT_ANCHOR] = { "text-anchor", T_SYMBOL, 1, K_ENUM, 0, 0, 0, 0, TEXT_ANCHOR,
                           STR("center") },
    [FM_P_TEXT_OFFSET] = { "text-offset",
                           T_SYMBOL,
                           1,
                           K_NUMBERS,
                           0,
                           0,
                           0,
                           2,
                           NULL,
                           { .type = FM_VAL_NUMBERS, .count = 2 } },
    [FM_P_TEXT_TRANSFORM] = { "text-transform", T_SYMBOL, 1, K_ENUM, 0, 0, 0, 0, TEXT_TRANSFORM,
                              STR("none") },
    [FM_P_TEXT_LETTER_SPACING] = { "text-letter-spacing", T_SYMBOL, 1, K_NUMBER, 0, 0, 0, 0, NULL,
                                   NUM(0) },
    [FM_P_TEXT_MAX_WIDTH] = { "text-max-width", T_SYMBOL, 1, K_NUMBER, 1, 0, INF, 0, NULL,
                              NUM(10) },
    [FM_P_TEXT_PADDING] = { "text-padding", T_SYMBOL, 1, K_NUMBER, 1, 0, INF, 0, NULL, NUM(2) },
    [FM_P_TEXT_ALLOW_OVERLAP] = { "text-allow-overlap",
                                  T_SYMBOL,
                                  1,
                                  K_BOOL,
                                  0,
                                  0,
                                  0,
                                  0,
                                  NULL,
                                  { .type = FM_VAL_BOOL, .boolean = 0 } },
    [FM_P_SYMBOL_SORT_KEY] = { "symbol-sort-key", T_SYMBOL, 1, K_NUMBER, 0, 0, 0, 0, NULL, UNSET },
    [FM_P_TEXT_COLOR] = { "text-color", T_SYMBOL, 0, K_COLOR, 0, 0, 0, 0, NULL, BLACK },
    [FM_P_TEXT_OPACITY] = { "text-opacity", T_SYMBOL, 0, K_NUMBER, 1, 0, 1, 0, NULL, NUM(1) },
    [FM_P_TEXT_HALO_COLOR] = { "text-halo-color", T_SYMBOL, 0, K_COLOR, 0, 0, 0, 0, NULL,
                               RGBA(0, 0, 0, 0) },
    [FM_P_TEXT_HALO_WIDTH] = { "text-halo-width", T_SYMBOL, 0, K_NUMBER, 1, 0, INF, 0, NULL,
                               NUM(0) },
};

const prop_spec *style_prop_spec(fm_prop prop)
{
    return &PROPS[prop];
}

static int in_list(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

const char *const STYLE_LAYER_TYPES[] = { "background", "fill", "line", "circle", "symbol", NULL };

int style_prop_find(const char *name)
{
    for (int p = 0; name && p < FM_P__COUNT; p++)
        if (strcmp(PROPS[p].name, name) == 0) return p;
    return -1;
}

expr_target style_prop_target(const prop_spec *s)
{
    expr_target t = { .type = EXPR_ANY, .functions = 1 };
    t.has_range = s->ranged;
    t.min = s->min;
    t.max = s->max;
    switch (s->kind) {
    case K_NUMBER: t.type = EXPR_NUMBER; break;
    case K_COLOR: t.type = EXPR_COLOR; break;
    case K_ENUM:
        t.type = EXPR_STRING;
        t.enums = s->enums;
        break;
    case K_TEXT:
        t.type = EXPR_STRING;
        t.any_scalar = 1;
        t.tokens = 1;
        break;
    case K_BOOL: t.type = EXPR_BOOL; break;
    case K_NUMBERS:
        t.type = EXPR_ARRAY;
        t.item = EXPR_NUMBER;
        t.count = s->count;
        break;
    case K_STRINGS:
        t.type = EXPR_ARRAY;
        t.item = EXPR_STRING;
        break;
    }
    return t;
}

const char *style_prop_name(fm_prop prop)
{
    return (int)prop >= 0 && prop < FM_P__COUNT ? PROPS[prop].name : NULL;
}

int style_prop_coerce(const prop_spec *s, fm_value *v, fm_eval_ctx *ctx)
{
    fm_color c;
    const char *text;
    if (v->type == FM_VAL_NULL) return -1;
    switch (s->kind) {
    case K_NUMBER:
        if (v->type != FM_VAL_NUMBER || isnan(v->number)) return -1;
        if (s->ranged) v->number = clamp(v->number, s->min, s->max);
        return 0;
    case K_COLOR:
        if (fm_value_to_color(v, &c)) return -1;
        *v = (fm_value){ .type = FM_VAL_COLOR, .color = c };
        return 0;
    case K_ENUM: return v->type == FM_VAL_STRING && in_list(s->enums, v->string) ? 0 : -1;
    case K_TEXT:
        if (v->type == FM_VAL_STRING) return 0;
        if (!(text = fm_value_to_string(v, ctx))) return -1;
        *v = (fm_value){ .type = FM_VAL_STRING, .string = text };
        return 0;
    case K_BOOL: return v->type == FM_VAL_BOOL ? 0 : -1;
    case K_NUMBERS:
        if (v->type != FM_VAL_NUMBERS || (s->count && v->count != s->count)) return -1;
        for (int i = 0; i < v->count; i++) {
            if (isnan(v->numbers[i])) return -1;
            if (s->ranged) v->numbers[i] = clamp(v->numbers[i], s->min, s->max);
        }
        return 0;
    case K_STRINGS:
        if (v->type == FM_VAL_STRING) {
            text = v->string;
            *v = (fm_value){ .type = FM_VAL_STRINGS, .count = 1, .strings = { text } };
        }
        return v->type == FM_VAL_STRINGS && v->count > 0 ? 0 : -1;
    }
    return -1;
}
