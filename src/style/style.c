/*
** style.c -- see style.h: the public look-ups of a loaded style and the
** evaluation of its filters and properties with MapLibre's defaults.
** Reading the document is style_load.c's; the property table,
** style_props.c's; the expression engine, expr.h's.
*/
#include "style/style.h"
#include "style/style_props.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

const fm_style_source *style_source(const fm_style *style, const char *id)
{
    for (int i = 0; id && i < style->nsources; i++)
        if (style->sources[i].id && strcmp(style->sources[i].id, id) == 0)
            return &style->sources[i];
    return NULL;
}

const fm_style_layer *style_layer(const fm_style *style, const char *id)
{
    for (int i = 0; id && i < style->nlayers; i++)
        if (style->layers[i].id && strcmp(style->layers[i].id, id) == 0) return &style->layers[i];
    return NULL;
}

json_t *style_meta(const fm_style *style, const char *key)
{
    if (!style || !key) return NULL;
    if (strncmp(key, "frontmap:", 9) == 0) key += 9;
    /* Compared in place: no buffer to cut a long key. */
    const char *k;
    json_t *v;
    json_object_foreach(style->metadata, k,
                        v) if (strncmp(k, "frontmap:", 9) == 0 && strcmp(k + 9, key) == 0) return v;
    return NULL;
}

const char *style_font(const fm_style *style, fm_font_role role)
{
    const char *key = role == FM_FONT_ROLE_BOLD ? "bold" : "regular";
    const char *name = json_string_value(json_object_get(style_meta(style, "fonts"), key));
    if (name && name[0]) return name;
    return role == FM_FONT_ROLE_BOLD ? FM_FONT_BOLD : FM_FONT_REGULAR;
}

void style_path(const fm_style *style, const char *rel, char *buf, size_t size)
{
    const char *slash = strrchr(style->path, '/');
    if (rel[0] == '/' || !slash) snprintf(buf, size, "%s", rel);
    else snprintf(buf, size, "%.*s/%s", (int)(slash - style->path), style->path, rel);
}

int style_meta_path(const fm_style *style, const char *key, char *buf, size_t size)
{
    json_t *m = style_meta(style, key);
    if (json_is_object(m)) m = json_object_get(m, "path");
    if (!json_is_string(m)) return -1;
    style_path(style, json_string_value(m), buf, size);
    return 0;
}

/* ---- evaluation --------------------------------------------------------- */

int style_filter_match(const fm_style_layer *layer, fm_eval_ctx *ctx)
{
    fm_value v;
    if (!layer->filter) return 1;
    ctx->scratch_used = 0;
    return expr_eval(layer->filter, ctx, &v) == 0 && v.type == FM_VAL_BOOL && v.boolean;
}

fm_value style_eval(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx)
{
    fm_value v = { .type = FM_VAL_NULL };
    if ((int)prop < 0 || prop >= FM_P__COUNT) return v;
    const prop_spec *s = style_prop_spec(prop);
    if (!layer->props[prop]) return s->def;
    ctx->scratch_used = 0;
    if (expr_eval(layer->props[prop], ctx, &v) || style_prop_coerce(s, &v, ctx)) return s->def;
    return v;
}

fm_color style_eval_color(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx)
{
    fm_value v = style_eval(layer, prop, ctx);
    fm_color none = { 0, 0, 0, 0 };
    return v.type == FM_VAL_COLOR ? v.color : none;
}

double style_eval_number(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx)
{
    fm_value v = style_eval(layer, prop, ctx);
    if (v.type == FM_VAL_NUMBER) return v.number;
    if (v.type == FM_VAL_BOOL) return v.boolean;
    return 0;
}

const char *style_eval_text(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx, char *buf,
                            size_t size)
{
    if (!buf || size == 0) return NULL;
    fm_value v = style_eval(layer, prop, ctx);
    const char *text;
    if (v.type == FM_VAL_NULL) return NULL;
    if (v.type == FM_VAL_STRINGS) text = v.count ? v.strings[0] : "";
    else text = fm_value_to_string(&v, ctx);
    if (!text || !text[0]) return NULL;
    fm_utf8_copy(buf, text, size);
    /* text-transform applies to the label text; doing it here keeps every
    ** caller from forgetting it (and it is idempotent if one does not). */
    if (prop == FM_P_TEXT_FIELD && layer->type == FM_LAYER_SYMBOL) {
        fm_value t = style_eval(layer, FM_P_TEXT_TRANSFORM, ctx);
        int upper = strcmp(t.string, "uppercase") == 0;
        if (upper || strcmp(t.string, "lowercase") == 0) {
            ctx->scratch_used = 0;
            const char *mapped = fm_eval_ctx_case_map(ctx, buf, upper);
            if (mapped) fm_utf8_copy(buf, mapped, size);
        }
    }
    return buf;
}

int style_prop_is_set(const fm_style_layer *layer, fm_prop prop)
{
    return (int)prop >= 0 && prop < FM_P__COUNT && layer->props[prop] != NULL;
}

int style_prop_depends(const fm_style_layer *layer, fm_prop prop)
{
    return style_prop_is_set(layer, prop) ? expr_depends(layer->props[prop]) : 0;
}

int style_prop_is_constant(const fm_style_layer *layer, fm_prop prop)
{
    return !(style_prop_depends(layer, prop) & FM_DEP_FEATURE);
}

int style_filter_depends(const fm_style_layer *layer)
{
    return expr_depends(layer->filter);
}

int style_layer_reads_state(const fm_style_layer *layer, const char *key)
{
    if (expr_reads_state(layer->filter, key)) return 1;
    for (int p = 0; p < FM_P__COUNT; p++)
        if (expr_reads_state(layer->props[p], key)) return 1;
    return 0;
}
