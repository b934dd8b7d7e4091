/* test_number.c -- unit tests for style/number.c: numbers written and read
** as JavaScript does (MapLibre's to-string and to-number). */
#include "style/number.h"
#include "check.h"

static const char *fmt(double x)
{
    static char buf[64];
    fm_number_format(x, buf, sizeof buf);
    return buf;
}

static void test_format(void)
{
    CHECK_STR(fmt(0), "0");
    CHECK_STR(fmt(-0.0), "0");
    CHECK_STR(fmt(3), "3");
    CHECK_STR(fmt(-2.5), "-2.5");
    CHECK_STR(fmt(0.1 + 0.2), "0.30000000000000004"); /* shortest round trip */
    CHECK_STR(fmt(1.0 / 3), "0.3333333333333333");
    CHECK_STR(fmt(4000), "4000");
    CHECK_STR(fmt(123456789012345680000.0), "123456789012345680000");
    CHECK_STR(fmt(1e21), "1e+21");
    CHECK_STR(fmt(-1.5e300), "-1.5e+300");
    CHECK_STR(fmt(0.000001), "0.000001");
    CHECK_STR(fmt(0.0000015), "0.0000015");
    CHECK_STR(fmt(1e-7), "1e-7");
    CHECK_STR(fmt(1.5e-7), "1.5e-7");
    CHECK_STR(fmt(5e-324), "5e-324");
    CHECK_STR(fmt(NAN), "NaN");
    CHECK_STR(fmt(INFINITY), "Infinity");
    CHECK_STR(fmt(-INFINITY), "-Infinity");
    /* Cut like snprintf. */
    char small[4];
    fm_number_format(12345, small, sizeof small);
    CHECK_STR(small, "123");
}

/* The number text reads as, or NAN when it is not one. */
static double parsed(const char *text)
{
    double x = -1;
    return fm_number_parse(text, &x) == 0 ? x : NAN;
}

static void test_parse(void)
{
    CHECK_NEAR(parsed("12"), 12, 0);
    CHECK_NEAR(parsed(" \t12.5\n"), 12.5, 0);
    CHECK_NEAR(parsed(""), 0, 0);
    CHECK_NEAR(parsed("   "), 0, 0);
    CHECK_NEAR(parsed("-3"), -3, 0);
    CHECK_NEAR(parsed("+.5"), 0.5, 0);
    CHECK_NEAR(parsed("5."), 5, 0);
    CHECK_NEAR(parsed("1e3"), 1000, 0);
    CHECK_NEAR(parsed("2.5E-1"), 0.25, 0);
    CHECK_NEAR(parsed("0x1F"), 31, 0);
    CHECK(isinf(parsed("Infinity")) && parsed("Infinity") > 0);
    CHECK(isinf(parsed("-Infinity")) && parsed("-Infinity") < 0);
    CHECK(isnan(parsed("abc")));
    CHECK(isnan(parsed("12abc")));
    CHECK(isnan(parsed("1e")));
    CHECK(isnan(parsed(".")));
    CHECK(isnan(parsed("-0x10"))); /* JavaScript: NaN */
    CHECK(isnan(parsed("0x")));
    CHECK(isnan(parsed("inf")));
    CHECK(isnan(parsed("1 2")));
}

int main(void)
{
    RUN(test_format);
    RUN(test_parse);
    return CHECK_REPORT();
}
