/* timeline.c -- see timeline.h. */
#include "record/timeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/grow.h"

static const char *const known_kinds[] = {
    "capture", "offensive", "ceasefire", "agreement", "clash", "handover", "negotiation", "other",
};

int timeline_kind_known(const char *kind)
{
    for (size_t i = 0; i < sizeof known_kinds / sizeof *known_kinds; i++)
        if (strcmp(kind, known_kinds[i]) == 0) return 1;
    return 0;
}

int timeline_kinds_include(const char *kinds, const char *kind)
{
    if (!kinds) return 1;
    size_t n = strlen(kind);
    for (const char *p = kinds; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, kind, n) == 0) return 1;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

int timeline_kinds_check(const char *kinds, fm_error *err)
{
    int count = 0;
    for (const char *p = kinds; *p;) {
        const char *end = strchr(p, ',');
        int len = end ? (int)(end - p) : (int)strlen(p);
        char kind[64];
        snprintf(kind, sizeof kind, "%.*s", len, p);
        if (len > 0 && !timeline_kind_known(kind))
            return fm_error_set(err,
                                "unknown kind '%s'; kinds are capture, offensive, ceasefire, "
                                "agreement, clash, handover, negotiation, other",
                                kind);
        count += len > 0;
        if (!end) break;
        p = end + 1;
    }
    if (!count)
        return fm_error_set(err, "--kinds needs one or more kinds, e.g. --kinds capture,ceasefire");
    return 0;
}

static void event_free(fm_event *e)
{
    free(e->id);
    free(e->date_text);
    free(e->date_edtf);
    free(e->title);
    free(e->kind);
    free(e->place);
    free(e->source);
    free(e->certainty);
    free(e->description);
}

void timeline_free(fm_timeline *tl)
{
    if (!tl) return;
    for (int i = 0; i < tl->count; i++) event_free(&tl->events[i]);
    free(tl->events);
    free(tl->path);
    free(tl);
}

static int slug_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

