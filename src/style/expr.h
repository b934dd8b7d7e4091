/*
** expr.h -- the expression engine behind style.c (internal to the style
** module; the rest of frontmap goes through style.h).
**
** Compiles MapLibre expressions, legacy filters, `{token}` strings and the
** old `{"stops": ...}` functions from JSON into a tree once, at load, with
** every arity and type problem reported with its JSON path; then evaluates
** the tree per feature. A compiled tree is never changed by evaluation, so
** threads may share it, each with its own fm_eval_ctx.
*/
#ifndef FM_EXPR_H
#define FM_EXPR_H

#include "style/style.h"

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
    expr_type type;             /* EXPR_ANY accepts anything */
    int any_scalar;             /* text: numbers and booleans are shown as text */
    int tokens;                 /* a plain string value expands {tokens} */
    int functions;              /* a {"stops": ...} object is allowed */
    int has_range;
    double min, max;            /* numbers, and the items of numeric arrays */
    const char *const *enums;   /* strings: the allowed values, NULL-ended */
    expr_type item;             /* arrays: EXPR_NUMBER or EXPR_STRING */
    int count;                  /* arrays: exact length, 0 = any */
} expr_target;

/* State of one compilation: where we are in the document, for messages. */
typedef struct expr_compiler {
    const char *file;           /* the style's name, first in every message */
    json_t *state;              /* root "state": global-state defaults */
    fm_error *err;
    char path[1024];            /* JSON path of the value being compiled */
    size_t pathlen;
    int depth;                  /* 0 = the property value itself */
} expr_compiler;

void expr_compiler_init(expr_compiler *c, const char *file, json_t *state,
                        fm_error *err, const char *path);

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

/* Is it a literal? Then *value is set (strings borrowed from the style). */
int expr_literal(const fm_expr *e, fm_value *value);

/* Evaluate; -1 on an evaluation error (wrong runtime type, scratch space
** full, ...), which callers turn into "default" or "filter fails". */
int expr_eval(const fm_expr *e, fm_eval_ctx *ctx, fm_value *out);

/* ---- helpers shared with style.c -------------------------------------- */

/* A number as JavaScript writes it: 3, 0.5, 1e+21 (no trailing zeros). */
void expr_format_number(double x, char *buf, size_t size);

/* The text of a value as MapLibre's to-string gives it; built strings go in
** ctx's scratch space. NULL when that is full. */
const char *expr_to_string(const fm_value *v, fm_eval_ctx *ctx);

/* Upper- or lower-case UTF-8 text into ctx's scratch space (Latin, Greek,
** Cyrillic, Armenian). NULL when the scratch space is full. */
const char *expr_case_map(const char *text, int upper, fm_eval_ctx *ctx);

/* A colour from a colour or a colour string; -1 if neither. */
int expr_value_to_color(const fm_value *v, fm_color *out);

#endif
