/* manifest.c -- see manifest.h. */
#include "film/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/grow.h"

#define ROW_MAX 8192

void manifest_row(const fm_frame_plan *plan, const fm_timeline *tl, int frame, int copy, char *buf,
                  size_t size)
{
    const fm_frame *f = &plan->frames[frame];
    char date[32];
    fm_day_format(f->date, date, sizeof date);
    const char *kind = f->kind == FM_FRAME_TWEEN ? "tween" : copy ? "hold" : "key";
    int n = snprintf(buf, size, "%d,%s,%s,%d,%.4f,", f->first_out + copy, date, kind,
                     f->kind == FM_FRAME_TWEEN, f->t);
    if (n < 0 || (size_t)n >= size) return;
    /* The events new on a keyframe: since the keyframe before, or (on the
    ** first) on its own day. */
    int first = 1;
    for (int i = 0; f->kind == FM_FRAME_KEY && tl && i < tl->count; i++) {
        const fm_event *e = &tl->events[i];
        if (e->date.first > f->date) break;
        if (e->date.first <= f->before || (f->before == FM_DAY_MIN && e->date.first < f->date))
            continue;
        if ((size_t)n + strlen(e->id) + 2 >= size) break;
        n += snprintf(buf + n, size - n, "%s%s", first ? "" : ";", e->id);
        first = 0;
    }
}

int manifest_write(const char *path, const char *signature, const fm_frame_plan *plan,
                   const fm_timeline *tl, fm_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.part", path);
    FILE *fp = fopen(tmp, "w");
    if (!fp) return fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    fprintf(fp, "# %s\n%s\n", signature, FM_MANIFEST_HEADER);
    char row[ROW_MAX];
    for (int i = 0; i < plan->n; i++)
        for (int c = 0; c < plan->frames[i].repeat; c++) {
            manifest_row(plan, tl, i, c, row, sizeof row);
            fprintf(fp, "%s\n", row);
        }
    if (fclose(fp) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

int manifest_read(const char *path, const char *signature, fm_manifest *out, fm_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "r");
    if (!fp) return 0;
    char line[ROW_MAX];
    int cap = 0, lineno = 0, rc = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = 0;
        lineno++;
        /* Another film's settings: none of its frames is ours. */
        if (lineno == 1 && (line[0] != '#' || strcmp(line + 2, signature) != 0)) break;
        if (lineno <= 2) continue;
        char **grown = fm_grow(out->rows, &cap, out->n + 1, sizeof *grown, err);
        if (!grown) {
            rc = fm_error_prefix(err, "%s", path);
            break;
        }
        out->rows = grown;
        if (!(out->rows[out->n] = strdup(line))) {
            rc = fm_error_set(err, "out of memory reading %s", path);
            break;
        }
        out->n++;
    }
    fclose(fp);
    if (rc) manifest_free(out);
    return rc;
}

void manifest_free(fm_manifest *m)
{
    for (int i = 0; i < m->n; i++) free(m->rows[i]);
    free(m->rows);
    memset(m, 0, sizeof *m);
}

int manifest_frame_matches(const fm_manifest *old, const fm_frame_plan *plan, const fm_timeline *tl,
                           int frame)
{
    const fm_frame *f = &plan->frames[frame];
    char row[ROW_MAX];
    for (int c = 0; c < f->repeat; c++) {
        int out = f->first_out + c;
        if (out >= old->n) return 0;
        manifest_row(plan, tl, frame, c, row, sizeof row);
        if (strcmp(row, old->rows[out]) != 0) return 0;
    }
    return 1;
}
