/*
** style_load.c -- reading and checking a style document (see style.h):
** root, state, sources, frontmap: metadata, layers and their properties,
** each problem reported with its JSON path; and freeing what was read.
** Filters and property values are compiled by the expression engine
** (expr.h) against the property table (style_props.h).
*/
#include "style/style_props.h"
#include "core/file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

typedef struct style_loader {
    fm_style *style;
    const char *file;     /* the name every message starts with */
    const char *base_dir; /* source paths are relative to it */
    fm_error *err;
} style_loader;

static int load_fail(style_loader *ld, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "<file>: <JSON path>: <what is wrong>". */
static int load_fail(style_loader *ld, const char *path, const char *fmt, ...)
{
    char msg[FM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path && *path) return fm_error_set(ld->err, "%s: %s: %s", ld->file, path, msg);
    return fm_error_set(ld->err, "%s: %s", ld->file, msg);
}

static int out_of_memory(style_loader *ld)
{
    return load_fail(ld, NULL, "out of memory");
}

static int in_list(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}

/* "a, b, c" into buf. */
static const char *join(const char *const *list, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; list[i] && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", list[i]);
    return buf;
}

/* The ids of the style's sources, for messages. */
static const char *source_ids(const fm_style *s, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->nsources && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", s->sources[i].id);
    if (!s->nsources) snprintf(buf, size, "(none)");
    return buf;
}

/* A JSON path into buf. Paths are for messages: a cut one is still useful,
** so truncation is accepted (and vsnprintf keeps GCC's truncation warning,
** which cannot know that, quiet). */
static void pathf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void pathf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void snippet(json_t *j, char *buf, size_t size)
{
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!s) snprintf(buf, size, "?");
    else if (strlen(s) > 60) snprintf(buf, size, "%.57s...", s);
    else snprintf(buf, size, "%s", s);
    free(s);
}

/* ---- root --------------------------------------------------------------- */

static const char *const ROOT_KEYS[] = { "version", "name",   "metadata", "state",
                                         "sources", "layers", NULL };
/* MapLibre keys that only matter to an interactive map: accepted, unused. */
static const char *const ROOT_IGNORED[] = { "sprite", "glyphs", "center",  "zoom",       "bearing",
                                            "pitch",  "light",  "terrain", "transition", NULL };

static int check_root(style_loader *ld, json_t *root)
{
    char known[512], ignored[512], got[80];
    if (!json_is_object(root))
        return load_fail(ld, NULL,
                         "a style is a JSON object: {\"version\": 8, "
                         "\"sources\": {...}, \"layers\": [...]}");
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        if (!in_list(ROOT_KEYS, key) && !in_list(ROOT_IGNORED, key))
            return load_fail(ld, key,
                             "unknown root key; known: %s (accepted and "
                             "ignored: %s)",
                             join(ROOT_KEYS, known, sizeof known),
                             join(ROOT_IGNORED, ignored, sizeof ignored));
    }
    v = json_object_get(root, "version");
    if (!v) return load_fail(ld, "version", "missing; a MapLibre style says \"version\": 8");
    if (!json_is_number(v) || json_number_value(v) != 8) {
        snippet(v, got, sizeof got);
        return load_fail(ld, "version",
                         "must be 8 (MapLibre style specification v8), "
                         "got %s",
                         got);
    }
    v = json_object_get(root, "name");
    if (v && !json_is_string(v)) return load_fail(ld, "name", "must be a string");
    v = json_object_get(root, "sources");
    if (!json_is_object(v))
        return load_fail(ld, "sources",
                         "%s; write {\"<id>\": {\"type\": \"geojson\", "
                         "\"data\": \"path/to/file\"}, ...}",
                         v ? "must be an object" : "missing");
    v = json_object_get(root, "layers");
    if (!json_is_array(v))
        return load_fail(ld, "layers", "%s; write [{\"id\": ..., \"type\": ..., ...}, ...]",
                         v ? "must be an array" : "missing");
    return 0;
}

/* A state default: what a fm_value can hold. */
static int state_value_ok(json_t *v)
{
    if (!json_is_array(v)) return !json_is_object(v);
    size_t n = json_array_size(v);
    int numbers = 1, strings = 1;
    for (size_t i = 0; i < n; i++) {
        numbers &= json_is_number(json_array_get(v, i));
        strings &= json_is_string(json_array_get(v, i));
    }
    return n <= FM_VALUE_MAX_ITEMS && (numbers || strings);
}

