/* test_date.c -- unit tests for date.c. */
#include "core/date.h"
#include "check.h"

#include <stdint.h>

/* Compare a day by its text: failures then show the date, not a number. */
#define CHECK_DAY(d, text)                                                                         \
    do {                                                                                           \
        char day_buf_[FM_DAY_FORMAT_SIZE];                                                         \
        CHECK_STR(fm_day_format((d), day_buf_, sizeof day_buf_), (text));                          \
    } while (0)

/* A rejected date must fail, leave *out alone, and explain itself. */
#define DATE_FAILS(text, needle)                                                                   \
    do {                                                                                           \
        fm_error e_ = { 0 };                                                                       \
        fm_date d_ = { 42, 43, FM_PREC_DAY };                                                      \
        CHECK_INT(fm_date_parse((text), &d_, &e_), -1);                                            \
        CHECK_CONTAINS(e_.msg, (needle));                                                          \
        CHECK_CONTAINS(e_.msg, "expected YYYY-MM-DD, YYYY-MM or YYYY");                            \
        CHECK_INT(d_.first, 42);                                                                   \
        CHECK_INT(d_.last, 43);                                                                    \
    } while (0)

#define EDTF_FAILS(text, needle)                                                                   \
    do {                                                                                           \
        fm_error e_ = { 0 };                                                                       \
        fm_edtf v_;                                                                                \
        CHECK_INT(fm_edtf_parse((text), &v_, &e_), -1);                                            \
        CHECK_CONTAINS(e_.msg, (needle));                                                          \
        CHECK_CONTAINS(e_.msg, "expected an EDTF date");                                           \
    } while (0)

#define STEP_FAILS(text, needle)                                                                   \
    do {                                                                                           \
        fm_error e_ = { 0 };                                                                       \
        fm_step s_ = { FM_STEP_DAY, 42 };                                                          \
        CHECK_INT(fm_step_parse((text), &s_, &e_), -1);                                            \
        CHECK_CONTAINS(e_.msg, (needle));                                                          \
        CHECK_CONTAINS(e_.msg, "expected an ISO 8601 duration of one unit");                       \
        CHECK_INT(s_.count, 42);                                                                   \
    } while (0)

/* Parse EDTF that must be valid; a failure prints the message. */
static fm_edtf edtf(const char *text)
{
    fm_edtf v = { 0, 0, 0, -1, -1, -1 };
    fm_error e = { 0 };
    if (fm_edtf_parse(text, &v, &e) < 0) {
        fprintf(stderr, "unexpected EDTF error: %s\n", e.msg);
        check_current_failed = 1;
    }
    return v;
}

static fm_date date(const char *text)
{
    fm_date d = { 0, 0, 0 };
    fm_error e = { 0 };
    if (fm_date_parse(text, &d, &e) < 0) {
        fprintf(stderr, "unexpected date error: %s\n", e.msg);
        check_current_failed = 1;
    }
    return d;
}

static fm_step step(const char *text)
{
    fm_step s = { FM_STEP_DAY, 0 };
    fm_error e = { 0 };
    if (fm_step_parse(text, &s, &e) < 0) {
        fprintf(stderr, "unexpected step error: %s\n", e.msg);
        check_current_failed = 1;
    }
    return s;
}

/* The test's own month lengths, written independently of date.c so the
** round-trip walk below does not check the code against itself. */
static int ref_days_in_month(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

/* ---- day numbers -------------------------------------------------------- */

static void test_leap_years(void)
{
    CHECK(!fm_is_leap_year(1900));
    CHECK(fm_is_leap_year(2000));
    CHECK(fm_is_leap_year(1992));
    CHECK(fm_is_leap_year(2020));
    CHECK(!fm_is_leap_year(2023));
    CHECK(!fm_is_leap_year(2100));
    CHECK(fm_is_leap_year(0));
    CHECK(fm_is_leap_year(-4));
    CHECK(!fm_is_leap_year(-1));
    CHECK(!fm_is_leap_year(-100));
    CHECK(fm_is_leap_year(-400));
    CHECK_INT(fm_days_in_month(1900, 2), 28);
    CHECK_INT(fm_days_in_month(2000, 2), 29);
    CHECK_INT(fm_days_in_month(1992, 2), 29);
    CHECK_INT(fm_days_in_month(2020, 2), 29);
    CHECK_INT(fm_days_in_month(2023, 2), 28);
}

static void test_month_ends(void)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    for (int m = 1; m <= 12; m++) CHECK_INT(fm_days_in_month(2023, m), len[m - 1]);
    CHECK_INT(fm_days_in_month(2023, 0), 0);
    CHECK_INT(fm_days_in_month(2023, 13), 0);
    /* The day after a month's last day is the next month's first. */
    CHECK_INT(fm_day_from_ymd(1992, 2, 29) + 1, fm_day_from_ymd(1992, 3, 1));
    CHECK_INT(fm_day_from_ymd(1993, 2, 28) + 1, fm_day_from_ymd(1993, 3, 1));
    CHECK_INT(fm_day_from_ymd(1900, 2, 28) + 1, fm_day_from_ymd(1900, 3, 1));
    CHECK_INT(fm_day_from_ymd(2000, 2, 29) + 1, fm_day_from_ymd(2000, 3, 1));
    CHECK_INT(fm_day_from_ymd(1999, 12, 31) + 1, fm_day_from_ymd(2000, 1, 1));
    CHECK_INT(fm_day_from_ymd(-1, 12, 31) + 1, fm_day_from_ymd(0, 1, 1));
}

