/* value.c -- see value.h. */
#include "style/value.h"

#include "core/utf8.h"
#include "style/number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int fm_props_get(const fm_props *p, const char *key, fm_value *out)
{
    if (!p || !key) return 0;
    for (int i = 0; i < p->count; i++)
        if (p->keys[i] && strcmp(p->keys[i], key) == 0) {
            *out = p->values[i];
            return 1;
        }
    return 0;
}

int fm_value_equal(const fm_value *a, const fm_value *b)
{
    if (a->type != b->type) return 0;
    switch (a->type) {
    case FM_VAL_NULL: return 1;
    case FM_VAL_BOOL: return !a->boolean == !b->boolean;
    case FM_VAL_NUMBER: return a->number == b->number;
    case FM_VAL_STRING: return strcmp(a->string ? a->string : "", b->string ? b->string : "") == 0;
    case FM_VAL_COLOR:
        return a->color.r == b->color.r && a->color.g == b->color.g && a->color.b == b->color.b &&
               a->color.a == b->color.a;
    case FM_VAL_NUMBERS:
        if (a->count != b->count) return 0;
        for (int i = 0; i < a->count; i++)
            if (a->numbers[i] != b->numbers[i]) return 0;
        return 1;
    case FM_VAL_STRINGS:
        if (a->count != b->count) return 0;
        for (int i = 0; i < a->count; i++)
            if (strcmp(a->strings[i], b->strings[i]) != 0) return 0;
        return 1;
    }
    return 0;
}

int fm_value_to_color(const fm_value *v, fm_color *out)
{
    if (v->type == FM_VAL_COLOR) {
        *out = v->color;
        return 0;
    }
    if (v->type == FM_VAL_STRING) return fm_color_parse(v->string, out, NULL);
    return -1;
}

/* ---- evaluation context ------------------------------------------------ */

void fm_eval_ctx_init(fm_eval_ctx *ctx, const fm_style *style, const fm_props *state)
{
    ctx->style = style;
    ctx->props = NULL;
    ctx->geometry_type = NULL;
    ctx->zoom = 0;
    ctx->state = state;
    ctx->scratch[0] = '\0';
    ctx->scratch_used = 0;
}

char *fm_eval_ctx_alloc(fm_eval_ctx *ctx, size_t n)
{
    if (n > sizeof ctx->scratch - ctx->scratch_used) return NULL;
    char *p = ctx->scratch + ctx->scratch_used;
    ctx->scratch_used += n;
    return p;
}

const char *fm_eval_ctx_strdup(fm_eval_ctx *ctx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = fm_eval_ctx_alloc(ctx, n);
    if (p) memcpy(p, s, n);
    return p;
}

const char *fm_value_to_string(const fm_value *v, fm_eval_ctx *ctx)
{
    char buf[96];
    switch (v->type) {
    case FM_VAL_NULL: return "";
    case FM_VAL_BOOL: return v->boolean ? "true" : "false";
    case FM_VAL_STRING: return v->string ? v->string : "";
    case FM_VAL_NUMBER:
        fm_number_format(v->number, buf, sizeof buf);
        return fm_eval_ctx_strdup(ctx, buf);
    case FM_VAL_COLOR: {
        /* MapLibre's Color.toString: rgba(255,0,0,1). */
        char a[32];
        fm_number_format(v->color.a, a, sizeof a);
        snprintf(buf, sizeof buf, "rgba(%d,%d,%d,%s)", (int)lround(v->color.r * 255),
                 (int)lround(v->color.g * 255), (int)lround(v->color.b * 255), a);
        return fm_eval_ctx_strdup(ctx, buf);
    }
    case FM_VAL_NUMBERS:
    case FM_VAL_STRINGS: {
        /* JSON, as JSON.stringify would write it (strings unescaped). */
        size_t start = ctx->scratch_used;
        char *p = fm_eval_ctx_alloc(ctx, 2);
        if (!p) return NULL;
        p[0] = '[';
        ctx->scratch_used--;
        for (int i = 0; i < v->count; i++) {
            char item[96];
            if (v->type == FM_VAL_NUMBERS) {
                fm_number_format(v->numbers[i], item, sizeof item);
                p = fm_eval_ctx_alloc(ctx, strlen(item) + 1 + (i > 0));
                if (!p) return NULL;
                sprintf(p, "%s%s", i ? "," : "", item);
            } else {
                p = fm_eval_ctx_alloc(ctx, strlen(v->strings[i]) + 3 + (i > 0));
                if (!p) return NULL;
                sprintf(p, "%s\"%s\"", i ? "," : "", v->strings[i]);
            }
            ctx->scratch_used--; /* drop the NUL, keep appending */
        }
        p = fm_eval_ctx_alloc(ctx, 2);
        if (!p) return NULL;
        p[0] = ']';
        p[1] = '\0';
        return ctx->scratch + start;
    }
    }
    return "";
}

const char *fm_eval_ctx_case_map(fm_eval_ctx *ctx, const char *text, int upper)
{
    size_t start = ctx->scratch_used;
    if (start >= sizeof ctx->scratch) return NULL;
    int n = fm_utf8_case_map(text, upper, ctx->scratch + start, sizeof ctx->scratch - start);
    if (n < 0) return NULL;
    ctx->scratch_used = start + (size_t)n + 1;
    return ctx->scratch + start;
}