/* "state": {"lang": {"default": "en"}, ...} (MapLibre's form). */
static int check_state(style_loader *ld, json_t *state)
{
    char path[512];
    if (!state) return 0;
    if (!json_is_object(state))
        return load_fail(ld, "state", "must be an object like {\"lang\": {\"default\": \"en\"}}");
    const char *key, *k2;
    json_t *v, *v2;
    json_object_foreach(state, key, v)
    {
        pathf(path, sizeof path, "state.%s", key);
        if (!json_is_object(v))
            return load_fail(ld, path, "must be an object {\"default\": value}");
        json_object_foreach(v, k2, v2)
        {
            pathf(path, sizeof path, "state.%s.%s", key, k2);
            if (strcmp(k2, "default") != 0)
                return load_fail(ld, path, "unknown key; known: default");
            if (!state_value_ok(v2))
                return load_fail(ld, path,
                                 "must be a string, number, boolean, null or "
                                 "an array of up to %d numbers or strings",
                                 FM_VALUE_MAX_ITEMS);
        }
    }
    return 0;
}

/* ---- sources ------------------------------------------------------------ */

static const char *const GEOJSON_KEYS[] = { "type", "data", "attribution", NULL };
static const char *const GEOJSON_IGNORED[] = { "maxzoom",    "buffer",    "tolerance",
                                               "generateId", "promoteId", "lineMetrics",
                                               NULL };
static const char *const VECTOR_KEYS[] = { "type", "url", "attribution", NULL };
static const char *const VECTOR_IGNORED[] = { "minzoom", "maxzoom", "bounds", "promoteId", NULL };

/* A path relative to the style file's folder, usable from the current
** directory. Absolute paths (and GDAL's /vsi... paths) stay as they are. */
static char *resolve_path(const char *base_dir, const char *rel)
{
    if (rel[0] == '/' || !base_dir || !base_dir[0] || strcmp(base_dir, ".") == 0)
        return dup_string(rel);
    size_t nb = strlen(base_dir), nr = strlen(rel);
    int slash = base_dir[nb - 1] == '/';
    char *p = malloc(nb + nr + 2);
    if (p) snprintf(p, nb + nr + 2, "%s%s%s", base_dir, slash ? "" : "/", rel);
    return p;
}

/* The file a source names: "data" (geojson) or "url" (vector), a path
** relative to the style, optionally written "file:path". */
static int source_location(style_loader *ld, const char *id, json_t *src, const char *field,
                           fm_style_source *out)
{
    char path[512];
    pathf(path, sizeof path, "sources.%s.%s", id, field);
    json_t *v = json_object_get(src, field);
    if (!v)
        return load_fail(ld, path,
                         "missing; give the file's path relative to the "
                         "style file, e.g. \"../layers/control.gpkg\"");
    if (json_is_object(v))
        return load_fail(ld, path,
                         "inline GeoJSON is not supported; save it to a "
                         "file and give the file's path");
    const char *rel = json_string_value(v);
    if (!rel) return load_fail(ld, path, "must be a string: a file path");
    if (strncmp(rel, "file://", 7) == 0) rel += 7;
    else if (strncmp(rel, "file:", 5) == 0) rel += 5;
    if (strstr(rel, "://"))
        return load_fail(ld, path,
                         "\"%s\": URLs are not supported; give a file path "
                         "relative to the style file",
                         rel);
    if (!rel[0]) return load_fail(ld, path, "empty; give a file path");
    if (!(out->path = resolve_path(ld->base_dir, rel))) return out_of_memory(ld);
    return 0;
}

