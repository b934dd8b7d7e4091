/*
** citation.h -- an event's `source` as a printed page shows it.
**
** Owns: the seed table (timeline/seeds.csv: file, short, title) that gives
** each seed text a readable title, and formatting a source field: every
** `seed:FILE:LINE[-LINE]` becomes "SHORT TITLE, line N" (or "lines N-M"),
** sources named in words stay as written. The mapping is data, so a new
** seed needs a row in the table, not a rebuild.
*/
#ifndef FM_CITATION_H
#define FM_CITATION_H

#include <stddef.h>
#include "core/error.h"

typedef struct fm_seed {
    char *file;        /* 001_6097d6e2ba019926.txt */
    char *short_title; /* for table rows */
    char *title;       /* for the sources block */
} fm_seed;

typedef struct fm_seeds {
    int count;
    fm_seed *items;
} fm_seeds;

/* Read the table; errors name the file and line. */
fm_seeds *seeds_load(const char *path, fm_error *err);
void seeds_free(fm_seeds *s);

/* The seed for a file name, or NULL. */
const fm_seed *seeds_find(const fm_seeds *s, const char *file);

/* Words the formatted text uses, in the page's language. */
typedef struct fm_cite_words {
    const char *line;  /* "line" */
    const char *lines; /* "lines" */
} fm_cite_words;

/* Format `source` into buf for print. Seeds missing from the table keep
** their file name. When `used` is not NULL (s->count flags), sets the flag
** of every seed cited, so a sources block can list their full titles.
** `seeds` may be NULL (every seed keeps its file name). */
void citation_format(const fm_seeds *seeds, const char *source, const fm_cite_words *words,
                     char *buf, size_t size, int *used);

#endif