static void test_known_days(void)
{
    /* Checked with `date -u -d 1994-05-12 +%s` / 86400 and Python's
    ** datetime.date; year 0 is a leap year of 366 days before 0001-01-01. */
    CHECK_INT(fm_day_from_ymd(1970, 1, 1), 0);
    CHECK_INT(fm_day_from_ymd(1969, 12, 31), -1);
    CHECK_INT(fm_day_from_ymd(2000, 3, 1), 11017);
    CHECK_INT(fm_day_from_ymd(1994, 5, 12), 8897);
    CHECK_INT(fm_day_from_ymd(1900, 3, 1), -25508);
    CHECK_INT(fm_day_from_ymd(1900, 2, 28), -25509);
    CHECK_INT(fm_day_from_ymd(1, 1, 1), -719162);
    CHECK_INT(fm_day_from_ymd(0, 1, 1), -719162 - 366);
    CHECK_INT(fm_day_from_ymd(0, 3, 1), -719468);
    CHECK_INT(fm_day_from_ymd(9999, 12, 31), 2932896);

    int y, m, d;
    fm_day_to_ymd(8897, &y, &m, &d);
    CHECK_INT(y, 1994);
    CHECK_INT(m, 5);
    CHECK_INT(d, 12);
    fm_day_to_ymd(-1, &y, &m, &d);
    CHECK_INT(y, 1969);
    CHECK_INT(m, 12);
    CHECK_INT(d, 31);
    fm_day_to_ymd(-719468, &y, &m, &d);
    CHECK_INT(y, 0);
    CHECK_INT(m, 3);
    CHECK_INT(d, 1);
    fm_day_to_ymd(-719469, &y, &m, &d);
    CHECK_INT(y, 0);
    CHECK_INT(m, 2);
    CHECK_INT(d, 29);
}

/* Walk every day from -1000-01-01 to 3000-12-31 with the test's own
** calendar: each must be one more than the day before and convert back. */
static void test_round_trip_walk(void)
{
    fm_day prev = fm_day_from_ymd(-1000, 1, 1) - 1;
    int bad = 0;
    for (int y = -1000; y <= 3000 && bad < 5; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= ref_days_in_month(y, m); d++) {
                fm_day n = fm_day_from_ymd(y, m, d);
                int yy, mm, dd;
                fm_day_to_ymd(n, &yy, &mm, &dd);
                if (n != prev + 1 || yy != y || mm != m || dd != d) {
                    fprintf(stderr,
                            "round trip broken at %d-%d-%d: %ld after %ld,"
                            " back %d-%d-%d\n",
                            y, m, d, (long)n, (long)prev, yy, mm, dd);
                    check_current_failed = 1;
                    bad++;
                }
                prev = n;
            }
        }
    }
    CHECK_INT(prev, fm_day_from_ymd(3000, 12, 31));
}

/* Far from the walk: sample the whole int32 range (the open ends
** excluded) and check day -> ymd -> day. */
static void test_round_trip_far(void)
{
    int bad = 0;
    for (int64_t n = (int64_t)FM_DAY_MIN + 1; n < FM_DAY_MAX && bad < 5; n += 999983) {
        int y, m, d;
        fm_day_to_ymd((fm_day)n, &y, &m, &d);
        if (fm_day_from_ymd(y, m, d) != (fm_day)n || m < 1 || m > 12 || d < 1 ||
            d > ref_days_in_month(y, m)) {
            fprintf(stderr, "far round trip broken at %lld\n", (long long)n);
            check_current_failed = 1;
            bad++;
        }
    }
    int y, m, d;
    fm_day_to_ymd(FM_DAY_MAX - 1, &y, &m, &d);
    CHECK_INT(fm_day_from_ymd(y, m, d), FM_DAY_MAX - 1);
    fm_day_to_ymd(FM_DAY_MIN + 1, &y, &m, &d);
    CHECK_INT(fm_day_from_ymd(y, m, d), FM_DAY_MIN + 1);
}

