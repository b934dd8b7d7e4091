/*
** test_frames.c -- frame plans: calendar steps across month ends and
** 29 February, event keyframes and holds, tween frames, bad windows.
*/
#include <stdlib.h>

#include "check.h"
#include "film/frames.h"

static fm_day D(const char *text)
{
    fm_date d;
    fm_error err;
    if (fm_date_parse(text, &d, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        abort();
    }
    return d.first;
}

static const char *day_text(fm_day d)
{
    static char buf[8][32];
    static int k;
    k = (k + 1) % 8;
    return fm_day_format(d, buf[k], sizeof buf[k]);
}

static fm_frame_plan_options range(const char *from, const char *to, const char *step)
{
    fm_frame_plan_options o;
    memset(&o, 0, sizeof o);
    fm_error err;
    o.range = 1;
    o.from = D(from);
    o.to = D(to);
    if (fm_step_parse(step, &o.step, &err)) abort();
    o.hold = 1;
    return o;
}

static void test_month_steps_saturate_at_month_end(void)
{
    fm_frame_plan p;
    fm_error err;
    fm_frame_plan_options o = range("2000-01-31", "2000-04-30", "P1M");
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 4);
    if (p.n == 4) {
        CHECK_STR(day_text(p.frames[0].date), "2000-01-31");
        CHECK_STR(day_text(p.frames[1].date), "2000-02-29"); /* leap year */
        CHECK_STR(day_text(p.frames[2].date), "2000-03-31"); /* from the origin, not Feb 29 */
        CHECK_STR(day_text(p.frames[3].date), "2000-04-30");
    }
    frame_plan_free(&p);
    o = range("2001-01-31", "2001-03-01", "P1M");
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 3); /* Jan 31, Feb 28, and the end date Mar 1 */
    if (p.n == 3) {
        CHECK_STR(day_text(p.frames[1].date), "2001-02-28");
        CHECK_STR(day_text(p.frames[2].date), "2001-03-01");
    }
    frame_plan_free(&p);
}

static void test_daily_steps_and_29_february(void)
{
    fm_frame_plan p;
    fm_error err;
    fm_frame_plan_options o = range("2000-02-27", "2000-03-01", "P1D");
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 4);
    if (p.n == 4) CHECK_STR(day_text(p.frames[2].date), "2000-02-29");
    frame_plan_free(&p);
    o = range("1900-02-27", "1900-03-01", "P1D"); /* 1900: not a leap year */
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 3);
    frame_plan_free(&p);
    /* The benchmark's range: 1992-01-01 to 1994-05-12 (1992 is leap). */
    o = range("1992-01-01", "1994-05-12", "P1D");
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 366 + 365 + 31 + 28 + 31 + 30 + 12);
    CHECK_INT(p.nout, p.n);
    frame_plan_free(&p);
}

static void test_week_and_year_steps_end_on_the_end_date(void)
{
    fm_frame_plan p;
    fm_error err;
    fm_frame_plan_options o = range("2020-01-01", "2020-01-31", "P1W");
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 6); /* 1, 8, 15, 22, 29 and the end, 31 */
    if (p.n == 6) CHECK_STR(day_text(p.frames[5].date), "2020-01-31");
    frame_plan_free(&p);
    o = range("2020-02-29", "2024-03-01", "P1Y");
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 6);
    if (p.n == 6) {
        CHECK_STR(day_text(p.frames[1].date), "2021-02-28");
        CHECK_STR(day_text(p.frames[4].date), "2024-02-29");
    }
    frame_plan_free(&p);
}

static fm_event make_event(const char *id, const char *date, const char *kind)
{
    fm_event e;
    memset(&e, 0, sizeof e);
    e.id = (char *)id;
    e.date.first = D(date);
    e.kind = (char *)kind;
    e.title = (char *)id;
    return e;
}

