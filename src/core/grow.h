/*
** grow.h -- checked growth of owned arrays.
**
**     T *p = fm_grow(arr, &cap, need, sizeof *arr, err);
**     if (!p) goto fail;      // arr and cap unchanged, still owned
**     arr = p;
**
** (need >= 1) makes room for at least `need` elements, doubling the capacity (first
** 16). On failure it returns NULL, leaves the array and its capacity as
** they were (so the caller's usual free path releases them) and err says
** out of memory: callers fail with a value, never crash on a NULL from
** realloc or leak the old block.
*/
#ifndef FM_GROW_H
#define FM_GROW_H

#include <stdint.h>
#include <stdlib.h>
#include "core/error.h"

static inline void *fm_grow(void *arr, int *cap, int need, size_t elem, fm_error *err)
{
    if (need <= *cap) return arr;
    int n = *cap > 0 ? *cap : 16;
    while (n < need) {
        if (n > INT32_MAX / 2) {
            fm_error_set(err, "out of memory (an array of %d items)", need);
            return NULL;
        }
        n *= 2;
    }
    void *p = (size_t)n <= SIZE_MAX / elem ? realloc(arr, (size_t)n * elem) : NULL;
    if (!p) {
        fm_error_set(err, "out of memory (an array of %d items of %zu bytes)", n, elem);
        return NULL;
    }
    *cap = n;
    return p;
}

#endif
