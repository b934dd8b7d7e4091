/*
** lang.h -- the languages frontmap's own words (dates, legend words) come
** in, and dates written in each of them. Place names come from the data.
*/
#ifndef FM_LANG_H
#define FM_LANG_H

#include <stddef.h>
#include "core/date.h"
#include "core/error.h"

/* The languages with month names and page words: en, az, hy, ru. */
extern const char *const fm_lang_codes[];
extern const int fm_lang_count;

/* 0 when `lang` is one of them; else a USAGE error naming the option
** (e.g. "--lang") and listing the known codes. */
int fm_lang_check(const char *lang, const char *option, fm_error *err);

/* "23 July 1993", "23 iyul 1993", "1993 թ. հուլիսի 23", "23 июля 1993 г." */
void fm_lang_format_date(fm_day d, const char *lang, char *buf, size_t size);

#endif
