/* file.c -- see file.h. */
#include "core/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *fm_file_slurp(const char *path, size_t max_bytes, size_t *size, fm_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fm_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap) break;
        if (max_bytes && n > max_bytes) break;
        char *bigger = cap < ((size_t)1 << 40) ? realloc(buf, 2 * cap + 1) : NULL;
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (!buf) {
        fm_error_set(err, "%s: out of memory reading it", path);
        return NULL;
    }
    if (failed) {
        free(buf);
        fm_error_set(err, "%s: read error", path);
        return NULL;
    }
    if (max_bytes && n > max_bytes) {
        free(buf);
        fm_error_set(err, "%s: larger than the %zu bytes allowed for it", path, max_bytes);
        return NULL;
    }
    buf[n] = 0;
    if (size) *size = n;
    return buf;
}

double fm_clock_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
