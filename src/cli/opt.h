/*
** opt.h -- command-line options, declared once per command in a table and
** parsed and checked in one place (in the spirit of Lua's luaL_check*).
**
** Owns: reading "--opt value", "--opt=value" and short names ("-o FILE"),
** checking each value by its type (whole numbers with overflow and range
** checked, numbers, dates, WxH sizes, bounding boxes, choices, language
** codes), refusing options a command does not declare, and writing a
** command's help from the same table. Every refusal is a USAGE error
** (exit 2) that names the option.
*/
#ifndef FM_OPT_H
#define FM_OPT_H

#include <stdio.h>

#include "core/date.h"
#include "core/error.h"

typedef enum fm_opt_type {
    FM_OPT_FLAG,   /* no value */
    FM_OPT_STRING, /* any text */
    FM_OPT_INT,    /* a whole number in [min, max] */
    FM_OPT_DOUBLE, /* a number in [min, max] */
    FM_OPT_DATE,   /* ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY */
    FM_OPT_SIZE,   /* WxH, each side a whole number in [min, max] */
    FM_OPT_BBOX,   /* W,S,E,N in degrees */
    FM_OPT_ENUM,   /* one of `choices` (any case) */
    FM_OPT_LANG,   /* a language code (core/lang.h) */
} fm_opt_type;

typedef struct fm_opt {
    const char *name;       /* "--date" */
    const char *short_name; /* "-o", or NULL */
    fm_opt_type type;
    const char *arg;            /* the value's name in help: "DATE"; NULL for a flag */
    const char *help;           /* one or more lines joined by '\n' */
    double min, max;            /* INT, DOUBLE, SIZE */
    const char *const *choices; /* ENUM: NULL-terminated */
    const char *alias;          /* another accepted name, not shown in help */
} fm_opt;

/* How a command is called and described: its help is written from this. */
typedef struct fm_opt_spec {
    const char *name;    /* the command: "render" */
    const char *summary; /* one line for 'frontmap help' */
    const char *usage;   /* "usage: frontmap render ..." lines */
    const char *about;   /* what it does: paragraphs */
    const fm_opt *opts;  /* -h/--help is implied */
    int nopts;
    const char *notes;    /* after the options, or NULL */
    const char *examples; /* indented example lines, or NULL */
} fm_opt_spec;

/* One option's value after parsing; `given` 0 when absent. */
typedef struct fm_opt_value {
    int given;
    const char *text; /* as written; NULL for a flag */
    long i;           /* INT; ENUM: index into choices */
    double d;         /* DOUBLE */
    fm_date date;     /* DATE */
    int w, h;         /* SIZE */
    double bbox[4];   /* BBOX */
} fm_opt_value;

#define FM_OPT_MAX 40

/* The options of one command line, as parsed. */
typedef struct fm_opts {
    const fm_opt_spec *spec;
    fm_opt_value v[FM_OPT_MAX];
} fm_opts;

#define FM_OPT_HELP 1

/* Parse argv[first..argc) against spec. Returns 0, FM_OPT_HELP when -h or
** --help was given (nothing else is checked then), or -1 with a USAGE
** error. A later occurrence of an option replaces an earlier one. */
int opts_parse(fm_opts *o, const fm_opt_spec *spec, int argc, char **argv, int first,
               fm_error *err);

/* The value of option `name` (its long name), or NULL when it was not
** given. A name the spec does not declare is a programming error: it is
** reported on stderr and reads as not given. */
const fm_opt_value *opts_get(const fm_opts *o, const char *name);

/* Shorthands: the text (NULL when not given), whether a flag was given. */
const char *opts_text(const fm_opts *o, const char *name);
int opts_flag(const fm_opts *o, const char *name);

/* Make `err` a USAGE error (an argument the library refused), its message
** after `head` (e.g. "--date "; may be ""). Returns -1. */
int opts_usage(fm_error *err, const char *head);

/* Write the command's help: usage, about, options, notes, examples. */
void opts_help(const fm_opt_spec *spec, FILE *out);

#endif