/* ---- formatting --------------------------------------------------------- */

static void test_format(void)
{
    char buf[FM_DAY_FORMAT_SIZE];
    CHECK_DAY(0, "1970-01-01");
    CHECK_DAY(8897, "1994-05-12");
    CHECK_DAY(fm_day_from_ymd(-44, 3, 15), "-0044-03-15");
    CHECK_DAY(fm_day_from_ymd(-1, 12, 31), "-0001-12-31");
    CHECK_DAY(fm_day_from_ymd(0, 2, 29), "0000-02-29");
    CHECK_DAY(fm_day_from_ymd(9999, 12, 31), "9999-12-31");
    CHECK_DAY(fm_day_from_ymd(10000, 1, 1), "+10000-01-01");
    CHECK_DAY(fm_day_from_ymd(12000, 6, 1), "+12000-06-01");
    CHECK_DAY(fm_day_from_ymd(-12000, 6, 1), "-12000-06-01");
    CHECK_DAY(FM_DAY_MIN, "..");
    CHECK_DAY(FM_DAY_MAX, "..");
    /* The extremes fit the advertised buffer size. */
    CHECK(strlen(fm_day_format(FM_DAY_MIN + 1, buf, sizeof buf)) < sizeof buf);
    CHECK(strlen(fm_day_format(FM_DAY_MAX - 1, buf, sizeof buf)) < sizeof buf);
    CHECK_STR(buf, "+5881580-07-10");
    /* Too small a buffer truncates rather than overflows. */
    char small[5];
    CHECK_STR(fm_day_format(0, small, sizeof small), "1970");
    CHECK(fm_day_format(0, small, 0) == small);
}

/* ---- fm_date_parse ------------------------------------------------------ */

static void test_date_parse_full(void)
{
    fm_date d = date("1994-05-12");
    CHECK_INT(d.first, 8897);
    CHECK_INT(d.last, 8897);
    CHECK_INT(d.prec, FM_PREC_DAY);
    CHECK_INT(date("1970-01-01").first, 0);
    CHECK_INT(date("2000-03-01").first, 11017);
    CHECK_DAY(date("1992-02-29").first, "1992-02-29");
    CHECK_DAY(date("2000-02-29").first, "2000-02-29");
    CHECK_DAY(date("-0044-03-15").first, "-0044-03-15");
    CHECK_INT(date("-0044-03-15").first, fm_day_from_ymd(-44, 3, 15));
    CHECK_INT(date("0000-01-01").first, fm_day_from_ymd(0, 1, 1));
    CHECK_INT(date("+1993-01-01").first, fm_day_from_ymd(1993, 1, 1));
    CHECK_INT(date("+12000-07-04").first, fm_day_from_ymd(12000, 7, 4));
    CHECK_INT(date("-999999-01-01").first, fm_day_from_ymd(-999999, 1, 1));
    CHECK_INT(date("+999999-12-31").first, fm_day_from_ymd(999999, 12, 31));
    CHECK_INT(fm_date_parse("1993-01-01", &d, NULL), 0); /* NULL err is fine */
}

static void test_date_parse_reduced(void)
{
    fm_date d = date("1993-02");
    CHECK_DAY(d.first, "1993-02-01");
    CHECK_DAY(d.last, "1993-02-28");
    CHECK_INT(d.prec, FM_PREC_MONTH);
    d = date("1992-02");
    CHECK_DAY(d.first, "1992-02-01");
    CHECK_DAY(d.last, "1992-02-29");
    d = date("1900-02");
    CHECK_DAY(d.last, "1900-02-28");
    d = date("1993-12");
    CHECK_DAY(d.last, "1993-12-31");
    d = date("1993");
    CHECK_DAY(d.first, "1993-01-01");
    CHECK_DAY(d.last, "1993-12-31");
    CHECK_INT(d.prec, FM_PREC_YEAR);
    d = date("-0044");
    CHECK_DAY(d.first, "-0044-01-01");
    CHECK_DAY(d.last, "-0044-12-31");
    d = date("+12000");
    CHECK_DAY(d.first, "+12000-01-01");
    CHECK_DAY(d.last, "+12000-12-31");
    CHECK_INT(d.prec, FM_PREC_YEAR);
}

