/*
** style.h -- the scene/style file: a documented subset of the MapLibre style
** specification v8 (see docs/style.md), parsed with jansson.
**
** Owns: reading the JSON (errors carry line and column), checking every key
** against the subset (unknown keys are errors with their JSON path, e.g.
** `layers[3] ("rivers").paint.fill-colour`), resolving source paths relative
** to the style file, compiling filters and paint/layout values into
** expressions (expr.h), and evaluating them against a feature's attributes.
** Implemented by style_load.c (reading and checking), style_props.c (the
** property table) and style.c (look-ups and evaluation). Values, colours and
** the evaluation context are value.h's and color.h's, included here.
**
** Does not own: reading layers (layer.h), drawing (render.h).
*/
#ifndef FM_STYLE_H
#define FM_STYLE_H

#include <jansson.h>
#include "core/error.h"
#include "style/value.h" /* fm_value, fm_color, fm_props, fm_eval_ctx */

/* ---- the style document ----------------------------------------------- */

typedef struct fm_expr fm_expr; /* a compiled expression (opaque) */

typedef enum {
    FM_LAYER_BACKGROUND,
    FM_LAYER_FILL,
    FM_LAYER_LINE,
    FM_LAYER_CIRCLE,
    FM_LAYER_SYMBOL
} fm_layer_type;

/* Every paint and layout property of the subset. Each layer type accepts
** only its own; a property not set in the file evaluates to the MapLibre
** default. */
typedef enum {
    FM_P_VISIBILITY, /* layout, all types: "visible" | "none" */
    FM_P_BACKGROUND_COLOR,
    FM_P_BACKGROUND_OPACITY,
    FM_P_FILL_COLOR,
    FM_P_FILL_OPACITY,
    FM_P_FILL_OUTLINE_COLOR, /* default: unset (no outline): style_eval gives
                                ** FM_VAL_NULL, style_eval_color alpha 0 */
    FM_P_LINE_COLOR,
    FM_P_LINE_WIDTH,
    FM_P_LINE_OPACITY,
    FM_P_LINE_DASHARRAY, /* in line widths, as MapLibre; default: count 0
                                ** (solid) */
    FM_P_LINE_OFFSET,
    FM_P_LINE_CAP,  /* layout: butt | round | square */
    FM_P_LINE_JOIN, /* layout: bevel | round | miter */
    FM_P_CIRCLE_RADIUS,
    FM_P_CIRCLE_COLOR,
    FM_P_CIRCLE_OPACITY,
    FM_P_CIRCLE_STROKE_WIDTH,
    FM_P_CIRCLE_STROKE_COLOR,
    FM_P_CIRCLE_STROKE_OPACITY,
    FM_P_TEXT_FIELD,          /* layout */
    FM_P_TEXT_FONT,           /* layout: fontconfig family names */
    FM_P_TEXT_SIZE,           /* layout, pixels at 96 dpi */
    FM_P_TEXT_ANCHOR,         /* layout: center, left, right, top, ... */
    FM_P_TEXT_OFFSET,         /* layout, ems [x, y] */
    FM_P_TEXT_TRANSFORM,      /* layout: none | uppercase | lowercase */
    FM_P_TEXT_LETTER_SPACING, /* layout, ems */
    FM_P_TEXT_MAX_WIDTH,      /* layout, ems */
    FM_P_TEXT_PADDING,        /* layout, pixels */
    FM_P_TEXT_ALLOW_OVERLAP,  /* layout */
    FM_P_SYMBOL_SORT_KEY,     /* layout: lower draws/places first; default
                                ** unset (FM_VAL_NULL; style_eval_number: 0) */
    FM_P_TEXT_COLOR,
    FM_P_TEXT_OPACITY,
    FM_P_TEXT_HALO_COLOR,
    FM_P_TEXT_HALO_WIDTH,
    FM_P__COUNT
} fm_prop;

typedef struct fm_style_layer {
    char *id;
    fm_layer_type type;
    char *source;                /* id into fm_style.sources; NULL for background */
    char *source_layer;          /* OGR layer name, NULL = the source's own */
    fm_expr *filter;             /* NULL = every feature */
    double minzoom, maxzoom;     /* defaults 0 and 24 */
    fm_expr *props[FM_P__COUNT]; /* NULL = default */
    json_t *metadata;            /* borrowed from the document; may be NULL */
} fm_style_layer;

typedef struct fm_style_source {
    char *id;
    char *path;        /* resolved: relative to the style file's folder */
    char *layer;       /* OGR layer name, NULL = first layer */
    char *attribution; /* MapLibre "attribution", may be NULL */
    /* Time fields, from metadata "frontmap:sources".<id>.time; NULL = look
    ** for valid_from / valid_to (and *_edtf) and treat the layer as
    ** undated if they are absent. */
    char *time_from;
    char *time_to;
    char *time_from_edtf;
    char *time_to_edtf;
    int end_inclusive; /* [from, to] instead of [from, to) */
    int undated;       /* "time": false: ignore any time fields */
    int duration_days; /* > 0: a feature with no end lasts this long */
} fm_style_source;

