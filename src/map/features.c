/* features.c -- see features.h. */
#include "map/features.h"

#include <string.h>

#include "core/defaults.h"

void map_state_init(fm_map_state *ms, const fm_scene *s, const fm_render_options *opt)
{
    memset(ms, 0, sizeof *ms);
    fm_day_format(opt->date, ms->date_text, sizeof ms->date_text);
    ms->keys[0] = "lang";
    ms->keys[1] = "date";
    ms->values[0].type = FM_VAL_STRING;
    ms->values[0].string = s->lang;
    ms->values[1].type = FM_VAL_STRING;
    ms->values[1].string = ms->date_text;
    /* "recent_from": the first day of the recent days before the map's
    ** date, so a style can emphasise what changed lately by comparing ISO
    ** dates. */
    fm_day_format(opt->date - (opt->recent_days > 0 ? opt->recent_days : FM_RECENT_DAYS),
                  ms->recent_text, sizeof ms->recent_text);
    ms->keys[2] = "recent_from";
    ms->values[2].type = FM_VAL_STRING;
    ms->values[2].string = ms->recent_text;
    ms->state.count = 3;
    if (opt->lang2) {
        ms->keys[3] = "lang2";
        ms->values[3].type = FM_VAL_STRING;
        ms->values[3].string = opt->lang2;
        ms->state.count = 4;
    }
    ms->state.keys = ms->keys;
    ms->state.values = ms->values;
    fm_eval_ctx_init(&ms->ctx, s->style, &ms->state);
    ms->ctx.zoom = s->zoom;
}

void features_layer_range(const fm_scene *s, const fm_render_options *opt, int *from, int *to)
{
    *to =
        opt->layer_to > 0 && opt->layer_to < s->style->nlayers ? opt->layer_to : s->style->nlayers;
    *from = opt->layer_from > 0 ? opt->layer_from : 0;
}

int features_layer_shown(const fm_scene *s, const fm_render_options *opt, const fm_style_layer *sl,
                         int index, fm_eval_ctx *ctx)
{
    if (opt->layer_mask && !opt->layer_mask[index]) return 0;
    if (opt->pass == FM_PASS_SHAPES && sl->type == FM_LAYER_SYMBOL) return 0;
    if (opt->pass == FM_PASS_LABELS && sl->type != FM_LAYER_SYMBOL && sl->type != FM_LAYER_CIRCLE)
        return 0;
    ctx->props = NULL;
    ctx->geometry_type = NULL;
    fm_value vis = style_eval(sl, FM_P_VISIBILITY, ctx);
    if (vis.string && strcmp(vis.string, "none") == 0) return 0;
    return !(s->zoom < sl->minzoom || s->zoom >= sl->maxzoom);
}

void feature_iter_init(fm_feature_iter *it, const fm_scene *s, const fm_style_layer *sl,
                       const fm_render_options *opt, fm_eval_ctx *ctx)
{
    memset(it, 0, sizeof *it);
    it->sl = sl;
    it->opt = opt;
    it->ctx = ctx;
    it->source = -1;
    it->layer = sl->type == FM_LAYER_BACKGROUND ? NULL : scene_layer_for(s, sl);
    if (!it->layer) return;
    for (int k = 0; k < s->style->nsources; k++)
        if (s->layers[k] == it->layer) it->source = k;
    it->fades = opt->fade && it->layer->dated && it->source >= 0 &&
                s->style->sources[it->source].duration_days > 0;
}

/* Feature i of the layer: is it in force, and how opaque? */
static int take_feature(fm_feature_iter *it, int i)
{
    const fm_render_options *opt = it->opt;
    const fm_feature *f = &it->layer->features[i];
    if (it->layer->dated && !layer_feature_at(f, opt->date)) return 0;
    it->feature = f;
    it->path = &f->path;
    it->feature_index = i;
    it->opacity = 1;
    if (it->fades && f->to > f->from && f->to != FM_DAY_MAX)
        it->opacity = 1 - 0.8 * (double)(opt->date - f->from) / (double)(f->to - f->from);
    /* A line or area that is gone by the next keyframe fades out over the
    ** frames leading to it. */
    if (opt->ending_by > opt->date && f->kind != FM_GEOM_POINT && f->to > opt->date &&
        f->to <= opt->ending_by)
        it->opacity *= opt->ending_opacity;
    return 1;
}

/* Extra k of the options: is it of this layer's source? */
static int take_extra(fm_feature_iter *it, int k)
{
    const fm_render_extra *x = &it->opt->extras[k];
    if (x->source != it->source) return 0;
    it->feature = x->feature;
    it->path = x->path ? x->path : &x->feature->path;
    it->feature_index = -1;
    it->opacity = x->opacity;
    return 1;
}

int feature_iter_next(fm_feature_iter *it)
{
    const fm_layer *layer = it->layer;
    int n = layer ? layer->nfeatures + it->opt->nextras : 0;
    while (it->next < n) {
        int i = it->next++;
        if (!(i < layer->nfeatures ? take_feature(it, i) : take_extra(it, i - layer->nfeatures)))
            continue;
        it->index = i;
        it->props = layer_feature_props(layer, it->feature);
        it->ctx->props = &it->props;
        it->ctx->geometry_type = geom_kind_name(it->feature->kind);
        it->ctx->scratch_used = 0;
        if (style_filter_match(it->sl, it->ctx)) return 1;
    }
    if (it->ctx) it->ctx->props = NULL;
    return 0;
}