static int load_source(style_loader *ld, const char *id, json_t *src, fm_style_source *out)
{
    char path[512], known[256], ignored[256];
    pathf(path, sizeof path, "sources.%s", id);
    if (!(out->id = dup_string(id))) return out_of_memory(ld);
    if (!json_is_object(src))
        return load_fail(ld, path,
                         "a source is an object like {\"type\": \"geojson\", "
                         "\"data\": \"file.geojson\"}");
    const char *type = json_string_value(json_object_get(src, "type"));
    pathf(path, sizeof path, "sources.%s.type", id);
    if (!type)
        return load_fail(ld, path,
                         "missing or not a string; use \"geojson\" (any file "
                         "OGR reads) or \"vector\"");
    int geojson = strcmp(type, "geojson") == 0;
    if (!geojson && strcmp(type, "vector") != 0)
        return load_fail(ld, path,
                         "unsupported source type \"%s\"; frontmap reads "
                         "files: use \"geojson\" (any file OGR reads) or \"vector\"",
                         type);
    const char *const *keys = geojson ? GEOJSON_KEYS : VECTOR_KEYS;
    const char *const *skip = geojson ? GEOJSON_IGNORED : VECTOR_IGNORED;
    const char *key;
    json_t *v;
    json_object_foreach(src, key, v)
    {
        if (in_list(keys, key) || in_list(skip, key)) continue;
        pathf(path, sizeof path, "sources.%s.%s", id, key);
        return load_fail(ld, path,
                         "unknown key for a %s source; known: %s (accepted "
                         "and ignored: %s)",
                         type, join(keys, known, sizeof known),
                         join(skip, ignored, sizeof ignored));
    }
    if (source_location(ld, id, src, geojson ? "data" : "url", out)) return -1;
    v = json_object_get(src, "attribution");
    if (v) {
        pathf(path, sizeof path, "sources.%s.attribution", id);
        if (!json_is_string(v)) return load_fail(ld, path, "must be a string");
        if (!(out->attribution = dup_string(json_string_value(v)))) return out_of_memory(ld);
    }
    return 0;
}

static int load_sources(style_loader *ld, json_t *sources)
{
    fm_style *s = ld->style;
    size_t n = json_object_size(sources);
    if (!(s->sources = calloc(n ? n : 1, sizeof *s->sources))) return out_of_memory(ld);
    const char *id;
    json_t *src;
    json_object_foreach(sources, id, src)
    {
        fm_style_source *out = &s->sources[s->nsources++];
        if (load_source(ld, id, src, out)) return -1;
    }
    return 0;
}

/* ---- frontmap: metadata ------------------------------------------------- */

static const char *const FRONTMAP_KEYS[] = { "frontmap:sources",
                                             "frontmap:view",
                                             "frontmap:caption",
                                             "frontmap:legend",
                                             "frontmap:timeline",
                                             "frontmap:events",
                                             "frontmap:fonts",
                                             "frontmap:furniture",
                                             "frontmap:animation",
                                             "frontmap:control",
                                             NULL };
static const char *const SOURCE_META_KEYS[] = { "layer", "time", NULL };
static const char *const TIME_KEYS[] = { "from",          "to",     "from_edtf",
                                         "to_edtf",       "preset", "end_inclusive",
                                         "duration_days", NULL };
static const char *const TIME_PRESETS[] = { "cshapes", "ohm", NULL };

/* Replace *field with a copy of value. */
static int set_field(style_loader *ld, char **field, const char *value)
{
    char *copy = dup_string(value);
    if (!copy) return out_of_memory(ld);
    free(*field);
    *field = copy;
    return 0;
}

/* A preset names a dataset's fields. CShapes (Gleditsch-Ward dates) gives
** the last day a border was in force, hence an inclusive end; OHM's
** end_date is the first day it no longer held. */
static int apply_preset(style_loader *ld, const char *preset, fm_style_source *src)
{
    if (strcmp(preset, "cshapes") == 0) {
        src->end_inclusive = 1;
        return set_field(ld, &src->time_from, "gwsdate") || set_field(ld, &src->time_to, "gwedate");
    }
    src->end_inclusive = 0;
    return set_field(ld, &src->time_from, "start_date") ||
           set_field(ld, &src->time_to, "end_date") ||
           set_field(ld, &src->time_from_edtf, "start_date:edtf") ||
           set_field(ld, &src->time_to_edtf, "end_date:edtf");
}

