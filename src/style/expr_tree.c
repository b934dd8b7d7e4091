/* expr_tree.c -- the nodes of a compiled expression: making, freeing and
** asking what a tree reads (see expr_tree.h). */
#include "style/expr_tree.h"

#include <stdlib.h>
#include <string.h>

fm_expr *expr_node_new(expr_op op, expr_type type, int nargs)
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

void expr_node_set_arg(fm_expr *parent, int i, fm_expr *child)
{
    parent->args[i] = child;
    parent->depends |= child->depends;
}
