/*
** expr_eval.c -- the evaluator: walks a compiled tree (expr_tree.h) for one
** feature, as Lua's VM runs what its parser made. One handler per operator
** family, found through a table indexed by the node's op.
**
** Evaluation never allocates: values are fm_value structs on the C stack,
** strings are borrowed from the style, the feature or ctx->scratch, which
** only grows during one top-level evaluation (style.c resets it).
*/
#include "style/expr_tree.h"
#include "style/number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void set_null(fm_value *v)
{
    *v = (fm_value){ .type = FM_VAL_NULL };
}
static void set_bool(fm_value *v, int b)
{
    *v = (fm_value){ .type = FM_VAL_BOOL, .boolean = b != 0 };
}
static void set_number(fm_value *v, double x)
{
    *v = (fm_value){ .type = FM_VAL_NUMBER, .number = x };
}
static void set_string(fm_value *v, const char *s)
{
    *v = (fm_value){ .type = FM_VAL_STRING, .string = s };
}
static void set_color(fm_value *v, fm_color c)
{
    *v = (fm_value){ .type = FM_VAL_COLOR, .color = c };
}

static int eval_bool(const fm_expr *e, fm_eval_ctx *ctx, int *b)
{
    fm_value v;
    if (expr_eval(e, ctx, &v) || v.type != FM_VAL_BOOL) return -1;
    *b = v.boolean;
    return 0;
}

static int eval_number(const fm_expr *e, fm_eval_ctx *ctx, double *x)
{
    fm_value v;
    if (expr_eval(e, ctx, &v) || v.type != FM_VAL_NUMBER) return -1;
    *x = v.number;
    return 0;
}

/* get, has: the key is constant or computed. */
static int eval_key(const fm_expr *e, fm_eval_ctx *ctx, const char **key)
{
    if (e->key) {
        *key = e->key;
        return 0;
    }
    fm_value k;
    if (expr_eval(e->args[0], ctx, &k) || k.type != FM_VAL_STRING) return -1;
    *key = k.string;
    return 0;
}

static int eval_order(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value a, b;
    if (expr_eval(e->args[0], ctx, &a) || expr_eval(e->args[1], ctx, &b)) return -1;
    int c;
    if (a.type == FM_VAL_NUMBER && b.type == FM_VAL_NUMBER) {
        /* Not a three-way compare: NaN must make every ordering false. */
        double x = a.number, y = b.number;
        switch (e->op) {
        case OP_LT: set_bool(out, x < y); return 0;
        case OP_LE: set_bool(out, x <= y); return 0;
        case OP_GT: set_bool(out, x > y); return 0;
        default: set_bool(out, x >= y); return 0;
        }
    }
    if (a.type != FM_VAL_STRING || b.type != FM_VAL_STRING) {
        if (!e->lenient) return -1;
        set_bool(out, 0);
        return 0;
    }
    c = strcmp(a.string, b.string);
    switch (e->op) {
    case OP_LT: set_bool(out, c < 0); break;
    case OP_LE: set_bool(out, c <= 0); break;
    case OP_GT: set_bool(out, c > 0); break;
    default: set_bool(out, c >= 0); break;
    }
    return 0;
}

static int eval_all_any(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    int want = e->op == OP_ANY; /* the value that decides early */
    for (int i = 0; i < e->nargs; i++) {
        int b;
        if (eval_bool(e->args[i], ctx, &b)) return -1;
        if (b == want) {
            set_bool(out, want);
            return 0;
        }
    }
    set_bool(out, !want);
    return 0;
}

static int in_items(const fm_value *needle, const fm_value *items, int n)
{
    for (int i = 0; i < n; i++)
        if (fm_value_equal(needle, &items[i])) return 1;
    return 0;
}

/* ---- leaves and one-liners -------------------------------------------- */

static int eval_literal(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    (void)ctx;
    if (e->mixed) return -1;
    *out = e->value;
    return 0;
}

static int eval_get(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    const char *key;
    if (eval_key(e, ctx, &key)) return -1;
    if (!fm_props_get(ctx->props, key, out)) set_null(out);
    return 0;
}

/* OGR gives every feature every field: an unset (null) field is the same
** as a missing one. */
static int eval_has(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    const char *key;
    fm_value v;
    if (eval_key(e, ctx, &key)) return -1;
    set_bool(out, fm_props_get(ctx->props, key, &v) && v.type != FM_VAL_NULL);
    return 0;
}

static int eval_global_state(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    if (!fm_props_get(ctx->state, e->key, out) || out->type == FM_VAL_NULL) *out = e->value;
    return 0;
}

static int eval_geometry_type(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    (void)e;
    if (ctx->geometry_type) set_string(out, ctx->geometry_type);
    else set_null(out);
    return 0;
}

