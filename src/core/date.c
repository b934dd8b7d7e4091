/* date.c -- see date.h. */
#include "core/date.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = { "January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December" };

#define DATE_FORMS "YYYY-MM-DD, YYYY-MM or YYYY"
#define EDTF_FORMS                                                                                 \
    "an EDTF date such as 1993-08-23, 1993-08~, 1993?, "                                           \
    "199X, 1993-XX, 1992-22 (summer) or an interval "                                              \
    "1993-08-18/1993-08-23 (a side may be empty or ..)"
#define STEP_FORMS                                                                                 \
    "an ISO 8601 duration of one unit: P<n>D, P<n>W, "                                             \
    "P<n>M or P<n>Y, e.g. P1D, P7D, P1W, P1M, P3M or P1Y"

/* ---- day numbers -------------------------------------------------------- */

/* Floor division: C truncates towards zero, calendars need floor so that
** negative years fall into the right 400-year era. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil: shift the year to start on 1 March so
** the leap day is the last day of the year, then count whole 400-year eras
** (146097 days each) plus the day within the era. 719468 is the day of
** 1970-01-01 counted from 0000-03-01. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400; /* 0..399 */
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
    return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the exact inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097; /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                      /* 0..11, March = 0 */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Results beyond the fm_day range become the open ends, which already mean
** "before / after every date". */
static fm_day saturate(int64_t v)
{
    if (v <= FM_DAY_MIN) return FM_DAY_MIN;
    if (v >= FM_DAY_MAX) return FM_DAY_MAX;
    return (fm_day)v;
}

fm_day fm_day_from_ymd(int year, int month, int day)
{
    return (fm_day)days_from_civil(year, month, day);
}

void fm_day_to_ymd(fm_day d, int *year, int *month, int *day)
{
    int64_t y;
    civil_from_days(d, &y, month, day);
    *year = (int)y;
}

int fm_is_leap_year(int year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int fm_days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month < 1 || month > 12) return 0;
    if (month == 2 && fm_is_leap_year(year)) return 29;
    return days[month - 1];
}

/* ---- formatting --------------------------------------------------------- */

/* ISO 8601 expanded years: a sign whenever the year does not fit 0000-9999,
** otherwise "-44" and "44" would both read as something else. */
static void format_year(int64_t y, char *buf, size_t size)
{
    if (y < 0 || y > 9999) snprintf(buf, size, "%+05lld", (long long)y);
    else snprintf(buf, size, "%04lld", (long long)y);
}

char *fm_day_format(fm_day d, char *buf, size_t size)
{
    char year[16];
    int64_t y;
    int m, dd;

    if (size == 0) return buf;
    if (d == FM_DAY_MIN || d == FM_DAY_MAX) {
        snprintf(buf, size, "..");
        return buf;
    }
    civil_from_days(d, &y, &m, &dd);
    format_year(y, year, sizeof year);
    snprintf(buf, size, "%s-%02d-%02d", year, m, dd);
    return buf;
}

/* ---- arithmetic --------------------------------------------------------- */

static fm_day add_days(fm_day origin, int64_t n)
{
    if (origin == FM_DAY_MIN || origin == FM_DAY_MAX) return origin;
    return saturate((int64_t)origin + n);
}

/* Any step beyond this leaves the fm_day range anyway (it is ~2^40 days or
** months); capping counts to it keeps every product below int64 overflow. */
#define STEP_CAP ((int64_t)1 << 40)

static int64_t cap_steps(int64_t n)
{
    return n > STEP_CAP ? STEP_CAP : n < -STEP_CAP ? -STEP_CAP : n;
}

/* Counts months from year 0 so that one floor division gives the new year
** and month; the day is then clamped to the new month's length. */
static fm_day add_months(fm_day origin, int64_t months)
{
    int64_t y, total, ny;
    int m, d, nm, dim;

    if (origin == FM_DAY_MIN || origin == FM_DAY_MAX) return origin;
    civil_from_days(origin, &y, &m, &d);
    total = y * 12 + (m - 1) + cap_steps(months);
    ny = floor_div(total, 12);
    nm = (int)(total - ny * 12) + 1;
    /* Years past the int range are far beyond the fm_day range: saturate
    ** before fm_days_in_month's int conversion. */
    if (ny > INT32_MAX) return FM_DAY_MAX;
    if (ny < INT32_MIN) return FM_DAY_MIN;
    dim = fm_days_in_month((int)ny, nm);
    return saturate(days_from_civil(ny, nm, d < dim ? d : dim));
}

