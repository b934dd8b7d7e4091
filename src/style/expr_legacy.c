/*
** expr_legacy.c -- the older forms a MapLibre style may still use,
** compiled into the same tree as expressions (see expr.h): legacy filters
** (["==", "kind", "river"]), {token} strings in text-field, and the
** {"stops": ...} functions of style v8's first years.
*/
#include "style/expr_compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (strcmp(op, "in") == 0) return n >= 3 && (!json_is_string(a1) || json_is_array(a2));
    if (strcmp(op, "!in") == 0 || strcmp(op, "!has") == 0 || strcmp(op, "none") == 0) return 0;
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
    fm_expr *e = expr_node_new(OP_NOT, EXPR_BOOL, 1);
    if (!e) {
        expr_free(inner);
        return expr_fail_oom(c);
    }
    expr_node_set_arg(e, 0, inner);
    return e;
}

static fm_expr *bool_node(expr_compiler *c, int b)
{
    fm_value v = { .type = FM_VAL_BOOL, .boolean = b };
    return expr_literal_node(c, &v);
}

/* What a legacy filter looks at: a property, or "$type" (the geometry). */
static fm_expr *legacy_key(expr_compiler *c, json_t *json)
{
    const char *key = json_string_value(json_array_get(json, 1));
    if (!key) {
        expr_path_push(c, "[1]");
        return expr_fail(c, "a legacy filter names a property with a string, e.g. "
                            "[\"==\", \"kind\", \"river\"]");
    }
    if (strcmp(key, "$id") == 0) {
        expr_path_push(c, "[1]");
        return expr_fail(c, "\"$id\" is not supported; filter on a property instead");
    }
    fm_expr *e = expr_node_new(strcmp(key, "$type") == 0 ? OP_GEOMETRY_TYPE : OP_GET, EXPR_ANY, 0);
    if (!e) return expr_fail_oom(c);
    if (e->op == OP_GET) e->key = key;
    e->depends = EXPR_DEP_FEATURE;
    return e;
}

static int legacy_value(expr_compiler *c, json_t *json, size_t i, int ordering, fm_value *v)
{
    json_t *j = json_array_get(json, i);
    if (expr_json_scalar(j, v) ||
        (ordering && v->type != FM_VAL_NUMBER && v->type != FM_VAL_STRING)) {
        char got[80];
        expr_json_snippet(j, got, sizeof got);
        expr_path_push(c, "[%zu]", i);
        expr_fail(c, "expected a string, number%s, got %s", ordering ? "" : ", boolean or null",
                  got);
        return -1;
    }
    return 0;
}

static fm_expr *compile_legacy(expr_compiler *c, json_t *json);

static fm_expr *compile_filter_at(expr_compiler *c, json_t *json, size_t i)
{
    json_t *f = json_array_get(json, i);
    size_t old = expr_path_push(c, "[%zu]", i);
    c->depth++;
    fm_expr *e = is_expression_filter(f) ? expr_compile(c, f, &BOOL_TARGET) : compile_legacy(c, f);
    c->depth--;
    expr_path_pop(c, old);
    return e;
}

static fm_expr *legacy_group(expr_compiler *c, json_t *json, const char *op)
{
    int n = (int)json_array_size(json) - 1;
    fm_expr *e = expr_node_new(strcmp(op, "all") == 0 ? OP_ALL : OP_ANY, EXPR_BOOL, n);
    if (!e) return expr_fail_oom(c);
    for (int i = 0; i < n; i++) {
        fm_expr *a = compile_filter_at(c, json, (size_t)i + 1);
        if (!a) {
            expr_free(e);
            return NULL;
        }
        expr_node_set_arg(e, i, a);
    }
    return strcmp(op, "none") == 0 ? wrap_not(c, e) : e;
}