static int eval_zoom(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    (void)e;
    set_number(out, ctx->zoom);
    return 0;
}

static int eval_equal(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value a, b;
    if (expr_eval(e->args[0], ctx, &a) || expr_eval(e->args[1], ctx, &b)) return -1;
    set_bool(out, fm_value_equal(&a, &b) == (e->op == OP_EQ));
    return 0;
}

static int eval_not(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    int x;
    if (eval_bool(e->args[0], ctx, &x)) return -1;
    set_bool(out, !x);
    return 0;
}

static int eval_in_list(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value a;
    if (expr_eval(e->args[0], ctx, &a)) return -1;
    set_bool(out, in_items(&a, e->items, e->nitems));
    return 0;
}

static int eval_case_map(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value a;
    if (expr_eval(e->args[0], ctx, &a) || a.type != FM_VAL_STRING) return -1;
    const char *s = fm_eval_ctx_case_map(ctx, a.string, e->op == OP_UPCASE);
    if (!s) return -1;
    set_string(out, s);
    return 0;
}

static int eval_to_string(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value a;
    if (expr_eval(e->args[0], ctx, &a)) return -1;
    const char *s = fm_value_to_string(&a, ctx);
    if (!s) return -1;
    set_string(out, s);
    return 0;
}

/* ["in", needle, haystack]: an array holds it, or a string contains it. */
static int eval_in(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value needle, hay;
    if (expr_eval(e->args[0], ctx, &needle)) return -1;
    if (needle.type != FM_VAL_NULL && needle.type != FM_VAL_BOOL && needle.type != FM_VAL_NUMBER &&
        needle.type != FM_VAL_STRING)
        return -1;
    const fm_expr *h = e->args[1];
    if (h->op == OP_LITERAL && h->type == EXPR_ARRAY) {
        set_bool(out, in_items(&needle, h->items, h->nitems));
        return 0;
    }
    if (expr_eval(h, ctx, &hay)) return -1;
    switch (hay.type) {
    case FM_VAL_NULL: set_bool(out, 0); return 0;
    case FM_VAL_STRING: {
        /* JavaScript's indexOf turns the needle into text first. */
        if (needle.type == FM_VAL_NULL) {
            set_bool(out, strstr(hay.string, "null") != NULL);
            return 0;
        }
        const char *s = fm_value_to_string(&needle, ctx);
        if (!s) return -1;
        set_bool(out, strstr(hay.string, s) != NULL);
        return 0;
    }
    case FM_VAL_NUMBERS:
        for (int i = 0; i < hay.count; i++)
            if (needle.type == FM_VAL_NUMBER && needle.number == hay.numbers[i]) {
                set_bool(out, 1);
                return 0;
            }
        set_bool(out, 0);
        return 0;
    case FM_VAL_STRINGS:
        for (int i = 0; i < hay.count; i++)
            if (needle.type == FM_VAL_STRING && strcmp(needle.string, hay.strings[i]) == 0) {
                set_bool(out, 1);
                return 0;
            }
        set_bool(out, 0);
        return 0;
    default: return -1;
    }
}

static int eval_match(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value in;
    if (expr_eval(e->args[0], ctx, &in)) return -1;
    /* An input of another type than the labels takes the fallback. */
    for (int i = 0; i < e->nitems; i++)
        if (fm_value_equal(&in, &e->items[i]))
            return expr_eval(e->args[1 + e->branch[i]], ctx, out);
    return expr_eval(e->args[e->nargs - 1], ctx, out);
}

static int eval_case(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    for (int i = 0; i + 1 < e->nargs; i += 2) {
        int b;
        if (eval_bool(e->args[i], ctx, &b)) return -1;
        if (b) return expr_eval(e->args[i + 1], ctx, out);
    }
    return expr_eval(e->args[e->nargs - 1], ctx, out);
}

static int eval_coalesce(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    for (int i = 0; i < e->nargs; i++) {
        if (expr_eval(e->args[i], ctx, out)) {
            if (e->lenient) continue;
            return -1;
        }
        if (out->type != FM_VAL_NULL) return 0;
    }
    set_null(out);
    return 0;
}

/* Build the result at the scratch mark; each argument is evaluated past
** what is built so far, then moved down onto its end. */
static int eval_concat(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    size_t start = ctx->scratch_used, len = 0;
    for (int i = 0; i < e->nargs; i++) {
        fm_value v;
        ctx->scratch_used = start + len;
        if (expr_eval(e->args[i], ctx, &v)) return -1;
        const char *s = fm_value_to_string(&v, ctx);
        if (!s) return -1;
        size_t n = strlen(s);
        if (start + len + n + 1 > sizeof ctx->scratch) return -1;
        memmove(ctx->scratch + start + len, s, n);
        len += n;
    }
    if (start + len + 1 > sizeof ctx->scratch) return -1;
    ctx->scratch[start + len] = '\0';
    ctx->scratch_used = start + len + 1;
    set_string(out, ctx->scratch + start);
    return 0;
}

