/* citation.c -- see citation.h. */
#include "record/citation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/grow.h"

void seeds_free(fm_seeds *s)
{
    if (!s) return;
    for (int i = 0; i < s->count; i++) {
        free(s->items[i].file);
        free(s->items[i].short_title);
        free(s->items[i].title);
    }
    free(s->items);
    free(s);
}

fm_seeds *seeds_load(const char *path, fm_error *err)
{
    fm_csv *csv = csv_open(path, err);
    if (!csv) return NULL;
    fm_seeds *s = calloc(1, sizeof *s);
    if (!s) {
        csv_close(csv);
        fm_error_set(err, "out of memory");
        return NULL;
    }
    int rc = csv_next(csv, err), cfile = -1, cshort = -1, ctitle = -1, cap = 0;
    if (rc == 1) {
        cfile = csv_column(csv, "file");
        cshort = csv_column(csv, "short");
        ctitle = csv_column(csv, "title");
    }
    if (rc != 1 || cfile < 0 || cshort < 0 || ctitle < 0) {
        if (rc >= 0) fm_error_set(err, "%s: expected a header line file,short,title", path);
        goto fail;
    }
    while ((rc = csv_next(csv, err)) == 1) {
        if (csv->nfields <= cfile || csv->nfields <= cshort || csv->nfields <= ctitle) {
            fm_error_set(err, "%s:%d: expected 3 fields (file,short,title)", path,
                         csv->record_line);
            goto fail;
        }
        fm_seed *grown = fm_grow(s->items, &cap, s->count + 1, sizeof *grown, err);
        if (!grown) goto fail;
        s->items = grown;
        fm_seed *e = &s->items[s->count++];
        e->file = strdup(csv->fields[cfile]);
        e->short_title = strdup(csv->fields[cshort]);
        e->title = strdup(csv->fields[ctitle]);
        if (!e->file || !e->short_title || !e->title) {
            fm_error_set(err, "out of memory");
            goto fail;
        }
    }
    if (rc < 0) goto fail;
    csv_close(csv);
    return s;
fail:
    csv_close(csv);
    seeds_free(s);
    return NULL;
}

const fm_seed *seeds_find(const fm_seeds *s, const char *file)
{
    for (int i = 0; s && i < s->count; i++)
        if (strcmp(s->items[i].file, file) == 0) return &s->items[i];
    return NULL;
}

static void append(char *buf, size_t size, const char *text, size_t n)
{
    size_t len = strlen(buf);
    if (len + 1 >= size) return;
    if (n > size - len - 1) n = size - len - 1;
    memcpy(buf + len, text, n);
    buf[len + n] = 0;
}

/* One part of a source field: a seed citation (file and lines) or words. */
typedef struct part {
    char text[1024];
    int is_seed;
    char *file, *lines;
} part;

void citation_format(const fm_seeds *seeds, const char *source, const fm_cite_words *words,
                     char *buf, size_t size, int *used)
{
    enum { MAX_PARTS = 32 };
    part parts[MAX_PARTS];
    int n = 0;
    buf[0] = 0;
    /* Sources are joined by "; "; each part is a seed citation or words. */
    for (const char *p = source; *p && n < MAX_PARTS;) {
        const char *end = strstr(p, "; ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        part *q = &parts[n++];
        snprintf(q->text, sizeof q->text, "%.*s", (int)len, p);
        q->is_seed = strncmp(q->text, "seed:", 5) == 0;
        if (q->is_seed) {
            /* seed:FILE:LINES -- the file name holds no colon. */
            q->file = q->text + 5;
            q->lines = strchr(q->file, ':');
            if (q->lines) *q->lines++ = 0;
            else q->lines = q->file + strlen(q->file);
        }
        p += len;
        if (end) p += 2;
    }
    /* Citations of one seed are gathered in one entry, in the order they
    ** first appear: "Kazimirov, Peace to Karabakh, lines 18682, 3310–3313". */
    for (int i = 0; i < n; i++) {
        if (parts[i].is_seed < 0) continue;
        if (buf[0]) append(buf, size, "; ", 2);
        if (!parts[i].is_seed) {
            append(buf, size, parts[i].text, strlen(parts[i].text));
            continue;
        }
        int k = -1, nlines = 0, ranges = 0;
        for (int j = 0; seeds && j < seeds->count; j++)
            if (strcmp(seeds->items[j].file, parts[i].file) == 0) k = j;
        if (k >= 0 && used) used[k] = 1;
        for (int j = i; j < n; j++)
            if (parts[j].is_seed > 0 && strcmp(parts[j].file, parts[i].file) == 0 &&
                parts[j].lines[0]) {
                nlines++;
                ranges |= strchr(parts[j].lines, '-') != NULL;
            }
        const char *title = k >= 0 ? seeds->items[k].short_title : parts[i].file;
        append(buf, size, title, strlen(title));
        if (nlines) {
            const char *w = nlines > 1 || ranges ? words->lines : words->line;
            append(buf, size, ", ", 2);
            append(buf, size, w, strlen(w));
            append(buf, size, " ", 1);
        }
        int first = 1;
        for (int j = i; j < n; j++) {
            if (parts[j].is_seed <= 0 || strcmp(parts[j].file, parts[i].file) != 0) continue;
            if (parts[j].lines[0]) {
                if (!first) append(buf, size, ", ", 2);
                first = 0;
                /* Line ranges with an en dash, as printed references have. */
                for (const char *c = parts[j].lines; *c; c++) {
                    if (*c == '-') append(buf, size, "–", strlen("–"));
                    else append(buf, size, c, 1);
                }
            }
            if (j != i) parts[j].is_seed = -1; /* done */
        }
        parts[i].is_seed = -1;
    }
}