/* ["==", key, v] ... [">=", key, v]. Like MapLibre's filter-< etc., an
** ordering between different types is false, not an error. */
static fm_expr *legacy_compare(expr_compiler *c, json_t *json, const char *op)
{
    static const struct {
        const char *name;
        expr_op op;
    } ops[] = {
        { "==", OP_EQ }, { "!=", OP_EQ }, { "<", OP_LT },
        { "<=", OP_LE }, { ">", OP_GT },  { ">=", OP_GE },
    };
    expr_op kind = OP_EQ;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strcmp(ops[i].name, op) == 0) kind = ops[i].op;
    size_t n = json_array_size(json);
    if (n != 3)
        return expr_fail(c,
                         "legacy [\"%s\", key, value] takes a key and a value, got %zu "
                         "arguments",
                         op, n - 1);
    fm_value v;
    if (legacy_value(c, json, 2, kind != OP_EQ, &v)) return NULL;
    fm_expr *e = expr_node_new(kind, EXPR_BOOL, 2);
    fm_expr *key = e ? legacy_key(c, json) : expr_fail_oom(c);
    fm_expr *val = key ? expr_literal_node(c, &v) : NULL;
    if (!val) {
        expr_free(key);
        expr_free(e);
        return NULL;
    }
    expr_node_set_arg(e, 0, key);
    expr_node_set_arg(e, 1, val);
    e->lenient = 1;
    return strcmp(op, "!=") == 0 ? wrap_not(c, e) : e;
}

