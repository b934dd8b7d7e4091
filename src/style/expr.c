/*
** expr.c -- see expr.h.
**
** Layout of this file: the tree, messages, literals, the operator table and
** one compile function per family of operators, legacy filters, {tokens}
** and {"stops"} functions, then evaluation, then the string helpers
** (number formatting, to-string, to-number, case mapping).
**
** Evaluation never allocates: values are fm_value structs on the C stack,
** strings are borrowed from the style, the feature or ctx->scratch, which
** only grows during one top-level evaluation (style.c resets it).
*/
#include "style/expr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    OP_LITERAL, OP_GET, OP_HAS, OP_GLOBAL_STATE, OP_GEOMETRY_TYPE, OP_ZOOM,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_NOT, OP_ALL, OP_ANY, OP_IN, OP_IN_LIST,
    OP_MATCH, OP_CASE, OP_COALESCE,
    OP_CONCAT, OP_UPCASE, OP_DOWNCASE,
    OP_TO_STRING, OP_TO_NUMBER, OP_TO_BOOLEAN, OP_TO_COLOR,
    OP_NUMBER, OP_STRING, OP_BOOLEAN,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_MIN, OP_MAX,
    OP_STEP, OP_INTERPOLATE, OP_RGB, OP_RGBA
} expr_op;

struct fm_expr {
    expr_op op;
    expr_type type;             /* what it gives, as far as known at load */
    int depends;                /* EXPR_DEP_* of this node and below */
    int lenient;                /* legacy <,>...: mismatched types give false;
                                ** coalesce from a function: skip errors */
    int nargs;
    fm_expr **args;
    fm_value value;             /* LITERAL: the value; GLOBAL_STATE: default */
    int mixed;                  /* LITERAL array that fits no fm_value */
    const char *key;            /* GET, HAS, GLOBAL_STATE: a constant key */
    int nitems;                 /* LITERAL arrays, MATCH labels, IN_LIST */
    fm_value *items;
    int *branch;                /* MATCH: output index of each label */
    double *stops;              /* STEP, INTERPOLATE: stop inputs */
    double base;                /* INTERPOLATE: 1 = linear */
    char *owned;                /* a string this node owns ({tokens}) */
};

/* ====================================================================== */
/* The tree                                                               */
/* ====================================================================== */

static fm_expr *node_new(expr_op op, expr_type type, int nargs)
{
    fm_expr *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->op = op;
    e->type = type;
    e->base = 1;
    if (nargs > 0) {
        e->args = calloc((size_t)nargs, sizeof *e->args);
        if (!e->args) {
            free(e);
            return NULL;
        }
    }
    e->nargs = nargs;
    return e;
}

void expr_free(fm_expr *e)
{
    if (!e) return;
    for (int i = 0; i < e->nargs; i++) expr_free(e->args[i]);
    free(e->args);
    free(e->items);
    free(e->branch);
    free(e->stops);
    free(e->owned);
    free(e);
}

int expr_depends(const fm_expr *e)
{
    return e ? e->depends : 0;
}

int expr_reads_state(const fm_expr *e, const char *key)
{
    if (!e || !(e->depends & EXPR_DEP_STATE)) return 0;
    if (e->op == OP_GLOBAL_STATE && e->key && strcmp(e->key, key) == 0) return 1;
    for (int i = 0; i < e->nargs; i++)
        if (expr_reads_state(e->args[i], key)) return 1;
    return 0;
}

int expr_literal(const fm_expr *e, fm_value *value)
{
    if (!e || e->op != OP_LITERAL || e->mixed) return 0;
    *value = e->value;
    return 1;
}

