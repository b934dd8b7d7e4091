/*
** date.h -- calendar dates as proleptic Gregorian day numbers.
**
** Owns: parsing ISO 8601 calendar dates of full or reduced precision
** (YYYY-MM-DD, YYYY-MM, YYYY, with optional sign and more than four digits
** for far years), EDTF level 0/1 dates and intervals, formatting, and
** calendar arithmetic (add days / weeks / months / years). No times, no time
** zones: a date is a whole day.
**
** A day number (`fm_day`) counts days from 1970-01-01 (day 0), so it sorts and
** subtracts like an integer. FM_DAY_MIN / FM_DAY_MAX stand for an open start
** or end. Years are astronomical: 1 BC is year 0, 44 BC is year -43 (written
** -0043); the Gregorian calendar is extended backwards (proleptic).
**
** Parsers accept years FM_YEAR_MIN .. FM_YEAR_MAX, so every parsed day lies
** far inside the int32 range and never collides with FM_DAY_MIN / FM_DAY_MAX.
** Nothing here has mutable global state: every function is thread-safe.
*/
#ifndef FM_DATE_H
#define FM_DATE_H

#include <stdint.h>
#include "core/error.h"

typedef int32_t fm_day;

#define FM_DAY_MIN INT32_MIN /* open start: before every date */
#define FM_DAY_MAX INT32_MAX /* open end: after every date */

#define FM_YEAR_MIN (-999999) /* parsers reject years outside this range */
#define FM_YEAR_MAX 999999

/* Room for any fm_day_format result ("-5877641-06-24" and the NUL). */
#define FM_DAY_FORMAT_SIZE 16

/* How far an approximate EDTF date (~ or %) widens its band on each side,
** by what the text pins down: 1993-08-23~ is 08-20 .. 08-26, 1993-08~ is
** 07-17 .. 09-15, 1993~ is 1992-07-03 .. 1994-07-01. */
#define FM_EDTF_MARGIN_DAY   3
#define FM_EDTF_MARGIN_MONTH 15
#define FM_EDTF_MARGIN_YEAR  182

typedef enum { FM_PREC_DAY = 3, FM_PREC_MONTH = 2, FM_PREC_YEAR = 1 } fm_precision;

/* A parsed calendar date with the precision it was written at.
** `first` is the first day of the written period, `last` its last day
** (equal for a full date; 1993-02 gives 1993-02-01 .. 1993-02-28). */
typedef struct fm_date {
    fm_day first;
    fm_day last;
    fm_precision prec;
} fm_date;

/* An EDTF value reduced to what the map needs:
** `value`   the day used for filtering: the first day of the written period
**           (1993-08~ gives 1993-08-01, 199X gives 1990-01-01; the
**           approximation margin is not applied), for an interval the start
**           side's value, FM_DAY_MIN for an open or unknown start,
** `early`   the earliest day it may mean, `late` the latest day it may mean,
**           both inclusive (the fuzzy band: 1993-08 gives 08-01 .. 08-31,
**           1993-08~ widens that by FM_EDTF_MARGIN_MONTH; an interval
**           1993-08-18/1993-08-23 gives 18..23 and an open end gives
**           FM_DAY_MIN / FM_DAY_MAX),
** `approximate` (~ or %) and `uncertain` (? or %) flags as written (for an
** interval: on either side); `is_interval` for A/B. Only ~ and % widen the
** band: ? says the reading may be wrong, not that it is imprecise.
** Seasons (level 1) are meteorological, northern hemisphere: 1992-21 spring
** = 03-01 .. 05-31, -22 summer = 06-01 .. 08-31, -23 autumn = 09-01 ..
** 11-30, -24 winter = 1992-12-01 .. 1993-02-28; they take the month margin. */
typedef struct fm_edtf {
    fm_day value;
    fm_day early;
    fm_day late;
    int approximate;
    int uncertain;
    int is_interval;
} fm_edtf;

/* Day number of a valid y-m-d (no checking); inverse of fm_day_to_ymd.
** Exact for every year whose days fit in an fm_day (about +-5.8 million). */
fm_day fm_day_from_ymd(int year, int month, int day);
void fm_day_to_ymd(fm_day d, int *year, int *month, int *day);

int fm_is_leap_year(int year);
/* 28..31, or 0 for a month outside 1..12. */
int fm_days_in_month(int year, int month);

/* Parse an ISO 8601 calendar date of full or reduced precision. Rejects
** impossible dates (1993-02-30, 1993-13), trailing text and empty input,
** with a message that quotes the text and says what is wrong. Years have at
** least 4 digits; more than 4 need a sign (+12000, -12000), as in ISO 8601's
** expanded form, so a compact 19930101 is not misread as a year. On error
** *out is left unchanged. */
int fm_date_parse(const char *text, fm_date *out, fm_error *err);

/* Parse an EDTF level 0/1 value: a date with optional ~ ? % qualifier
** (on the whole date), an unspecified-digit form (199X, 19XX, 1993-XX,
** 1993-08-XX, 1993-XX-XX), a season (1992-21 .. 1992-24), a Y-prefixed year
** of more than 4 digits (Y12000), or an interval A/B where either side may
** be empty (unknown) or ".." (open); both count as open here. Dates also
** take the signed years of fm_date_parse. Not supported: times (level 0
** allows them), level 2 (qualifiers on parts, X in other places, sets). */
int fm_edtf_parse(const char *text, fm_edtf *out, fm_error *err);

/* Write YYYY-MM-DD (or "..", for open ends) into buf; returns buf. Years
** before 0 or after 9999 get a sign and at least 4 digits (-0044-03-15,
** +12000-01-01). Truncates to fit `size` (FM_DAY_FORMAT_SIZE always fits). */
char *fm_day_format(fm_day d, char *buf, size_t size);

/* Calendar arithmetic. Month and year steps clamp to the month's end
** (1992-01-31 + 1 month = 1992-02-29), computed from `origin` plus n steps
** so that a sequence never drifts (Jan 31, Feb 29, Mar 31, ...).
** Open ends (FM_DAY_MIN / FM_DAY_MAX) stay as they are; a result beyond the
** fm_day range saturates to FM_DAY_MIN / FM_DAY_MAX. */
fm_day fm_day_add_months(fm_day origin, int months);
fm_day fm_day_add_years(fm_day origin, int years);

/* An ISO 8601 duration of one unit: P<n>D, P<n>W, P<n>M, P<n>Y
** (1 <= n <= FM_STEP_MAX), upper case, no time part. */
#define FM_STEP_MAX 100000
typedef enum { FM_STEP_DAY, FM_STEP_WEEK, FM_STEP_MONTH, FM_STEP_YEAR } fm_step_unit;
typedef struct fm_step {
    fm_step_unit unit;
    int count;
} fm_step;

int fm_step_parse(const char *text, fm_step *out, fm_error *err);

/* The i-th date of a sequence starting at origin (i = 0 gives origin;
** negative i walks backwards). Saturates like fm_day_add_months. */
fm_day fm_step_nth(fm_day origin, fm_step step, int i);

/* Half-open interval membership: from <= d < to (open ends allowed). Note
** that fm_edtf's late is inclusive: test a band with late + 1 unless it is
** FM_DAY_MAX. */
static inline int fm_day_in(fm_day d, fm_day from, fm_day to)
{
    return from <= d && d < to;
}

#endif