/* "time": {"from", "to", "from_edtf", "to_edtf", "preset", "end_inclusive"};
** fields given explicitly win over the preset's. */
static int load_time(style_loader *ld, const char *where, json_t *time, fm_style_source *src)
{
    char path[768], known[256];
    /* false: draw every feature whatever its dates (a reference outline). */
    if (json_is_false(time)) {
        src->undated = 1;
        return 0;
    }
    if (!json_is_object(time))
        return load_fail(ld, where,
                         "must be false or an object like {\"from\": \"valid_from\", "
                         "\"to\": \"valid_to\"} or {\"preset\": \"cshapes\"}");
    const char *key;
    json_t *v;
    json_object_foreach(time, key, v)
    {
        pathf(path, sizeof path, "%s.%s", where, key);
        if (!in_list(TIME_KEYS, key))
            return load_fail(ld, path, "unknown key; known: %s",
                             join(TIME_KEYS, known, sizeof known));
    }
    v = json_object_get(time, "preset");
    if (v) {
        pathf(path, sizeof path, "%s.preset", where);
        const char *p = json_string_value(v);
        if (!p || !in_list(TIME_PRESETS, p))
            return load_fail(ld, path, "unknown preset; known: %s",
                             join(TIME_PRESETS, known, sizeof known));
        if (apply_preset(ld, p, src)) return -1;
    }
    char **fields[] = { &src->time_from, &src->time_to, &src->time_from_edtf, &src->time_to_edtf };
    for (int i = 0; i < 4; i++) {
        v = json_object_get(time, TIME_KEYS[i]);
        if (!v) continue;
        pathf(path, sizeof path, "%s.%s", where, TIME_KEYS[i]);
        const char *name = json_string_value(v);
        if (!name || !name[0])
            return load_fail(ld, path, "must be a field name (a non-empty string)");
        if (set_field(ld, fields[i], name)) return -1;
    }
    v = json_object_get(time, "end_inclusive");
    if (v) {
        pathf(path, sizeof path, "%s.end_inclusive", where);
        if (!json_is_boolean(v)) return load_fail(ld, path, "must be true or false");
        src->end_inclusive = json_is_true(v);
    }
    /* Instant data (events) has a date but no end: show each for a while. */
    v = json_object_get(time, "duration_days");
    if (v) {
        pathf(path, sizeof path, "%s.duration_days", where);
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000)
            return load_fail(ld, path, "must be a whole number of days, 1 to 100000");
        src->duration_days = (int)json_integer_value(v);
    }
    return 0;
}

static int load_source_meta(style_loader *ld, json_t *meta)
{
    char path[512], known[512];
    const char *where = "metadata.frontmap:sources";
    if (!json_is_object(meta))
        return load_fail(ld, where,
                         "must be an object: {\"<source id>\": {\"layer\": ..., "
                         "\"time\": {...}}}");
    const char *id, *key;
    json_t *cfg, *v;
    json_object_foreach(meta, id, cfg)
    {
        pathf(path, sizeof path, "%s.%s", where, id);
        fm_style_source *src = (fm_style_source *)style_source(ld->style, id);
        if (!src)
            return load_fail(ld, path,
                             "no source \"%s\" in \"sources\"; the style's "
                             "sources are: %s",
                             id, source_ids(ld->style, known, sizeof known));
        if (!json_is_object(cfg))
            return load_fail(ld, path, "must be an object {\"layer\": ..., \"time\": {...}}");
        json_object_foreach(cfg, key, v)
        {
            pathf(path, sizeof path, "%s.%s.%s", where, id, key);
            if (!in_list(SOURCE_META_KEYS, key))
                return load_fail(ld, path, "unknown key; known: %s",
                                 join(SOURCE_META_KEYS, known, sizeof known));
        }
        v = json_object_get(cfg, "layer");
        if (v) {
            pathf(path, sizeof path, "%s.%s.layer", where, id);
            if (!json_is_string(v)) return load_fail(ld, path, "must be an OGR layer name");
            if (set_field(ld, &src->layer, json_string_value(v))) return -1;
        }
        v = json_object_get(cfg, "time");
        if (v) {
            pathf(path, sizeof path, "%s.%s.time", where, id);
            if (load_time(ld, path, v, src)) return -1;
        }
    }
    return 0;
}