fm_day fm_day_add_months(fm_day origin, int months)
{
    return add_months(origin, months);
}

fm_day fm_day_add_years(fm_day origin, int years)
{
    return add_months(origin, (int64_t)years * 12);
}

fm_day fm_step_nth(fm_day origin, fm_step step, int i)
{
    /* Always from the origin, never from the previous date: month steps
    ** clamp (Jan 31 -> Feb 29), and chaining would then drift to the 29th. */
    int64_t n = cap_steps((int64_t)step.count * i);
    switch (step.unit) {
    case FM_STEP_DAY: return add_days(origin, n);
    case FM_STEP_WEEK: return add_days(origin, n * 7);
    case FM_STEP_MONTH: return add_months(origin, n);
    case FM_STEP_YEAR: return add_months(origin, n * 12);
    }
    return origin;
}

/* ---- error messages ----------------------------------------------------- */

/* Quote user text for a message: escape what would not print, and cut long
** text so one bad cell cannot flood the error. */
static void quote(const char *text, size_t len, char *buf, size_t size)
{
    const size_t max_shown = 60;
    size_t o = 0, i;

    buf[o++] = '"';
    for (i = 0; i < len && i < max_shown && o + 8 < size; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') o += (size_t)snprintf(buf + o, size - o, "\\%c", c);
        else if (c == '\n') o += (size_t)snprintf(buf + o, size - o, "\\n");
        else if (c == '\t') o += (size_t)snprintf(buf + o, size - o, "\\t");
        else if (c < 0x20 || c == 0x7f) o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
        else buf[o++] = (char)c;
    }
    if (i < len) o += (size_t)snprintf(buf + o, size - o, "...");
    snprintf(buf + o, size - o, "\"");
}

/* A cursor over the text being parsed, with what the caller accepts, so
** every message can quote the whole text and end with the expected form. */
typedef struct scan {
    const char *text;
    const char *p;
    const char *noun; /* "date" or "step", for leftover text */
    const char *expect;
    fm_error *err;
} scan;