typedef struct fm_style {
    char *path; /* the file it was read from */
    char *name;
    json_t *root;     /* owned: the whole document */
    json_t *metadata; /* borrowed: root "metadata", may be NULL */
    json_t *state;    /* borrowed: root "state", may be NULL */
    int nsources;
    fm_style_source *sources;
    int nlayers;
    fm_style_layer *layers; /* in drawing order */
} fm_style;

/* Read and check a style file. NULL on error, with e.g.
** "styles/x.json:12:5: bad JSON: ..." or
** "styles/x.json: layers[3] (\"rivers\").paint.fill-colour: unknown paint
** property for a line layer; known: ...". */
fm_style *style_load(const char *path, fm_error *err);

/* The same from text already in memory; `name` starts every message (and
** becomes style->path); `base_dir` resolves source paths (NULL or "": the
** current directory). */
fm_style *style_parse(const char *json_text, const char *name, const char *base_dir, fm_error *err);

void style_free(fm_style *style);

const fm_style_source *style_source(const fm_style *style, const char *id);

/* The layer with that id, or NULL. */
const fm_style_layer *style_layer(const fm_style *style, const char *id);

/* A root-metadata value "frontmap:<key>" (borrowed), or NULL. `key` may be
** given with or without the "frontmap:" prefix ("view", "frontmap:view"). */
json_t *style_meta(const fm_style *style, const char *key);

/* Typography: the font for frontmap's own words (dates, legends, titles,
** captions), from "frontmap:fonts": {"regular": "...", "bold": "..."},
** else FM_FONT_REGULAR / FM_FONT_BOLD, the one place these defaults live
** (they are also text-font's default). `style` may be NULL. */
#define FM_FONT_REGULAR "Noto Sans Regular"
#define FM_FONT_BOLD    "Noto Sans Bold"
typedef enum fm_font_role { FM_FONT_ROLE_REGULAR, FM_FONT_ROLE_BOLD } fm_font_role;
const char *style_font(const fm_style *style, fm_font_role role);

/* A path written in the style (a source's data, a metadata file) resolved
** against the style file's folder, into buf. */
void style_path(const fm_style *style, const char *rel, char *buf, size_t size);

/* The file named by "frontmap:KEY" (a path, or {"path": ...}), resolved as
** style_path does; -1 when the style names none. */
int style_meta_path(const fm_style *style, const char *key, char *buf, size_t size);

/* ---- evaluation -------------------------------------------------------- */

/* Does the feature pass the layer's filter (true when there is none)? */
int style_filter_match(const fm_style_layer *layer, fm_eval_ctx *ctx);

/* Evaluate a property for a feature; unset properties give the MapLibre
** default. Never fails: an expression that cannot produce the type (or
** gives null) gives the default, as MapLibre does; literal mistakes were
** already refused at load. Colours come back as FM_VAL_COLOR, text-field
** as FM_VAL_STRING, numbers clamped into the property's range. */
fm_value style_eval(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx);
fm_color style_eval_color(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx);
double style_eval_number(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx);
/* Text: formatted into buf (NUL-terminated, cut at size on a UTF-8
** boundary); returns buf. NULL when the value is null/empty. For
** FM_P_TEXT_FIELD the layer's text-transform is applied; for an array
** (text-font) the first item is given. */
const char *style_eval_text(const fm_style_layer *layer, fm_prop prop, fm_eval_ctx *ctx, char *buf,
                            size_t size);

/* Is the property unset or the same for every feature (it reads no feature
** attribute nor the geometry type)? Lets the renderer evaluate it once per
** layer and frame. It may still depend on the zoom or the global state,
** which are the same for all features of one frame: see style_prop_depends
** before caching across frames. */
int style_prop_is_constant(const fm_style_layer *layer, fm_prop prop);

/* What a property or filter reads besides constants: FM_DEP_* bits
** (value.h), 0 when unset or literal. */
int style_prop_depends(const fm_style_layer *layer, fm_prop prop);
int style_filter_depends(const fm_style_layer *layer);

/* Does the layer's filter or any property read ["global-state", key]?
** An animation asks this of "date" to know which layers change per frame. */
int style_layer_reads_state(const fm_style_layer *layer, const char *key);

/* Was the property given in the file? */
int style_prop_is_set(const fm_style_layer *layer, fm_prop prop);

const char *style_prop_name(fm_prop prop);

/* The fm_prop of a MapLibre property name ("line-width"), or -1. */
int style_prop_find(const char *name);

#endif
