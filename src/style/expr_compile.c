/*
** expr_compile.c -- JSON to an expression tree (see expr.h): messages and
** JSON paths, literals, the operator table and one compile function per
** family of operators, with every arity and type problem reported at load.
** Legacy filters, {tokens} and {"stops"} functions are expr_legacy.c's.
*/
#include "style/expr_compile.h"
#include "style/number.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Messages and JSON paths                                                */
/* ====================================================================== */

void expr_compiler_init(expr_compiler *c, const char *file, json_t *state, fm_error *err,
                        const char *path)
{
    c->file = file;
    c->state = state;
    c->err = err;
    c->depth = 0;
    snprintf(c->path, sizeof c->path, "%s", path);
    c->pathlen = strlen(c->path);
}

/* Every message is "<file>: <JSON path>: <what is wrong>". */
fm_expr *expr_fail(expr_compiler *c, const char *fmt, ...)
{
    char msg[FM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fm_error_set(c->err, "%s: %s: %s", c->file, c->path, msg);
    return NULL;
}

fm_expr *expr_fail_oom(expr_compiler *c)
{
    return expr_fail(c, "out of memory");
}

/* Append to the path; returns the old length for path_pop. */

size_t expr_path_push(expr_compiler *c, const char *fmt, ...)
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

void expr_path_pop(expr_compiler *c, size_t old)
{
    c->pathlen = old;
    c->path[old] = '\0';
}

const char *expr_type_name(expr_type t)
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
        if (t->max < HUGE_VAL) snprintf(buf, size, "a number from %g to %g", t->min, t->max);
        else snprintf(buf, size, "a number >= %g", t->min);
        return;
    }
    if (t->type == EXPR_ARRAY && t->item != EXPR_ANY) {
        const char *items = t->item == EXPR_NUMBER ? "numbers" : "strings";
        if (t->count) snprintf(buf, size, "an array of %d %s", t->count, items);
        else snprintf(buf, size, "an array of %s", items);
        return;
    }
    if (t->any_scalar) {
        snprintf(buf, size, "a string");
        return;
    }
    snprintf(buf, size, "%s", expr_type_name(t->type));
}

/* The offending JSON, short enough for a message. */
void expr_json_snippet(json_t *j, char *buf, size_t size)
{
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!s) snprintf(buf, size, "?");
    else if (strlen(s) > 60) snprintf(buf, size, "%.57s...", s);
    else snprintf(buf, size, "%s", s);
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
    expr_json_snippet(got, snippet, sizeof snippet);
    return expr_fail(c, "expected %s%s, got %s%s", want, c->depth == 0 ? " or an expression" : "",
                     snippet, extra ? extra : "");
}

/* ====================================================================== */
/* Literals                                                               */
/* ====================================================================== */

/* A JSON scalar as a value (strings borrowed from the document). */
int expr_json_scalar(json_t *j, fm_value *v)
{
    switch (json_typeof(j)) {
    case JSON_NULL: *v = (fm_value){ .type = FM_VAL_NULL }; return 0;
    case JSON_TRUE: *v = (fm_value){ .type = FM_VAL_BOOL, .boolean = 1 }; return 0;
    case JSON_FALSE: *v = (fm_value){ .type = FM_VAL_BOOL, .boolean = 0 }; return 0;
    case JSON_INTEGER:
    case JSON_REAL:
        *v = (fm_value){ .type = FM_VAL_NUMBER, .number = json_number_value(j) };
        return 0;
    case JSON_STRING:
        *v = (fm_value){ .type = FM_VAL_STRING, .string = json_string_value(j) };
        return 0;
    default: return -1;
    }
}

expr_type expr_value_type(const fm_value *v)
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
    if (!json_is_array(j)) return expr_json_scalar(j, v);
    fm_value items[FM_VALUE_MAX_ITEMS];
    size_t n = json_array_size(j);
    if (n > FM_VALUE_MAX_ITEMS) return -1;
    for (size_t i = 0; i < n; i++)
        if (expr_json_scalar(json_array_get(j, i), &items[i])) return -1;
    return pack_items(items, (int)n, EXPR_ANY, v);
}

fm_expr *expr_literal_node(expr_compiler *c, const fm_value *v)
{
    fm_expr *e = expr_node_new(OP_LITERAL, expr_value_type(v), 0);
    if (!e) return expr_fail_oom(c);
    e->value = *v;
    return e;
}

