/*
** value.h -- what expressions compute with and what they see: the fm_value
** a property or expression gives, a feature's attributes (fm_props), and
** the evaluation context (fm_eval_ctx) with its scratch space for built
** strings. Shared by the expression engine (expr.h) and the style document
** (style.h), so that neither needs the other's header for its types.
**
** Owns: value equality, conversion of a value to text and to a colour as
** MapLibre does them, attribute look-up, and the scratch space's rules.
** Colours themselves are color.h's; numbers as text, number.h's.
*/
#ifndef FM_VALUE_H
#define FM_VALUE_H

#include <stddef.h>
#include "style/color.h"

typedef enum {
    FM_VAL_NULL,
    FM_VAL_BOOL,
    FM_VAL_NUMBER,
    FM_VAL_STRING,
    FM_VAL_COLOR,
    FM_VAL_NUMBERS, /* numeric array: dasharray, offset */
    FM_VAL_STRINGS  /* string array: text-font */
} fm_value_type;

#define FM_VALUE_MAX_ITEMS 16

/* A value. Strings are borrowed: they point into the style, into the
** feature's attributes, or into the evaluation context's scratch space, and
** live as long as the call that returned them (copy them if kept). */
typedef struct fm_value {
    fm_value_type type;
    int boolean;
    double number;
    const char *string;
    fm_color color;
    int count; /* NUMBERS / STRINGS */
    double numbers[FM_VALUE_MAX_ITEMS];
    const char *strings[FM_VALUE_MAX_ITEMS];
} fm_value;

/* A feature's attributes, borrowed from the caller. */
typedef struct fm_props {
    int count;
    const char *const *keys;
    const fm_value *values;
} fm_props;

/* The value of attribute `key`: 1 and *out set when there is one, else 0. */
int fm_props_get(const fm_props *props, const char *key, fm_value *out);

/* Strictly typed equality, as MapLibre's ==: "1" != 1. */
int fm_value_equal(const fm_value *a, const fm_value *b);

/* A colour from a colour or a colour string; -1 if neither. */
int fm_value_to_color(const fm_value *v, fm_color *out);

/* ---- evaluation context ------------------------------------------------ */

typedef struct fm_style fm_style;

/* What an expression can see. `state` holds the global state
** (["global-state", "lang"], ["global-state", "date"], ...) and falls back
** to the style's root "state" defaults. Scratch space for built strings
** (concat, upcase, ...) lives inside; strings returned point into it and are
** valid until the next evaluation with the same context. */
typedef struct fm_eval_ctx {
    const fm_style *style;
    const fm_props *props;
    const char *geometry_type; /* "Point", "LineString", "Polygon" */
    double zoom;
    const fm_props *state;
    char scratch[4096];
    size_t scratch_used;
} fm_eval_ctx;

void fm_eval_ctx_init(fm_eval_ctx *ctx, const fm_style *style, const fm_props *state);

/* What an expression reads from its context besides constants (bits). */
#define FM_DEP_FEATURE 1 /* get, has, geometry-type, legacy filter keys */
#define FM_DEP_ZOOM    2 /* ["zoom"], {"stops"} zoom functions */
#define FM_DEP_STATE   4 /* global-state */

/* Room for n bytes in ctx's scratch space, or NULL when it is full. */
char *fm_eval_ctx_alloc(fm_eval_ctx *ctx, size_t n);

/* A copy of s in the scratch space, or NULL when it is full. */
const char *fm_eval_ctx_strdup(fm_eval_ctx *ctx, const char *s);

/* The text of a value as MapLibre's to-string gives it (numbers as
** JavaScript writes them, colours as rgba(r,g,b,a), arrays as JSON); built
** strings go in ctx's scratch space. NULL when that is full. */
const char *fm_value_to_string(const fm_value *v, fm_eval_ctx *ctx);

/* Upper- or lower-case UTF-8 text (core/utf8.h) into ctx's scratch space.
** NULL when the scratch space is full. */
const char *fm_eval_ctx_case_map(fm_eval_ctx *ctx, const char *text, int upper);

#endif
