/*
** test_timeline.c -- the events file (record/timeline.h): loading a small
** synthetic timeline, its order by date, finding and suggesting ids, the
** --kinds filter, and errors that name the file and the line.
*/
#include "record/timeline.h"
#include "check.h"

static char dir[1200];

#define HEADER "id,date,date_edtf,title,kind,place,lon,lat,source,certainty,description\n"

/* Three events, written out of order; the second has a quoted title with
** a comma and a description over two lines. */
static const char *const good_csv = HEADER
    "1993-07-23-agdam,1993-07-23,,Agdam falls,capture,Agdam,46.92,39.99,seed:a.txt:3,high,d1\n"
    "1992-05-08-shusha,1992-05-08,,\"Shusha, the "
    "fortress\",capture,Shusha,46.75,39.76,book,medium,\"two\nlines\"\n"
    "1994-05,1994-05,1994-05~,Ceasefire,ceasefire,,,,book,low,\n";

static fm_timeline *load_text(const char *name, const char *text, fm_problems *pr, fm_error *err)
{
    char path[2400];
    if (check_write_file(dir, name, text, path, sizeof path)) return NULL;
    return timeline_load(path, pr, err);
}

static void test_load_sorts_by_date(void)
{
    fm_error err = { 0 };
    fm_timeline *tl = load_text("good.csv", good_csv, NULL, &err);
    if (!tl) {
        fprintf(stderr, "timeline_load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK_INT(tl->count, 3);
    CHECK_CONTAINS(tl->path, "good.csv");
    if (tl->count == 3) {
        CHECK_STR(tl->events[0].id, "1992-05-08-shusha");
        CHECK_STR(tl->events[1].id, "1993-07-23-agdam");
        CHECK_STR(tl->events[2].id, "1994-05");
        CHECK_STR(tl->events[0].title, "Shusha, the fortress");
        CHECK_STR(tl->events[0].description, "two\nlines");
        CHECK_INT(tl->events[0].line, 3);
        CHECK_INT(tl->events[1].line, 2);
        CHECK_INT(tl->events[2].line, 5); /* after the two-line field */
        CHECK(tl->events[1].has_position);
        CHECK_NEAR(tl->events[1].lon, 46.92, 1e-9);
        CHECK_NEAR(tl->events[1].lat, 39.99, 1e-9);
        CHECK(!tl->events[2].has_position);
        /* A month means its first day for maps; it covers the whole month. */
        CHECK_STR(tl->events[2].date_text, "1994-05");
        CHECK_INT(tl->events[2].date.first, fm_day_from_ymd(1994, 5, 1));
        CHECK_INT(tl->events[2].date.last, fm_day_from_ymd(1994, 5, 31));
        CHECK_STR(tl->events[2].date_edtf, "1994-05~");
        CHECK_INT(tl->events[1].date.first, fm_day_from_ymd(1993, 7, 23));
    }
    timeline_free(tl);
}

/* The events in force in a window of days and of some kinds: what
** `events --from --to --kinds` and animate --events select. */
static void test_filter_by_date_and_kind(void)
{
    fm_error err = { 0 };
    fm_timeline *tl = load_text("filter.csv", good_csv, NULL, &err);
    if (!tl) {
        CHECK(0);
        return;
    }
    fm_day from = fm_day_from_ymd(1993, 1, 1), to = fm_day_from_ymd(1994, 12, 31);
    int n = 0, captures = 0;
    for (int i = 0; i < tl->count; i++) {
        const fm_event *e = &tl->events[i];
        if (e->date.first < from || e->date.first > to) continue;
        n++;
        if (timeline_kinds_include("capture,handover", e->kind)) captures++;
    }
    CHECK_INT(n, 2);
    CHECK_INT(captures, 1);
    CHECK(timeline_kinds_include(NULL, "ceasefire"));
    CHECK(timeline_kinds_include("ceasefire", "ceasefire"));
    CHECK(!timeline_kinds_include("capture", "ceasefire"));
    CHECK(!timeline_kinds_include("ceasefire2", "ceasefire"));
    CHECK(!timeline_kinds_include("cease", "ceasefire"));
    timeline_free(tl);
}

static void test_kinds(void)
{
    fm_error err = { 0 };
    CHECK(timeline_kind_known("capture"));
    CHECK(timeline_kind_known("other"));
    CHECK(!timeline_kind_known("Capture"));
    CHECK(!timeline_kind_known(""));
    CHECK_INT(timeline_kinds_check("capture,ceasefire", &err), 0);
    CHECK_INT(timeline_kinds_check("capture,bogus", &err), -1);
    CHECK_CONTAINS(err.msg, "unknown kind 'bogus'");
    CHECK_INT(timeline_kinds_check("", &err), -1);
    CHECK_CONTAINS(err.msg, "needs one or more");
}

static void test_find_and_suggest(void)
{
    fm_error err = { 0 };
    fm_timeline *tl = load_text("find.csv", good_csv, NULL, &err);
    if (!tl) {
        CHECK(0);
        return;
    }
    const fm_event *e = timeline_find(tl, "1993-07-23-agdam");
    CHECK(e != NULL);
    if (e) CHECK_STR(e->place, "Agdam");
    CHECK(timeline_find(tl, "1993-07-23-agdan") == NULL);
    const char *out[2] = { NULL, NULL };
    int n = timeline_suggest(tl, "1993-07-23-agdan", out, 2);
    CHECK(n >= 1);
    if (n >= 1) CHECK_STR(out[0], "1993-07-23-agdam");
    timeline_free(tl);
}

/* The first bad record fails the load, naming the file and its line. */
static void test_errors_name_file_and_line(void)
{
    fm_error err = { 0 };
    fm_timeline *tl =
        load_text("badkind.csv",
                  HEADER "1993-07-23-agdam,1993-07-23,,Agdam falls,capture,Agdam,,,book,high,\n"
                         "\n"
                         "1993-08-01-x,1993-08-01,,X,skirmish,X,,,book,high,\n",
                  NULL, &err);
    CHECK(tl == NULL);
    CHECK_CONTAINS(err.msg, "badkind.csv:4:");
    CHECK_CONTAINS(err.msg, "kind \"skirmish\"");

    tl = load_text("baddate.csv", HEADER "1993-02-30-x,1993-02-30,,X,other,X,,,book,high,\n", NULL,
                   &err);
    CHECK(tl == NULL);
    CHECK_CONTAINS(err.msg, "baddate.csv:2:");
    CHECK_CONTAINS(err.msg, "1993-02-30-x");

    tl = load_text("dup.csv",
                   HEADER "1993-01-01-a,1993-01-01,,A,other,,,,book,high,\n"
                          "1993-01-01-a,1993-01-01,,A again,other,,,,book,high,\n",
                   NULL, &err);
    CHECK(tl == NULL);
    CHECK_CONTAINS(err.msg, "dup.csv:3: id 1993-01-01-a is used again (first at line 2)");

    tl = load_text("nocol.csv", "id,date,title\n", NULL, &err);
    CHECK(tl == NULL);
    CHECK_CONTAINS(err.msg, "nocol.csv:1: no column \"date_edtf\"");

    tl = load_text("empty.csv", "", NULL, &err);
    CHECK(tl == NULL);
    CHECK_CONTAINS(err.msg, "empty.csv: empty");

    tl = load_text("quote.csv", HEADER "1993-01-01-a,1993-01-01,,\"A,other,,,,book,high,\n", NULL,
                   &err);
    CHECK(tl == NULL);
    CHECK_CONTAINS(err.msg, "quote.csv:2:");

    char path[2400];
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    CHECK(timeline_load(path, NULL, &err) == NULL);
    CHECK_CONTAINS(err.msg, "missing.csv");
}

/* With a problem list every bad record is reported and the rest loads. */
static void test_problems_collect_everything(void)
{
    fm_error err = { 0 };
    fm_problems pr = { 0 };
    fm_timeline *tl = load_text("many.csv",
                                HEADER "1993-01-01-a,1993-01-01,,A,other,,,,book,high,\n"
                                       "1993-01-02-Bad,1993-01-02,,B,other,,,,book,high,\n"
                                       "1993-01-03-c,1993-01-03,,C,other,,,,book,sure,\n"
                                       "1993-01-04-d,1993-01-04,,D,other,,200,40,book,high,\n"
                                       "1993-01-05-e,1993-01-05,,E,other,,,,,high,\n"
                                       "1993-01-06-f,1993-01-06,,F,other,,,,book,high,\n",
                                &pr, &err);
    CHECK(tl != NULL);
    if (tl) {
        CHECK_INT(tl->count, 2);
        CHECK(timeline_find(tl, "1993-01-06-f") != NULL);
    }
    CHECK_INT(pr.count, 4);
    if (pr.count == 4) {
        CHECK_CONTAINS(pr.items[0], "many.csv:3:");
        CHECK_CONTAINS(pr.items[0], "slug");
        CHECK_CONTAINS(pr.items[1], "many.csv:4:");
        CHECK_CONTAINS(pr.items[1], "certainty \"sure\"");
        CHECK_CONTAINS(pr.items[2], "many.csv:5:");
        CHECK_CONTAINS(pr.items[2], "lon/lat");
        CHECK_CONTAINS(pr.items[3], "many.csv:6:");
        CHECK_CONTAINS(pr.items[3], "no source");
    }
    fm_problems_free(&pr);
    timeline_free(tl);
}

/* seed:FILE:LINE citations are checked against the seed texts. */
static void test_citations_checked_against_seeds(void)
{
    fm_error err = { 0 };
    char seeds[1300];
    snprintf(seeds, sizeof seeds, "%s/seeds", dir);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", seeds);
    CHECK_INT(system(cmd), 0);
    CHECK_INT(check_write_file(seeds, "a.txt", "one\ntwo\nthree\n", NULL, 0), 0);
    fm_timeline *tl = load_text("cite.csv",
                                HEADER "1993-01-01-a,1993-01-01,,A,other,,,,seed:a.txt:2-3,high,\n"
                                       "1993-01-02-b,1993-01-02,,B,other,,,,seed:a.txt:3-9,high,\n"
                                       "1993-01-03-c,1993-01-03,,C,other,,,,seed:b.txt:1,high,\n",
                                NULL, &err);
    if (!tl) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(0);
        return;
    }
    fm_problems pr = { 0 };
    timeline_check_citations(tl, seeds, &pr);
    CHECK_INT(pr.count, 2);
    if (pr.count == 2) {
        CHECK_CONTAINS(pr.items[0], "cite.csv:3:");
        CHECK_CONTAINS(pr.items[0], "1993-01-02-b");
        CHECK_CONTAINS(pr.items[1], "cite.csv:4:");
        CHECK_CONTAINS(pr.items[1], "b.txt");
    }
    fm_problems_free(&pr);
    timeline_free(tl);
}

int main(void)
{
    if (check_tmp_dir("timeline", dir, sizeof dir)) return 1;
    RUN(test_load_sorts_by_date);
    RUN(test_filter_by_date_and_kind);
    RUN(test_kinds);
    RUN(test_find_and_suggest);
    RUN(test_errors_name_file_and_line);
    RUN(test_problems_collect_everything);
    RUN(test_citations_checked_against_seeds);
    timeline_free(NULL);
    return CHECK_REPORT();
}
