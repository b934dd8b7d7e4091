/*
** csv.h -- reading RFC 4180 CSV, keeping line numbers for error messages.
**
** Owns: quoted fields with embedded commas, quotes ("") and newlines; a
** UTF-8 byte-order mark at the start; CRLF or LF line ends. A record knows
** the line it started on, so errors can say "events.csv:42".
*/
#ifndef FM_CSV_H
#define FM_CSV_H

#include <stdio.h>
#include "core/error.h"

typedef struct fm_csv {
    FILE *fp;
    char *path;
    int line;        /* next line to read, 1-based */
    int record_line; /* line the last record started on */
    int nfields;
    char **fields; /* the last record's fields, owned */
    int cap;
} fm_csv;

fm_csv *csv_open(const char *path, fm_error *err);
void csv_close(fm_csv *csv);

/* Read the next record into csv->fields. Returns 1 for a record, 0 at the
** end, -1 on an error with the file and line in err: an unterminated
** quote, a NUL byte (not a text file), a field over 1 MiB or a record of
** over 4096 fields (so no input can grow memory without bound). */
int csv_next(fm_csv *csv, fm_error *err);

/* Index of a header name in the last record, or -1. */
int csv_column(const fm_csv *csv, const char *name);

#endif