int expr_in_enums(const char *const *enums, const char *s)
{
    for (int i = 0; enums[i]; i++)
        if (strcmp(enums[i], s) == 0) return 1;
    return 0;
}

/* A JSON string, number, boolean or null where `t` is expected. */
static fm_expr *compile_scalar(expr_compiler *c, json_t *j, const expr_target *t)
{
    fm_value v;
    if (!j) return expr_fail(c, "missing value");
    if (expr_json_scalar(j, &v)) return fail_expected(c, j, t, NULL);
    expr_type type = expr_value_type(&v);

    /* MapLibre's text-field expands {tokens} in a plain string only. */
    if (type == EXPR_STRING && t->tokens && c->depth == 0 && expr_has_token(v.string))
        return expr_compile_tokens(c, v.string);

    /* A colour is written as a string; parse it now, not per feature. */
    if (type == EXPR_STRING && t->type == EXPR_COLOR) {
        if (fm_color_parse(v.string, &v.color, NULL))
            return fail_expected(c, j, t,
                                 "; colours are #rgb, #rgba, #rrggbb, "
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
    if (type == EXPR_STRING && t->enums && !expr_in_enums(t->enums, v.string))
        return fail_expected(c, j, t, NULL);
    return expr_literal_node(c, &v);
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
        return expr_fail(c, "an array value may have at most %d items, this one has %zu",
                         FM_VALUE_MAX_ITEMS, n);
    fm_expr *e = expr_node_new(OP_LITERAL, EXPR_ARRAY, 0);
    if (!e || (n && !(e->items = calloc(n, sizeof *e->items)))) {
        expr_free(e);
        return expr_fail_oom(c);
    }
    e->nitems = (int)n;
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(j, i);
        fm_value *v = &e->items[i];
        size_t old = expr_path_push(c, "[%zu]", i);
        int bad = expr_json_scalar(item, v) != 0;
        if (!bad && t->type == EXPR_ARRAY) {
            bad = (t->item == EXPR_NUMBER && v->type != FM_VAL_NUMBER) ||
                  (t->item == EXPR_STRING && v->type != FM_VAL_STRING) ||
                  (t->item == EXPR_NUMBER && t->has_range &&
                   !(v->number >= t->min && v->number <= t->max));
        }
        if (bad) {
            char want[256], got[80];
            expr_target it = {
                .type = t->item, .has_range = t->has_range, .min = t->min, .max = t->max
            };
            target_describe(&it, want, sizeof want);
            expr_json_snippet(item, got, sizeof got);
            expr_fail(c, "expected %s, got %s",
                      t->type == EXPR_ARRAY
                          ? want
                          : "a string, number, boolean or null (arrays hold plain values)",
                      got);
            expr_path_pop(c, old);
            expr_free(e);
            return NULL;
        }
        expr_path_pop(c, old);
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
    int min, max;          /* argument counts; max -1 = no limit */
    expr_type arg, result; /* for compile_simple */
    int depends;           /* what the operator itself reads */
    compile_fn compile;
};

static fm_expr *compile_simple(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_literal(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_key(expr_compiler *, json_t *, const op_def *, const expr_target *);
static fm_expr *compile_global_state(expr_compiler *, json_t *, const op_def *,
                                     const expr_target *);
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
    { "get", OP_GET, 1, 2, S, A, F, compile_key },
    { "has", OP_HAS, 1, 2, S, B, F, compile_key },
    { "!has", OP_HAS, 1, 1, S, B, F, compile_key },
    { "literal", OP_LITERAL, 1, 1, A, A, 0, compile_literal },
    { "global-state", OP_GLOBAL_STATE, 1, 1, S, A, EXPR_DEP_STATE, compile_global_state },
    { "geometry-type", OP_GEOMETRY_TYPE, 0, 0, A, S, F, compile_simple },
    { "zoom", OP_ZOOM, 0, 0, A, N, EXPR_DEP_ZOOM, compile_simple },
    { "==", OP_EQ, 2, 3, A, B, 0, compile_compare },
    { "!=", OP_NE, 2, 3, A, B, 0, compile_compare },
    { "<", OP_LT, 2, 3, A, B, 0, compile_compare },
    { "<=", OP_LE, 2, 3, A, B, 0, compile_compare },
    { ">", OP_GT, 2, 3, A, B, 0, compile_compare },
    { ">=", OP_GE, 2, 3, A, B, 0, compile_compare },
    { "!", OP_NOT, 1, 1, B, B, 0, compile_simple },
    { "all", OP_ALL, 0, -1, B, B, 0, compile_simple },
    { "any", OP_ANY, 0, -1, B, B, 0, compile_simple },
    { "in", OP_IN, 2, 2, A, B, 0, compile_in },
    { "match", OP_MATCH, 4, -1, A, A, 0, compile_match },
    { "case", OP_CASE, 3, -1, A, A, 0, compile_case },
    { "coalesce", OP_COALESCE, 1, -1, A, A, 0, compile_coalesce },
    { "concat", OP_CONCAT, 1, -1, A, S, 0, compile_simple },
    { "upcase", OP_UPCASE, 1, 1, S, S, 0, compile_simple },
    { "downcase", OP_DOWNCASE, 1, 1, S, S, 0, compile_simple },
    { "to-string", OP_TO_STRING, 1, 1, A, S, 0, compile_simple },
    { "to-number", OP_TO_NUMBER, 1, -1, A, N, 0, compile_simple },
    { "to-boolean", OP_TO_BOOLEAN, 1, 1, A, B, 0, compile_simple },
    { "to-color", OP_TO_COLOR, 1, -1, A, C, 0, compile_simple },
    { "number", OP_NUMBER, 1, -1, A, N, 0, compile_simple },
    { "string", OP_STRING, 1, -1, A, S, 0, compile_simple },
    { "boolean", OP_BOOLEAN, 1, -1, A, B, 0, compile_simple },
    { "+", OP_ADD, 2, -1, N, N, 0, compile_simple },
    { "-", OP_SUB, 1, 2, N, N, 0, compile_simple },
    { "*", OP_MUL, 2, -1, N, N, 0, compile_simple },
    { "/", OP_DIV, 2, 2, N, N, 0, compile_simple },
    { "%", OP_MOD, 2, 2, N, N, 0, compile_simple },
    { "min", OP_MIN, 1, -1, N, N, 0, compile_simple },
    { "max", OP_MAX, 1, -1, N, N, 0, compile_simple },
    { "step", OP_STEP, 2, -1, A, A, 0, compile_step },
    { "interpolate", OP_INTERPOLATE, 4, -1, A, A, 0, compile_interpolate },
    { "rgb", OP_RGB, 3, 3, N, C, 0, compile_simple },
    { "rgba", OP_RGBA, 4, 4, N, C, 0, compile_simple },
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
static fm_expr *compile_at(expr_compiler *c, json_t *json, size_t index, const expr_target *t)
{
    size_t old = expr_path_push(c, "[%zu]", index);
    c->depth++;
    fm_expr *e = expr_compile(c, json_array_get(json, index), t);
    c->depth--;
    expr_path_pop(c, old);
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
    if (t->type == EXPR_ANY || got == EXPR_ANY || got == EXPR_NULL || got == t->type) return 1;
    if (t->any_scalar) return 1;                               /* shown as text */
    if (t->type == EXPR_COLOR && got == EXPR_STRING) return 1; /* parsed */
    if (t->type == EXPR_ARRAY && t->item == EXPR_STRING && got == EXPR_STRING)
        return 1; /* one font */
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
    size_t old = expr_path_push(c, "[%zu]", index);
    expr_fail(c, "every output must have the same type: this one is %s, an earlier one is %s",
              expr_type_name(got), expr_type_name(*acc));
    expr_path_pop(c, old);
    return -1;
}

static fm_expr *compile_operator(expr_compiler *c, json_t *json, const op_def *op,
                                 const expr_target *t)
{
    int nargs = (int)json_array_size(json) - 1;
    if (nargs < op->min || (op->max >= 0 && nargs > op->max)) {
        int want = nargs < op->min ? op->min : op->max;
        const char *how = op->min == op->max ? "exactly" : nargs < op->min ? "at least" : "at most";
        return expr_fail(c,
                         "wrong number of arguments: \"%s\" takes %s %d argument%s, "
                         "got %d",
                         op->name, how, want, want == 1 ? "" : "s", nargs);
    }
    fm_expr *e = op->compile(c, json, op, t);
    if (!e) return NULL;
    e->depends |= op->depends;
    if (!result_fits(e->type, t)) {
        char want[256];
        expr_type got = e->type;
        expr_target shown = *t;
        shown.has_range = 0; /* a type error: name the type */
        target_describe(&shown, want, sizeof want);
        expr_free(e);
        return expr_fail(c, "expected %s, but \"%s\" gives %s", want, op->name,
                         expr_type_name(got));
    }
    return e;
}

fm_expr *expr_compile(expr_compiler *c, json_t *json, const expr_target *t)
{
    if (c->depth > EXPR_MAX_DEPTH)
        return expr_fail(c, "expression nested more than %d levels deep", EXPR_MAX_DEPTH);
    if (json_is_array(json) && json_array_size(json) > 0 &&
        json_is_string(json_array_get(json, 0))) {
        const char *name = json_string_value(json_array_get(json, 0));
        const op_def *op = op_find(name);
        if (op) return compile_operator(c, json, op, t);
        /* ["Noto Sans Regular"] is a value where an array is expected. */
        if (t->type != EXPR_ARRAY) {
            char known[1024];
            op_names(known, sizeof known);
            return expr_fail(c, "unknown expression operator \"%s\"; known: %s", name, known);
        }
    }
    if (json_is_array(json)) {
        if (t->type == EXPR_ARRAY) return compile_array(c, json, t);
        return fail_expected(c, json, t,
                             "; an expression starts with its operator "
                             "(e.g. [\"get\", \"name\"]) and an array value is written "
                             "[\"literal\", [...]]");
    }
    if (json_is_object(json)) {
        if (t->functions && c->depth == 0) return expr_compile_function(c, json, t);
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
    fm_expr *e = expr_node_new(op->op, op->result, n);
    if (!e) return expr_fail_oom(c);
    expr_target at = plain_target(op->arg);
    for (int i = 0; i < n; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, &at);
        if (!a) {
            expr_free(e);
            return NULL;
        }
        expr_node_set_arg(e, i, a);
    }
    return e;
}

/* ["literal", value]: the one way to write an array inside an expression. */
static fm_expr *compile_literal(expr_compiler *c, json_t *json, const op_def *op,
                                const expr_target *t)
{
    (void)op;
    json_t *v = json_array_get(json, 1);
    size_t old = expr_path_push(c, "[1]");
    c->depth++;
    fm_expr *e;
    if (json_is_array(v)) e = compile_array(c, v, t);
    else if (json_is_object(v)) e = expr_fail(c, "objects are not supported as values");
    else e = compile_scalar(c, v, t);
    c->depth--;
    expr_path_pop(c, old);
    return e;
}

/* get, has, !has: the key is a string, or an expression giving one
** (["get", ["concat", "name_", ["global-state", "lang"]]]). */
static fm_expr *compile_key(expr_compiler *c, json_t *json, const op_def *op, const expr_target *t)
{
    (void)t;
    if (json_array_size(json) > 2)
        return expr_fail(c,
                         "[\"%s\", key, object] reads from an object value; frontmap has "
                         "none, write [\"%s\", key]",
                         op->name, op->name);
    json_t *k = json_array_get(json, 1);
    int constant = json_is_string(k);
    fm_expr *e = expr_node_new(op->op, op->result, constant ? 0 : 1);
    if (!e) return expr_fail_oom(c);
    if (constant) {
        e->key = json_string_value(k);
    } else {
        expr_target st = plain_target(EXPR_STRING);
        fm_expr *a = compile_at(c, json, 1, &st);
        if (!a) {
            expr_free(e);
            return NULL;
        }
        expr_node_set_arg(e, 0, a);
    }
    if (strcmp(op->name, "!has") == 0) {
        fm_expr *not = expr_node_new(OP_NOT, EXPR_BOOL, 1);
        if (!not ) {
            expr_free(e);
            return expr_fail_oom(c);
        }
        e->depends |= EXPR_DEP_FEATURE;
        expr_node_set_arg(not, 0, e);
        e = not ;
    }
    return e;
}

/* ["global-state", "lang"]: the default from the root "state" is looked up
** now; the value the caller sets wins at evaluation. */
static fm_expr *compile_global_state(expr_compiler *c, json_t *json, const op_def *op,
                                     const expr_target *t)
{
    (void)op;
    (void)t;
    json_t *k = json_array_get(json, 1);
    if (!json_is_string(k)) {
        expr_path_push(c, "[1]");
        return expr_fail(c, "the state name must be a literal string, e.g. "
                            "[\"global-state\", \"lang\"]");
    }
    fm_expr *e = expr_node_new(OP_GLOBAL_STATE, EXPR_ANY, 0);
    if (!e) return expr_fail_oom(c);
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
        expr_path_push(c, "[3]");
        return expr_fail(c, "collators are not supported");
    }
    int ordering = op->op != OP_EQ && op->op != OP_NE;
    fm_expr *e = expr_node_new(op->op, EXPR_BOOL, 2);
    if (!e) return expr_fail_oom(c);
    for (int i = 0; i < 2; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, &ANY_TARGET);
        if (!a) goto bad;
        expr_node_set_arg(e, i, a);
        expr_type at = a->type;
        int ok = at == EXPR_ANY || at == EXPR_NUMBER || at == EXPR_STRING ||
                 (!ordering && (at == EXPR_NULL || at == EXPR_BOOL));
        if (!ok) {
            expr_path_push(c, "[%d]", i + 1);
            expr_fail(c, "\"%s\" compares %s, not %s", op->name,
                      ordering ? "numbers or strings" : "strings, numbers, booleans or null",
                      expr_type_name(at));
            goto bad;
        }
    }
    expr_type a = e->args[0]->type, b = e->args[1]->type;
    if (concrete(a) && concrete(b) && a != b) {
        expr_fail(c, "cannot compare %s with %s; convert one side with to-number or to-string",
                  expr_type_name(a), expr_type_name(b));
        goto bad;
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* ["in", needle, haystack]: haystack is an array or a string. */
static fm_expr *compile_in(expr_compiler *c, json_t *json, const op_def *op, const expr_target *t)
{
    (void)op;
    (void)t;
    fm_expr *e = expr_node_new(OP_IN, EXPR_BOOL, 2);
    if (!e) return expr_fail_oom(c);
    for (int i = 0; i < 2; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, &ANY_TARGET);
        if (!a) goto bad;
        expr_node_set_arg(e, i, a);
    }
    expr_type needle = e->args[0]->type, hay = e->args[1]->type;
    if (needle == EXPR_COLOR || needle == EXPR_ARRAY) {
        expr_path_push(c, "[1]");
        expr_fail(c, "the needle must be a string, number, boolean or null, not %s",
                  expr_type_name(needle));
        goto bad;
    }
    if (hay != EXPR_ANY && hay != EXPR_ARRAY && hay != EXPR_STRING) {
        expr_path_push(c, "[2]");
        expr_fail(c, "the haystack must be an array ([\"literal\", [...]]) or a string, not %s",
                  expr_type_name(hay));
        goto bad;
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* One label of a match (or a categorical function's stop input). */
int expr_match_label(expr_compiler *c, json_t *lab, int need_integer, fm_value *v,
                     expr_type *label_type)
{
    char got[80];
    expr_json_snippet(lab, got, sizeof got);
    if (expr_json_scalar(lab, v) || v->type == FM_VAL_NULL ||
        (need_integer && v->type == FM_VAL_BOOL)) {
        expr_fail(c, "labels must be strings or numbers (or arrays of them), got %s", got);
        return -1;
    }
    if (need_integer && v->type == FM_VAL_NUMBER && v->number != floor(v->number)) {
        expr_fail(c, "numeric labels must be integers, got %s", got);
        return -1;
    }
    expr_type lt = expr_value_type(v);
    if (*label_type == EXPR_ANY) {
        *label_type = lt;
    } else if (lt != *label_type) {
        expr_fail(c, "labels must all have one type: %s is %s, an earlier label is %s", got,
                  expr_type_name(lt), expr_type_name(*label_type));
        return -1;
    }
    return 0;
}

/* Add a label for output `branch`, refusing duplicates. */
int expr_match_add_label(expr_compiler *c, fm_expr *e, const fm_value *v, int branch)
{
    for (int q = 0; q < e->nitems; q++)
        if (fm_value_equal(&e->items[q], v)) {
            char text[80];
            if (v->type == FM_VAL_STRING) snprintf(text, sizeof text, "\"%s\"", v->string);
            else fm_number_format(v->number, text, sizeof text);
            expr_fail(c, "label %s appears twice", text);
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
        return expr_fail(c,
                         "\"match\" takes an input, label/output pairs and a fallback "
                         "([\"match\", input, label, output, ..., fallback]), got %zu "
                         "arguments",
                         n - 1);
    int npairs = (int)(n - 3) / 2, nlabels = 0;
    for (int p = 0; p < npairs; p++) {
        json_t *l = json_array_get(json, 2 + 2 * (size_t)p);
        nlabels += json_is_array(l) ? (int)json_array_size(l) : 1;
    }
    fm_expr *e = expr_node_new(OP_MATCH, EXPR_ANY, npairs + 2);
    if (!e) return expr_fail_oom(c);
    e->items = calloc((size_t)nlabels + 1, sizeof *e->items);
    e->branch = calloc((size_t)nlabels + 1, sizeof *e->branch);
    if (!e->items || !e->branch) {
        expr_free(e);
        return expr_fail_oom(c);
    }
    fm_expr *input = compile_at(c, json, 1, &ANY_TARGET);
    if (!input) goto bad;
    expr_node_set_arg(e, 0, input);
    if (input->type != EXPR_ANY && input->type != EXPR_STRING && input->type != EXPR_NUMBER) {
        expr_path_push(c, "[1]");
        expr_fail(c, "the input must be a string or a number, not %s", expr_type_name(input->type));
        goto bad;
    }

    expr_type label_type = EXPR_ANY;
    for (int p = 0; p < npairs; p++) {
        size_t idx = 2 + 2 * (size_t)p;
        json_t *l = json_array_get(json, idx);
        size_t old = expr_path_push(c, "[%zu]", idx);
        if (json_is_array(l) && json_array_size(l) == 0) {
            expr_fail(c, "an empty label array matches nothing");
            goto bad;
        }
        size_t m = json_is_array(l) ? json_array_size(l) : 1;
        for (size_t j = 0; j < m; j++) {
            size_t old2 = json_is_array(l) ? expr_path_push(c, "[%zu]", j) : c->pathlen;
            fm_value v;
            if (expr_match_label(c, json_is_array(l) ? json_array_get(l, j) : l, 1, &v,
                                 &label_type) ||
                expr_match_add_label(c, e, &v, p))
                goto bad;
            expr_path_pop(c, old2);
        }
        expr_path_pop(c, old);
    }
    if (input->type != EXPR_ANY && input->type != label_type) {
        expr_path_push(c, "[1]");
        expr_fail(c, "the input is %s but the labels are %ss", expr_type_name(input->type),
                  expr_type_name(label_type) + 2);
        goto bad;
    }

    expr_type acc = EXPR_ANY;
    for (int p = 0; p <= npairs; p++) {
        size_t idx = p < npairs ? 3 + 2 * (size_t)p : n - 1;
        fm_expr *out = compile_at(c, json, idx, t);
        if (!out) goto bad;
        expr_node_set_arg(e, 1 + p, out);
        if (unify(c, &acc, out, p == 0, t, idx)) goto bad;
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* ["case", condition, output, ..., fallback]; args in the same order. */
static fm_expr *compile_case(expr_compiler *c, json_t *json, const op_def *op, const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    if (nargs % 2 == 0)
        return expr_fail(c,
                         "\"case\" takes condition/output pairs and a fallback "
                         "([\"case\", condition, output, ..., fallback]), got %d arguments",
                         nargs);
    fm_expr *e = expr_node_new(OP_CASE, EXPR_ANY, nargs);
    if (!e) return expr_fail_oom(c);
    expr_target cond = plain_target(EXPR_BOOL);
    expr_type acc = EXPR_ANY;
    int first = 1;
    for (int i = 1; i <= nargs; i++) {
        int is_condition = i % 2 == 1 && i < nargs;
        fm_expr *a = compile_at(c, json, (size_t)i, is_condition ? &cond : t);
        if (!a) goto bad;
        expr_node_set_arg(e, i - 1, a);
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
    fm_expr *e = expr_node_new(OP_COALESCE, EXPR_ANY, nargs);
    if (!e) return expr_fail_oom(c);
    expr_type acc = EXPR_ANY;
    for (int i = 0; i < nargs; i++) {
        fm_expr *a = compile_at(c, json, (size_t)i + 1, t);
        if (!a) goto bad;
        expr_node_set_arg(e, i, a);
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
        expr_json_snippet(s, got, sizeof got);
        expr_path_push(c, "[%zu]", idx);
        expr_fail(c, "stop inputs must be literal numbers in strictly ascending order, got %s",
                  got);
        return -1;
    }
    stops[k] = json_number_value(s);
    return 0;
}

/* ["step", input, output0, stop1, output1, ...]: args input, output0,
** output1, ...; stops[k] is where args[2 + k] starts. */
static fm_expr *compile_step(expr_compiler *c, json_t *json, const op_def *op, const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    if (nargs % 2)
        return expr_fail(c,
                         "\"step\" takes an input, a first output and stop/output pairs "
                         "([\"step\", input, output, stop, output, ...]), got %d arguments",
                         nargs);
    int nstops = (nargs - 2) / 2;
    fm_expr *e = expr_node_new(OP_STEP, EXPR_ANY, 2 + nstops);
    if (!e) return expr_fail_oom(c);
    e->stops = calloc((size_t)nstops + 1, sizeof *e->stops);
    e->nitems = nstops;
    expr_target num = plain_target(EXPR_NUMBER);
    fm_expr *input = e->stops ? compile_at(c, json, 1, &num) : expr_fail_oom(c);
    if (!input) goto bad;
    expr_node_set_arg(e, 0, input);
    expr_type acc = EXPR_ANY;
    for (int k = -1; k < nstops; k++) {
        size_t idx = 3 + 2 * (size_t)(k + 1) - 1; /* the output */
        if (k >= 0 && stop_input(c, json, idx - 1, k, e->stops)) goto bad;
        fm_expr *out = compile_at(c, json, idx, t);
        if (!out) goto bad;
        expr_node_set_arg(e, 2 + k, out);
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
                           ? json_string_value(json_array_get(how, 0))
                           : NULL;
    size_t n = json_array_size(how);
    *base = 1;
    if (name && strcmp(name, "linear") == 0 && n == 1) return 0;
    if (name && strcmp(name, "exponential") == 0 && n == 2 &&
        json_is_number(json_array_get(how, 1)) && json_number_value(json_array_get(how, 1)) > 0) {
        *base = json_number_value(json_array_get(how, 1));
        return 0;
    }
    expr_path_push(c, "[1]");
    if (name && strcmp(name, "cubic-bezier") == 0)
        expr_fail(c, "cubic-bezier interpolation is not supported; use [\"linear\"] or "
                     "[\"exponential\", base]");
    else expr_fail(c, "expected [\"linear\"] or [\"exponential\", base] with base > 0");
    return -1;
}

/* ["interpolate", how, input, stop1, output1, ...]: args input, outputs. */
static fm_expr *compile_interpolate(expr_compiler *c, json_t *json, const op_def *op,
                                    const expr_target *t)
{
    (void)op;
    int nargs = (int)json_array_size(json) - 1;
    if (nargs % 2)
        return expr_fail(c,
                         "\"interpolate\" takes an interpolation type, an input and "
                         "stop/output pairs ([\"interpolate\", [\"linear\"], [\"zoom\"], "
                         "stop, output, ...]), got %d arguments",
                         nargs);
    double base;
    if (interpolation_base(c, json_array_get(json, 1), &base)) return NULL;
    int nstops = (nargs - 2) / 2;
    fm_expr *e = expr_node_new(OP_INTERPOLATE, EXPR_ANY, 1 + nstops);
    if (!e) return expr_fail_oom(c);
    e->base = base;
    e->stops = calloc((size_t)nstops, sizeof *e->stops);
    e->nitems = nstops;
    expr_target num = plain_target(EXPR_NUMBER);
    fm_expr *input = e->stops ? compile_at(c, json, 2, &num) : expr_fail_oom(c);
    if (!input) goto bad;
    expr_node_set_arg(e, 0, input);
    expr_type acc = EXPR_ANY;
    for (int k = 0; k < nstops; k++) {
        size_t idx = 3 + 2 * (size_t)k;
        if (stop_input(c, json, idx, k, e->stops)) goto bad;
        fm_expr *out = compile_at(c, json, idx + 1, t);
        if (!out) goto bad;
        expr_node_set_arg(e, 1 + k, out);
        if (unify(c, &acc, out, k == 0, t, idx + 1)) goto bad;
    }
    if (acc == EXPR_BOOL || (acc == EXPR_STRING && t->type != EXPR_COLOR)) {
        expr_fail(c, "\"interpolate\" blends numbers, colours and arrays of numbers, not %ss",
                  expr_type_name(acc) + 2);
        goto bad;
    }
    e->type = acc;
    return e;
bad:
    expr_free(e);
    return NULL;
}
