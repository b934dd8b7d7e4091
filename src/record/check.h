/*
** check.h -- the checks `validate` runs over the historical record, and
** the rebuild of a layer from its recipe that they and `build-control`
** share.
**
** Owns: the control layer's checks (geometry, events named, sides, same-day
** overlaps, gaps against the country's outline, areas adding up), whether
** a built layer still matches its recipe, the districts layer beside the
** control layer, and the timeline's seed citations. Every check adds what
** it finds to an fm_problems list instead of stopping at the first.
*/
#ifndef FM_CHECK_H
#define FM_CHECK_H

#include <stddef.h>

#include "core/error.h"
#include "geo/geom.h"
#include "record/control.h"
#include "record/timeline.h"

/* Build the recipe file `recipe` (a control or a districts recipe, told
** apart by its header) against the base layers in `base` into `out`;
** *count gets the number of features. */
int check_recipe_build(const char *recipe, const char *base, const char *out, int *count,
                       fm_error *err);

/* Where a recipe DIR/src/NAME.csv is built: DIR/NAME.geojson. */
void check_layer_of_recipe(const char *recipe, char *buf, size_t size);

/* The control layer: every change valid, sourced, on a known side and
** naming an event of `tl` (may be NULL: not checked); on every change date
** no gap in the country (base_dir/country.geojson) and no double counting. */
void check_control(const fm_control *ctl, const fm_timeline *tl, const char *base_dir,
                   fm_problems *p);

/* A built layer must be byte for byte what its recipe DIR/src/NAME.csv
** builds now; a layer without a recipe beside it is not checked. */
void check_layer_fresh(const char *layer, const char *base, fm_problems *p);

/* The districts layer beside the control layer, when there is one:
** geometry valid, intervals ordered, ids unique, up to date. */
void check_districts_beside(const char *control_layer, const char *base, fm_geos *gc,
                            fm_problems *p);

/* Every seed:FILE:LINE citation of the timeline against the files in
** `seeds_dir`. With no seeds folder (NULL), a timeline that cites seeds
** gets one problem saying they were not checked and why. */
void check_citations(const fm_timeline *tl, const char *seeds_dir, fm_problems *p);

#endif