/* Root metadata is free (MapLibre allows anything), except that keys
** starting "frontmap:" must be ones frontmap knows: a typo there would
** otherwise be silently ignored. */
static int check_metadata(style_loader *ld, json_t *meta)
{
    char path[512], known[512];
    if (!json_is_object(meta)) return 0;
    const char *key;
    json_t *v;
    json_object_foreach(meta, key, v)
    {
        if (strncmp(key, "frontmap:", 9) != 0 || in_list(FRONTMAP_KEYS, key)) continue;
        pathf(path, sizeof path, "metadata.%s", key);
        return load_fail(ld, path, "unknown frontmap key; known: %s",
                         join(FRONTMAP_KEYS, known, sizeof known));
    }
    v = json_object_get(meta, "frontmap:sources");
    return v ? load_source_meta(ld, v) : 0;
}

/* ---- layers ------------------------------------------------------------- */

static const char *const LAYER_KEYS[] = { "id",     "type",     "source",  "source-layer",
                                          "filter", "minzoom",  "maxzoom", "layout",
                                          "paint",  "metadata", NULL };

/* The names of one section's properties for one layer type. */
static const char *prop_names(fm_layer_type type, int layout, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int p = 0; p < FM_P__COUNT && n < size; p++)
        if ((style_prop_spec(p)->types & (1u << type)) && style_prop_spec(p)->layout == layout)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
                                  style_prop_spec(p)->name);
    return buf;
}

/* Where a property name does not belong, say why as precisely as we can. */
static int bad_prop(style_loader *ld, const char *path, fm_style_layer *layer, int layout,
                    const char *key, int p)
{
    char known[1024];
    const char *section = layout ? "layout" : "paint";
    const char *type = STYLE_LAYER_TYPES[layer->type];
    prop_names(layer->type, layout, known, sizeof known);
    if (p < 0)
        return load_fail(ld, path, "unknown %s property for a %s layer; known: %s", section, type,
                         known);
    if (!(style_prop_spec(p)->types & (1u << layer->type))) {
        const char *owner = "other";
        for (int t = 0; STYLE_LAYER_TYPES[t]; t++)
            if (style_prop_spec(p)->types & (1u << t)) {
                owner = STYLE_LAYER_TYPES[t];
                break;
            }
        return load_fail(ld, path,
                         "%s belongs to %s layers, not %s layers; known %s "
                         "properties for %s layers: %s",
                         key, owner, type, section, type, known);
    }
    return load_fail(ld, path, "%s is a %s property, not a %s one; move it into \"%s\"", key,
                     layout ? "paint" : "layout", section, layout ? "paint" : "layout");
}

static int load_section(style_loader *ld, fm_style_layer *layer, const char *where, int layout,
                        json_t *obj)
{
    char path[768];
    const char *section = layout ? "layout" : "paint";
    if (!obj) return 0;
    pathf(path, sizeof path, "%s.%s", where, section);
    if (!json_is_object(obj)) return load_fail(ld, path, "must be an object of properties");
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        pathf(path, sizeof path, "%s.%s.%s", where, section, key);
        int p = style_prop_find(key);
        if (p < 0 || !(style_prop_spec(p)->types & (1u << layer->type)) ||
            style_prop_spec(p)->layout != layout)
            return bad_prop(ld, path, layer, layout, key, p);
        if (json_is_null(value)) continue; /* null: the default */
        expr_target t = style_prop_target(style_prop_spec(p));
        expr_compiler c;
        expr_compiler_init(&c, ld->file, ld->style->state, ld->err, path);
        if (!(layer->props[p] = expr_compile(&c, value, &t))) return -1;
    }
    return 0;
}

static int load_zoom(style_loader *ld, const char *where, json_t *j, const char *key, double *out)
{
    char path[512], got[80];
    json_t *v = json_object_get(j, key);
    if (!v) return 0;
    pathf(path, sizeof path, "%s.%s", where, key);
    if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 24) {
        snippet(v, got, sizeof got);
        return load_fail(ld, path, "expected a number from 0 to 24, got %s", got);
    }
    *out = json_number_value(v);
    return 0;
}