static int parse_coord(const char *text, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int event_cmp(const void *a, const void *b)
{
    const fm_event *x = a, *y = b;
    if (x->date.first != y->date.first) return x->date.first < y->date.first ? -1 : 1;
    return strcmp(x->id, y->id);
}

enum {
    C_ID,
    C_DATE,
    C_EDTF,
    C_TITLE,
    C_KIND,
    C_PLACE,
    C_LON,
    C_LAT,
    C_SOURCE,
    C_CERTAINTY,
    C_DESCRIPTION,
    C__COUNT
};
static const char *const columns[C__COUNT] = {
    "id",  "date", "date_edtf", "title",     "kind",        "place",
    "lon", "lat",  "source",    "certainty", "description",
};

/* Check one record; on success fill *e (strings owned). Each problem is
** reported through `report`, which returns non-zero to stop. */
static int event_read(fm_csv *csv, const int *col, fm_event *e, const char *path,
                      fm_problems *problems, fm_error *err)
{
    char msg[FM_ERROR_MAX];
    int line = csv->record_line, bad = 0;
    memset(e, 0, sizeof *e);
#define FIELD(c) (col[c] >= 0 && col[c] < csv->nfields ? csv->fields[col[c]] : "")
#define PROBLEM(...)                                                                               \
    do {                                                                                           \
        snprintf(msg, sizeof msg, __VA_ARGS__);                                                    \
        if (!problems) return fm_error_set(err, "%s:%d: %s", path, line, msg);                     \
        fm_problems_add(problems, "%s:%d: %s", path, line, msg);                                   \
        bad = 1;                                                                                   \
    } while (0)

    if (csv->nfields != C__COUNT && csv->nfields < col[C_DESCRIPTION] + 1)
        PROBLEM("has %d fields, the header has %d; check the quoting", csv->nfields, C__COUNT);
    const char *id = FIELD(C_ID);
    if (!slug_ok(id))
        PROBLEM("id \"%s\" must be a slug of a-z, 0-9 and '-', e.g. 1993-07-23-agdam", id);
    fm_error why;
    if (fm_date_parse(FIELD(C_DATE), &e->date, &why)) PROBLEM("event %s: date %s", id, why.msg);
    else if (strncmp(id, FIELD(C_DATE), strlen(FIELD(C_DATE))) != 0)
        PROBLEM("event %s: the id must start with its date %s", id, FIELD(C_DATE));
    if (FIELD(C_EDTF)[0] && fm_edtf_parse(FIELD(C_EDTF), &e->edtf, &why))
        PROBLEM("event %s: date_edtf %s", id, why.msg);
    if (!FIELD(C_TITLE)[0]) PROBLEM("event %s has no title", id);
    if (!timeline_kind_known(FIELD(C_KIND)))
        PROBLEM("event %s: kind \"%s\" is not one of capture, offensive, ceasefire, "
                "agreement, clash, handover, negotiation, other",
                id, FIELD(C_KIND));
    const char *cert = FIELD(C_CERTAINTY);
    if (strcmp(cert, "high") && strcmp(cert, "medium") && strcmp(cert, "low"))
        PROBLEM("event %s: certainty \"%s\" must be high, medium or low", id, cert);
    if (!FIELD(C_SOURCE)[0]) PROBLEM("event %s has no source; cite seed:FILE:LINE or name it", id);
    const char *lon = FIELD(C_LON), *lat = FIELD(C_LAT);
    if (lon[0] || lat[0]) {
        if (parse_coord(lon, -180, 180, &e->lon) || parse_coord(lat, -90, 90, &e->lat))
            PROBLEM("event %s: lon/lat \"%s\",\"%s\" must be decimal degrees (both or neither)", id,
                    lon, lat);
        else e->has_position = 1;
    }
    if (bad) return 1;
    e->line = line;
    e->id = strdup(id);
    e->date_text = strdup(FIELD(C_DATE));
    e->date_edtf = strdup(FIELD(C_EDTF));
    e->title = strdup(FIELD(C_TITLE));
    e->kind = strdup(FIELD(C_KIND));
    e->place = strdup(FIELD(C_PLACE));
    e->source = strdup(FIELD(C_SOURCE));
    e->certainty = strdup(cert);
    e->description = strdup(FIELD(C_DESCRIPTION));
    if (!e->id || !e->date_text || !e->date_edtf || !e->title || !e->kind || !e->place ||
        !e->source || !e->certainty || !e->description) {
        event_free(e);
        return fm_error_set(err, "out of memory");
    }
    return 0;
#undef FIELD
#undef PROBLEM
}

fm_timeline *timeline_load(const char *path, fm_problems *problems, fm_error *err)
{
    fm_csv *csv = csv_open(path, err);
    if (!csv) return NULL;
    fm_timeline *tl = calloc(1, sizeof *tl);
    int col[C__COUNT], cap = 0;
    if (!tl || !(tl->path = strdup(path))) {
        fm_error_set(err, "out of memory");
        goto fail;
    }
    int rc = csv_next(csv, err);
    if (rc <= 0) {
        if (rc == 0) fm_error_set(err, "%s: empty; expected a header line", path);
        goto fail;
    }
    for (int c = 0; c < C__COUNT; c++) {
        col[c] = csv_column(csv, columns[c]);
        if (col[c] < 0) {
            fm_error_set(err,
                         "%s:1: no column \"%s\"; the header must have id,date,"
                         "date_edtf,title,kind,place,lon,lat,source,certainty,description",
                         path, columns[c]);
            goto fail;
        }
    }
    while ((rc = csv_next(csv, err)) == 1) {
        fm_event *grown = fm_grow(tl->events, &cap, tl->count + 1, sizeof *grown, err);
        if (!grown) goto fail;
        tl->events = grown;
        int r = event_read(csv, col, &tl->events[tl->count], path, problems, err);
        if (r < 0) goto fail;
        if (r == 0) {
            const fm_event *dup = timeline_find(tl, tl->events[tl->count].id);
            if (dup) {
                char msg[FM_ERROR_MAX];
                snprintf(msg, sizeof msg, "%s:%d: id %s is used again (first at line %d)", path,
                         tl->events[tl->count].line, dup->id, dup->line);
                event_free(&tl->events[tl->count]);
                if (!problems) {
                    fm_error_set(err, "%s", msg);
                    goto fail;
                }
                fm_problems_add(problems, "%s", msg);
                continue;
            }
            tl->count++;
        }
    }
    if (rc < 0) goto fail;
    csv_close(csv);
    if (tl->count > 1) qsort(tl->events, tl->count, sizeof *tl->events, event_cmp);
    return tl;
fail:
    csv_close(csv);
    timeline_free(tl);
    return NULL;
}

const fm_event *timeline_find(const fm_timeline *tl, const char *id)
{
    for (int i = 0; i < tl->count; i++)
        if (strcmp(tl->events[i].id, id) == 0) return &tl->events[i];
    return NULL;
}

static int edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    int *row = malloc(sizeof *row * (m + 1));
    if (!row) return 1 << 20;
    for (size_t j = 0; j <= m; j++) row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    int d = row[m];
    free(row);
    return d;
}