/* ["in", key, v1, v2, ...] and ["!in", ...]: membership, strictly typed. */
static fm_expr *legacy_in(expr_compiler *c, json_t *json, const char *op)
{
    size_t n = json_array_size(json);
    if (n < 2) return expr_fail(c, "legacy [\"%s\", key, value, ...] needs a key", op);
    fm_expr *e = expr_node_new(OP_IN_LIST, EXPR_BOOL, 1);
    if (!e || !(e->items = calloc(n, sizeof *e->items))) {
        expr_free(e);
        return expr_fail_oom(c);
    }
    fm_expr *key = legacy_key(c, json);
    if (!key) goto bad;
    expr_node_set_arg(e, 0, key);
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
        return expr_fail(c, "legacy [\"%s\", key] takes one key, got %zu arguments", op,
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
        return expr_fail(c, "filter nested more than %d levels deep", EXPR_MAX_DEPTH);
    const char *op = json_is_array(json) ? json_string_value(json_array_get(json, 0)) : NULL;
    if (!op)
        return expr_fail(c, "expected a filter: an expression such as [\"==\", [\"get\", "
                            "\"kind\"], \"river\"], a legacy filter such as [\"==\", \"kind\", "
                            "\"river\"], or true/false");
    if (strcmp(op, "all") == 0 || strcmp(op, "any") == 0 || strcmp(op, "none") == 0)
        return legacy_group(c, json, op);
    if (strcmp(op, "in") == 0 || strcmp(op, "!in") == 0) return legacy_in(c, json, op);
    if (strcmp(op, "has") == 0 || strcmp(op, "!has") == 0) return legacy_has(c, json, op);
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

int expr_has_token(const char *s)
{
    const char *key;
    size_t n;
    return next_token(s, &key, &n) != NULL;
}

static fm_expr *owned_string_node(expr_compiler *c, const char *s, size_t n)
{
    fm_expr *e = expr_node_new(OP_LITERAL, EXPR_STRING, 0);
    if (!e || !(e->owned = dup_n(s, n))) {
        expr_free(e);
        return expr_fail_oom(c);
    }
    e->value = (fm_value){ .type = FM_VAL_STRING, .string = e->owned };
    return e;
}

/* ["to-string", ["get", key]] with the key owned by the node. */
static fm_expr *token_node(expr_compiler *c, const char *key, size_t n)
{
    fm_expr *get = expr_node_new(OP_GET, EXPR_ANY, 0);
    fm_expr *ts = expr_node_new(OP_TO_STRING, EXPR_STRING, 1);
    if (!get || !ts || !(get->owned = dup_n(key, n))) {
        expr_free(get);
        expr_free(ts);
        return expr_fail_oom(c);
    }
    get->key = get->owned;
    get->depends = EXPR_DEP_FEATURE;
    expr_node_set_arg(ts, 0, get);
    return ts;
}

/* "{name_en} ({name_ru})" -> ["concat", ["to-string", ["get", "name_en"]],
** " (", ...]; a missing property gives "" as in MapLibre. */
fm_expr *expr_compile_tokens(expr_compiler *c, const char *text)
{
    const char *s, *p, *key;
    size_t keylen;
    int nparts = 0;
    for (s = text; (p = next_token(s, &key, &keylen)); s = key + keylen + 1) nparts += (p > s) + 1;
    nparts += *s != '\0';
    fm_expr *e = expr_node_new(OP_CONCAT, EXPR_STRING, nparts);
    if (!e) return expr_fail_oom(c);
    int i = 0;
    for (s = text; (p = next_token(s, &key, &keylen)); s = key + keylen + 1) {
        fm_expr *lit = p > s ? owned_string_node(c, s, (size_t)(p - s)) : NULL;
        if (p > s && !lit) goto bad;
        if (lit) expr_node_set_arg(e, i++, lit);
        fm_expr *tok = token_node(c, key, keylen);
        if (!tok) goto bad;
        expr_node_set_arg(e, i++, tok);
    }
    if (*s) {
        fm_expr *lit = owned_string_node(c, s, strlen(s));
        if (!lit) goto bad;
        expr_node_set_arg(e, i++, lit);
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

static const char *const FUNCTION_KEYS[] = { "stops",   "base",       "type", "property",
                                             "default", "colorSpace", NULL };
static const char *const FUNCTION_TYPES[] = { "exponential", "interval", "categorical", "identity",
                                              NULL };

/* Checks of a function's own keys; *type gets the function type. */
static int function_keys(expr_compiler *c, json_t *obj, const expr_target *t, const char **type)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        size_t old = expr_path_push(c, ".%s", k);
        const char *s = json_string_value(v);
        if (!expr_in_enums(FUNCTION_KEYS, k)) {
            expr_fail(c, "unknown function key; known: stops, base, type, property, "
                         "default, colorSpace");
            return -1;
        }
        if ((strcmp(k, "base") == 0 && !(json_is_number(v) && json_number_value(v) > 0)) ||
            (strcmp(k, "type") == 0 && !(s && expr_in_enums(FUNCTION_TYPES, s))) ||
            (strcmp(k, "property") == 0 && !s) ||
            (strcmp(k, "colorSpace") == 0 && !(s && strcmp(s, "rgb") == 0)) ||
            (strcmp(k, "stops") == 0 && !(json_is_array(v) && json_array_size(v) > 0))) {
            char got[80];
            expr_json_snippet(v, got, sizeof got);
            expr_fail(c,
                      "bad value %s; base is a number > 0, type one of exponential, "
                      "interval, categorical, identity, property a string, colorSpace "
                      "\"rgb\", stops a non-empty array of [input, output]",
                      got);
            return -1;
        }
        expr_path_pop(c, old);
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
        expr_fail(c, "%s", why);
        return -1;
    }
    return 0;
}

/* Stop k of a function: [input, output]. */
static json_t *function_stop(expr_compiler *c, json_t *stops, size_t k, int zoom)
{
    json_t *stop = json_array_get(stops, k);
    expr_path_push(c, ".stops[%zu]", k);
    if (!json_is_array(stop) || json_array_size(stop) != 2) {
        expr_fail(c, "each stop is [input, output]");
        return NULL;
    }
    if (zoom && json_is_object(json_array_get(stop, 0))) {
        expr_fail(c, "zoom-and-property functions are not supported; write an expression");
        return NULL;
    }
    return stop;
}

/* A categorical function: match(input, in0, out0, ..., default or null).
** Takes `input` (freed on failure). */
static fm_expr *function_categorical(expr_compiler *c, json_t *obj, const expr_target *t,
                                     fm_expr *input, int zoom)
{
    json_t *stops = json_object_get(obj, "stops"), *dflt = json_object_get(obj, "default");
    size_t nstops = json_array_size(stops), base_len = c->pathlen;
    fm_expr *e = expr_node_new(OP_MATCH, EXPR_ANY, (int)nstops + 2);
    if (!e || !(e->items = calloc(nstops, sizeof *e->items)) ||
        !(e->branch = calloc(nstops, sizeof *e->branch))) {
        expr_free(input);
        expr_free(e);
        return expr_fail_oom(c);
    }
    expr_node_set_arg(e, 0, input);
    expr_type label_type = EXPR_ANY;
    for (size_t k = 0; k < nstops; k++) {
        json_t *stop = function_stop(c, stops, k, zoom);
        fm_value v;
        if (!stop || expr_match_label(c, json_array_get(stop, 0), 0, &v, &label_type) ||
            expr_match_add_label(c, e, &v, (int)k))
            goto bad;
        expr_path_push(c, "[1]");
        fm_expr *out = expr_compile(c, json_array_get(stop, 1), t);
        if (!out) goto bad;
        expr_node_set_arg(e, 1 + (int)k, out);
        expr_path_pop(c, base_len);
    }
    expr_path_push(c, ".default");
    fm_value null_value = { .type = FM_VAL_NULL };
    fm_expr *fallback = dflt ? expr_compile(c, dflt, t) : expr_literal_node(c, &null_value);
    if (!fallback) goto bad;
    expr_node_set_arg(e, (int)nstops + 1, fallback);
    expr_path_pop(c, base_len);
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* interval: step(input, out0, in1, out1, ...); exponential:
** interpolate(input, in0, out0, in1, out1, ...). Takes `input`. */
static fm_expr *function_stepped(expr_compiler *c, json_t *obj, const expr_target *t,
                                 fm_expr *input, int zoom, int interval)
{
    json_t *stops = json_object_get(obj, "stops");
    size_t nstops = json_array_size(stops), base_len = c->pathlen;
    int nouts = (int)nstops;
    fm_expr *e = expr_node_new(interval ? OP_STEP : OP_INTERPOLATE, EXPR_ANY, 1 + nouts);
    if (!e || !(e->stops = calloc(nstops, sizeof *e->stops))) {
        expr_free(input);
        expr_free(e);
        return expr_fail_oom(c);
    }
    e->nitems = interval ? nouts - 1 : nouts;
    e->base = json_is_number(json_object_get(obj, "base"))
                  ? json_number_value(json_object_get(obj, "base"))
                  : 1;
    expr_node_set_arg(e, 0, input);
    double prev = 0;
    for (size_t k = 0; k < nstops; k++) {
        json_t *stop = function_stop(c, stops, k, zoom);
        if (!stop) goto bad;
        json_t *in = json_array_get(stop, 0);
        double x = json_number_value(in);
        if (!json_is_number(in) || (k > 0 && !(x > prev))) {
            expr_path_push(c, "[0]");
            expr_fail(c, "stop inputs must be numbers in strictly ascending order");
            goto bad;
        }
        prev = x;
        if (!interval) e->stops[k] = x;
        else if (k > 0) e->stops[k - 1] = x;
        expr_path_push(c, "[1]");
        fm_expr *out = expr_compile(c, json_array_get(stop, 1), t);
        if (!out) goto bad;
        expr_node_set_arg(e, 1 + (int)k, out);
        expr_path_pop(c, base_len);
    }
    return e;
bad:
    expr_free(e);
    return NULL;
}

/* A "default" answers where the function cannot: missing property, wrong
** type. Hence a coalesce that skips errors as well as nulls. Takes `e`. */
static fm_expr *function_default(expr_compiler *c, fm_expr *e, json_t *dflt, const expr_target *t)
{
    size_t base_len = c->pathlen;
    expr_path_push(c, ".default");
    c->depth++;
    fm_expr *d = expr_compile(c, dflt, t);
    c->depth--;
    expr_path_pop(c, base_len);
    fm_expr *co = d ? expr_node_new(OP_COALESCE, EXPR_ANY, 2) : NULL;
    if (!co) {
        if (d) expr_fail_oom(c);
        expr_free(d);
        expr_free(e);
        return NULL;
    }
    co->lenient = 1;
    expr_node_set_arg(co, 0, e);
    expr_node_set_arg(co, 1, d);
    return co;
}

/* The old {"stops": [[z, v], ...], "base": b} functions, as expressions:
** exponential -> interpolate, interval -> step, categorical -> match,
** identity -> get. "property" reads the feature instead of the zoom. */
fm_expr *expr_compile_function(expr_compiler *c, json_t *obj, const expr_target *t)
{
    const char *type;
    if (function_keys(c, obj, t, &type)) return NULL;
    json_t *dflt = json_object_get(obj, "default");
    const char *property = json_string_value(json_object_get(obj, "property"));
    fm_expr *input =
        expr_node_new(property ? OP_GET : OP_ZOOM, property ? EXPR_ANY : EXPR_NUMBER, 0);
    if (!input) return expr_fail_oom(c);
    input->key = property;
    input->depends = property ? EXPR_DEP_FEATURE : EXPR_DEP_ZOOM;
    fm_expr *e;
    c->depth++;
    if (strcmp(type, "identity") == 0) {
        e = input;
    } else if (strcmp(type, "categorical") == 0) {
        e = function_categorical(c, obj, t, input, !property);
        dflt = NULL; /* the match's fallback already */
    } else {
        e = function_stepped(c, obj, t, input, !property, strcmp(type, "interval") == 0);
    }
    c->depth--;
    if (e && dflt) e = function_default(c, e, dflt, t);
    return e;
}
