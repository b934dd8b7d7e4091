/*
** expr_tree.h -- the compiled expression tree, private to the expression
** engine (expr_compile.c and expr_legacy.c build it, expr_eval.c walks
** it, expr_tree.c owns nodes and frees them). Others see fm_expr as opaque
** through expr.h.
*/
#ifndef FM_EXPR_TREE_H
#define FM_EXPR_TREE_H

#include "style/expr.h"

typedef enum {
    OP_LITERAL,
    OP_GET,
    OP_HAS,
    OP_GLOBAL_STATE,
    OP_GEOMETRY_TYPE,
    OP_ZOOM,
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_NOT,
    OP_ALL,
    OP_ANY,
    OP_IN,
    OP_IN_LIST,
    OP_MATCH,
    OP_CASE,
    OP_COALESCE,
    OP_CONCAT,
    OP_UPCASE,
    OP_DOWNCASE,
    OP_TO_STRING,
    OP_TO_NUMBER,
    OP_TO_BOOLEAN,
    OP_TO_COLOR,
    OP_NUMBER,
    OP_STRING,
    OP_BOOLEAN,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD,
    OP_MIN,
    OP_MAX,
    OP_STEP,
    OP_INTERPOLATE,
    OP_RGB,
    OP_RGBA,
    OP__COUNT
} expr_op;

struct fm_expr {
    expr_op op;
    expr_type type; /* what it gives, as far as known at load */
    int depends;    /* EXPR_DEP_* of this node and below */
    int lenient;    /* legacy <,>...: mismatched types give false;
                                ** coalesce from a function: skip errors */
    int nargs;
    fm_expr **args;
    fm_value value;  /* LITERAL: the value; GLOBAL_STATE: default */
    int mixed;       /* LITERAL array that fits no fm_value */
    const char *key; /* GET, HAS, GLOBAL_STATE: a constant key */
    int nitems;      /* LITERAL arrays, MATCH labels, IN_LIST */
    fm_value *items;
    int *branch;   /* MATCH: output index of each label */
    double *stops; /* STEP, INTERPOLATE: stop inputs */
    double base;   /* INTERPOLATE: 1 = linear */
    char *owned;   /* a string this node owns ({tokens}) */
};
/* A node for `op` with room for nargs children (all NULL); NULL when out
** of memory. */
fm_expr *expr_node_new(expr_op op, expr_type type, int nargs);

/* Hang `child` under `parent` at `i`, folding in what it depends on. */
void expr_node_set_arg(fm_expr *parent, int i, fm_expr *child);

#endif