/* The slug is what follows the date ("agdam" in 1993-07-23-agdam). */
static const char *id_slug(const char *id)
{
    const char *p = id;
    for (int dashes = 0; *p && dashes < 3; p++)
        if (*p == '-') dashes++;
    return *p ? p : id;
}

int timeline_suggest(const fm_timeline *tl, const char *id, const char **out, int max)
{
    if (max <= 0 || tl->count == 0) return 0;
    int *dist = malloc(sizeof *dist * tl->count);
    if (!dist) return 0;
    for (int i = 0; i < tl->count; i++) {
        dist[i] = edit_distance(id, tl->events[i].id);
        /* The same slug under another date is the likeliest intent. */
        if (strcmp(id_slug(id), id_slug(tl->events[i].id)) == 0) dist[i] /= 4;
    }
    int n = max < tl->count ? max : tl->count;
    for (int k = 0; k < n; k++) {
        int best = -1;
        for (int i = 0; i < tl->count; i++)
            if (dist[i] >= 0 && (best < 0 || dist[i] < dist[best])) best = i;
        out[k] = tl->events[best].id;
        dist[best] = -1;
    }
    free(dist);
    return n;
}

/* Count the lines of a file (a final line without '\n' counts). */
static int count_lines(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return -1;
    int lines = 0, c, last = '\n';
    while ((c = fgetc(fp)) != EOF) {
        if (c == '\n') lines++;
        last = c;
    }
    if (last != '\n') lines++;
    fclose(fp);
    return lines;
}

void timeline_check_citations(const fm_timeline *tl, const char *seeds_dir, fm_problems *problems)
{
    for (int i = 0; i < tl->count; i++) {
        const fm_event *e = &tl->events[i];
        const char *p = e->source;
        while ((p = strstr(p, "seed:")) != NULL) {
            char file[256];
            int a = 0, b = 0, consumed = 0;
            p += 5;
            if (sscanf(p, "%255[^:]:%d%n", file, &a, &consumed) < 2) {
                fm_problems_add(problems,
                                "%s:%d: event %s: citation \"seed:%.40s\" is not "
                                "seed:FILE:LINE[-LINE]",
                                tl->path, e->line, e->id, p);
                continue;
            }
            b = a;
            if (p[consumed] == '-') sscanf(p + consumed + 1, "%d", &b);
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", seeds_dir, file);
            int lines = count_lines(path);
            if (lines < 0)
                fm_problems_add(problems,
                                "%s:%d: event %s cites seed %s, which does not "
                                "exist in %s",
                                tl->path, e->line, e->id, file, seeds_dir);
            else if (a < 1 || b < a || b > lines)
                fm_problems_add(problems,
                                "%s:%d: event %s cites %s lines %d-%d, but the "
                                "file has %d lines",
                                tl->path, e->line, e->id, file, a, b, lines);
        }
    }
}