/* Hang `child` under `parent` at `i`, folding in what it depends on. */
static void node_set_arg(fm_expr *parent, int i, fm_expr *child)
{
    parent->args[i] = child;
    parent->depends |= child->depends;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* ====================================================================== */
/* Messages and JSON paths                                                */
/* ====================================================================== */

void expr_compiler_init(expr_compiler *c, const char *file, json_t *state,
                        fm_error *err, const char *path)
{
    c->file = file;
    c->state = state;
    c->err = err;
    c->depth = 0;
    snprintf(c->path, sizeof c->path, "%s", path);
    c->pathlen = strlen(c->path);
}

static fm_expr *fail(expr_compiler *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Every message is "<file>: <JSON path>: <what is wrong>". */
static fm_expr *fail(expr_compiler *c, const char *fmt, ...)
{
    char msg[FM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fm_error_set(c->err, "%s: %s: %s", c->file, c->path, msg);
    return NULL;
}

static fm_expr *out_of_memory(expr_compiler *c)
{
    return fail(c, "out of memory");
}

/* Append to the path; returns the old length for path_pop. */
static size_t path_push(expr_compiler *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static size_t path_push(expr_compiler *c, const char *fmt, ...)
{
    size_t old = c->pathlen;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->path + old, sizeof c->path - old, fmt, ap);
    va_end(ap);
    if (n > 0) {
        c->pathlen = old + (size_t)n;
        if (c->pathlen >= sizeof c->path) c->pathlen = sizeof c->path - 1;
    }
    return old;
}

static void path_pop(expr_compiler *c, size_t old)
{
    c->pathlen = old;
    c->path[old] = '\0';
}

static const char *type_name(expr_type t)
{
    switch (t) {
    case EXPR_ANY: return "a value";
    case EXPR_NULL: return "null";
    case EXPR_BOOL: return "a boolean";
    case EXPR_NUMBER: return "a number";
    case EXPR_STRING: return "a string";
    case EXPR_COLOR: return "a colour";
    case EXPR_ARRAY: return "an array";
    }
    return "a value";
}

/* "a number from 0 to 1", "one of butt, round, square", ... */
static void target_describe(const expr_target *t, char *buf, size_t size)
{
    if (t->enums) {
        size_t n = (size_t)snprintf(buf, size, "one of ");
        for (int i = 0; t->enums[i] && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", t->enums[i]);
        return;
    }
    if (t->type == EXPR_NUMBER && t->has_range) {
        if (t->max < HUGE_VAL)
            snprintf(buf, size, "a number from %g to %g", t->min, t->max);
        else
            snprintf(buf, size, "a number >= %g", t->min);
        return;
    }
    if (t->type == EXPR_ARRAY && t->item != EXPR_ANY) {
        const char *items = t->item == EXPR_NUMBER ? "numbers" : "strings";
        if (t->count)
            snprintf(buf, size, "an array of %d %s", t->count, items);
        else
            snprintf(buf, size, "an array of %s", items);
        return;
    }
    if (t->any_scalar) {
        snprintf(buf, size, "a string");
        return;
    }
    snprintf(buf, size, "%s", type_name(t->type));
}

/* The offending JSON, short enough for a message. */
static void json_snippet(json_t *j, char *buf, size_t size)
{
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!s)
        snprintf(buf, size, "?");
    else if (strlen(s) > 60)
        snprintf(buf, size, "%.57s...", s);
    else
        snprintf(buf, size, "%s", s);
    free(s);
}

/* "expected a number or an expression, got \"wide\"": the "or an
** expression" only where an expression could stand, at the top. A value
** of the wrong type is told the type; one out of range, the range. */
static fm_expr *fail_expected(expr_compiler *c, json_t *got, const expr_target *t,
                              const char *extra)
{
    char want[256], snippet[80];
    expr_target shown = *t;
    if (t->type == EXPR_NUMBER && !json_is_number(got)) shown.has_range = 0;
    target_describe(&shown, want, sizeof want);
    json_snippet(got, snippet, sizeof snippet);
    return fail(c, "expected %s%s, got %s%s", want,
                c->depth == 0 ? " or an expression" : "", snippet, extra ? extra : "");
}

/* ====================================================================== */
/* Literals                                                               */
/* ====================================================================== */

/* A JSON scalar as a value (strings borrowed from the document). */
static int json_scalar_value(json_t *j, fm_value *v)
{
    switch (json_typeof(j)) {
    case JSON_NULL: *v = (fm_value){ .type = FM_VAL_NULL }; return 0;
    case JSON_TRUE: *v = (fm_value){ .type = FM_VAL_BOOL, .boolean = 1 }; return 0;
    case JSON_FALSE: *v = (fm_value){ .type = FM_VAL_BOOL, .boolean = 0 }; return 0;
    case JSON_INTEGER:
    case JSON_REAL: *v = (fm_value){ .type = FM_VAL_NUMBER, .number = json_number_value(j) }; return 0;
    case JSON_STRING: *v = (fm_value){ .type = FM_VAL_STRING, .string = json_string_value(j) }; return 0;
    default: return -1;
    }
}

static expr_type value_expr_type(const fm_value *v)
{
    switch (v->type) {
    case FM_VAL_NULL: return EXPR_NULL;
    case FM_VAL_BOOL: return EXPR_BOOL;
    case FM_VAL_NUMBER: return EXPR_NUMBER;
    case FM_VAL_STRING: return EXPR_STRING;
    case FM_VAL_COLOR: return EXPR_COLOR;
    default: return EXPR_ARRAY;
    }
}

/* Pack scalar items into one fm_value when they are all numbers or all
** strings and few enough; otherwise the value can only be searched (`in`). */
static int pack_items(const fm_value *items, int n, expr_type prefer, fm_value *out)
{
    int numbers = 1, strings = 1;
    for (int i = 0; i < n; i++) {
        numbers &= items[i].type == FM_VAL_NUMBER;
        strings &= items[i].type == FM_VAL_STRING;
    }
    if (n > FM_VALUE_MAX_ITEMS || (!numbers && !strings)) return -1;
    *out = (fm_value){ .type = FM_VAL_NUMBERS, .count = n };
    if (strings && (n > 0 || prefer == EXPR_STRING)) out->type = FM_VAL_STRINGS;
    for (int i = 0; i < n; i++) {
        if (out->type == FM_VAL_NUMBERS) out->numbers[i] = items[i].number;
        else out->strings[i] = items[i].string;
    }
    return 0;
}

/* A JSON value as a fm_value, arrays included (global-state defaults). */
static int json_value(json_t *j, fm_value *v)
{
    if (!json_is_array(j)) return json_scalar_value(j, v);
    fm_value items[FM_VALUE_MAX_ITEMS];
    size_t n = json_array_size(j);
    if (n > FM_VALUE_MAX_ITEMS) return -1;
    for (size_t i = 0; i < n; i++)
        if (json_scalar_value(json_array_get(j, i), &items[i])) return -1;
    return pack_items(items, (int)n, EXPR_ANY, v);
}

static fm_expr *literal_node(expr_compiler *c, const fm_value *v)
{
    fm_expr *e = node_new(OP_LITERAL, value_expr_type(v), 0);
    if (!e) return out_of_memory(c);
    e->value = *v;
    return e;
}

static int in_enums(const char *const *enums, const char *s)
{
    for (int i = 0; enums[i]; i++)
        if (strcmp(enums[i], s) == 0) return 1;
    return 0;
}

static fm_expr *compile_tokens(expr_compiler *c, const char *text);
static int has_token(const char *s);
static fm_expr *compile_function(expr_compiler *c, json_t *obj, const expr_target *t);
static int values_equal(const fm_value *a, const fm_value *b);

/* A JSON string, number, boolean or null where `t` is expected. */
static fm_expr *compile_scalar(expr_compiler *c, json_t *j, const expr_target *t)
{
    fm_value v;
    if (!j) return fail(c, "missing value");
    if (json_scalar_value(j, &v)) return fail_expected(c, j, t, NULL);
    expr_type type = value_expr_type(&v);

    /* MapLibre's text-field expands {tokens} in a plain string only. */
    if (type == EXPR_STRING && t->tokens && c->depth == 0 && has_token(v.string))
        return compile_tokens(c, v.string);

    /* A colour is written as a string; parse it now, not per feature. */
    if (type == EXPR_STRING && t->type == EXPR_COLOR) {
        if (fm_color_parse(v.string, &v.color, NULL))
            return fail_expected(c, j, t, "; colours are #rgb, #rgba, #rrggbb, "
                                 "#rrggbbaa, rgb(), rgba(), hsl(), hsla() or CSS names");
        v.type = FM_VAL_COLOR;
        type = EXPR_COLOR;
    }

    int fits = type == EXPR_NULL || t->type == EXPR_ANY || t->type == type ||
               (t->any_scalar && c->depth > 0);
    if (!fits) return fail_expected(c, j, t, NULL);
    if (type == EXPR_NUMBER && t->type == EXPR_NUMBER && t->has_range &&
        !(v.number >= t->min && v.number <= t->max))
        return fail_expected(c, j, t, NULL);
    if (type == EXPR_STRING && t->enums && !in_enums(t->enums, v.string))
        return fail_expected(c, j, t, NULL);
    return literal_node(c, &v);
}

/* A JSON array used as a value: a literal array property ("text-font":
** [...]) or ["literal", [...]]. Items are scalars. */
static fm_expr *compile_array(expr_compiler *c, json_t *j, const expr_target *t)
{
    size_t n = json_array_size(j);
    if (t->type != EXPR_ARRAY && t->type != EXPR_ANY && !(t->any_scalar && c->depth > 0))
        return fail_expected(c, j, t, NULL);
    if (t->type == EXPR_ARRAY && t->count && n != (size_t)t->count)
        return fail_expected(c, j, t, NULL);
    if (t->type == EXPR_ARRAY && n > FM_VALUE_MAX_ITEMS)
        return fail(c, "an array value may have at most %d items, this one has %zu",
                    FM_VALUE_MAX_ITEMS, n);
    fm_expr *e = node_new(OP_LITERAL, EXPR_ARRAY, 0);
    if (!e || (n && !(e->items = calloc(n, sizeof *e->items)))) {
        expr_free(e);
        return out_of_memory(c);
    }
    e->nitems = (int)n;
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(j, i);
        fm_value *v = &e->items[i];
        size_t old = path_push(c, "[%zu]", i);
        int bad = json_scalar_value(item, v) != 0;
        if (!bad && t->type == EXPR_ARRAY) {
            bad = (t->item == EXPR_NUMBER && v->type != FM_VAL_NUMBER) ||
                  (t->item == EXPR_STRING && v->type != FM_VAL_STRING) ||
                  (t->item == EXPR_NUMBER && t->has_range &&
                   !(v->number >= t->min && v->number <= t->max));
        }
        if (bad) {
            char want[256], got[80];
            expr_target it = { .type = t->item, .has_range = t->has_range,
                               .min = t->min, .max = t->max };
            target_describe(&it, want, sizeof want);
            json_snippet(item, got, sizeof got);
            fail(c, "expected %s, got %s", t->type == EXPR_ARRAY ? want :
                 "a string, number, boolean or null (arrays hold plain values)", got);
            path_pop(c, old);
            expr_free(e);
            return NULL;
        }
        path_pop(c, old);
    }
    e->mixed = pack_items(e->items, e->nitems, t->item, &e->value) != 0;
    return e;
}

/* ====================================================================== */
/* Operators                                                              */
/* ====================================================================== */

typedef struct op_def op_def;
typedef fm_expr *(*compile_fn)(expr_compiler *c, json_t *json, const op_def *op,
                               const expr_target *t);

struct op_def {
    const char *name;
    expr_op op;
    int min, max;               /* argument counts; max -1 = no limit */
    expr_type arg, result;      /* for compile_simple */
    int depends;                /* what the operator itself reads */
    compile_fn compile;
};

static fm_expr *compile_simple(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_literal(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_key(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_global_state(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_compare(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_in(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_match(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_case(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_coalesce(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_step(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_interpolate(expr_compiler *, json_t *, const op_def *, const expr_target *);

#define A EXPR_ANY
#define B EXPR_BOOL
#define N EXPR_NUMBER
#define S EXPR_STRING
#define C EXPR_COLOR
#define F EXPR_DEP_FEATURE
static const op_def OPS[] = {
    { "get",           OP_GET,           1, 2, S, A, F, compile_key },
    { "has",           OP_HAS,           1, 2, S, B, F, compile_key },
    { "!has",          OP_HAS,           1, 1, S, B, F, compile_key },
    { "literal",       OP_LITERAL,       1, 1, A, A, 0, compile_literal },
    { "global-state",  OP_GLOBAL_STATE,  1, 1, S, A, EXPR_DEP_STATE, compile_global_state },
    { "geometry-type", OP_GEOMETRY_TYPE, 0, 0, A, S, F, compile_simple },
    { "zoom",          OP_ZOOM,          0, 0, A, N, EXPR_DEP_ZOOM, compile_simple },
    { "==",            OP_EQ,            2, 3, A, B, 0, compile_compare },
    { "!=",            OP_NE,            2, 3, A, B, 0, compile_compare },
    { "<",             OP_LT,            2, 3, A, B, 0, compile_compare },
    { "<=",            OP_LE,            2, 3, A, B, 0, compile_compare },
    { ">",             OP_GT,            2, 3, A, B, 0, compile_compare },
    { ">=",            OP_GE,            2, 3, A, B, 0, compile_compare },
    { "!",             OP_NOT,           1, 1, B, B, 0, compile_simple },
    { "all",           OP_ALL,           0, -1, B, B, 0, compile_simple },
    { "any",           OP_ANY,           0, -1, B, B, 0, compile_simple },
    { "in",            OP_IN,            2, 2, A, B, 0, compile_in },
    { "match",         OP_MATCH,         4, -1, A, A, 0, compile_match },
    { "case",          OP_CASE,          3, -1, A, A, 0, compile_case },
    { "coalesce",      OP_COALESCE,      1, -1, A, A, 0, compile_coalesce },
    { "concat",        OP_CONCAT,        1, -1, A, S, 0, compile_simple },
    { "upcase",        OP_UPCASE,        1, 1, S, S, 0, compile_simple },
    { "downcase",      OP_DOWNCASE,      1, 1, S, S, 0, compile_simple },
    { "to-string",     OP_TO_STRING,     1, 1, A, S, 0, compile_simple },
    { "to-number",     OP_TO_NUMBER,     1, -1, A, N, 0, compile_simple },
    { "to-boolean",    OP_TO_BOOLEAN,    1, 1, A, B, 0, compile_simple },
    { "to-color",      OP_TO_COLOR,      1, -1, A, C, 0, compile_simple },
    { "number",        OP_NUMBER,        1, -1, A, N, 0, compile_simple },
    { "string",        OP_STRING,        1, -1, A, S, 0, compile_simple },
    { "boolean",       OP_BOOLEAN,       1, -1, A, B, 0, compile_simple },
    { "+",             OP_ADD,           2, -1, N, N, 0, compile_simple },
    { "-",             OP_SUB,           1, 2, N, N, 0, compile_simple },
    { "*",             OP_MUL,           2, -1, N, N, 0, compile_simple },
    { "/",             OP_DIV,           2, 2, N, N, 0, compile_simple },
    { "%",             OP_MOD,           2, 2, N, N, 0, compile_simple },
    { "min",           OP_MIN,           1, -1, N, N, 0, compile_simple },
    { "max",           OP_MAX,           1, -1, N, N, 0, compile_simple },
    { "step",          OP_STEP,          2, -1, A, A, 0, compile_step },
    { "interpolate",   OP_INTERPOLATE,   4, -1, A, A, 0, compile_interpolate },
    { "rgb",           OP_RGB,           3, 3, N, C, 0, compile_simple },
    { "rgba",          OP_RGBA,          4, 4, N, C, 0, compile_simple },
};
#undef A
#undef B
#undef N
#undef S
#undef C
#undef F

#define NOPS ((int)(sizeof OPS / sizeof *OPS))

static const op_def *op_find(const char *name)
{
    for (int i = 0; i < NOPS; i++)
        if (strcmp(OPS[i].name, name) == 0) return &OPS[i];
    return NULL;
}

static void op_names(char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < NOPS && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", OPS[i].name);
}

/* Compile item `index` of the expression array `json`. */
static fm_expr *compile_at(expr_compiler *c, json_t *json, size_t index,
                           const expr_target *t)
{
    size_t old = path_push(c, "[%zu]", index);
    c->depth++;
    fm_expr *e = expr_compile(c, json_array_get(json, index), t);
    c->depth--;
    path_pop(c, old);
    return e;
}

static const expr_target ANY_TARGET = { .type = EXPR_ANY };

static expr_target plain_target(expr_type type)
{
    expr_target t = { .type = type };
    return t;
}

/* Can an expression giving `got` stand where `t` is expected? Where only
** evaluation can tell (EXPR_ANY), it is checked then. */
static int result_fits(expr_type got, const expr_target *t)
{
    if (t->type == EXPR_ANY || got == EXPR_ANY || got == EXPR_NULL || got == t->type)
        return 1;
    if (t->any_scalar) return 1;                        /* shown as text */
    if (t->type == EXPR_COLOR && got == EXPR_STRING) return 1;   /* parsed */
    if (t->type == EXPR_ARRAY && t->item == EXPR_STRING && got == EXPR_STRING)
        return 1;                                       /* one font */
    return 0;
}

/* Outputs of match/case/step/...: under a concrete target each fits it
** already; with none they must agree with each other. */
static int unify(expr_compiler *c, expr_type *acc, const fm_expr *out, int first,
                 const expr_target *t, size_t index)
{
    expr_type got = out->type;
    if (first || *acc == EXPR_NULL) {
        *acc = got;
        return 0;
    }
    if (got == EXPR_NULL || got == *acc) return 0;
    if (t->type != EXPR_ANY || got == EXPR_ANY || *acc == EXPR_ANY) {
        *acc = EXPR_ANY;
        return 0;
    }
    size_t old = path_push(c, "[%zu]", index);
    fail(c, "every output must have the same type: this one is %s, an earlier one is %s",
         type_name(got), type_name(*acc));
    path_pop(c, old);
    return -1;
}

static fm_expr *compile_operator(expr_compiler *c, json_t *json, const op_def *op,
                                 const expr_target *t)
{
    int nargs = (int)json_array_size(json) - 1;
    if (nargs < op->min || (op->max >= 0 && nargs > op->max)) {
        int want = nargs < op->min ? op->min : op->max;
        const char *how = op->min == op->max ? "exactly" :
                          nargs < op->min ? "at least" : "at most";
        return fail(c, "wrong number of arguments: \"%s\" takes %s %d argument%s, "
                    "got %d", op->name, how, want, want == 1 ? "" : "s", nargs);
    }
    fm_expr *e = op->compile(c, json, op, t);
    if (!e) return NULL;
    e->depends |= op->depends;
    if (!result_fits(e->type, t)) {
        char want[256];
        expr_type got = e->type;
        expr_target shown = *t;
        shown.has_range = 0;                    /* a type error: name the type */
        target_describe(&shown, want, sizeof want);
        expr_free(e);
        return fail(c, "expected %s, but \"%s\" gives %s", want, op->name,
                    type_name(got));
    }
    return e;
}

/* Evaluation recurses over the tree, in render threads with their own
** stacks: a bound on nesting keeps a pathological style from using them up
** (real styles nest a handful of levels). */
#define EXPR_MAX_DEPTH 100

fm_expr *expr_compile(expr_compiler *c, json_t *json, const expr_target *t)
{
    if (c->depth > EXPR_MAX_DEPTH)
        return fail(c, "expression nested more than %d levels deep", EXPR_MAX_DEPTH);
    if (json_is_array(json) && json_array_size(json) > 0 &&
        json_is_string(json_array_get(json, 0))) {
        const char *name = json_string_value(json_array_get(json, 0));
        const op_def *op = op_find(name);
        if (op) return compile_operator(c, json, op, t);
        /* ["Noto Sans Regular"] is a value where an array is expected. */
        if (t->type != EXPR_ARRAY) {
            char known[1024];
            op_names(known, sizeof known);
            return fail(c, "unknown expression operator \"%s\"; known: %s", name, known);
        }
    }
    if (json_is_array(json)) {
        if (t->type == EXPR_ARRAY) return compile_array(c, json, t);
        return fail_expected(c, json, t, "; an expression starts with its operator "
                             "(e.g. [\"get\", \"name\"]) and an array value is written "
                             "[\"literal\", [...]]");
    }
    if (json_is_object(json)) {
        if (t->functions && c->depth == 0) return compile_function(c, json, t);
        return fail_expected(c, json, t, NULL);
    }
    return compile_scalar(c, json, t);
}

/* ---- simple operators: fixed argument and result types ----------------- */

static fm_expr *compile_simple(expr_compiler *c, json_t *json, const op_def *op,
                               const expr_target *t)
{
    (void)t;
    int n = (int)json_array_size(json) - 1;
    fm_expr *e = node_new(op->op, op->result, n);
    if (!e) return out_of_memory(c);
    expr_target at = plain_target(op->arg);
    for (int i = 0; i < n; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, &at);
        if (!a) {
            expr_free(e);
            return NULL;
        }
        node_set_arg(e, i, a);
    }
    return e;
}

/* ["literal", value]: the one way to write an array inside an expression. */
static fm_expr *compile_literal(expr_compiler *c, json_t *json, const op_def *op,
                                const expr_target *t)
{
    (void)op;
    json_t *v = json_array_get(json, 1);
    size_t old = path_push(c, "[1]");
    c->depth++;
    fm_expr *e;
    if (json_is_array(v))
        e = compile_array(c, v, t);
    else if (json_is_object(v))
        e = fail(c, "objects are not supported as values");
    else
        e = compile_scalar(c, v, t);
    c->depth--;
    path_pop(c, old);
    return e;
}

/* get, has, !has: the key is a string, or an expression giving one
** (["get", ["concat", "name_", ["global-state", "lang"]]]). */
static fm_expr *compile_key(expr_compiler *c, json_t *json, const op_def *op,
                            const expr_target *t)
{
    (void)t;
    if (json_array_size(json) > 2)
        return fail(c, "[\"%s\", key, object] reads from an object value; frontmap has "
                    "none, write [\"%s\", key]", op->name, op->name);
    json_t *k = json_array_get(json, 1);
    int constant = json_is_string(k);
    fm_expr *e = node_new(op->op, op->result, constant ? 0 : 1);
    if (!e) return out_of_memory(c);
    if (constant) {
        e->key = json_string_value(k);
    } else {
        expr_target st = plain_target(EXPR_STRING);
        fm_expr *a = compile_at(c, json, 1, &st);
        if (!a) {
            expr_free(e);
            return NULL;
        }
        node_set_arg(e, 0, a);
    }
    if (strcmp(op->name, "!has") == 0) {
        fm_expr *not = node_new(OP_NOT, EXPR_BOOL, 1);
        if (!not) {
            expr_free(e);
            return out_of_memory(c);
        }
        e->depends |= EXPR_DEP_FEATURE;
        node_set_arg(not, 0, e);
        e = not;
    }
    return e;
}

/* ["global-state", "lang"]: the default from the root "state" is looked up
** now; the value the caller sets wins at evaluation. */
static fm_expr *compile_global_state(expr_compiler *c, json_t *json,
                                     const op_def *op, const expr_target *t)
{
    (void)op;
    (void)t;
    json_t *k = json_array_get(json, 1);
    if (!json_is_string(k)) {
        path_push(c, "[1]");
        return fail(c, "the state name must be a literal string, e.g. "
                    "[\"global-state\", \"lang\"]");
    }
    fm_expr *e = node_new(OP_GLOBAL_STATE, EXPR_ANY, 0);
    if (!e) return out_of_memory(c);
    e->key = json_string_value(k);
    json_t *d = json_object_get(json_object_get(c->state, e->key), "default");
    if (!d || json_value(d, &e->value)) e->value = (fm_value){ .type = FM_VAL_NULL };
    return e;
}

/* Known at load, and not null: two of these must agree to be compared. */
static int concrete(expr_type t)
{
    return t != EXPR_ANY && t != EXPR_NULL;
}

/* ==, != compare strings, numbers, booleans and null (strictly typed:
** "1" != 1); <, <=, >, >= compare numbers or strings. */
static fm_expr *compile_compare(expr_compiler *c, json_t *json, const op_def *op,
                                const expr_target *t)
{
    (void)t;
    if (json_array_size(json) == 4) {
        path_push(c, "[3]");
        return fail(c, "collators are not supported");
    }
    int ordering = op->op != OP_EQ && op->op != OP_NE;
    fm_expr *e = node_new(op->op, EXPR_BOOL, 2);
    if (!e) return out_of_memory(c);
    for (int i = 0; i < 2; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, &ANY_TARGET);
        if (!a) goto bad;
        node_set_arg(e, i, a);
        expr_type at = a->type;
        int ok = at == EXPR_ANY || at == EXPR_NUMBER || at == EXPR_STRING ||
                 (!ordering && (at == EXPR_NULL || at == EXPR_BOOL));
        if (!ok) {
            path_push(c, "[%d]", i + 1);
            fail(c, "\"%s\" compares %s, not %s", op->name, ordering ?
                 "numbers or strings" : "strings, numbers, booleans or null",
                 type_name(at));
            goto bad;
        }
    }
    expr_type a = e->args[0]->type, b = e->args[1]->type;
    if (concrete(a) && concrete(b) && a != b) {
        fail(c, "cannot compare %s with %s; convert one side with to-number or to-string",
             type_name(a), type_name(b));
        goto bad;
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* ["in", needle, haystack]: haystack is an array or a string. */
static fm_expr *compile_in(expr_compiler *c, json_t *json, const op_def *op,
                           const expr_target *t)
{
    (void)op;
    (void)t;
    fm_expr *e = node_new(OP_IN, EXPR_BOOL, 2);
    if (!e) return out_of_memory(c);
    for (int i = 0; i < 2; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, &ANY_TARGET);
        if (!a) goto bad;
        node_set_arg(e, i, a);
    }
    expr_type needle = e->args[0]->type, hay = e->args[1]->type;
    if (needle == EXPR_COLOR || needle == EXPR_ARRAY) {
        path_push(c, "[1]");
        fail(c, "the needle must be a string, number, boolean or null, not %s",
             type_name(needle));
        goto bad;
    }
    if (hay != EXPR_ANY && hay != EXPR_ARRAY && hay != EXPR_STRING) {
        path_push(c, "[2]");
        fail(c, "the haystack must be an array ([\"literal\", [...]]) or a string, not %s",
             type_name(hay));
        goto bad;
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* One label of a match (or a categorical function's stop input). */
static int match_label(expr_compiler *c, json_t *lab, int need_integer,
                       fm_value *v, expr_type *label_type)
{
    char got[80];
    json_snippet(lab, got, sizeof got);
    if (json_scalar_value(lab, v) || v->type == FM_VAL_NULL ||
        (need_integer && v->type == FM_VAL_BOOL)) {
        fail(c, "labels must be strings or numbers (or arrays of them), got %s", got);
        return -1;
    }
    if (need_integer && v->type == FM_VAL_NUMBER && v->number != floor(v->number)) {
        fail(c, "numeric labels must be integers, got %s", got);
        return -1;
    }
    expr_type lt = value_expr_type(v);
    if (*label_type == EXPR_ANY) {
        *label_type = lt;
    } else if (lt != *label_type) {
        fail(c, "labels must all have one type: %s is %s, an earlier label is %s",
             got, type_name(lt), type_name(*label_type));
        return -1;
    }
    return 0;
}

/* Add a label for output `branch`, refusing duplicates. */
static int match_add_label(expr_compiler *c, fm_expr *e, const fm_value *v, int branch)
{
    for (int q = 0; q < e->nitems; q++)
        if (values_equal(&e->items[q], v)) {
            char text[80];
            if (v->type == FM_VAL_STRING) snprintf(text, sizeof text, "\"%s\"", v->string);
            else expr_format_number(v->number, text, sizeof text);
            fail(c, "label %s appears twice", text);
            return -1;
        }
    e->items[e->nitems] = *v;
    e->branch[e->nitems] = branch;
    e->nitems++;
    return 0;
}

/* ["match", input, label, output, ..., fallback]. args: input, one output
** per pair, fallback; labels (and their output index) in items/branch. */
static fm_expr *compile_match(expr_compiler *c, json_t *json, const op_def *op,
                              const expr_target *t)
{
    (void)op;
    size_t n = json_array_size(json);
    if (n % 2 == 0)
        return fail(c, "\"match\" takes an input, label/output pairs and a fallback "
                    "([\"match\", input, label, output, ..., fallback]), got %zu "
                    "arguments", n - 1);
    int npairs = (int)(n - 3) / 2, nlabels = 0;
    for (int p = 0; p < npairs; p++) {
        json_t *l = json_array_get(json, 2 + 2 * (size_t)p);
        nlabels += json_is_array(l) ? (int)json_array_size(l) : 1;
    }
    fm_expr *e = node_new(OP_MATCH, EXPR_ANY, npairs + 2);
    if (!e) return out_of_memory(c);
    e->items = calloc((size_t)nlabels + 1, sizeof *e->items);
    e->branch = calloc((size_t)nlabels + 1, sizeof *e->branch);
    if (!e->items || !e->branch) {
        expr_free(e);
        return out_of_memory(c);
    }
    fm_expr *input = compile_at(c, json, 1, &ANY_TARGET);
    if (!input) goto bad;
    node_set_arg(e, 0, input);
    if (input->type != EXPR_ANY && input->type != EXPR_STRING && input->type != EXPR_NUMBER) {
        path_push(c, "[1]");
        fail(c, "the input must be a string or a number, not %s", type_name(input->type));
        goto bad;
    }

    expr_type label_type = EXPR_ANY;
    for (int p = 0; p < npairs; p++) {
        size_t idx = 2 + 2 * (size_t)p;
        json_t *l = json_array_get(json, idx);
        size_t old = path_push(c, "[%zu]", idx);
        if (json_is_array(l) && json_array_size(l) == 0) {
            fail(c, "an empty label array matches nothing");
            goto bad;
        }
        size_t m = json_is_array(l) ? json_array_size(l) : 1;
        for (size_t j = 0; j < m; j++) {
            size_t old2 = json_is_array(l) ? path_push(c, "[%zu]", j) : c->pathlen;
            fm_value v;
            if (match_label(c, json_is_array(l) ? json_array_get(l, j) : l, 1, &v,
                            &label_type) ||
                match_add_label(c, e, &v, p))
                goto bad;
            path_pop(c, old2);
        }
        path_pop(c, old);
    }
    if (input->type != EXPR_ANY && input->type != label_type) {
        path_push(c, "[1]");
        fail(c, "the input is %s but the labels are %ss", type_name(input->type),
             type_name(label_type) + 2);
        goto bad;
    }

    expr_type acc = EXPR_ANY;
    for (int p = 0; p <= npairs; p++) {
        size_t idx = p < npairs ? 3 + 2 * (size_t)p : n - 1;
        fm_expr *out = compile_at(c, json, idx, t);
        if (!out) goto bad;
        node_set_arg(e, 1 + p, out);
        if (unify(c, &acc, out, p == 0, t, idx)) goto bad;
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* ["case", condition, output, ..., fallback]; args in the same order. */
static fm_expr *compile_case(expr_compiler *c, json_t *json, const op_def *op,
                             const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    if (nargs % 2 == 0)
        return fail(c, "\"case\" takes condition/output pairs and a fallback "
                    "([\"case\", condition, output, ..., fallback]), got %d arguments",
                    nargs);
    fm_expr *e = node_new(OP_CASE, EXPR_ANY, nargs);
    if (!e) return out_of_memory(c);
    expr_target cond = plain_target(EXPR_BOOL);
    expr_type acc = EXPR_ANY;
    int first = 1;
    for (int i = 1; i <= nargs; i++) {
        int is_condition = i % 2 == 1 && i < nargs;
        fm_expr *a = compile_at(c, json, (size_t)i, is_condition ? &cond : t);
        if (!a) goto bad;
        node_set_arg(e, i - 1, a);
        if (!is_condition) {
            if (unify(c, &acc, a, first, t, (size_t)i)) goto bad;
            first = 0;
        }
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}

static fm_expr *compile_coalesce(expr_compiler *c, json_t *json, const op_def *op,
                                 const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    fm_expr *e = node_new(OP_COALESCE, EXPR_ANY, nargs);
    if (!e) return out_of_memory(c);
    expr_type acc = EXPR_ANY;
    for (int i = 0; i < nargs; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, t);
        if (!a) goto bad;
        node_set_arg(e, i, a);
        if (unify(c, &acc, a, i == 0, t, (size_t)i + 1)) goto bad;
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* Stop inputs of step/interpolate: literal numbers, strictly ascending. */
static int stop_input(expr_compiler *c, json_t *json, size_t idx, int k, double *stops)
{
    json_t *s = json_array_get(json, idx);
    if (!json_is_number(s) || (k > 0 && !(json_number_value(s) > stops[k - 1]))) {
        char got[80];
        json_snippet(s, got, sizeof got);
        path_push(c, "[%zu]", idx);
        fail(c, "stop inputs must be literal numbers in strictly ascending order, got %s",
             got);
        return -1;
    }
    stops[k] = json_number_value(s);
    return 0;
}

/* ["step", input, output0, stop1, output1, ...]: args input, output0,
** output1, ...; stops[k] is where args[2 + k] starts. */
static fm_expr *compile_step(expr_compiler *c, json_t *json, const op_def *op,
                             const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    if (nargs % 2)
        return fail(c, "\"step\" takes an input, a first output and stop/output pairs "
                    "([\"step\", input, output, stop, output, ...]), got %d arguments",
                    nargs);
    int nstops = (nargs - 2) / 2;
    fm_expr *e = node_new(OP_STEP, EXPR_ANY, 2 + nstops);
    if (!e) return out_of_memory(c);
    e->stops = calloc((size_t)nstops + 1, sizeof *e->stops);
    e->nitems = nstops;
    expr_target num = plain_target(EXPR_NUMBER);
    fm_expr *input = e->stops ? compile_at(c, json, 1, &num) : out_of_memory(c);
    if (!input) goto bad;
    node_set_arg(e, 0, input);
    expr_type acc = EXPR_ANY;
    for (int k = -1; k < nstops; k++) {
        size_t idx = 3 + 2 * (size_t)(k + 1) - 1;   /* the output */
        if (k >= 0 && stop_input(c, json, idx - 1, k, e->stops)) goto bad;
        fm_expr *out = compile_at(c, json, idx, t);
        if (!out) goto bad;
        node_set_arg(e, 2 + k, out);
        if (unify(c, &acc, out, k < 0, t, idx)) goto bad;
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* The interpolation type: ["linear"] or ["exponential", base]. */
static int interpolation_base(expr_compiler *c, json_t *how, double *base)
{
    const char *name = json_is_array(how) && json_array_size(how) > 0
                       ? json_string_value(json_array_get(how, 0)) : NULL;
    size_t n = json_array_size(how);
    *base = 1;
    if (name && strcmp(name, "linear") == 0 && n == 1) return 0;
    if (name && strcmp(name, "exponential") == 0 && n == 2 &&
        json_is_number(json_array_get(how, 1)) && json_number_value(json_array_get(how, 1)) > 0) {
        *base = json_number_value(json_array_get(how, 1));
        return 0;
    }
    path_push(c, "[1]");
    if (name && strcmp(name, "cubic-bezier") == 0)
        fail(c, "cubic-bezier interpolation is not supported; use [\"linear\"] or "
             "[\"exponential\", base]");
    else
        fail(c, "expected [\"linear\"] or [\"exponential\", base] with base > 0");
    return -1;
}

/* ["interpolate", how, input, stop1, output1, ...]: args input, outputs. */
static fm_expr *compile_interpolate(expr_compiler *c, json_t *json, const op_def *op,
                                    const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    if (nargs % 2)
        return fail(c, "\"interpolate\" takes an interpolation type, an input and "
                    "stop/output pairs ([\"interpolate\", [\"linear\"], [\"zoom\"], "
                    "stop, output, ...]), got %d arguments", nargs);
    double base;
    if (interpolation_base(c, json_array_get(json, 1), &base)) return NULL;
    int nstops = (nargs - 2) / 2;
    fm_expr *e = node_new(OP_INTERPOLATE, EXPR_ANY, 1 + nstops);
    if (!e) return out_of_memory(c);
    e->base = base;
    e->stops = calloc((size_t)nstops, sizeof *e->stops);
    e->nitems = nstops;
    expr_target num = plain_target(EXPR_NUMBER);
    fm_expr *input = e->stops ? compile_at(c, json, 2, &num) : out_of_memory(c);
    if (!input) goto bad;
    node_set_arg(e, 0, input);
    expr_type acc = EXPR_ANY;
    for (int k = 0; k < nstops; k++) {
        size_t idx = 3 + 2 * (size_t)k;
        if (stop_input(c, json, idx, k, e->stops)) goto bad;
        fm_expr *out = compile_at(c, json, idx + 1, t);
        if (!out) goto bad;
        node_set_arg(e, 1 + k, out);
        if (unify(c, &acc, out, k == 0, t, idx + 1)) goto bad;
    }
    if (acc == EXPR_BOOL || (acc == EXPR_STRING && t->type != EXPR_COLOR)) {
        fail(c, "\"interpolate\" blends numbers, colours and arrays of numbers, not %ss",
             type_name(acc) + 2);
        goto bad;
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* ====================================================================== */
/* Legacy filters                                                         */
/* ====================================================================== */

static const expr_target BOOL_TARGET = { .type = EXPR_BOOL };

/* MapLibre's isExpressionFilter: a filter is legacy when its shape only
** makes sense as one (["==", "key", value], ["in", "key", v, ...], ["!in",
** ...], ["has", "$type"], ...). Decided again for each child of all/any, so
** children of a legacy all/any may be expressions. */
static int is_expression_filter(json_t *f)
{
    if (json_is_boolean(f)) return 1;
    if (!json_is_array(f) || json_array_size(f) == 0) return 0;
    const char *op = json_string_value(json_array_get(f, 0));
    if (!op) return 1;
    size_t n = json_array_size(f);
    json_t *a1 = json_array_get(f, 1), *a2 = json_array_get(f, 2);
    if (strcmp(op, "has") == 0) {
        const char *k = json_string_value(a1);
        return n >= 2 && !(k && (strcmp(k, "$id") == 0 || strcmp(k, "$type") == 0));
    }
    if (strcmp(op, "in") == 0)
        return n >= 3 && (!json_is_string(a1) || json_is_array(a2));
    if (strcmp(op, "!in") == 0 || strcmp(op, "!has") == 0 || strcmp(op, "none") == 0)
        return 0;
    if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || strcmp(op, "<") == 0 ||
        strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 || strcmp(op, ">=") == 0)
        return n != 3 || json_is_array(a1) || json_is_array(a2);
    if (strcmp(op, "any") == 0 || strcmp(op, "all") == 0) {
        for (size_t i = 1; i < n; i++)
            if (!is_expression_filter(json_array_get(f, i))) return 0;
        return 1;
    }
    return 1;
}

static fm_expr *wrap_not(expr_compiler *c, fm_expr *inner)
{
    if (!inner) return NULL;
    fm_expr *e = node_new(OP_NOT, EXPR_BOOL, 1);
    if (!e) {
        expr_free(inner);
        return out_of_memory(c);
    }
    node_set_arg(e, 0, inner);
    return e;
}

static fm_expr *bool_node(expr_compiler *c, int b)
{
    fm_value v = { .type = FM_VAL_BOOL, .boolean = b };
    return literal_node(c, &v);
}

/* What a legacy filter looks at: a property, or "$type" (the geometry). */
static fm_expr *legacy_key(expr_compiler *c, json_t *json)
{
    const char *key = json_string_value(json_array_get(json, 1));
    if (!key) {
        path_push(c, "[1]");
        return fail(c, "a legacy filter names a property with a string, e.g. "
                    "[\"==\", \"kind\", \"river\"]");
    }
    if (strcmp(key, "$id") == 0) {
        path_push(c, "[1]");
        return fail(c, "\"$id\" is not supported; filter on a property instead");
    }
    fm_expr *e = node_new(strcmp(key, "$type") == 0 ? OP_GEOMETRY_TYPE : OP_GET,
                          EXPR_ANY, 0);
    if (!e) return out_of_memory(c);
    if (e->op == OP_GET) e->key = key;
    e->depends = EXPR_DEP_FEATURE;
    return e;
}

static int legacy_value(expr_compiler *c, json_t *json, size_t i, int ordering,
                        fm_value *v)
{
    json_t *j = json_array_get(json, i);
    if (json_scalar_value(j, v) ||
        (ordering && v->type != FM_VAL_NUMBER && v->type != FM_VAL_STRING)) {
        char got[80];
        json_snippet(j, got, sizeof got);
        path_push(c, "[%zu]", i);
        fail(c, "expected a string, number%s, got %s", ordering ? "" :
             ", boolean or null", got);
        return -1;
    }
    return 0;
}

static fm_expr *compile_legacy(expr_compiler *c, json_t *json);

static fm_expr *compile_filter_at(expr_compiler *c, json_t *json, size_t i)
{
    json_t *f = json_array_get(json, i);
    size_t old = path_push(c, "[%zu]", i);
    c->depth++;
    fm_expr *e = is_expression_filter(f) ? expr_compile(c, f, &BOOL_TARGET)
                                         : compile_legacy(c, f);
    c->depth--;
    path_pop(c, old);
    return e;
}

static fm_expr *legacy_group(expr_compiler *c, json_t *json, const char *op)
{
    int n = (int)json_array_size(json) - 1;
    fm_expr *e = node_new(strcmp(op, "all") == 0 ? OP_ALL : OP_ANY, EXPR_BOOL, n);
    if (!e) return out_of_memory(c);
    for (int i = 0; i < n; i++) {
        fm_expr *a = compile_filter_at(c, json, (size_t)i + 1);
        if (!a) {
            expr_free(e);
            return NULL;
        }
        node_set_arg(e, i, a);
    }
    return strcmp(op, "none") == 0 ? wrap_not(c, e) : e;
}

/* ["==", key, v] ... [">=", key, v]. Like MapLibre's filter-< etc., an
** ordering between different types is false, not an error. */
static fm_expr *legacy_compare(expr_compiler *c, json_t *json, const char *op)
{
    static const struct { const char *name; expr_op op; } ops[] = {
        { "==", OP_EQ }, { "!=", OP_EQ }, { "<", OP_LT }, { "<=", OP_LE },
        { ">", OP_GT }, { ">=", OP_GE },
    };
    expr_op kind = OP_EQ;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strcmp(ops[i].name, op) == 0) kind = ops[i].op;
    size_t n = json_array_size(json);
    if (n != 3)
        return fail(c, "legacy [\"%s\", key, value] takes a key and a value, got %zu "
                    "arguments", op, n - 1);
    fm_value v;
    if (legacy_value(c, json, 2, kind != OP_EQ, &v)) return NULL;
    fm_expr *e = node_new(kind, EXPR_BOOL, 2);
    fm_expr *key = e ? legacy_key(c, json) : out_of_memory(c);
    fm_expr *val = key ? literal_node(c, &v) : NULL;
    if (!val) {
        expr_free(key);
        expr_free(e);
        return NULL;
    }
    node_set_arg(e, 0, key);
    node_set_arg(e, 1, val);
    e->lenient = 1;
    return strcmp(op, "!=") == 0 ? wrap_not(c, e) : e;
}

/* ["in", key, v1, v2, ...] and ["!in", ...]: membership, strictly typed. */
static fm_expr *legacy_in(expr_compiler *c, json_t *json, const char *op)
{
    size_t n = json_array_size(json);
    if (n < 2)
        return fail(c, "legacy [\"%s\", key, value, ...] needs a key", op);
    fm_expr *e = node_new(OP_IN_LIST, EXPR_BOOL, 1);
    if (!e || !(e->items = calloc(n, sizeof *e->items))) {
        expr_free(e);
        return out_of_memory(c);
    }
    fm_expr *key = legacy_key(c, json);
    if (!key) goto bad;
    node_set_arg(e, 0, key);
    for (size_t i = 2; i < n; i++)
        if (legacy_value(c, json, i, 0, &e->items[e->nitems++])) goto bad;
    return strcmp(op, "!in") == 0 ? wrap_not(c, e) : e;
bad:
    expr_free(e);
    return NULL;
}

static fm_expr *legacy_has(expr_compiler *c, json_t *json, const char *op)
{
    if (json_array_size(json) != 2)
        return fail(c, "legacy [\"%s\", key] takes one key, got %zu arguments", op,
                    json_array_size(json) - 1);
    int negate = op[0] == '!';
    const char *key = json_string_value(json_array_get(json, 1));
    /* Every feature has a geometry type. */
    if (key && strcmp(key, "$type") == 0) return bool_node(c, !negate);
    fm_expr *get = legacy_key(c, json);
    if (!get) return NULL;
    get->op = OP_HAS;
    get->type = EXPR_BOOL;
    return negate ? wrap_not(c, get) : get;
}

static fm_expr *compile_legacy(expr_compiler *c, json_t *json)
{
    if (c->depth > EXPR_MAX_DEPTH)
        return fail(c, "filter nested more than %d levels deep", EXPR_MAX_DEPTH);
    const char *op = json_is_array(json) ? json_string_value(json_array_get(json, 0)) : NULL;
    if (!op)
        return fail(c, "expected a filter: an expression such as [\"==\", [\"get\", "
                    "\"kind\"], \"river\"], a legacy filter such as [\"==\", \"kind\", "
                    "\"river\"], or true/false");
    if (strcmp(op, "all") == 0 || strcmp(op, "any") == 0 || strcmp(op, "none") == 0)
        return legacy_group(c, json, op);
    if (strcmp(op, "in") == 0 || strcmp(op, "!in") == 0)
        return legacy_in(c, json, op);
    if (strcmp(op, "has") == 0 || strcmp(op, "!has") == 0)
        return legacy_has(c, json, op);
    return legacy_compare(c, json, op);
}

fm_expr *expr_compile_filter(expr_compiler *c, json_t *json)
{
    if (is_expression_filter(json)) return expr_compile(c, json, &BOOL_TARGET);
    return compile_legacy(c, json);
}

/* ====================================================================== */
/* {tokens} and {"stops"} functions                                       */
/* ====================================================================== */

/* MapLibre's token: '{', one or more characters other than braces, '}'.
** Returns the '{' of the next one, or NULL. */
static const char *next_token(const char *s, const char **key, size_t *keylen)
{
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        size_t n = strcspn(p + 1, "{}");
        if (n > 0 && p[1 + n] == '}') {
            *key = p + 1;
            *keylen = n;
            return p;
        }
    }
    return NULL;
}

static int has_token(const char *s)
{
    const char *key;
    size_t n;
    return next_token(s, &key, &n) != NULL;
}

static fm_expr *owned_string_node(expr_compiler *c, const char *s, size_t n)
{
    fm_expr *e = node_new(OP_LITERAL, EXPR_STRING, 0);
    if (!e || !(e->owned = dup_n(s, n))) {
        expr_free(e);
        return out_of_memory(c);
    }
    e->value = (fm_value){ .type = FM_VAL_STRING, .string = e->owned };
    return e;
}

/* ["to-string", ["get", key]] with the key owned by the node. */
static fm_expr *token_node(expr_compiler *c, const char *key, size_t n)
{
    fm_expr *get = node_new(OP_GET, EXPR_ANY, 0);
    fm_expr *ts = node_new(OP_TO_STRING, EXPR_STRING, 1);
    if (!get || !ts || !(get->owned = dup_n(key, n))) {
        expr_free(get);
        expr_free(ts);
        return out_of_memory(c);
    }
    get->key = get->owned;
    get->depends = EXPR_DEP_FEATURE;
    node_set_arg(ts, 0, get);
    return ts;
}

/* "{name_en} ({name_ru})" -> ["concat", ["to-string", ["get", "name_en"]],
** " (", ...]; a missing property gives "" as in MapLibre. */
static fm_expr *compile_tokens(expr_compiler *c, const char *text)
{
    const char *s, *p, *key;
    size_t keylen;
    int nparts = 0;
    for (s = text; (p = next_token(s, &key, &keylen)); s = key + keylen + 1)
        nparts += (p > s) + 1;
    nparts += *s != '\0';
    fm_expr *e = node_new(OP_CONCAT, EXPR_STRING, nparts);
    if (!e) return out_of_memory(c);
    int i = 0;
    for (s = text; (p = next_token(s, &key, &keylen)); s = key + keylen + 1) {
        fm_expr *lit = p > s ? owned_string_node(c, s, (size_t)(p - s)) : NULL;
        if (p > s && !lit) goto bad;
        if (lit) node_set_arg(e, i++, lit);
        fm_expr *tok = token_node(c, key, keylen);
        if (!tok) goto bad;
        node_set_arg(e, i++, tok);
    }
    if (*s) {
        fm_expr *lit = owned_string_node(c, s, strlen(s));
        if (!lit) goto bad;
        node_set_arg(e, i++, lit);
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

static const char *const FUNCTION_KEYS[] = {
    "stops", "base", "type", "property", "default", "colorSpace", NULL
};
static const char *const FUNCTION_TYPES[] = {
    "exponential", "interval", "categorical", "identity", NULL
};

/* Checks of a function's own keys; *type gets the function type. */
static int function_keys(expr_compiler *c, json_t *obj, const expr_target *t,
                         const char **type)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        size_t old = path_push(c, ".%s", k);
        const char *s = json_string_value(v);
        if (!in_enums(FUNCTION_KEYS, k)) {
            fail(c, "unknown function key; known: stops, base, type, property, "
                 "default, colorSpace");
            return -1;
        }
        if ((strcmp(k, "base") == 0 && !(json_is_number(v) && json_number_value(v) > 0)) ||
            (strcmp(k, "type") == 0 && !(s && in_enums(FUNCTION_TYPES, s))) ||
            (strcmp(k, "property") == 0 && !s) ||
            (strcmp(k, "colorSpace") == 0 && !(s && strcmp(s, "rgb") == 0)) ||
            (strcmp(k, "stops") == 0 && !(json_is_array(v) && json_array_size(v) > 0))) {
            char got[80];
            json_snippet(v, got, sizeof got);
            fail(c, "bad value %s; base is a number > 0, type one of exponential, "
                 "interval, categorical, identity, property a string, colorSpace "
                 "\"rgb\", stops a non-empty array of [input, output]", got);
            return -1;
        }
        path_pop(c, old);
    }
    int interpolatable = t->type == EXPR_NUMBER || t->type == EXPR_COLOR ||
                         (t->type == EXPR_ARRAY && t->item == EXPR_NUMBER);
    *type = json_string_value(json_object_get(obj, "type"));
    if (!*type) *type = interpolatable ? "exponential" : "interval";
    const char *why = NULL;
    if (strcmp(*type, "exponential") == 0 && !interpolatable)
        why = "an exponential function needs a number or colour property; use "
              "\"type\": \"interval\" or \"categorical\"";
    else if (strcmp(*type, "identity") == 0 && !json_object_get(obj, "property"))
        why = "an identity function needs a \"property\"";
    else if (strcmp(*type, "identity") != 0 && !json_object_get(obj, "stops"))
        why = "a function needs \"stops\": [[input, output], ...]";
    if (why) {
        fail(c, "%s", why);
        return -1;
    }
    return 0;
}

/* Stop k of a function: [input, output]. */
static json_t *function_stop(expr_compiler *c, json_t *stops, size_t k, int zoom)
{
    json_t *stop = json_array_get(stops, k);
    path_push(c, ".stops[%zu]", k);
    if (!json_is_array(stop) || json_array_size(stop) != 2) {
        fail(c, "each stop is [input, output]");
        return NULL;
    }
    if (zoom && json_is_object(json_array_get(stop, 0))) {
        fail(c, "zoom-and-property functions are not supported; write an expression");
        return NULL;
    }
    return stop;
}

/* The old {"stops": [[z, v], ...], "base": b} functions, as expressions:
** exponential -> interpolate, interval -> step, categorical -> match,
** identity -> get. "property" reads the feature instead of the zoom. */
static fm_expr *compile_function(expr_compiler *c, json_t *obj, const expr_target *t)
{
    const char *type;
    if (function_keys(c, obj, t, &type)) return NULL;
    json_t *stops = json_object_get(obj, "stops"), *dflt = json_object_get(obj, "default");
    const char *property = json_string_value(json_object_get(obj, "property"));
    size_t nstops = json_array_size(stops), base_len = c->pathlen;
    fm_expr *input = node_new(property ? OP_GET : OP_ZOOM, property ? EXPR_ANY : EXPR_NUMBER, 0);
    if (!input) return out_of_memory(c);
    input->key = property;
    input->depends = property ? EXPR_DEP_FEATURE : EXPR_DEP_ZOOM;
    fm_expr *e = NULL;
    c->depth++;

    if (strcmp(type, "identity") == 0) {
        e = input;
        input = NULL;
    } else if (strcmp(type, "categorical") == 0) {
        e = node_new(OP_MATCH, EXPR_ANY, (int)nstops + 2);
        if (!e || !(e->items = calloc(nstops, sizeof *e->items)) ||
            !(e->branch = calloc(nstops, sizeof *e->branch))) {
            out_of_memory(c);
            goto bad;
        }
        node_set_arg(e, 0, input);
        input = NULL;
        expr_type label_type = EXPR_ANY;
        for (size_t k = 0; k < nstops; k++) {
            json_t *stop = function_stop(c, stops, k, !property);
            fm_value v;
            if (!stop || match_label(c, json_array_get(stop, 0), 0, &v, &label_type) ||
                match_add_label(c, e, &v, (int)k))
                goto bad;
            path_push(c, "[1]");
            fm_expr *out = expr_compile(c, json_array_get(stop, 1), t);
            if (!out) goto bad;
            node_set_arg(e, 1 + (int)k, out);
            path_pop(c, base_len);
        }
        path_push(c, ".default");
        fm_value null_value = { .type = FM_VAL_NULL };
        fm_expr *fallback = dflt ? expr_compile(c, dflt, t) : literal_node(c, &null_value);
        if (!fallback) goto bad;
        node_set_arg(e, (int)nstops + 1, fallback);
        path_pop(c, base_len);
        dflt = NULL;
    } else {
        int interval = strcmp(type, "interval") == 0;
        /* interval: step(input, out0, in1, out1, ...); exponential:
        ** interpolate(input, in0, out0, in1, out1, ...). */
        int nouts = (int)nstops;
        e = node_new(interval ? OP_STEP : OP_INTERPOLATE, EXPR_ANY, 1 + nouts);
        if (!e || !(e->stops = calloc(nstops, sizeof *e->stops))) {
            out_of_memory(c);
            goto bad;
        }
        e->nitems = interval ? nouts - 1 : nouts;
        e->base = json_is_number(json_object_get(obj, "base"))
                  ? json_number_value(json_object_get(obj, "base")) : 1;
        node_set_arg(e, 0, input);
        input = NULL;
        double prev = 0;
        for (size_t k = 0; k < nstops; k++) {
            json_t *stop = function_stop(c, stops, k, !property);
            if (!stop) goto bad;
            json_t *in = json_array_get(stop, 0);
            double x = json_number_value(in);
            if (!json_is_number(in) || (k > 0 && !(x > prev))) {
                path_push(c, "[0]");
                fail(c, "stop inputs must be numbers in strictly ascending order");
                goto bad;
            }
            prev = x;
            if (!interval) e->stops[k] = x;
            else if (k > 0) e->stops[k - 1] = x;
            path_push(c, "[1]");
            fm_expr *out = expr_compile(c, json_array_get(stop, 1), t);
            if (!out) goto bad;
            node_set_arg(e, 1 + (int)k, out);
            path_pop(c, base_len);
        }
    }
    c->depth--;

    /* A "default" answers where the function cannot: missing property, wrong
    ** type. Hence a coalesce that skips errors as well as nulls. */
    if (dflt) {
        path_push(c, ".default");
        c->depth++;
        fm_expr *d = expr_compile(c, dflt, t);
        c->depth--;
        path_pop(c, base_len);
        fm_expr *co = d ? node_new(OP_COALESCE, EXPR_ANY, 2) : NULL;
        if (!co) {
            if (d) out_of_memory(c);
            expr_free(d);
            expr_free(e);
            return NULL;
        }
        co->lenient = 1;
        node_set_arg(co, 0, e);
        node_set_arg(co, 1, d);
        e = co;
    }
    return e;
bad:
    c->depth--;
    expr_free(input);
    expr_free(e);
    return NULL;
}

/* ====================================================================== */
/* Evaluation                                                             */
/* ====================================================================== */

static void set_null(fm_value *v) { *v = (fm_value){ .type = FM_VAL_NULL }; }
static void set_bool(fm_value *v, int b) { *v = (fm_value){ .type = FM_VAL_BOOL, .boolean = b != 0 }; }
static void set_number(fm_value *v, double x) { *v = (fm_value){ .type = FM_VAL_NUMBER, .number = x }; }
static void set_string(fm_value *v, const char *s) { *v = (fm_value){ .type = FM_VAL_STRING, .string = s }; }
static void set_color(fm_value *v, fm_color c) { *v = (fm_value){ .type = FM_VAL_COLOR, .color = c }; }

static int lookup(const fm_props *p, const char *key, fm_value *out)
{
    if (!p || !key) return 0;
    for (int i = 0; i < p->count; i++)
        if (p->keys[i] && strcmp(p->keys[i], key) == 0) {
            *out = p->values[i];
            return 1;
        }
    return 0;
}

/* Strictly typed equality, as MapLibre's ==: "1" != 1. */
static int values_equal(const fm_value *a, const fm_value *b)
{
    if (a->type != b->type) return 0;
    switch (a->type) {
    case FM_VAL_NULL: return 1;
    case FM_VAL_BOOL: return !a->boolean == !b->boolean;
    case FM_VAL_NUMBER: return a->number == b->number;
    case FM_VAL_STRING:
        return strcmp(a->string ? a->string : "", b->string ? b->string : "") == 0;
    case FM_VAL_COLOR:
        return a->color.r == b->color.r && a->color.g == b->color.g &&
               a->color.b == b->color.b && a->color.a == b->color.a;
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

/* Room for n bytes in the scratch space, or NULL. */
static char *scratch_alloc(fm_eval_ctx *ctx, size_t n)
{
    if (n > sizeof ctx->scratch - ctx->scratch_used) return NULL;
    char *p = ctx->scratch + ctx->scratch_used;
    ctx->scratch_used += n;
    return p;
}

static const char *scratch_dup(fm_eval_ctx *ctx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = scratch_alloc(ctx, n);
    if (p) memcpy(p, s, n);
    return p;
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
    int want = e->op == OP_ANY;        /* the value that decides early */
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
        if (values_equal(needle, &items[i])) return 1;
    return 0;
}

/* ["in", needle, haystack]: an array holds it, or a string contains it. */
static int eval_in(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value needle, hay;
    if (expr_eval(e->args[0], ctx, &needle)) return -1;
    if (needle.type != FM_VAL_NULL && needle.type != FM_VAL_BOOL &&
        needle.type != FM_VAL_NUMBER && needle.type != FM_VAL_STRING)
        return -1;
    const fm_expr *h = e->args[1];
    if (h->op == OP_LITERAL && h->type == EXPR_ARRAY) {
        set_bool(out, in_items(&needle, h->items, h->nitems));
        return 0;
    }
    if (expr_eval(h, ctx, &hay)) return -1;
    switch (hay.type) {
    case FM_VAL_NULL:
        set_bool(out, 0);
        return 0;
    case FM_VAL_STRING: {
        /* JavaScript's indexOf turns the needle into text first. */
        if (needle.type == FM_VAL_NULL) { set_bool(out, strstr(hay.string, "null") != NULL); return 0; }
        const char *s = expr_to_string(&needle, ctx);
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
    default:
        return -1;
    }
}

static int eval_match(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    fm_value in;
    if (expr_eval(e->args[0], ctx, &in)) return -1;
    /* An input of another type than the labels takes the fallback. */
    for (int i = 0; i < e->nitems; i++)
        if (values_equal(&in, &e->items[i]))
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
        const char *s = expr_to_string(&v, ctx);
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

/* JavaScript's Number(text): blanks around, "" is 0, decimal, hex with
** 0x, Infinity; anything else is not a number. */
static int js_to_number(const char *s, double *out)
{
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r'))) n--;
    char buf[128];
    if (n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (n == 0) {
        *out = 0;
        return 0;
    }
    const char *p = buf;
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (strcmp(p, "Infinity") == 0) {
        *out = sign * HUGE_VAL;
        return 0;
    }
    if (p == buf && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
        double x = 0;
        for (const char *q = p + 2; *q; q++) {
            int d = *q >= '0' && *q <= '9' ? *q - '0' : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
                  : *q >= 'A' && *q <= 'F' ? *q - 'A' + 10 : -1;
            if (d < 0) return -1;
            x = x * 16 + d;
        }
        *out = x;
        return 0;
    }
    /* digits [. digits] [e [sign] digits], at least one digit before e. */
    const char *q = p;
    int digits = 0;
    while (*q >= '0' && *q <= '9') q++, digits++;
    if (*q == '.') for (q++; *q >= '0' && *q <= '9'; q++) digits++;
    if (!digits) return -1;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) return -1;
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q) return -1;
    *out = strtod(buf, NULL);
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
            if (js_to_number(v.string, &x) == 0) {
                set_number(out, x);
                return 0;
            }
            break;
        default:
            break;
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

int expr_value_to_color(const fm_value *v, fm_color *out)
{
    if (v->type == FM_VAL_COLOR) {
        *out = v->color;
        return 0;
    }
    if (v->type == FM_VAL_STRING) return fm_color_parse(v->string, out, NULL);
    return -1;
}

static int eval_to_color(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    for (int i = 0; i < e->nargs; i++) {
        fm_value v;
        fm_color c;
        if (expr_eval(e->args[i], ctx, &v)) return -1;
        if (expr_value_to_color(&v, &c) == 0 ||
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
    fm_value_type want = e->op == OP_NUMBER ? FM_VAL_NUMBER :
                         e->op == OP_STRING ? FM_VAL_STRING : FM_VAL_BOOL;
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
        for (int i = 0; i < a->count; i++)
            out->numbers[i] = lerp(a->numbers[i], b->numbers[i], t);
        return 0;
    }
    if (expr_value_to_color(a, &ca) == 0 && expr_value_to_color(b, &cb) == 0) {
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

int expr_eval(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out)
{
    const char *key;
    fm_value a, b;
    int x;
    switch (e->op) {
    case OP_LITERAL:
        if (e->mixed) return -1;
        *out = e->value;
        return 0;
    case OP_GET:
        if (eval_key(e, ctx, &key)) return -1;
        if (!lookup(ctx->props, key, out)) set_null(out);
        return 0;
    case OP_HAS:
        /* OGR gives every feature every field: an unset (null) field is
        ** the same as a missing one. */
        if (eval_key(e, ctx, &key)) return -1;
        set_bool(out, lookup(ctx->props, key, &a) && a.type != FM_VAL_NULL);
        return 0;
    case OP_GLOBAL_STATE:
        if (!lookup(ctx->state, e->key, out) || out->type == FM_VAL_NULL) *out = e->value;
        return 0;
    case OP_GEOMETRY_TYPE:
        if (ctx->geometry_type) set_string(out, ctx->geometry_type);
        else set_null(out);
        return 0;
    case OP_ZOOM:
        set_number(out, ctx->zoom);
        return 0;
    case OP_EQ:
    case OP_NE:
        if (expr_eval(e->args[0], ctx, &a) || expr_eval(e->args[1], ctx, &b)) return -1;
        set_bool(out, values_equal(&a, &b) == (e->op == OP_EQ));
        return 0;
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        return eval_order(e, ctx, out);
    case OP_NOT:
        if (eval_bool(e->args[0], ctx, &x)) return -1;
        set_bool(out, !x);
        return 0;
    case OP_ALL:
    case OP_ANY:
        return eval_all_any(e, ctx, out);
    case OP_IN:
        return eval_in(e, ctx, out);
    case OP_IN_LIST:
        if (expr_eval(e->args[0], ctx, &a)) return -1;
        set_bool(out, in_items(&a, e->items, e->nitems));
        return 0;
    case OP_MATCH:
        return eval_match(e, ctx, out);
    case OP_CASE:
        return eval_case(e, ctx, out);
    case OP_COALESCE:
        return eval_coalesce(e, ctx, out);
    case OP_CONCAT:
        return eval_concat(e, ctx, out);
    case OP_UPCASE:
    case OP_DOWNCASE:
        if (expr_eval(e->args[0], ctx, &a) || a.type != FM_VAL_STRING) return -1;
        key = expr_case_map(a.string, e->op == OP_UPCASE, ctx);
        if (!key) return -1;
        set_string(out, key);
        return 0;
    case OP_TO_STRING:
        if (expr_eval(e->args[0], ctx, &a)) return -1;
        key = expr_to_string(&a, ctx);
        if (!key) return -1;
        set_string(out, key);
        return 0;
    case OP_TO_NUMBER:
        return eval_to_number(e, ctx, out);
    case OP_TO_BOOLEAN:
        return eval_to_boolean(e, ctx, out);
    case OP_TO_COLOR:
        return eval_to_color(e, ctx, out);
    case OP_NUMBER:
    case OP_STRING:
    case OP_BOOLEAN:
        return eval_assert(e, ctx, out);
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    case OP_MOD:
    case OP_MIN:
    case OP_MAX:
        return eval_arithmetic(e, ctx, out);
    case OP_STEP:
        return eval_step(e, ctx, out);
    case OP_INTERPOLATE:
        return eval_interpolate(e, ctx, out);
    case OP_RGB:
    case OP_RGBA:
        return eval_rgb(e, ctx, out);
    }
    return -1;
}

/* ====================================================================== */
/* Text                                                                   */
/* ====================================================================== */

/* JavaScript's Number.prototype.toString: the shortest digits that read
** back as the same double, laid out fixed for 1e-7 < |x| < 1e21 and
** exponential otherwise. */
void expr_format_number(double x, char *buf, size_t size)
{
    if (isnan(x)) { snprintf(buf, size, "NaN"); return; }
    if (isinf(x)) { snprintf(buf, size, x < 0 ? "-Infinity" : "Infinity"); return; }
    if (x == 0) { snprintf(buf, size, "0"); return; }
    char tmp[40], digits[24], out[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, x);
        if (strtod(tmp, NULL) == x) break;
    }
    int neg = tmp[0] == '-', k = 0;
    const char *p = tmp + neg;
    for (; *p && *p != 'e' && k < 20; p++)
        if (*p != '.') digits[k++] = *p;
    int point = atoi(p + 1) + 1;            /* digits before the decimal point */
    while (k > 1 && digits[k - 1] == '0') k--;
    digits[k] = '\0';

    size_t o = 0;
    if (neg) out[o++] = '-';
    if (k <= point && point <= 21) {
        for (int i = 0; i < point; i++) out[o++] = i < k ? digits[i] : '0';
    } else if (0 < point && point <= 21) {
        for (int i = 0; i < k; i++) {
            if (i == point) out[o++] = '.';
            out[o++] = digits[i];
        }
    } else if (-6 < point && point <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -point; i++) out[o++] = '0';
        for (int i = 0; i < k; i++) out[o++] = digits[i];
    } else {
        out[o++] = digits[0];
        if (k > 1) out[o++] = '.';
        for (int i = 1; i < k; i++) out[o++] = digits[i];
        o += (size_t)snprintf(out + o, sizeof out - o, "e%c%d", point - 1 >= 0 ? '+' : '-',
                              abs(point - 1));
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}

const char *expr_to_string(const fm_value *v, fm_eval_ctx *ctx)
{
    char buf[96];
    switch (v->type) {
    case FM_VAL_NULL: return "";
    case FM_VAL_BOOL: return v->boolean ? "true" : "false";
    case FM_VAL_STRING: return v->string ? v->string : "";
    case FM_VAL_NUMBER:
        expr_format_number(v->number, buf, sizeof buf);
        return scratch_dup(ctx, buf);
    case FM_VAL_COLOR: {
        /* MapLibre's Color.toString: rgba(255,0,0,1). */
        char a[32];
        expr_format_number(v->color.a, a, sizeof a);
        snprintf(buf, sizeof buf, "rgba(%d,%d,%d,%s)", (int)lround(v->color.r * 255),
                 (int)lround(v->color.g * 255), (int)lround(v->color.b * 255), a);
        return scratch_dup(ctx, buf);
    }
    case FM_VAL_NUMBERS:
    case FM_VAL_STRINGS: {
        /* JSON, as JSON.stringify would write it (strings unescaped). */
        size_t start = ctx->scratch_used;
        char *p = scratch_alloc(ctx, 2);
        if (!p) return NULL;
        p[0] = '[';
        ctx->scratch_used--;
        for (int i = 0; i < v->count; i++) {
            char item[96];
            if (v->type == FM_VAL_NUMBERS) {
                expr_format_number(v->numbers[i], item, sizeof item);
                p = scratch_alloc(ctx, strlen(item) + 1 + (i > 0));
                if (!p) return NULL;
                sprintf(p, "%s%s", i ? "," : "", item);
            } else {
                p = scratch_alloc(ctx, strlen(v->strings[i]) + 3 + (i > 0));
                if (!p) return NULL;
                sprintf(p, "%s\"%s\"", i ? "," : "", v->strings[i]);
            }
            ctx->scratch_used--;            /* drop the NUL, keep appending */
        }
        p = scratch_alloc(ctx, 2);
        if (!p) return NULL;
        p[0] = ']';
        p[1] = '\0';
        return ctx->scratch + start;
    }
    }
    return "";
}

/* ---- case mapping ---------------------------------------------------- */

/* Decode one UTF-8 sequence; invalid bytes come back as themselves with
** length 1 (and are copied through untouched). */
static unsigned utf8_decode(const unsigned char *s, int *len)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n <= 1) {
        *len = 1;
        return n == 1 ? c : 0xFFFFFFFFu;
    }
    unsigned cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFFFFFFu;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

static int utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Ranges where upper and lower case alternate: even/odd code points. */
static int in_pairs(unsigned cp, unsigned first, unsigned last)
{
    return cp >= first && cp <= last;
}

/* Simple (one to one) case mapping of the scripts frontmap labels in:
** Latin (Azerbaijani Ə/ə, Ş, Ğ, Ç, Ö, Ü, ı), Greek, Cyrillic, Armenian. */
static unsigned to_upper_cp(unsigned c)
{
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c == 0xB5) return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    if (c == 0x259) return 0x18F;
    if ((in_pairs(c, 0x100, 0x12F) || in_pairs(c, 0x132, 0x137) || in_pairs(c, 0x14A, 0x177) ||
         in_pairs(c, 0x460, 0x481) || in_pairs(c, 0x48A, 0x4BF) || in_pairs(c, 0x4D0, 0x52F) ||
         in_pairs(c, 0x1E00, 0x1E95) || in_pairs(c, 0x1EA0, 0x1EFF)) && (c & 1))
        return c - 1;
    if ((in_pairs(c, 0x139, 0x148) || in_pairs(c, 0x179, 0x17E) || in_pairs(c, 0x4C1, 0x4CE)) &&
        !(c & 1))
        return c - 1;
    if (c == 0x4CF) return 0x4C0;
    if (c == 0x3C2) return 0x3A3;
    if ((c >= 0x3B1 && c <= 0x3C1) || (c >= 0x3C3 && c <= 0x3CB)) return c - 32;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 37;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 63;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    if (c >= 0x561 && c <= 0x586) return c - 48;
    return c;
}

static unsigned to_lower_cp(unsigned c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c == 0x18F) return 0x259;
    if (c == 0x1E9E) return 0xDF;
    if ((in_pairs(c, 0x100, 0x12F) || in_pairs(c, 0x132, 0x137) || in_pairs(c, 0x14A, 0x177) ||
         in_pairs(c, 0x460, 0x481) || in_pairs(c, 0x48A, 0x4BF) || in_pairs(c, 0x4D0, 0x52F) ||
         in_pairs(c, 0x1E00, 0x1E95) || in_pairs(c, 0x1EA0, 0x1EFF)) && !(c & 1))
        return c + 1;
    if ((in_pairs(c, 0x139, 0x148) || in_pairs(c, 0x179, 0x17E) || in_pairs(c, 0x4C1, 0x4CE)) &&
        (c & 1))
        return c + 1;
    if (c == 0x4C0) return 0x4CF;
    if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB)) return c + 32;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x531 && c <= 0x556) return c + 48;
    return c;
}

/* The few letters whose other case is two letters, as JavaScript's
** toUpperCase/toLowerCase give them. */
static const char *special_case(unsigned c, int upper)
{
    if (upper && c == 0xDF) return "SS";
    if (upper && c == 0x587) return "\xD4\xB5\xD5\x92";     /* և -> ԵՒ */
    if (!upper && c == 0x130) return "i\xCC\x87";          /* İ -> i̇ */
    return NULL;
}

const char *expr_case_map(const char *text, int upper, fm_eval_ctx *ctx)
{
    size_t start = ctx->scratch_used, o = start;
    const unsigned char *s = (const unsigned char *)text;
    char *buf = ctx->scratch;
    while (*s) {
        int len;
        unsigned cp = utf8_decode(s, &len);
        char enc[8];
        const char *sp = cp == 0xFFFFFFFFu ? NULL : special_case(cp, upper);
        int n;
        if (cp == 0xFFFFFFFFu) {
            enc[0] = (char)s[0];
            n = 1;
        } else if (sp) {
            n = (int)strlen(sp);
            memcpy(enc, sp, (size_t)n);
        } else {
            n = utf8_encode(upper ? to_upper_cp(cp) : to_lower_cp(cp), enc);
        }
        if (o + (size_t)n + 1 > sizeof ctx->scratch) return NULL;
        memcpy(buf + o, enc, (size_t)n);
        o += (size_t)n;
        s += len;
    }
    buf[o] = '\0';
    ctx->scratch_used = o + 1;
    return buf + start;
}