static void test_date_parse_errors(void)
{
    fm_error e;
    fm_date d;

    /* The exact message promised in the brief. */
    CHECK_INT(fm_date_parse("1993-02-30", &d, &e), -1);
    CHECK_STR(e.msg, "\"1993-02-30\": day 30 does not exist in February 1993 "
                     "(it has 28 days); expected YYYY-MM-DD, YYYY-MM or YYYY");
    DATE_FAILS("1992-02-30", "day 30 does not exist in February 1992 (it has 29 days)");
    DATE_FAILS("1900-02-29", "day 29 does not exist in February 1900 (it has 28 days)");
    DATE_FAILS("2023-02-29", "day 29 does not exist in February 2023");
    DATE_FAILS("1993-04-31", "day 31 does not exist in April 1993 (it has 30 days)");
    /* Astronomical -44 is a leap year (45 BC); -43 is not. */
    DATE_FAILS("-0043-02-29", "day 29 does not exist in February -0043");
    CHECK_DAY(date("-0044-02-29").first, "-0044-02-29");
    DATE_FAILS("1993-01-00", "day 00 does not exist");
    DATE_FAILS("1993-13", "\"1993-13\": month 13 does not exist (months are 01 to 12)");
    DATE_FAILS("1993-00-10", "month 00 does not exist");
    DATE_FAILS("1992-22", "month 22 does not exist");
    DATE_FAILS("1993-2-3", "the month must have 2 digits");
    DATE_FAILS("1993-02-3", "the day must have 2 digits");
    DATE_FAILS("1993-02-301", "the day must have 2 digits");
    DATE_FAILS("1993-", "the month is missing");
    DATE_FAILS("1993-02-", "the day is missing");
    DATE_FAILS("93-01-01", "a year needs at least 4 digits");
    DATE_FAILS("993", "a year needs at least 4 digits");
    DATE_FAILS("12000", "more than 4 digits needs a sign");
    DATE_FAILS("19930101", "compact dates are not supported");
    DATE_FAILS("+1000000", "the year is out of range");
    DATE_FAILS("-99999999999999999999", "the year is out of range");
    DATE_FAILS("1993-01-01x", "unexpected \"x\" after the date");
    DATE_FAILS("1993-01-01T10:00", "times are not supported");
    DATE_FAILS("1993-01-01 10:00", "times are not supported");
    DATE_FAILS("", "the date is empty");
    DATE_FAILS(NULL, "the date is empty");
    DATE_FAILS(" 1993", "leading whitespace is not allowed");
    DATE_FAILS("1993 ", "trailing whitespace is not allowed");
    DATE_FAILS("\t", "leading whitespace");
    DATE_FAILS("abc", "a date starts with a year");
    DATE_FAILS("199X", "only accepted in EDTF");
    DATE_FAILS("1993-XX", "only accepted in EDTF");
    DATE_FAILS("1993~", "unexpected \"~\"");
    DATE_FAILS("1993/1994", "intervals are not accepted here");

    /* Messages quote the text, escaping what does not print. */
    CHECK_INT(fm_date_parse("1993-01-01\n", &d, &e), -1);
    CHECK_CONTAINS(e.msg, "\"1993-01-01\\n\": trailing whitespace");
    /* A NULL error is allowed and discards the message. */
    CHECK_INT(fm_date_parse("1993-02-30", &d, NULL), -1);
}

/* ---- fm_edtf_parse ------------------------------------------------------ */

static void test_edtf_plain(void)
{
    fm_edtf v = edtf("1993-08-23");
    CHECK_DAY(v.value, "1993-08-23");
    CHECK_DAY(v.early, "1993-08-23");
    CHECK_DAY(v.late, "1993-08-23");
    CHECK(!v.approximate && !v.uncertain && !v.is_interval);
    v = edtf("1993-08");
    CHECK_DAY(v.value, "1993-08-01");
    CHECK_DAY(v.early, "1993-08-01");
    CHECK_DAY(v.late, "1993-08-31");
    v = edtf("1993");
    CHECK_DAY(v.early, "1993-01-01");
    CHECK_DAY(v.late, "1993-12-31");
    v = edtf("-0044-03-15");
    CHECK_DAY(v.value, "-0044-03-15");
    v = edtf("Y12000");
    CHECK_DAY(v.early, "+12000-01-01");
    CHECK_DAY(v.late, "+12000-12-31");
    v = edtf("Y-12000");
    CHECK_DAY(v.early, "-12000-01-01");
}

static void test_edtf_qualifiers(void)
{
    fm_edtf v = edtf("1993-08-23~");
    CHECK(v.approximate && !v.uncertain);
    CHECK_DAY(v.value, "1993-08-23");
    CHECK_DAY(v.early, "1993-08-20");
    CHECK_DAY(v.late, "1993-08-26");
    v = edtf("1993-08~");
    CHECK_DAY(v.value, "1993-08-01");
    CHECK_DAY(v.early, "1993-07-17");
    CHECK_DAY(v.late, "1993-09-15");
    v = edtf("1993~");
    CHECK_DAY(v.value, "1993-01-01");
    CHECK_DAY(v.early, "1992-07-03");
    CHECK_DAY(v.late, "1994-07-01");
    /* ? says the reading may be wrong, not imprecise: no widening. */
    v = edtf("1993-08-23?");
    CHECK(!v.approximate && v.uncertain);
    CHECK_DAY(v.early, "1993-08-23");
    CHECK_DAY(v.late, "1993-08-23");
    v = edtf("1993-08%");
    CHECK(v.approximate && v.uncertain);
    CHECK_DAY(v.early, "1993-07-17");
    CHECK_DAY(v.late, "1993-09-15");
    CHECK_INT(edtf("1993-08-23%").late - edtf("1993-08-23").late, FM_EDTF_MARGIN_DAY);
}