/* id and type first: every later message names the layer by its id. */
static int layer_id_type(style_loader *ld, size_t index, json_t *j, fm_style_layer *layer,
                         char *where, size_t size)
{
    char path[512], known[256];
    pathf(where, size, "layers[%zu]", index);
    if (!json_is_object(j))
        return load_fail(ld, where, "a layer is an object {\"id\": ..., \"type\": ..., ...}");
    json_t *id = json_object_get(j, "id");
    if (!id) return load_fail(ld, where, "missing \"id\"; every layer needs a unique id");
    if (!json_is_string(id)) {
        pathf(path, sizeof path, "%s.id", where);
        return load_fail(ld, path, "must be a string");
    }
    pathf(where, size, "layers[%zu] (\"%s\")", index, json_string_value(id));
    for (size_t k = 0; k < index; k++)
        if (strcmp(ld->style->layers[k].id, json_string_value(id)) == 0) {
            pathf(path, sizeof path, "%s.id", where);
            return load_fail(ld, path,
                             "duplicate layer id (also layers[%zu]); ids must "
                             "be unique",
                             k);
        }
    if (!(layer->id = dup_string(json_string_value(id)))) return out_of_memory(ld);

    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        if (in_list(LAYER_KEYS, key)) continue;
        pathf(path, sizeof path, "%s.%s", where, key);
        return load_fail(ld, path, "unknown layer key; known: %s",
                         join(LAYER_KEYS, known, sizeof known));
    }
    json_t *type = json_object_get(j, "type");
    pathf(path, sizeof path, "%s.type", where);
    if (!type)
        return load_fail(ld, where, "missing \"type\"; one of %s",
                         join(STYLE_LAYER_TYPES, known, sizeof known));
    for (int t = 0; STYLE_LAYER_TYPES[t]; t++)
        if (json_is_string(type) && strcmp(json_string_value(type), STYLE_LAYER_TYPES[t]) == 0) {
            layer->type = (fm_layer_type)t;
            return 0;
        }
    char got[80];
    snippet(type, got, sizeof got);
    return load_fail(ld, path, "unsupported layer type %s; known: %s", got,
                     join(STYLE_LAYER_TYPES, known, sizeof known));
}

static int layer_source(style_loader *ld, const char *where, json_t *j, fm_style_layer *layer)
{
    char path[512], known[512];
    json_t *src = json_object_get(j, "source");
    pathf(path, sizeof path, "%s.source", where);
    if (layer->type == FM_LAYER_BACKGROUND) {
        const char *extra = src                                  ? "source"
                            : json_object_get(j, "source-layer") ? "source-layer"
                            : json_object_get(j, "filter")       ? "filter"
                                                                 : NULL;
        if (!extra) return 0;
        pathf(path, sizeof path, "%s.%s", where, extra);
        return load_fail(ld, path, "a background layer draws no features, so takes no %s", extra);
    }
    if (!src)
        return load_fail(ld, where,
                         "missing \"source\"; a %s layer draws one of the "
                         "style's sources: %s",
                         STYLE_LAYER_TYPES[layer->type],
                         source_ids(ld->style, known, sizeof known));
    if (!json_is_string(src)) return load_fail(ld, path, "must be a source id (a string)");
    if (!style_source(ld->style, json_string_value(src)))
        return load_fail(ld, path, "unknown source \"%s\"; the style's sources are: %s",
                         json_string_value(src), source_ids(ld->style, known, sizeof known));
    if (!(layer->source = dup_string(json_string_value(src)))) return out_of_memory(ld);
    json_t *sl = json_object_get(j, "source-layer");
    if (sl) {
        pathf(path, sizeof path, "%s.source-layer", where);
        if (!json_is_string(sl)) return load_fail(ld, path, "must be an OGR layer name");
        if (!(layer->source_layer = dup_string(json_string_value(sl)))) return out_of_memory(ld);
    }
    return 0;
}

static int load_layer(style_loader *ld, size_t index, json_t *j, fm_style_layer *layer)
{
    char where[512], path[768];
    layer->minzoom = 0;
    layer->maxzoom = 24;
    if (layer_id_type(ld, index, j, layer, where, sizeof where) ||
        layer_source(ld, where, j, layer) || load_zoom(ld, where, j, "minzoom", &layer->minzoom) ||
        load_zoom(ld, where, j, "maxzoom", &layer->maxzoom))
        return -1;
    layer->metadata = json_object_get(j, "metadata");
    json_t *filter = json_object_get(j, "filter");
    if (filter && !json_is_null(filter)) {
        expr_compiler c;
        pathf(path, sizeof path, "%s.filter", where);
        expr_compiler_init(&c, ld->file, ld->style->state, ld->err, path);
        if (!(layer->filter = expr_compile_filter(&c, filter))) return -1;
    }
    return load_section(ld, layer, where, 1, json_object_get(j, "layout")) ||
           load_section(ld, layer, where, 0, json_object_get(j, "paint"));
}