static int scan_fail(const scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int scan_fail(const scan *s, const char *fmt, ...)
{
    char what[512], q[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    quote(s->text, strlen(s->text), q, sizeof q);
    return fm_error_set(s->err, "%s: %s; expected %s", q, what, s->expect);
}

/* Explain text left over after a valid date, naming the likely intent. */
static int scan_trailing(const scan *s)
{
    char q[256];

    if (*s->p == 'T' || strchr(s->p, ':'))
        return scan_fail(s, "times are not supported (a date is a whole day)");
    if (isspace((unsigned char)*s->p)) return scan_fail(s, "trailing whitespace is not allowed");
    quote(s->p, strlen(s->p), q, sizeof q);
    return scan_fail(s, "unexpected %s after the %s", q, s->noun);
}

/* ---- calendar dates ----------------------------------------------------- */

/* What one date (one side of an interval) pins down. `prec` is what is
** known, not what was written: 1993-XX knows only the year. */
typedef struct span {
    fm_day first;
    fm_day last;
    fm_precision prec;
} span;

/* A year as read: lo..hi differ only for unspecified digits (199X). */
typedef struct year_range {
    int lo, hi;
    int unspecified; /* had X digits */
    int prefixed;    /* EDTF Y12000 form */
} year_range;

/* Reads the digits of a year (and, in EDTF, trailing X digits) after any
** sign or Y prefix; `nd` digits are followed by `nx` Xs. Values beyond
** FM_YEAR_MAX stop accumulating so long runs cannot overflow. */
static int64_t read_year_digits(scan *s, int *nd, int *nx)
{
    int64_t v = 0;
    *nd = *nx = 0;
    while (isdigit((unsigned char)*s->p)) {
        if (v <= FM_YEAR_MAX) v = v * 10 + (*s->p - '0');
        (*nd)++;
        s->p++;
    }
    while (*s->p == 'X') {
        v = v <= FM_YEAR_MAX ? v * 10 : v;
        (*nx)++;
        s->p++;
    }
    return v;
}

/* Checks the digit counts of a year; the rules differ between plain, signed
** and Y-prefixed years, and compact dates are the common mistake. */
static int check_year_digits(scan *s, int nd, int nx, int sign, int prefixed)
{
    if (nd + nx == 0) return scan_fail(s, "a date starts with a year of at least 4 digits");
    if (prefixed && nx == 0 && nd <= 4)
        return scan_fail(s, "the Y prefix is for years of more than 4 digits "
                            "(write 1993, not Y1993)");
    if (nd + nx < 4)
        return scan_fail(s, "a year needs at least 4 digits (write 1993, or "
                            "0093 for the year 93)");
    if (nd + nx > 4 && !sign && !prefixed) {
        if (nd == 8)
            return scan_fail(s, "compact dates are not supported (write "
                                "YYYY-MM-DD, e.g. 1993-01-01 for 19930101)");
        return scan_fail(s, "a year of more than 4 digits needs a sign "
                            "(e.g. +12000 or -12000)");
    }
    return 0;
}

/* Checks the X digits of a year against EDTF level 1: only the last one or
** two digits of a four-digit year may be unspecified. */
static int check_year_x(scan *s, int edtf, int nd, int nx, int prefixed)
{
    if (nx == 0) return 0;
    if (!edtf)
        return scan_fail(s, "unspecified digits (X) are only accepted in "
                            "EDTF dates");
    if (prefixed || nx > 2 || nd + nx != 4 || isdigit((unsigned char)*s->p))
        return scan_fail(s, "only the last one or two digits of a 4-digit "
                            "year may be X (EDTF level 1), e.g. 199X or 19XX");
    return 0;
}

static int scan_year(scan *s, int edtf, year_range *out)
{
    int sign = 0, negative = 0, nd, nx, span_years = 0;
    int64_t v;

    memset(out, 0, sizeof *out);
    if (isspace((unsigned char)*s->p)) return scan_fail(s, "leading whitespace is not allowed");
    if (edtf && *s->p == 'Y') {
        out->prefixed = 1;
        s->p++;
    }
    if (*s->p == '-' || (*s->p == '+' && !out->prefixed)) {
        sign = 1;
        negative = *s->p == '-';
        s->p++;
    }
    v = read_year_digits(s, &nd, &nx);
    /* X first: 19X5 is a misplaced X, not a short year. */
    if (check_year_x(s, edtf, nd, nx, out->prefixed) < 0) return -1;
    if (check_year_digits(s, nd, nx, sign, out->prefixed) < 0) return -1;
    if (v > FM_YEAR_MAX)
        return scan_fail(s, "the year is out of range (supported: %d to +%d)", FM_YEAR_MIN,
                         FM_YEAR_MAX);
    /* 199X is 1990..1999 and 19XX is 1900..1999; for negative years the
    ** digits count away from zero, so -019X is -199..-190. */
    span_years = nx == 0 ? 0 : nx == 1 ? 9 : 99;
    out->lo = negative ? -(int)v - span_years : (int)v;
    out->hi = negative ? -(int)v : (int)v + span_years;
    out->unspecified = nx > 0;
    return 0;
}

/* Reads the two characters of a month or day after its '-': digits, or XX
** in EDTF (returned as -1). Anything else gets a message naming `what`. */
static int scan_two(scan *s, int edtf, const char *what, int *out)
{
    const char *p = s->p;
    int n = 0, nx = 0;

    while (isdigit((unsigned char)p[n]) || p[n] == 'X') {
        nx += p[n] == 'X';
        n++;
    }
    if (n == 0) return scan_fail(s, "the %s is missing after \"-\"", what);
    if (nx > 0 && !edtf)
        return scan_fail(s, "unspecified digits (X) are only accepted in "
                            "EDTF dates");
    if (n != 2 || (nx != 0 && nx != 2))
        return scan_fail(s, "the %s must have 2 digits%s (ISO 8601)", what,
                         edtf ? " or be XX" : "");
    s->p += 2;
    *out = nx ? -1 : (p[0] - '0') * 10 + (p[1] - '0');
    return 0;
}

/* EDTF level 1 seasons, as meteorological northern-hemisphere quarters:
** winter starts in December and runs into the next year's February. */
static void season_span(int year, int code, span *out)
{
    int start = 3 + (code - 21) * 3; /* 3, 6, 9, 12 */
    int end_year = start == 12 ? year + 1 : year;
    int end = start == 12 ? 2 : start + 2;

    out->first = fm_day_from_ymd(year, start, 1);
    out->last = fm_day_from_ymd(end_year, end, fm_days_in_month(end_year, end));
    out->prec = FM_PREC_MONTH;
}

static int check_month(scan *s, int edtf, int month)
{
    if (month >= 1 && month <= 12) return 0;
    if (edtf && month >= 21 && month <= 24) return 0;
    return scan_fail(s, "month %02d does not exist (months are 01 to 12%s)", month,
                     edtf ? ", seasons 21 to 24" : "");
}

static int check_day(scan *s, int year, int month, int day)
{
    char y[16];
    int dim = fm_days_in_month(year, month);

    if (day >= 1 && day <= dim) return 0;
    if (day == 0) return scan_fail(s, "day 00 does not exist (days start at 01)");
    format_year(year, y, sizeof y);
    return scan_fail(s, "day %d does not exist in %s %s (it has %d days)", day,
                     month_names[month - 1], y, dim);
}

/* The day part of YYYY-MM-DD once year and month are known; month is -1
** for XX, season codes have no day. */
static int scan_day(scan *s, int edtf, const year_range *y, int month, span *out)
{
    int day;

    if (month > 12) return scan_fail(s, "a season (21 to 24) has no day");
    if (scan_two(s, edtf, "day", &day) < 0) return -1;
    if (month == -1 && day != -1)
        return scan_fail(s,
                         "a known day in an unspecified month (XX-%02d) "
                         "is EDTF level 2, not supported",
                         day);
    if (day == -1) return 0; /* 1993-08-XX: keep the month's span */
    if (check_day(s, y->lo, month, day) < 0) return -1;
    out->first = out->last = fm_day_from_ymd(y->lo, month, day);
    out->prec = FM_PREC_DAY;
    return 0;
}

/* The month part (and any day) after the year's '-'. */
static int scan_month(scan *s, int edtf, const year_range *y, span *out)
{
    int month;

    if (y->unspecified || y->prefixed)
        return scan_fail(s, "a year written with %s has no month or day",
                         y->prefixed ? "the Y prefix" : "X digits");
    if (scan_two(s, edtf, "month", &month) < 0) return -1;
    if (month != -1 && check_month(s, edtf, month) < 0) return -1;
    if (month > 12) season_span(y->lo, month, out);
    else if (month > 0) {
        out->first = fm_day_from_ymd(y->lo, month, 1);
        out->last = fm_day_from_ymd(y->lo, month, fm_days_in_month(y->lo, month));
        out->prec = FM_PREC_MONTH;
    }
    if (*s->p != '-') return 0;
    s->p++;
    return scan_day(s, edtf, y, month, out);
}

/* One calendar date, stopping at the first character that is not part of
** it; the caller decides what may follow. */
static int scan_calendar(scan *s, int edtf, span *out)
{
    year_range y;

    if (scan_year(s, edtf, &y) < 0) return -1;
    out->first = fm_day_from_ymd(y.lo, 1, 1);
    out->last = fm_day_from_ymd(y.hi, 12, 31);
    out->prec = FM_PREC_YEAR;
    if (*s->p != '-') return 0;
    s->p++;
    return scan_month(s, edtf, &y, out);
}

int fm_date_parse(const char *text, fm_date *out, fm_error *err)
{
    scan s = { text ? text : "", text ? text : "", "date", DATE_FORMS, err };
    span sp;

    if (*s.p == '\0') return scan_fail(&s, "the date is empty");
    if (scan_calendar(&s, 0, &sp) < 0) return -1;
    if (*s.p == '/') return scan_fail(&s, "intervals are not accepted here, only a single date");
    if (*s.p != '\0') return scan_trailing(&s);
    out->first = sp.first;
    out->last = sp.last;
    out->prec = sp.prec;
    return 0;
}

/* ---- EDTF --------------------------------------------------------------- */

/* One side of an EDTF value: open (".." or empty), or a date with flags. */
typedef struct side {
    int open;
    span sp;
    int approximate;
    int uncertain;
} side;

static int margin(fm_precision prec)
{
    switch (prec) {
    case FM_PREC_DAY: return FM_EDTF_MARGIN_DAY;
    case FM_PREC_MONTH: return FM_EDTF_MARGIN_MONTH;
    case FM_PREC_YEAR: return FM_EDTF_MARGIN_YEAR;
    }
    return 0;
}

/* Level 1 qualifies the whole date only, so a qualifier must be the last
** thing on its side; anything after it is level 2 or a typo. */
static int scan_qualifier(scan *s, side *out)
{
    char c = *s->p;

    if (c != '~' && c != '?' && c != '%') return 0;
    out->approximate = c == '~' || c == '%';
    out->uncertain = c == '?' || c == '%';
    s->p++;
    if (*s->p == '~' || *s->p == '?' || *s->p == '%')
        return scan_fail(s, "only one qualifier is allowed: ~ (approximate), "
                            "? (uncertain) or %% (both)");
    if (*s->p == '-')
        return scan_fail(s, "a qualifier goes at the end of the whole date "
                            "(qualifying a part is EDTF level 2, not supported)");
    return 0;
}

/* Reads one side, stopping at '/' or the end; `interval` allows open sides. */
static int scan_side(scan *s, int interval, side *out)
{
    memset(out, 0, sizeof *out);
    if (interval && (*s->p == '/' || *s->p == '\0')) {
        out->open = 1; /* empty: unknown, which we treat as open */
        return 0;
    }
    if (s->p[0] == '.' && s->p[1] == '.') {
        if (!interval)
            return scan_fail(s, "an open end (..) is only valid in an interval, "
                                "e.g. ../1993 or 1993/..");
        s->p += 2;
        if (*s->p != '/' && *s->p != '\0')
            return scan_fail(s, "an open end (..) stands alone on its side of "
                                "the interval");
        out->open = 1;
        return 0;
    }
    if (scan_calendar(s, 1, &out->sp) < 0) return -1;
    return scan_qualifier(s, out);
}

/* The band a closed side covers, widened when it is approximate. */
static void side_band(const side *sd, fm_day *early, fm_day *late)
{
    int m = sd->approximate ? margin(sd->sp.prec) : 0;
    *early = sd->sp.first - m;
    *late = sd->sp.last + m;
}

static int edtf_single(scan *s, fm_edtf *out)
{
    side sd;

    if (scan_side(s, 0, &sd) < 0) return -1;
    if (*s->p != '\0') return scan_trailing(s);
    memset(out, 0, sizeof *out);
    out->value = sd.sp.first;
    side_band(&sd, &out->early, &out->late);
    out->approximate = sd.approximate;
    out->uncertain = sd.uncertain;
    return 0;
}

/* Rejects an interval no reading of which can run forwards: the start's
** first possible day is after the end's last possible day. */
static int check_order(scan *s, const side *a, const side *b)
{
    char from[FM_DAY_FORMAT_SIZE], to[FM_DAY_FORMAT_SIZE];

    if (a->open || b->open || a->sp.first <= b->sp.last) return 0;
    return scan_fail(s, "the interval ends before it starts (%s is after %s)",
                     fm_day_format(a->sp.first, from, sizeof from),
                     fm_day_format(b->sp.last, to, sizeof to));
}

static int edtf_interval(scan *s, const char *slash, fm_edtf *out)
{
    side a, b;
    fm_day ignore;

    if (strchr(slash + 1, '/')) return scan_fail(s, "an interval has exactly one \"/\"");
    if (scan_side(s, 1, &a) < 0) return -1;
    if (s->p != slash) return scan_trailing(s);
    s->p++;
    if (scan_side(s, 1, &b) < 0) return -1;
    if (*s->p != '\0') return scan_trailing(s);
    if (a.open && b.open) return scan_fail(s, "an interval needs a date on at least one side");
    if (check_order(s, &a, &b) < 0) return -1;
    memset(out, 0, sizeof *out);
    out->is_interval = 1;
    out->value = out->early = FM_DAY_MIN;
    out->late = FM_DAY_MAX;
    if (!a.open) {
        side_band(&a, &out->early, &ignore);
        out->value = a.sp.first;
    }
    if (!b.open) side_band(&b, &ignore, &out->late);
    out->approximate = a.approximate || b.approximate;
    out->uncertain = a.uncertain || b.uncertain;
    return 0;
}

int fm_edtf_parse(const char *text, fm_edtf *out, fm_error *err)
{
    scan s = { text ? text : "", text ? text : "", "date", EDTF_FORMS, err };
    const char *slash = strchr(s.text, '/');

    if (*s.p == '\0') return scan_fail(&s, "the date is empty");
    return slash ? edtf_interval(&s, slash, out) : edtf_single(&s, out);
}

/* ---- steps -------------------------------------------------------------- */

/* ISO 8601 designators are upper case; rather than guess, show the fix. */
static int step_lowercase(scan *s)
{
    char fixed[64];
    size_t i;

    for (i = 0; s->text[i] && i + 1 < sizeof fixed; i++)
        fixed[i] = (char)toupper((unsigned char)s->text[i]);
    fixed[i] = '\0';
    return scan_fail(s, "ISO 8601 durations are upper case (write %s)", fixed);
}

static int has_lower(const char *t)
{
    for (; *t; t++)
        if (islower((unsigned char)*t)) return 1;
    return 0;
}

static int step_unit(char c, fm_step_unit *unit)
{
    switch (c) {
    case 'D': *unit = FM_STEP_DAY; return 0;
    case 'W': *unit = FM_STEP_WEEK; return 0;
    case 'M': *unit = FM_STEP_MONTH; return 0;
    case 'Y': *unit = FM_STEP_YEAR; return 0;
    }
    return -1;
}

/* Checks what precedes the count: the P designator, no sign, no time part. */
static int step_prefix(scan *s)
{
    if (*s->p == '-' || (*s->p == 'P' && s->p[1] == '-'))
        return scan_fail(s, "a step must be positive (sequences run forwards)");
    if (*s->p != 'P')
        return scan_fail(s, "a duration starts with P%s",
                         isdigit((unsigned char)*s->p) ? " (e.g. P1D, not 1D)" : "");
    s->p++;
    if (*s->p == 'T')
        return scan_fail(s, "times are not supported (steps are whole days, "
                            "weeks, months or years)");
    if (*s->p == '\0') return scan_fail(s, "the count and unit are missing after P");
    if (!isdigit((unsigned char)*s->p)) return scan_fail(s, "a whole number must follow P");
    return 0;
}

/* Checks the unit after the count, and that it is the only one. */
static int step_suffix(scan *s, fm_step_unit *unit)
{
    char c = *s->p;

    if (c == '.' || c == ',') return scan_fail(s, "the count must be a whole number");
    if (c == '\0') return scan_fail(s, "the unit is missing (add D, W, M or Y)");
    if (c == 'H' || c == 'S')
        return scan_fail(s, "times are not supported (steps are whole days, "
                            "weeks, months or years)");
    if (step_unit(c, unit) < 0) return scan_fail(s, "unknown unit \"%c\" (use D, W, M or Y)", c);
    s->p++;
    if (isdigit((unsigned char)*s->p) || *s->p == 'T')
        return scan_fail(s, "a step has only one unit (e.g. P14M rather than P1Y2M)");
    if (*s->p != '\0') return scan_trailing(s);
    return 0;
}

int fm_step_parse(const char *text, fm_step *out, fm_error *err)
{
    scan s = { text ? text : "", text ? text : "", "step", STEP_FORMS, err };
    fm_step_unit unit = FM_STEP_DAY;
    int64_t count = 0;

    if (*s.p == '\0') return scan_fail(&s, "the step is empty");
    if (isspace((unsigned char)*s.p)) return scan_fail(&s, "leading whitespace is not allowed");
    if (has_lower(s.text)) return step_lowercase(&s);
    if (step_prefix(&s) < 0) return -1;
    /* Stop accumulating past the limit so a long run cannot overflow. */
    for (; isdigit((unsigned char)*s.p); s.p++)
        if (count <= FM_STEP_MAX) count = count * 10 + (*s.p - '0');
    if (step_suffix(&s, &unit) < 0) return -1;
    if (count < 1) return scan_fail(&s, "a step must be at least 1");
    if (count > FM_STEP_MAX)
        return scan_fail(&s, "a step of more than %d is not supported", FM_STEP_MAX);
    out->unit = unit;
    out->count = (int)count;
    return 0;
}
