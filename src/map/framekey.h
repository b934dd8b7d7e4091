/*
** framekey.h -- a frame's signature: a hash of what render_map would draw.
**
** Owns: hashing (FNV-1a) which features of which style layers a map draws
** with what opacity, an extra's moving geometry, and the date where paint
** reads it. Equal keys, equal pixels: an animation reuses a layer run
** unchanged since its last frame.
*/
#ifndef FM_FRAMEKEY_H
#define FM_FRAMEKEY_H

#include <stdint.h>
#include "map/render.h"
#include "map/scene.h"

uint64_t render_key(const fm_scene *scene, const fm_render_options *opt);

#endif
