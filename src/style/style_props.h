/*
** style_props.h -- the table of paint and layout properties, private to
** the style layer: for each fm_prop its MapLibre name, the layer types and
** section (paint or layout) it belongs to, what its value must be at load
** (style_prop_target) and how an evaluated value becomes the property's
** type (style_prop_coerce), and MapLibre's default.
*/
#ifndef FM_STYLE_PROPS_H
#define FM_STYLE_PROPS_H

#include "style/expr.h"
#include "style/style.h"

typedef enum { K_NUMBER, K_COLOR, K_ENUM, K_TEXT, K_BOOL, K_NUMBERS, K_STRINGS } prop_kind;

typedef struct prop_spec {
    const char *name;
    unsigned types; /* layer types: bits 1 << fm_layer_type */
    int layout;     /* 1: in "layout", 0: in "paint" */
    prop_kind kind;
    int ranged;
    double min, max; /* numbers, numeric arrays' items */
    int count;       /* numeric arrays: exact length, 0 = any */
    const char *const *enums;
    fm_value def; /* MapLibre's default; FM_VAL_NULL = unset */
} prop_spec;

/* The layer type names, indexed by fm_layer_type, NULL-ended. */
extern const char *const STYLE_LAYER_TYPES[];

/* The entry of a property (0 <= prop < FM_P__COUNT). */
const prop_spec *style_prop_spec(fm_prop prop);

/* What a property's value is checked against at load. */
expr_target style_prop_target(const prop_spec *s);

/* Turn what an expression gave into the property's type, as MapLibre does
** after evaluating: strings become colours, anything becomes label text,
** numbers are clamped into range. -1: use the default. */
int style_prop_coerce(const prop_spec *s, fm_value *v, fm_eval_ctx *ctx);

#endif