static int load_layers(style_loader *ld, json_t *layers)
{
    fm_style *s = ld->style;
    size_t n = json_array_size(layers);
    if (!(s->layers = calloc(n ? n : 1, sizeof *s->layers))) return out_of_memory(ld);
    for (size_t i = 0; i < n; i++) {
        s->nlayers = (int)i + 1;
        if (load_layer(ld, i, json_array_get(layers, i), &s->layers[i])) return -1;
    }
    return 0;
}

static int load_document(style_loader *ld, json_t *root)
{
    fm_style *s = ld->style;
    if (check_root(ld, root)) return -1;
    const char *name = json_string_value(json_object_get(root, "name"));
    if (name && !(s->name = dup_string(name))) return out_of_memory(ld);
    s->metadata = json_object_get(root, "metadata");
    s->state = json_object_get(root, "state");
    return check_state(ld, s->state) || load_sources(ld, json_object_get(root, "sources")) ||
           check_metadata(ld, s->metadata) || load_layers(ld, json_object_get(root, "layers"));
}

fm_style *style_parse(const char *json_text, const char *name, const char *base_dir, fm_error *err)
{
    json_error_t je;
    if (!name) name = "(style)";
    if (!json_text) {
        fm_error_set(err, "%s: no style text", name);
        return NULL;
    }
    /* Duplicate keys are refused: with them the document means two things. */
    json_t *root = json_loads(json_text, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        fm_error_set(err, "%s:%d:%d: bad JSON: %s", name, je.line, je.column, je.text);
        return NULL;
    }
    fm_style *s = calloc(1, sizeof *s);
    if (!s || !(s->path = dup_string(name))) {
        free(s);
        json_decref(root);
        fm_error_set(err, "%s: out of memory", name);
        return NULL;
    }
    s->root = root;
    style_loader ld = { s, s->path, base_dir, err };
    if (load_document(&ld, root)) {
        style_free(s);
        return NULL;
    }
    return s;
}

fm_style *style_load(const char *path, fm_error *err)
{
    fm_error why = { 0 };
    char *text = fm_file_slurp(path, 0, NULL, &why);
    if (!text) {
        /* The reason without the path fm_file_slurp starts it with. */
        size_t n = strlen(path);
        const char *reason = strncmp(why.msg, path, n) == 0 && strncmp(why.msg + n, ": ", 2) == 0
                                 ? why.msg + n + 2
                                 : why.msg;
        fm_error_set(err, "%s: cannot read the style file: %s", path, reason);
        return NULL;
    }
    /* Sources are relative to the style's folder: the path up to its last
    ** slash ("" when there is none: the current directory). */
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    char *dir = malloc(n + 2);
    if (!dir) {
        free(text);
        fm_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    memcpy(dir, path, n);
    if (slash && n == 0) dir[n++] = '/'; /* "/style.json": the root */
    dir[n] = '\0';
    fm_style *s = style_parse(text, path, dir, err);
    free(dir);
    free(text);
    return s;
}

void style_free(fm_style *s)
{
    if (!s) return;
    for (int i = 0; i < s->nsources; i++) {
        fm_style_source *src = &s->sources[i];
        free(src->id);
        free(src->path);
        free(src->layer);
        free(src->attribution);
        free(src->time_from);
        free(src->time_to);
        free(src->time_from_edtf);
        free(src->time_to_edtf);
    }
    free(s->sources);
    for (int i = 0; i < s->nlayers; i++) {
        fm_style_layer *l = &s->layers[i];
        free(l->id);
        free(l->source);
        free(l->source_layer);
        expr_free(l->filter);
        for (int p = 0; p < FM_P__COUNT; p++) expr_free(l->props[p]);
    }
    free(s->layers);
    free(s->path);
    free(s->name);
    json_decref(s->root);
    free(s);
}
