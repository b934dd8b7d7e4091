/*
** file.h -- whole files and the clock: read a file into memory with a size
** limit, and a monotonic clock for timings. (Writing a file whole, through
** a temp file and a rename, is map/output.h's.)
*/
#ifndef FM_FILE_H
#define FM_FILE_H

#include <stddef.h>
#include "core/error.h"

/* Read the whole of `path` into a NUL-terminated buffer the caller frees.
** `*size` (may be NULL) gets its length. A file longer than `max_bytes`
** (0: no limit) is refused with an error naming the file and the limit,
** so /dev/zero or a stray huge file cannot eat memory. */
char *fm_file_slurp(const char *path, size_t max_bytes, size_t *size, fm_error *err);

/* Seconds on the monotonic clock, for timings. */
double fm_clock_seconds(void);

#endif