static int eval_to_number(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    for (int i = 0; i < e->nargs; i++) {
        fm_value v;
        double x;
        if (expr_eval(e->args[i], ctx, &v)) return -1;
        switch (v.type) {
        case FM_VAL_NULL: set_number(out, 0); return 0;
        case FM_VAL_BOOL: set_number(out, v.boolean ? 1 : 0); return 0;
        case FM_VAL_NUMBER: *out = v; return 0;
        case FM_VAL_STRING:
            if (fm_number_parse(v.string, &x) == 0) {
                set_number(out, x);
                return 0;
            }
            break;
        default: break;
        }
    }
    return -1;
}

static int eval_to_boolean(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value v;
    if (expr_eval(e->args[0], ctx, &v)) return -1;
    switch (v.type) {
    case FM_VAL_NULL: set_bool(out, 0); break;
    case FM_VAL_BOOL: *out = v; break;
    case FM_VAL_NUMBER: set_bool(out, v.number != 0 && !isnan(v.number)); break;
    case FM_VAL_STRING: set_bool(out, v.string[0] != '\0'); break;
    default: set_bool(out, 1); break;
    }
    return 0;
}

/* [r, g, b] or [r, g, b, a] as rgb()/rgba() would take them. */
static int color_from_numbers(const double *x, int n, fm_color *c)
{
    if (n != 3 && n != 4) return -1;
    for (int i = 0; i < 3; i++)
        if (!(x[i] >= 0 && x[i] <= 255)) return -1;
    double a = n == 4 ? x[3] : 1;
    if (!(a >= 0 && a <= 1)) return -1;
    *c = (fm_color){ x[0] / 255, x[1] / 255, x[2] / 255, a };
    return 0;
}

static int eval_to_color(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    for (int i = 0; i < e->nargs; i++) {
        fm_value v;
        fm_color c;
        if (expr_eval(e->args[i], ctx, &v)) return -1;
        if (fm_value_to_color(&v, &c) == 0 ||
            (v.type == FM_VAL_NUMBERS && color_from_numbers(v.numbers, v.count, &c) == 0)) {
            set_color(out, c);
            return 0;
        }
    }
    return -1;
}

/* number, string, boolean: the first argument of that type. */
static int eval_assert(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value_type want = e->op == OP_NUMBER   ? FM_VAL_NUMBER
                         : e->op == OP_STRING ? FM_VAL_STRING
                                              : FM_VAL_BOOL;
    for (int i = 0; i < e->nargs; i++) {
        if (expr_eval(e->args[i], ctx, out)) return -1;
        if (out->type == want) return 0;
    }
    return -1;
}

static int eval_arithmetic(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    double acc, x;
    if (eval_number(e->args[0], ctx, &acc)) return -1;
    if (e->op == OP_SUB && e->nargs == 1) {
        set_number(out, -acc);
        return 0;
    }
    for (int i = 1; i < e->nargs; i++) {
        if (eval_number(e->args[i], ctx, &x)) return -1;
        switch (e->op) {
        case OP_ADD: acc += x; break;
        case OP_SUB: acc -= x; break;
        case OP_MUL: acc *= x; break;
        case OP_DIV: acc /= x; break;
        case OP_MOD: acc = fmod(acc, x); break;
        case OP_MIN: acc = x < acc || isnan(x) ? x : acc; break;
        default: acc = x > acc || isnan(x) ? x : acc; break;
        }
    }
    set_number(out, acc);
    return 0;
}

static int eval_rgb(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    double x[4];
    fm_color c;
    for (int i = 0; i < e->nargs; i++)
        if (eval_number(e->args[i], ctx, &x[i])) return -1;
    if (color_from_numbers(x, e->nargs, &c)) return -1;
    set_color(out, c);
    return 0;
}

