/*
** test_csv.c -- the CSV reader (core/csv.h): quoting, embedded commas,
** quotes and newlines, CRLF, empty fields, the byte-order mark, and the
** line numbers that error messages rest on.
*/
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "check.h"

static char dir[1200];

/* Open a file holding `text`; NULL (and a failed check) if it cannot. */
static fm_csv *open_text(const char *name, const char *text)
{
    char path[2400];
    fm_error err = { 0 };
    if (check_write_file(dir, name, text, path, sizeof path)) {
        CHECK(0);
        return NULL;
    }
    fm_csv *csv = csv_open(path, &err);
    if (!csv) fprintf(stderr, "csv_open: %s\n", err.msg);
    CHECK(csv != NULL);
    return csv;
}

static void test_plain_records_and_columns(void)
{
    fm_csv *csv = open_text("plain.csv", "id,date,title\na,1993,Alpha\nb,1994,Beta\n");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 3);
    CHECK_INT(csv_column(csv, "id"), 0);
    CHECK_INT(csv_column(csv, "title"), 2);
    CHECK_INT(csv_column(csv, "Title"), -1);
    CHECK_INT(csv_column(csv, "nope"), -1);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[0], "a");
    CHECK_STR(csv->fields[2], "Alpha");
    CHECK_INT(csv->record_line, 2);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[1], "1994");
    CHECK_INT(csv->record_line, 3);
    CHECK_INT(csv_next(csv, &err), 0);
    CHECK_INT(csv_next(csv, &err), 0); /* the end stays the end */
    csv_close(csv);
}

static void test_quoted_commas_quotes_and_newlines(void)
{
    fm_csv *csv = open_text("quoted.csv", "id,text\n"
                                          "a,\"one, two\"\n"
                                          "b,\"she said \"\"hi\"\"\"\n"
                                          "c,\"first line\nsecond line\nthird\"\n"
                                          "d,after\n");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 2);
    CHECK_STR(csv->fields[1], "one, two");
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[1], "she said \"hi\"");
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 2);
    CHECK_STR(csv->fields[1], "first line\nsecond line\nthird");
    CHECK_INT(csv->record_line, 4);
    /* The record after a three-line field starts on line 7, not line 5. */
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[0], "d");
    CHECK_INT(csv->record_line, 7);
    CHECK_INT(csv_next(csv, &err), 0);
    csv_close(csv);
}

static void test_crlf_and_empty_fields(void)
{
    fm_csv *csv = open_text("crlf.csv", "a,b,c\r\n,,\r\nx,,\"\"\r\n,\"q\r\nr\",z\r\n");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[2], "c"); /* no '\r' left on the last field */
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 3);
    CHECK_STR(csv->fields[0], "");
    CHECK_STR(csv->fields[1], "");
    CHECK_STR(csv->fields[2], "");
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 3);
    CHECK_STR(csv->fields[0], "x");
    CHECK_STR(csv->fields[1], "");
    CHECK_STR(csv->fields[2], ""); /* "" quoted is empty too */
    CHECK_INT(csv->record_line, 3);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 3);
    CHECK_STR(csv->fields[0], "");
    CHECK_STR(csv->fields[1], "q\r\nr"); /* inside quotes the bytes are kept */
    CHECK_STR(csv->fields[2], "z");
    CHECK_INT(csv->record_line, 4);
    CHECK_INT(csv_next(csv, &err), 0);
    csv_close(csv);
}

/* No newline at the end of the file: the last record still counts. */
static void test_last_line_without_newline(void)
{
    fm_csv *csv = open_text("nonl.csv", "h1,h2\n1,2");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 2);
    CHECK_STR(csv->fields[1], "2");
    CHECK_INT(csv_next(csv, &err), 0);
    csv_close(csv);
}

/* Blank lines between records are skipped, and still counted. */
static void test_blank_lines_keep_line_numbers(void)
{
    fm_csv *csv = open_text("blank.csv", "h\n\n\r\nx\n\ny\n");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->record_line, 1);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[0], "x");
    CHECK_INT(csv->record_line, 4);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[0], "y");
    CHECK_INT(csv->record_line, 6);
    CHECK_INT(csv_next(csv, &err), 0);
    csv_close(csv);
}

