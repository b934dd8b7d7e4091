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

/* Bounds on one record, so that a file that is not CSV text (a binary,
** /dev/zero, a quote never closed in a huge file) ends in a clear error
** instead of unbounded memory. */
#define CSV_MAX_FIELD  (1 << 20) /* bytes in one field */
#define CSV_MAX_FIELDS 4096      /* fields in one record */

/* Append one byte of field text: -1 with err set for a NUL byte or an
** over-long field, -2 when out of memory. */
static int buf_put(fm_csv *csv, fm_str *b, int c, fm_error *err)
{
    int field = csv->nfields + 1;
    if (c == 0)
        return fm_error_set(err, "%s:%d: a NUL byte in field %d: this is not a text CSV file",
                            csv->path, csv->line, field);
    if (b->len >= CSV_MAX_FIELD)
        return fm_error_set(err,
                            "%s:%d: field %d is longer than %d bytes; check for a stray "
                            "double quote",
                            csv->path, csv->record_line, field, CSV_MAX_FIELD);
    char ch = (char)c;
    return fm_str_append(b, &ch, 1) ? -2 : 0;
}

/* The field being read (b) joins the record; b is left empty. -1 with err
** set for a record of too many fields, -2 when out of memory. */
static int push_field(fm_csv *csv, fm_str *b, fm_error *err)
{
    fm_error oom;
    if (csv->nfields >= CSV_MAX_FIELDS)
        return fm_error_set(err, "%s:%d: more than %d fields in one record", csv->path,
                            csv->record_line, CSV_MAX_FIELDS);
    char **f = fm_grow(csv->fields, &csv->cap, csv->nfields + 1, sizeof *f, &oom);
    if (!f) return -2;
    csv->fields = f;
    char *text = fm_str_take(b);
    if (!text) return -2;
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
    int quoted = 0, in_quotes = 0, rc;
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
                    if ((rc = buf_put(csv, &b, '"', err))) goto fail;
                    continue;
                }
                in_quotes = 0;
                c = next;
            } else {
                if (c == '\n') csv->line++;
                if ((rc = buf_put(csv, &b, c, err))) goto fail;
                continue;
            }
        }
        if (c == '"' && b.len == 0 && !quoted) {
            quoted = in_quotes = 1;
            continue;
        }
        if (c == ',') {
            if ((rc = push_field(csv, &b, err))) goto fail;
            quoted = 0;
            continue;
        }
        if (c == '\r') continue;
        if (c == '\n' || c == EOF) {
            if (c == '\n') csv->line++;
            if ((rc = push_field(csv, &b, err))) goto fail;
            return 1;
        }
        if ((rc = buf_put(csv, &b, c, err))) goto fail;
    }
fail:
    fm_str_free(&b);
    if (rc == -2) fm_error_set(err, "out of memory reading %s", csv->path);
    return -1;
}

int csv_column(const fm_csv *csv, const char *name)
{
    for (int i = 0; i < csv->nfields; i++)
        if (strcmp(csv->fields[i], name) == 0) return i;
    return -1;
}