static void test_edtf_unspecified(void)
{
    fm_edtf v = edtf("199X");
    CHECK_DAY(v.value, "1990-01-01");
    CHECK_DAY(v.early, "1990-01-01");
    CHECK_DAY(v.late, "1999-12-31");
    v = edtf("19XX");
    CHECK_DAY(v.early, "1900-01-01");
    CHECK_DAY(v.late, "1999-12-31");
    v = edtf("-019X");
    CHECK_DAY(v.early, "-0199-01-01");
    CHECK_DAY(v.late, "-0190-12-31");
    v = edtf("1993-XX");
    CHECK_DAY(v.early, "1993-01-01");
    CHECK_DAY(v.late, "1993-12-31");
    v = edtf("1993-XX-XX");
    CHECK_DAY(v.early, "1993-01-01");
    CHECK_DAY(v.late, "1993-12-31");
    v = edtf("1992-02-XX");
    CHECK_DAY(v.early, "1992-02-01");
    CHECK_DAY(v.late, "1992-02-29");
    /* Precision is what is known: 1993-XX~ takes the year margin. */
    v = edtf("1993-XX~");
    CHECK_DAY(v.early, "1992-07-03");
    v = edtf("1993-08-XX~");
    CHECK_DAY(v.early, "1993-07-17");
    v = edtf("199X~");
    CHECK_DAY(v.early, "1989-07-03");
}

static void test_edtf_seasons(void)
{
    fm_edtf v = edtf("1992-21");
    CHECK_DAY(v.early, "1992-03-01");
    CHECK_DAY(v.late, "1992-05-31");
    v = edtf("1992-22");
    CHECK_DAY(v.value, "1992-06-01");
    CHECK_DAY(v.early, "1992-06-01");
    CHECK_DAY(v.late, "1992-08-31");
    v = edtf("1992-23");
    CHECK_DAY(v.early, "1992-09-01");
    CHECK_DAY(v.late, "1992-11-30");
    v = edtf("1992-24");
    CHECK_DAY(v.early, "1992-12-01");
    CHECK_DAY(v.late, "1993-02-28");
    v = edtf("1991-24");
    CHECK_DAY(v.late, "1992-02-29");
    v = edtf("1992-22~");
    CHECK_DAY(v.early, "1992-05-17");
    CHECK_DAY(v.late, "1992-09-15");
}

static void test_edtf_intervals(void)
{
    fm_edtf v = edtf("1993-08-18/1993-08-23");
    CHECK(v.is_interval);
    CHECK_DAY(v.value, "1993-08-18");
    CHECK_DAY(v.early, "1993-08-18");
    CHECK_DAY(v.late, "1993-08-23");
    v = edtf("1992/1994-06");
    CHECK_DAY(v.value, "1992-01-01");
    CHECK_DAY(v.late, "1994-06-30");
    v = edtf("1993-08~/1994?");
    CHECK(v.approximate && v.uncertain);
    CHECK_DAY(v.value, "1993-08-01");
    CHECK_DAY(v.early, "1993-07-17");
    CHECK_DAY(v.late, "1994-12-31");
    v = edtf("-0044-03-15/-0043");
    CHECK_DAY(v.value, "-0044-03-15");
    CHECK_DAY(v.late, "-0043-12-31");
    /* Overlapping reduced sides are readable forwards, so they are fine. */
    v = edtf("1993-08-23/1993-08");
    CHECK_DAY(v.late, "1993-08-31");
    v = edtf("1993-08-23/1993-08-23");
    CHECK_DAY(v.early, "1993-08-23");
    CHECK_DAY(v.late, "1993-08-23");
}

static void test_edtf_open_ends(void)
{
    fm_edtf v = edtf("1993-08-18/..");
    CHECK(v.is_interval);
    CHECK_DAY(v.value, "1993-08-18");
    CHECK_INT(v.early, fm_day_from_ymd(1993, 8, 18));
    CHECK_INT(v.late, FM_DAY_MAX);
    v = edtf("../1993-08-23");
    CHECK_INT(v.value, FM_DAY_MIN);
    CHECK_INT(v.early, FM_DAY_MIN);
    CHECK_DAY(v.late, "1993-08-23");
    v = edtf("1993-08-18/");
    CHECK_DAY(v.value, "1993-08-18");
    CHECK_INT(v.late, FM_DAY_MAX);
    v = edtf("/1993-08~");
    CHECK_INT(v.value, FM_DAY_MIN);
    CHECK_INT(v.early, FM_DAY_MIN);
    CHECK_DAY(v.late, "1993-09-15");
    CHECK(v.approximate);
}