static void test_event_keyframes_hold_and_merge_with_range(void)
{
    fm_event ev[4] = {
        make_event("a", "1993-04-02", "capture"),
        make_event("b", "1993-04-02", "clash"),
        make_event("c", "1993-07-23", "capture"),
        make_event("d", "1994-05-12", "ceasefire"),
    };
    fm_timeline tl = { "test", 4, ev };
    fm_frame_plan p;
    fm_error err;
    fm_frame_plan_options o;
    memset(&o, 0, sizeof o);
    o.events = 1;
    o.from = FM_DAY_MIN;
    o.to = FM_DAY_MAX;
    o.timeline = &tl;
    o.hold = 10;
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 3); /* two events share 2 April */
    CHECK_INT(p.nout, 30);
    if (p.n == 3) {
        CHECK_INT(p.frames[1].first_out, 10);
        CHECK(p.frames[2].is_event);
    }
    frame_plan_free(&p);

    o.kinds = "capture";
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 2);
    frame_plan_free(&p);

    /* A monthly range that slows down at the events on it or between. */
    o = range("1993-04-01", "1993-08-01", "P1M");
    o.events = 1;
    o.timeline = &tl;
    o.hold = 5;
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    CHECK_INT(p.n, 7); /* 5 months + 2 Apr + 23 Jul */
    CHECK_INT(p.nout, 5 + 2 * 5);
    frame_plan_free(&p);

    o.kinds = "agreement";
    o.from = D("1993-04-03");
    CHECK(frame_plan_build(&o, &p, &err) != 0);
    CHECK_CONTAINS(err.msg, "no events");
}

static void test_tweens_go_before_the_keyframe_of_a_change(void)
{
    fm_day changes[2] = { D("2020-10-04"), D("2020-10-17") };
    fm_frame_plan p;
    fm_error err;
    fm_frame_plan_options o = range("2020-10-01", "2020-10-31", "P1W");
    o.tween = 3;
    o.change_days = changes;
    o.nchange_days = 2;
    CHECK_INT(frame_plan_build(&o, &p, &err), 0);
    /* keys 1, 8, 15, 22, 29, 31; changes fall in (1,8] and (15,22] */
    CHECK_INT(p.n, 6 + 2 * 3);
    if (p.n == 12) {
        CHECK_INT(p.frames[1].kind, FM_FRAME_TWEEN);
        CHECK_STR(day_text(p.frames[1].before), "2020-10-01");
        CHECK_STR(day_text(p.frames[1].date), "2020-10-08");
        CHECK_NEAR(p.frames[1].t, 0.25, 1e-9);
        CHECK_NEAR(p.frames[3].t, 0.75, 1e-9);
        CHECK_INT(p.frames[4].kind, FM_FRAME_KEY);
        CHECK_STR(day_text(p.frames[4].date), "2020-10-08");
        for (int i = 0; i < p.n; i++) CHECK_INT(p.frames[i].first_out, i);
    }
    frame_plan_free(&p);
}

static void test_bad_windows_are_refused(void)
{
    fm_frame_plan p;
    fm_error err;
    fm_frame_plan_options o = range("1994-05-12", "1992-01-01", "P1D");
    CHECK(frame_plan_build(&o, &p, &err) != 0);
    CHECK_CONTAINS(err.msg, "before --from");
    memset(&o, 0, sizeof o);
    CHECK(frame_plan_build(&o, &p, &err) != 0);
    CHECK_CONTAINS(err.msg, "nothing to animate");
    o = range("0001-01-01", "9999-12-31", "P1D");
    CHECK(frame_plan_build(&o, &p, &err) != 0);
    CHECK_CONTAINS(err.msg, "longer --step");
    fm_step st;
    CHECK(fm_step_parse("P0D", &st, &err) != 0);
    CHECK(fm_step_parse("1W", &st, &err) != 0);
}

int main(void)
{
    RUN(test_month_steps_saturate_at_month_end);
    RUN(test_daily_steps_and_29_february);
    RUN(test_week_and_year_steps_end_on_the_end_date);
    RUN(test_event_keyframes_hold_and_merge_with_range);
    RUN(test_tweens_go_before_the_keyframe_of_a_change);
    RUN(test_bad_windows_are_refused);
    return CHECK_REPORT();
}
