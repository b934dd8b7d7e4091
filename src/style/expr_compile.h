/*
** expr_compile.h -- what the two halves of the compiler share, private to
** them: expr_compile.c (expressions, the operator table) and expr_legacy.c
** (legacy filters, {tokens}, {"stops"} functions). Messages and JSON
** paths, literals, match labels.
*/
#ifndef FM_EXPR_COMPILE_H
#define FM_EXPR_COMPILE_H

#include "style/expr_tree.h"

/* Evaluation recurses over the tree, in render threads with their own
** stacks: a bound on nesting keeps a pathological style from using them up
** (real styles nest a handful of levels). */
#define EXPR_MAX_DEPTH 100

/* ---- messages and JSON paths ------------------------------------------ */

/* Set the error "<file>: <JSON path>: <message>"; returns NULL. */
fm_expr *expr_fail(expr_compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
fm_expr *expr_fail_oom(expr_compiler *c);

/* Append to the path; returns the old length for expr_path_pop. */
size_t expr_path_push(expr_compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void expr_path_pop(expr_compiler *c, size_t old);

/* "a number", "a colour", ... */
const char *expr_type_name(expr_type t);

/* The offending JSON, short enough for a message. */
void expr_json_snippet(json_t *j, char *buf, size_t size);

/* ---- literals ----------------------------------------------------------- */

/* A JSON scalar as a value (strings borrowed from the document); -1 for
** arrays and objects. */
int expr_json_scalar(json_t *j, fm_value *v);

/* The expr_type of a value. */
expr_type expr_value_type(const fm_value *v);

/* A literal node holding *v; NULL (with the message set) when out of memory. */
fm_expr *expr_literal_node(expr_compiler *c, const fm_value *v);

/* Is s one of the NULL-ended list? */
int expr_in_enums(const char *const *enums, const char *s);

/* ---- match labels (match, categorical functions) ------------------------ */

/* Read one label; labels must all have one type (*label_type, EXPR_ANY
** before the first). need_integer: numbers must be whole, no booleans. */
int expr_match_label(expr_compiler *c, json_t *lab, int need_integer, fm_value *v,
                     expr_type *label_type);

/* Add a label for output `branch` to e's items, refusing duplicates. */
int expr_match_add_label(expr_compiler *c, fm_expr *e, const fm_value *v, int branch);

/* ---- expr_legacy.c ------------------------------------------------------ */

/* Does s hold a {token}? */
int expr_has_token(const char *s);

/* "{name_en} ({name_ru})" as a concat of its text and its tokens. */
fm_expr *expr_compile_tokens(expr_compiler *c, const char *text);

/* A {"stops": ...} function object where `t` is expected. */
fm_expr *expr_compile_function(expr_compiler *c, json_t *obj, const expr_target *t);

#endif