static void test_edtf_errors(void)
{
    fm_error e;
    fm_edtf v;

    CHECK_INT(fm_edtf_parse("1993-08-23/1993-08-18", &v, &e), -1);
    CHECK_CONTAINS(e.msg, "\"1993-08-23/1993-08-18\": the interval ends before it starts "
                          "(1993-08-23 is after 1993-08-18)");
    EDTF_FAILS("1994/1993-12", "the interval ends before it starts");
    EDTF_FAILS("1993-02-30", "day 30 does not exist in February 1993");
    EDTF_FAILS("1993-02-30/1994", "\"1993-02-30/1994\": day 30 does not exist");
    EDTF_FAILS("1993/1994-13", "month 13 does not exist (months are 01 to 12, seasons 21 to 24)");
    EDTF_FAILS("1993-25", "month 25 does not exist");
    EDTF_FAILS("1992-22-01", "a season (21 to 24) has no day");
    EDTF_FAILS("", "the date is empty");
    EDTF_FAILS("..", "only valid in an interval");
    EDTF_FAILS("/", "needs a date on at least one side");
    EDTF_FAILS("../..", "needs a date on at least one side");
    EDTF_FAILS("..1993/1994", "stands alone");
    EDTF_FAILS("1993/1994/1995", "exactly one \"/\"");
    EDTF_FAILS("1993?~", "only one qualifier");
    EDTF_FAILS("1993?-08", "a qualifier goes at the end of the whole date");
    EDTF_FAILS("19X5", "only the last one or two digits");
    EDTF_FAILS("1XXX", "only the last one or two digits");
    EDTF_FAILS("199X-08", "a year written with X digits has no month");
    EDTF_FAILS("1993-0X", "the month must have 2 digits or be XX");
    EDTF_FAILS("1993-XX-23", "EDTF level 2, not supported");
    EDTF_FAILS("Y1993", "the Y prefix is for years of more than 4 digits");
    EDTF_FAILS("Y12000-01", "the Y prefix has no month");
    EDTF_FAILS("1993-08-23T10:00:00", "times are not supported");
    EDTF_FAILS("1993-08-23x", "unexpected \"x\" after the date");
    EDTF_FAILS("1993x/1994", "unexpected \"x/1994\" after the date");
    EDTF_FAILS("1993 /1994", "trailing whitespace");
    EDTF_FAILS("1993/ 1994", "leading whitespace");
    EDTF_FAILS("93", "a year needs at least 4 digits");
}

static void test_day_in(void)
{
    fm_day from = fm_day_from_ymd(1993, 8, 18), to = fm_day_from_ymd(1993, 8, 23);
    CHECK(fm_day_in(from, from, to));
    CHECK(fm_day_in(to - 1, from, to));
    CHECK(!fm_day_in(to, from, to));
    CHECK(!fm_day_in(from - 1, from, to));
    CHECK(!fm_day_in(from, from, from)); /* empty */
    CHECK(fm_day_in(from - 100000, FM_DAY_MIN, to));
    CHECK(fm_day_in(fm_day_from_ymd(-999999, 1, 1), FM_DAY_MIN, to));
    CHECK(!fm_day_in(to, FM_DAY_MIN, to));
    CHECK(fm_day_in(fm_day_from_ymd(999999, 12, 31), from, FM_DAY_MAX));
    CHECK(!fm_day_in(from - 1, from, FM_DAY_MAX));
    CHECK(fm_day_in(0, FM_DAY_MIN, FM_DAY_MAX));
    /* An EDTF band, inclusive late, tested half-open with late + 1. */
    fm_edtf v = edtf("1993-08");
    CHECK(fm_day_in(fm_day_from_ymd(1993, 8, 31), v.early, v.late + 1));
    CHECK(!fm_day_in(fm_day_from_ymd(1993, 9, 1), v.early, v.late + 1));
    CHECK(!fm_day_in(fm_day_from_ymd(1993, 7, 31), v.early, v.late + 1));
}

/* ---- arithmetic --------------------------------------------------------- */

