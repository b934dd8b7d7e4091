/* test_utf8.c -- unit tests for core/utf8.c: decoding, encoding, case
** mapping into a fixed buffer, and cutting on a character boundary. */
#include "core/utf8.h"
#include "check.h"

static void test_decode_encode(void)
{
    static const unsigned cps[] = { 'A', 0xE9, 0x259, 0x416, 0x20AC, 0x1F600 };
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char buf[8] = { 0 };
        int n = fm_utf8_encode(cps[i], buf), len;
        CHECK_INT(n, cps[i] < 0x80 ? 1 : cps[i] < 0x800 ? 2 : cps[i] < 0x10000 ? 3 : 4);
        CHECK_INT(fm_utf8_decode((const unsigned char *)buf, &len), cps[i]);
        CHECK_INT(len, n);
    }
    int len;
    /* A stray continuation byte, and a lead byte whose sequence is cut. */
    CHECK_INT(fm_utf8_decode((const unsigned char *)"\x80x", &len), FM_UTF8_INVALID);
    CHECK_INT(len, 1);
    CHECK_INT(fm_utf8_decode((const unsigned char *)"\xD0x", &len), FM_UTF8_INVALID);
    CHECK_INT(len, 1);
}

static const char *mapped(const char *text, int upper)
{
    static char buf[256];
    return fm_utf8_case_map(text, upper, buf, sizeof buf) < 0 ? NULL : buf;
}

static void test_case_map_scripts(void)
{
    CHECK_STR(mapped("Shusha 1992", 1), "SHUSHA 1992");
    CHECK_STR(mapped("ABC d", 0), "abc d");
    /* Azerbaijani: ş, ə, dotless ı; Ə and dotted İ. */
    CHECK_STR(mapped("\xC5\x9F\x75\xC5\x9F\x61 \xC9\x99 \xC4\xB1", 1),
              "\xC5\x9E\x55\xC5\x9E\x41 \xC6\x8F I");
    CHECK_STR(mapped("\xC6\x8F\x4C\xC4\xB0", 0), "\xC9\x99li\xCC\x87");
    /* Cyrillic шуша, Greek αθήνα -> ΑΘΉΝΑ, Armenian երև -> ԵՐԵՒ. */
    CHECK_STR(mapped("\xD1\x88\xD1\x83\xD1\x88\xD0\xB0", 1), "\xD0\xA8\xD0\xA3\xD0\xA8\xD0\x90");
    CHECK_STR(mapped("\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", 1),
              "\xCE\x91\xCE\x98\xCE\x89\xCE\x9D\xCE\x91");
    CHECK_STR(mapped("\xD5\xA5\xD6\x80\xD6\x87", 1), "\xD4\xB5\xD5\x90\xD4\xB5\xD5\x92");
    /* Final sigma upper-cases to Σ; ß to SS. */
    CHECK_STR(mapped("\xCF\x82", 1), "\xCE\xA3");
    CHECK_STR(mapped("stra\xC3\x9F\x65", 1), "STRASSE");
    /* Invalid bytes pass through untouched. */
    CHECK_STR(mapped("a\xFF"
                     "b",
                     1),
              "A\xFF"
              "B");
    CHECK_STR(mapped("", 1), "");
}

static void test_case_map_buffer(void)
{
    char buf[8];
    /* "STRASSE" and its NUL need 8 bytes: it fits exactly, 7 is too few. */
    CHECK_INT(fm_utf8_case_map("stra\xC3\x9F\x65", 1, buf, 8), 7);
    CHECK_STR(buf, "STRASSE");
    CHECK_INT(fm_utf8_case_map("stra\xC3\x9F\x65", 1, buf, 7), -1);
    /* Even "" needs room for its NUL. */
    CHECK_INT(fm_utf8_case_map("", 1, buf, 0), -1);
    CHECK_INT(fm_utf8_case_map("", 1, buf, 1), 0);
    CHECK_STR(buf, "");
}

static void test_copy(void)
{
    char buf[6];
    fm_utf8_copy(buf, "abc", sizeof buf);
    CHECK_STR(buf, "abc");
    /* "Шуша" is 8 bytes: 5 bytes of room keep two whole letters, not 2.5. */
    fm_utf8_copy(buf, "\xD0\xA8\xD1\x83\xD1\x88\xD0\xB0", sizeof buf);
    CHECK_STR(buf, "\xD0\xA8\xD1\x83");
    fm_utf8_copy(buf, "abcdefgh", sizeof buf);
    CHECK_STR(buf, "abcde");
    fm_utf8_copy(buf, "x", 1);
    CHECK_STR(buf, "");
}

int main(void)
{
    RUN(test_decode_encode);
    RUN(test_case_map_scripts);
    RUN(test_case_map_buffer);
    RUN(test_copy);
    return CHECK_REPORT();
}
