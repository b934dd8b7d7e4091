/*
** expr.h -- the expression engine behind style.c (internal to the style
** layer; the rest of frontmap goes through style.h).
**
** Compiles MapLibre expressions, legacy filters, `{token}` strings and the
** old `{"stops": ...}` functions from JSON into a tree once, at load, with
** every arity and type problem reported with its JSON path; then evaluates
** the tree per feature. A compiled tree is never changed by evaluation, so
** threads may share it, each with its own fm_eval_ctx.
**
** Owns the compiled tree (fm_expr) and its lifetime. Its parts, as Lua
** keeps its parser apart from its VM: expr_compile.c (JSON -> tree, type
** checks, messages), expr_legacy.c (legacy filters, {tokens} and {"stops"}
** functions, compiled into the same tree), expr_eval.c (the evaluator) and
** expr_tree.c (nodes, freeing, queries); expr_tree.h and expr_compile.h are
** their private headers. Values and the evaluation context are value.h's.
*/
#ifndef FM_EXPR_H
#define FM_EXPR_H

#include <jansson.h>
#include "core/error.h"
#include "style/value.h"

typedef struct fm_expr fm_expr; /* a compiled expression (opaque) */

/* The type an expression is known to give at load. EXPR_ANY means "only
** known when evaluated" (get, global-state, ...), checked then. */
typedef enum {
    EXPR_ANY,
    EXPR_NULL,
    EXPR_BOOL,
    EXPR_NUMBER,
    EXPR_STRING,
    EXPR_COLOR,
    EXPR_ARRAY
} expr_type;

/* What a place in the document expects. Literals found there -- the value
** itself, or the outputs of match/case/step/... -- are checked against it at
** load, so "fill-opacity": 2 and ["match", ..., "pointy", ...] for line-cap
** are both load errors. */
typedef struct expr_target {
    expr_type type; /* EXPR_ANY accepts anything */
    int any_scalar; /* text: numbers and booleans are shown as text */
    int tokens;     /* a plain string value expands {tokens} */
    int functions;  /* a {"stops": ...} object is allowed */
    int has_range;
    double min, max;          /* numbers, and the items of numeric arrays */
    const char *const *enums; /* strings: the allowed values, NULL-ended */
    expr_type item;           /* arrays: EXPR_NUMBER or EXPR_STRING */
    int count;                /* arrays: exact length, 0 = any */
} expr_target;

/* State of one compilation: where we are in the document, for messages. */
typedef struct expr_compiler {
    const char *file; /* the style's name, first in every message */
    json_t *state;    /* root "state": global-state defaults */
    fm_error *err;
    char path[1024]; /* JSON path of the value being compiled */
    size_t pathlen;
    int depth; /* 0 = the property value itself */
} expr_compiler;

void expr_compiler_init(expr_compiler *c, const char *file, json_t *state, fm_error *err,
                        const char *path);

/* A property value: literal, expression or function. NULL on error. */
fm_expr *expr_compile(expr_compiler *c, json_t *json, const expr_target *target);

/* A layer filter, in expression or legacy form (decided as MapLibre does). */
fm_expr *expr_compile_filter(expr_compiler *c, json_t *json);

void expr_free(fm_expr *e);

/* What a compiled expression reads besides constants. */
#define EXPR_DEP_FEATURE FM_DEP_FEATURE
#define EXPR_DEP_ZOOM    FM_DEP_ZOOM
#define EXPR_DEP_STATE   FM_DEP_STATE
int expr_depends(const fm_expr *e);

/* Does it read ["global-state", key] anywhere? */
int expr_reads_state(const fm_expr *e, const char *key);

/* Evaluate; -1 on an evaluation error (wrong runtime type, scratch space
** full, ...), which callers turn into "default" or "filter fails". */
int expr_eval(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out);

#endif