static void test_add_months_years(void)
{
    fm_day jan31 = fm_day_from_ymd(1992, 1, 31);
    CHECK_DAY(fm_day_add_months(jan31, 1), "1992-02-29");
    CHECK_DAY(fm_day_add_months(fm_day_from_ymd(1993, 1, 31), 1), "1993-02-28");
    CHECK_DAY(fm_day_add_months(jan31, 2), "1992-03-31");
    CHECK_DAY(fm_day_add_months(jan31, 3), "1992-04-30");
    CHECK_DAY(fm_day_add_months(jan31, 12), "1993-01-31");
    CHECK_DAY(fm_day_add_months(jan31, 0), "1992-01-31");
    CHECK_DAY(fm_day_add_months(jan31, -1), "1991-12-31");
    CHECK_DAY(fm_day_add_months(fm_day_from_ymd(1992, 3, 31), -1), "1992-02-29");
    CHECK_DAY(fm_day_add_months(fm_day_from_ymd(0, 1, 15), -1), "-0001-12-15");
    CHECK_DAY(fm_day_add_months(fm_day_from_ymd(-1, 12, 15), 1), "0000-01-15");
    fm_day leap = fm_day_from_ymd(1992, 2, 29);
    CHECK_DAY(fm_day_add_years(leap, 1), "1993-02-28");
    CHECK_DAY(fm_day_add_years(leap, 4), "1996-02-29");
    CHECK_DAY(fm_day_add_years(leap, 8), "2000-02-29");
    CHECK_DAY(fm_day_add_years(leap, 108), "2100-02-28");
    CHECK_DAY(fm_day_add_years(leap, -1992), "0000-02-29");
    CHECK_DAY(fm_day_add_years(leap, -1), "1991-02-28");
    /* Open ends stay open; results past the range saturate. */
    CHECK_INT(fm_day_add_months(FM_DAY_MIN, 5), FM_DAY_MIN);
    CHECK_INT(fm_day_add_months(FM_DAY_MAX, -5), FM_DAY_MAX);
    CHECK_INT(fm_day_add_years(FM_DAY_MAX, -5), FM_DAY_MAX);
    CHECK_INT(fm_day_add_years(0, INT32_MAX), FM_DAY_MAX);
    CHECK_INT(fm_day_add_years(0, INT32_MIN), FM_DAY_MIN);
    CHECK_INT(fm_day_add_months(0, INT32_MAX), FM_DAY_MAX);
    CHECK_INT(fm_day_add_months(0, INT32_MIN), FM_DAY_MIN);
}

/* ---- steps -------------------------------------------------------------- */

static void test_step_parse(void)
{
    fm_step s = step("P1D");
    CHECK_INT(s.unit, FM_STEP_DAY);
    CHECK_INT(s.count, 1);
    s = step("P7D");
    CHECK_INT(s.unit, FM_STEP_DAY);
    CHECK_INT(s.count, 7);
    s = step("P1W");
    CHECK_INT(s.unit, FM_STEP_WEEK);
    CHECK_INT(s.count, 1);
    s = step("P2W");
    CHECK_INT(s.unit, FM_STEP_WEEK);
    CHECK_INT(s.count, 2);
    s = step("P1M");
    CHECK_INT(s.unit, FM_STEP_MONTH);
    CHECK_INT(s.count, 1);
    s = step("P3M");
    CHECK_INT(s.unit, FM_STEP_MONTH);
    CHECK_INT(s.count, 3);
    s = step("P1Y");
    CHECK_INT(s.unit, FM_STEP_YEAR);
    CHECK_INT(s.count, 1);
    s = step("P100000D");
    CHECK_INT(s.count, 100000);
    s = step("P012M");
    CHECK_INT(s.count, 12);
}

static void test_step_errors(void)
{
    fm_error e;
    fm_step s;

    CHECK_INT(fm_step_parse("P0D", &s, &e), -1);
    CHECK_CONTAINS(e.msg, "\"P0D\": a step must be at least 1");
    STEP_FAILS("P", "the count and unit are missing after P");
    STEP_FAILS("", "the step is empty");
    STEP_FAILS(NULL, "the step is empty");
    STEP_FAILS("1D", "a duration starts with P (e.g. P1D, not 1D)");
    STEP_FAILS("p1m", "upper case (write P1M)");
    STEP_FAILS("P1d", "upper case (write P1D)");
    STEP_FAILS("P1H", "times are not supported");
    STEP_FAILS("PT1H", "times are not supported");
    STEP_FAILS("P1DT1H", "only one unit");
    STEP_FAILS("P1Y2M", "only one unit");
    STEP_FAILS("P-1M", "a step must be positive");
    STEP_FAILS("-P1M", "a step must be positive");
    STEP_FAILS("P100001D", "a step of more than 100000 is not supported");
    STEP_FAILS("P99999999999999999999999D", "more than 100000");
    STEP_FAILS("P1", "the unit is missing");
    STEP_FAILS("P1.5M", "a whole number");
    STEP_FAILS("P1Q", "unknown unit \"Q\"");
    STEP_FAILS("PM", "a whole number must follow P");
    STEP_FAILS("P1D ", "trailing whitespace");
    STEP_FAILS(" P1D", "leading whitespace");
    STEP_FAILS("P1D!", "unexpected \"!\" after the step");
}

