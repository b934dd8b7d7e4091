/* framekey.c -- see framekey.h. */
#include "map/framekey.h"

#include <math.h>
#include <string.h>

#include "map/features.h"

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME  1099511628211ULL

/* FNV-1a over the 8 bytes of v. */
static uint64_t hash_u64(uint64_t key, uint64_t v)
{
    for (int b = 0; b < 8; b++) key = (key ^ ((v >> (8 * b)) & 255)) * FNV_PRIME;
    return key;
}

/* The feature (or extra) current in `it`, drawn by style layer `index`. */
static uint64_t hash_feature(uint64_t key, int index, const fm_feature_iter *it)
{
    uint64_t v[4] = { (uint64_t)index, (uint64_t)it->index, (uint64_t)llround(it->opacity * 65536),
                      0 };
    /* An extra's geometry changes from frame to frame: its points are part
    ** of what is drawn. */
    if (it->feature_index < 0) {
        const fm_path *path = it->path;
        int n = 0;
        for (int p = 0; p < path->nparts; p++) n += path->counts[p];
        for (int p = 0; p < 2 * n; p++) {
            uint64_t bits;
            memcpy(&bits, &path->xy[p], sizeof bits);
            v[3] = (v[3] ^ bits) * FNV_PRIME;
        }
    }
    for (int k = 0; k < 4; k++) key = hash_u64(key, v[k]);
    return key;
}

uint64_t render_key(const fm_scene *s, const fm_render_options *opt)
{
    fm_map_state ms;
    map_state_init(&ms, s, opt);
    uint64_t key = FNV_OFFSET;
    int from, to;
    features_layer_range(s, opt, &from, &to);
    for (int i = from; i < to; i++) {
        const fm_style_layer *sl = &s->style->layers[i];
        if (!features_layer_shown(s, opt, sl, i, &ms.ctx)) continue;
        /* Paint that reads the date changes with it, whatever is drawn. */
        for (int p = 0; p < FM_P__COUNT; p++)
            if (style_prop_depends(sl, (fm_prop)p) & FM_DEP_STATE)
                key = (key ^ (uint64_t)(uint32_t)opt->date) * FNV_PRIME;
        fm_feature_iter it;
        feature_iter_init(&it, s, sl, opt, &ms.ctx);
        while (feature_iter_next(&it)) key = hash_feature(key, i, &it);
    }
    return key;
}
