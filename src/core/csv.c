/* csv.c -- see csv.h. */
#include "core/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/str.h"

fm_csv *csv_open(const char *path, fm_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fm_error_set(err, "%s: cannot read (%s)", path, strerror(errno));
        return NULL;
    }
    fm_csv *csv = calloc(1, sizeof *csv);
    if (!csv || !(csv->path = strdup(path))) {
        fclose(fp);
        free(csv);
        fm_error_set(err, "out of memory");
        return NULL;
    }
    csv->fp = fp;
    csv->line = 1;
    /* Spreadsheet programs write a UTF-8 BOM; it is not part of the header. */
    int c1 = fgetc(fp), c2 = fgetc(fp), c3 = fgetc(fp);
    if (!(c1 == 0xEF && c2 == 0xBB && c3 == 0xBF)) rewind(fp);
    return csv;
}

static void clear_fields(fm_csv *csv)
{
    for (int i = 0; i < csv->nfields; i++) free(csv->fields[i]);
    csv->nfields = 0;
}

void csv_close(fm_csv *csv)
{
    if (!csv) return;
    clear_fields(csv);
    free(csv->fields);
    free(csv->path);
    if (csv->fp) fclose(csv->fp);
    free(csv);
}

static int buf_put(fm_str *b, char c)
{
    return fm_str_append(b, &c, 1);
}

/* The field being read (b) joins the record; b is left empty. */
static int push_field(fm_csv *csv, fm_str *b)
{
    fm_error oom;
    char **f = fm_grow(csv->fields, &csv->cap, csv->nfields + 1, sizeof *f, &oom);
    if (!f) return -1;
    csv->fields = f;
    char *text = fm_str_take(b);
    if (!text) return -1;
    csv->fields[csv->nfields++] = text;
    return 0;
}

int csv_next(fm_csv *csv, fm_error *err)
{
    clear_fields(csv);
    fm_str b = FM_STR_INIT;
    int c = fgetc(csv->fp);
    /* Skip blank lines between records. */
    while (c == '\n' || c == '\r') {
        if (c == '\n') csv->line++;
        c = fgetc(csv->fp);
    }
    if (c == EOF) return 0;
    csv->record_line = csv->line;
    int quoted = 0, in_quotes = 0;
    for (;; c = fgetc(csv->fp)) {
        if (in_quotes) {
            if (c == EOF) {
                fm_str_free(&b);
                return fm_error_set(err,
                                    "%s:%d: a quoted field is never closed; "
                                    "check for a stray double quote",
                                    csv->path, csv->record_line);
            }
            if (c == '"') {
                int next = fgetc(csv->fp);
                if (next == '"') {
                    if (buf_put(&b, '"')) goto oom;
                    continue;
                }
                in_quotes = 0;
                c = next;
            } else {
                if (c == '\n') csv->line++;
                if (buf_put(&b, (char)c)) goto oom;
                continue;
            }
        }
        if (c == '"' && b.len == 0 && !quoted) {
            quoted = in_quotes = 1;
            continue;
        }
        if (c == ',') {
            if (push_field(csv, &b)) goto oom;
            quoted = 0;
            continue;
        }
        if (c == '\r') continue;
        if (c == '\n' || c == EOF) {
            if (c == '\n') csv->line++;
            if (push_field(csv, &b)) goto oom;
            return 1;
        }
        if (buf_put(&b, (char)c)) goto oom;
    }
oom:
    fm_str_free(&b);
    return fm_error_set(err, "out of memory reading %s", csv->path);
}

int csv_column(const fm_csv *csv, const char *name)
{
    for (int i = 0; i < csv->nfields; i++)
        if (strcmp(csv->fields[i], name) == 0) return i;
    return -1;
}