static void test_step_months_from_31st(void)
{
    static const char *want[] = { "1992-01-31", "1992-02-29", "1992-03-31", "1992-04-30",
                                  "1992-05-31", "1992-06-30", "1992-07-31", "1992-08-31",
                                  "1992-09-30", "1992-10-31", "1992-11-30", "1992-12-31",
                                  "1993-01-31", "1993-02-28", "1993-03-31" };
    fm_day origin = fm_day_from_ymd(1992, 1, 31);
    fm_step s = step("P1M");
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        CHECK_DAY(fm_step_nth(origin, s, i), want[i]);
    CHECK_DAY(fm_step_nth(origin, s, -1), "1991-12-31");
    CHECK_DAY(fm_step_nth(origin, s, -11), "1991-02-28");
    /* P3M from the 30th comes back to the 30th after clamping in February. */
    s = step("P3M");
    origin = fm_day_from_ymd(1992, 11, 30);
    CHECK_DAY(fm_step_nth(origin, s, 1), "1993-02-28");
    CHECK_DAY(fm_step_nth(origin, s, 2), "1993-05-30");
}

static void test_step_years_from_leap_day(void)
{
    fm_day origin = fm_day_from_ymd(1992, 2, 29);
    fm_step s = step("P1Y");
    CHECK_DAY(fm_step_nth(origin, s, 0), "1992-02-29");
    CHECK_DAY(fm_step_nth(origin, s, 1), "1993-02-28");
    CHECK_DAY(fm_step_nth(origin, s, 2), "1994-02-28");
    CHECK_DAY(fm_step_nth(origin, s, 3), "1995-02-28");
    CHECK_DAY(fm_step_nth(origin, s, 4), "1996-02-29");
    CHECK_DAY(fm_step_nth(origin, s, 8), "2000-02-29");
    CHECK_DAY(fm_step_nth(origin, s, 108), "2100-02-28");
}

static void test_step_weeks_days(void)
{
    fm_day origin = fm_day_from_ymd(1992, 2, 26);
    fm_step s = step("P1W");
    CHECK_DAY(fm_step_nth(origin, s, 0), "1992-02-26");
    CHECK_DAY(fm_step_nth(origin, s, 1), "1992-03-04");
    CHECK_DAY(fm_step_nth(origin, s, 2), "1992-03-11");
    CHECK_DAY(fm_step_nth(origin, step("P2W"), 1), "1992-03-11");
    s = step("P1D");
    origin = fm_day_from_ymd(1992, 2, 28);
    CHECK_DAY(fm_step_nth(origin, s, 1), "1992-02-29");
    CHECK_DAY(fm_step_nth(origin, s, 2), "1992-03-01");
    origin = fm_day_from_ymd(1993, 2, 28);
    CHECK_DAY(fm_step_nth(origin, s, 1), "1993-03-01");
    CHECK_DAY(fm_step_nth(origin, step("P7D"), 1), "1993-03-07");
    CHECK_DAY(fm_step_nth(fm_day_from_ymd(1992, 12, 31), s, 1), "1993-01-01");
    /* Open ends and the limits. */
    CHECK_INT(fm_step_nth(FM_DAY_MIN, s, 3), FM_DAY_MIN);
    CHECK_INT(fm_step_nth(FM_DAY_MAX, s, -3), FM_DAY_MAX);
    CHECK_INT(fm_step_nth(FM_DAY_MAX - 1, s, 5), FM_DAY_MAX);
    fm_step big = { FM_STEP_YEAR, INT32_MAX };
    CHECK_INT(fm_step_nth(0, big, INT32_MAX), FM_DAY_MAX);
    CHECK_INT(fm_step_nth(0, big, INT32_MIN), FM_DAY_MIN);
}

int main(void)
{
    RUN(test_leap_years);
    RUN(test_month_ends);
    RUN(test_known_days);
    RUN(test_round_trip_walk);
    RUN(test_round_trip_far);
    RUN(test_format);
    RUN(test_date_parse_full);
    RUN(test_date_parse_reduced);
    RUN(test_date_parse_errors);
    RUN(test_edtf_plain);
    RUN(test_edtf_qualifiers);
    RUN(test_edtf_unspecified);
    RUN(test_edtf_seasons);
    RUN(test_edtf_intervals);
    RUN(test_edtf_open_ends);
    RUN(test_edtf_errors);
    RUN(test_day_in);
    RUN(test_add_months_years);
    RUN(test_step_parse);
    RUN(test_step_errors);
    RUN(test_step_months_from_31st);
    RUN(test_step_years_from_leap_day);
    RUN(test_step_weeks_days);
    return CHECK_REPORT();
}
