/*
** test_manifest.c -- manifest rows, and reading a last run's manifest back
** only when it was made with the same settings.
*/
#include <stdlib.h>

#include "check.h"
#include "film/manifest.h"

static fm_day D(const char *text)
{
    fm_date d;
    fm_error err;
    if (fm_date_parse(text, &d, &err)) abort();
    return d.first;
}

static fm_frame_plan plan_of(fm_timeline *tl, int tween)
{
    fm_frame_plan_options o;
    memset(&o, 0, sizeof o);
    fm_error err;
    static fm_day changes[1];
    changes[0] = D("1993-07-23");
    o.range = 1;
    o.events = tl->count > 0;
    o.from = D("1993-07-21");
    o.to = D("1993-07-24");
    fm_step_parse("P1D", &o.step, &err);
    o.timeline = tl;
    o.hold = 2;
    o.tween = tween;
    o.change_days = changes;
    o.nchange_days = 1;
    fm_frame_plan p;
    if (frame_plan_build(&o, &p, &err)) abort();
    return p;
}

static void test_rows_name_dates_kinds_and_events(void)
{
    fm_event ev[2];
    memset(ev, 0, sizeof ev);
    ev[0].id = "1993-07-23-agdam";
    ev[0].date.first = D("1993-07-23");
    ev[0].kind = "capture";
    ev[1].id = "1993-07-23-second";
    ev[1].date.first = D("1993-07-23");
    ev[1].kind = "clash";
    fm_timeline tl = { "t", 2, ev };
    fm_frame_plan p = plan_of(&tl, 2);
    /* 21, 22, two tweens, 23 (event: held 2), 24 */
    CHECK_INT(p.n, 6);
    CHECK_INT(p.nout, 7);
    char row[512];
    manifest_row(&p, &tl, 2, 0, row, sizeof row);
    CHECK_STR(row, "2,1993-07-23,tween,1,0.3333,");
    manifest_row(&p, &tl, 4, 0, row, sizeof row);
    CHECK_STR(row, "4,1993-07-23,key,0,1.0000,1993-07-23-agdam;1993-07-23-second");
    manifest_row(&p, &tl, 4, 1, row, sizeof row);
    CHECK_STR(row, "5,1993-07-23,hold,0,1.0000,1993-07-23-agdam;1993-07-23-second");
    manifest_row(&p, &tl, 5, 0, row, sizeof row);
    CHECK_STR(row, "6,1993-07-24,key,0,1.0000,");
    frame_plan_free(&p);
}

static void test_read_back_only_with_the_same_settings(void)
{
    const char *base = getenv("FRONTMAP_TMP");
    char dir[600], path[700], cmd[800];
    snprintf(dir, sizeof dir, "%s/manifest", base ? base : "/tmp/frontmap-test");
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    CHECK_INT(system(cmd), 0);
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    fm_timeline tl = { "t", 0, NULL };
    fm_frame_plan p = plan_of(&tl, 2);
    fm_error err;
    CHECK_INT(manifest_write(path, "settings A", &p, &tl, &err), 0);

    fm_manifest m;
    CHECK_INT(manifest_read(path, "settings A", &m, &err), 0);
    CHECK_INT(m.n, 6); /* 21, 22, two tweens, 23, 24 */
    for (int i = 0; i < p.n; i++) CHECK(manifest_frame_matches(&m, &p, &tl, i));
    manifest_free(&m);

    CHECK_INT(manifest_read(path, "settings B", &m, &err), 0);
    CHECK_INT(m.n, 0);
    CHECK(!manifest_frame_matches(&m, &p, &tl, 0));
    manifest_free(&m);

    /* Another plan (no tweens): frame numbers shift, nothing matches past
    ** the first frames, which are the same. */
    CHECK_INT(manifest_read(path, "settings A", &m, &err), 0);
    fm_frame_plan q = plan_of(&tl, 0);
    CHECK(manifest_frame_matches(&m, &q, &tl, 0));
    CHECK(!manifest_frame_matches(&m, &q, &tl, 2));
    manifest_free(&m);
    frame_plan_free(&q);
    frame_plan_free(&p);

    snprintf(path, sizeof path, "%s/missing.csv", dir);
    CHECK_INT(manifest_read(path, "settings A", &m, &err), 0);
    CHECK_INT(m.n, 0);
}

int main(void)
{
    RUN(test_rows_name_dates_kinds_and_events);
    RUN(test_read_back_only_with_the_same_settings);
    return CHECK_REPORT();
}