/* The last stop at or below x, -1 if x is below them all. */
static int stop_index(const double *stops, int n, double x)
{
    int lo = 0, hi = n - 1, found = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (stops[mid] <= x) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

static int eval_step(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    double x;
    if (eval_number(e->args[0], ctx, &x)) return -1;
    int k = stop_index(e->stops, e->nitems, x);
    return expr_eval(e->args[2 + k], ctx, out);
}

/* MapLibre's interpolation factor: linear for base 1, else exponential
** (slow then fast for base > 1). */
static double interp_factor(double x, double lo, double hi, double base)
{
    double d = hi - lo, p = x - lo;
    if (d == 0) return 0;
    if (base == 1) return p / d;
    return (pow(base, p) - 1) / (pow(base, d) - 1);
}

static double lerp(double a, double b, double t)
{
    return a + (b - a) * t;
}

/* Colours blend premultiplied, as MapLibre's do: fading to transparent
** does not pass through black. */
static fm_color color_lerp(fm_color a, fm_color b, double t)
{
    double alpha = lerp(a.a, b.a, t);
    fm_color c = { 0, 0, 0, alpha };
    if (alpha > 0) {
        c.r = lerp(a.r * a.a, b.r * b.a, t) / alpha;
        c.g = lerp(a.g * a.a, b.g * b.a, t) / alpha;
        c.b = lerp(a.b * a.a, b.b * b.a, t) / alpha;
    }
    return c;
}

static int blend(const fm_value *a, const fm_value *b, double t, fm_value *out)
{
    fm_color ca, cb;
    if (a->type == FM_VAL_NUMBER && b->type == FM_VAL_NUMBER) {
        set_number(out, lerp(a->number, b->number, t));
        return 0;
    }
    if (a->type == FM_VAL_NUMBERS && b->type == FM_VAL_NUMBERS && a->count == b->count) {
        *out = *a;
        for (int i = 0; i < a->count; i++) out->numbers[i] = lerp(a->numbers[i], b->numbers[i], t);
        return 0;
    }
    if (fm_value_to_color(a, &ca) == 0 && fm_value_to_color(b, &cb) == 0) {
        set_color(out, color_lerp(ca, cb, t));
        return 0;
    }
    return -1;
}

static int eval_interpolate(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    double x;
    if (eval_number(e->args[0], ctx, &x)) return -1;
    int n = e->nitems, k = stop_index(e->stops, n, x);
    if (k < 0) return expr_eval(e->args[1], ctx, out);
    if (k >= n - 1) return expr_eval(e->args[n], ctx, out);
    fm_value a, b;
    double t = interp_factor(x, e->stops[k], e->stops[k + 1], e->base);
    if (expr_eval(e->args[1 + k], ctx, &a) || expr_eval(e->args[2 + k], ctx, &b)) return -1;
    return blend(&a, &b, t, out);
}

/* ---- dispatch ----------------------------------------------------------- */

typedef int (*eval_fn)(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out);

static const eval_fn EVAL[] = {
    [OP_LITERAL] = eval_literal,
    [OP_GET] = eval_get,
    [OP_HAS] = eval_has,
    [OP_GLOBAL_STATE] = eval_global_state,
    [OP_GEOMETRY_TYPE] = eval_geometry_type,
    [OP_ZOOM] = eval_zoom,
    [OP_EQ] = eval_equal,
    [OP_NE] = eval_equal,
    [OP_LT] = eval_order,
    [OP_LE] = eval_order,
    [OP_GT] = eval_order,
    [OP_GE] = eval_order,
    [OP_NOT] = eval_not,
    [OP_ALL] = eval_all_any,
    [OP_ANY] = eval_all_any,
    [OP_IN] = eval_in,
    [OP_IN_LIST] = eval_in_list,
    [OP_MATCH] = eval_match,
    [OP_CASE] = eval_case,
    [OP_COALESCE] = eval_coalesce,
    [OP_CONCAT] = eval_concat,
    [OP_UPCASE] = eval_case_map,
    [OP_DOWNCASE] = eval_case_map,
    [OP_TO_STRING] = eval_to_string,
    [OP_TO_NUMBER] = eval_to_number,
    [OP_TO_BOOLEAN] = eval_to_boolean,
    [OP_TO_COLOR] = eval_to_color,
    [OP_NUMBER] = eval_assert,
    [OP_STRING] = eval_assert,
    [OP_BOOLEAN] = eval_assert,
    [OP_ADD] = eval_arithmetic,
    [OP_SUB] = eval_arithmetic,
    [OP_MUL] = eval_arithmetic,
    [OP_DIV] = eval_arithmetic,
    [OP_MOD] = eval_arithmetic,
    [OP_MIN] = eval_arithmetic,
    [OP_MAX] = eval_arithmetic,
    [OP_STEP] = eval_step,
    [OP_INTERPOLATE] = eval_interpolate,
    [OP_RGB] = eval_rgb,
    [OP_RGBA] = eval_rgb,
};

/* The table reaches the last operator; a handler missing in between would
** be NULL, refused below rather than called. */
_Static_assert(sizeof EVAL / sizeof *EVAL == OP__COUNT, "one handler per operator");

int expr_eval(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    if ((unsigned)e->op >= OP__COUNT || !EVAL[e->op]) return -1;
    return EVAL[e->op](e, ctx, out);
}