static void test_bom_is_not_part_of_the_header(void)
{
    fm_csv *csv = open_text("bom.csv", "\xEF\xBB\xBFid,date\n1,2\n");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[0], "id");
    CHECK_INT(csv_column(csv, "id"), 0);
    csv_close(csv);
    /* A file shorter than a BOM reads from its start. */
    csv = open_text("short.csv", "a\n");
    if (!csv) return;
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_STR(csv->fields[0], "a");
    csv_close(csv);
}

/* An unclosed quote is an error naming the file and the line the record
** started on, not the end of the file. */
static void test_unterminated_quote_names_file_and_line(void)
{
    fm_csv *csv = open_text("open.csv", "id,text\na,fine\nb,\"never closed\nmore\nand more\n");
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv_next(csv, &err), -1);
    CHECK_CONTAINS(err.msg, "open.csv:3:");
    CHECK_CONTAINS(err.msg, "never closed");
    csv_close(csv);
}

static void test_missing_file_is_an_error(void)
{
    char path[2400];
    fm_error err = { 0 };
    snprintf(path, sizeof path, "%s/no-such.csv", dir);
    CHECK(csv_open(path, &err) == NULL);
    CHECK_CONTAINS(err.msg, "no-such.csv");
    CHECK_CONTAINS(err.msg, "cannot read");
    CHECK_INT(err.kind, FM_ERR_FAILED);
}

/* A record wider than the first grows the field array. */
static void test_many_fields(void)
{
    char text[4096] = "h\n";
    for (int i = 0; i < 100; i++) {
        char f[16];
        snprintf(f, sizeof f, "%s%d", i ? "," : "", i);
        strcat(text, f);
    }
    strcat(text, "\n");
    fm_csv *csv = open_text("wide.csv", text);
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv->nfields, 100);
    if (csv->nfields == 100) CHECK_STR(csv->fields[99], "99");
    CHECK_INT(csv_column(csv, "57"), 57);
    csv_close(csv);
}

static void test_nul_byte_is_an_error(void)
{
    /* /dev/zero: endless NUL bytes, refused at the first one instead of
    ** read into memory without end. */
    fm_error err = { 0 };
    fm_csv *csv = csv_open("/dev/zero", &err);
    CHECK(csv != NULL);
    if (!csv) return;
    CHECK_INT(csv_next(csv, &err), -1);
    CHECK_CONTAINS(err.msg, "/dev/zero:1: a NUL byte in field 1");
    csv_close(csv);
}

static void test_huge_field_is_an_error(void)
{
    /* A stray quote opening a field that runs on past 1 MiB. */
    size_t n = (1 << 20) + 100;
    char *text = malloc(n + 16);
    CHECK(text != NULL);
    if (!text) return;
    strcpy(text, "id,text\nx,\"");
    size_t len = strlen(text);
    memset(text + len, 'a', n - len);
    text[n] = 0;
    fm_csv *csv = open_text("huge.csv", text);
    free(text);
    if (!csv) return;
    fm_error err = { 0 };
    CHECK_INT(csv_next(csv, &err), 1);
    CHECK_INT(csv_next(csv, &err), -1);
    CHECK_CONTAINS(err.msg, "huge.csv:2: field 2 is longer than");
    csv_close(csv);
}

int main(void)
{
    if (check_tmp_dir("csv", dir, sizeof dir)) return 1;
    RUN(test_plain_records_and_columns);
    RUN(test_quoted_commas_quotes_and_newlines);
    RUN(test_crlf_and_empty_fields);
    RUN(test_last_line_without_newline);
    RUN(test_blank_lines_keep_line_numbers);
    RUN(test_bom_is_not_part_of_the_header);
    RUN(test_unterminated_quote_names_file_and_line);
    RUN(test_missing_file_is_an_error);
    RUN(test_many_fields);
    RUN(test_nul_byte_is_an_error);
    RUN(test_huge_field_is_an_error);
    csv_close(NULL);
    return CHECK_REPORT();
}
