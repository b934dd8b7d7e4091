/*
** test_collide.c -- the collision index: which boxes overlap, the frame's
** edge, removal, and many boxes across cells.
*/
#include "check.h"
#include "map/collide.h"

/* Boxes overlap when their interiors meet: sharing an edge is not overlap. */
static void test_overlap_and_touch(void)
{
    fm_collide *c = collide_new(300, 200);
    CHECK(c != NULL);
    if (!c) return;
    fm_box a = { 10, 10, 60, 40 };
    CHECK(collide_fits(c, a));
    CHECK_INT(collide_insert(c, a), 0);
    CHECK(!collide_fits(c, a));
    fm_box inside = { 20, 20, 30, 30 }, across = { 50, 30, 90, 80 };
    CHECK(!collide_fits(c, inside));
    CHECK(!collide_fits(c, across));
    fm_box right = { 60, 10, 100, 40 }, below = { 10, 40, 60, 70 }, far = { 200, 150, 250, 190 };
    CHECK(collide_fits(c, right));
    CHECK(collide_fits(c, below));
    CHECK(collide_fits(c, far));
    collide_free(c);
}

/* Out of the frame never fits; the query names it as blocker -1. */
static void test_frame_edge(void)
{
    fm_collide *c = collide_new(300, 200);
    if (!c) {
        CHECK(0);
        return;
    }
    fm_box whole = { 0, 0, 300, 200 }, left = { -1, 10, 20, 20 }, bottom = { 10, 190, 20, 201 };
    CHECK(collide_fits(c, whole));
    CHECK(!collide_fits(c, left));
    CHECK(!collide_fits(c, bottom));
    int ids[4];
    CHECK_INT(collide_query(c, left, ids, 4), 1);
    CHECK_INT(ids[0], -1);
    collide_free(c);
}

/* A query names each overlapping box once, even one spanning many grid
** cells, and counts past `max`. */
static void test_query_ids(void)
{
    fm_collide *c = collide_new(640, 480);
    if (!c) {
        CHECK(0);
        return;
    }
    fm_box wide = { 0, 100, 600, 120 }, small = { 300, 110, 310, 130 }, apart = { 0, 300, 10, 310 };
    CHECK_INT(collide_insert(c, wide), 0);
    CHECK_INT(collide_insert(c, small), 1);
    CHECK_INT(collide_insert(c, apart), 2);
    int ids[4] = { 9, 9, 9, 9 };
    fm_box probe = { 250, 105, 400, 115 };
    CHECK_INT(collide_query(c, probe, ids, 4), 2);
    CHECK((ids[0] == 0 && ids[1] == 1) || (ids[0] == 1 && ids[1] == 0));
    int one;
    CHECK_INT(collide_query(c, probe, &one, 1), 2);
    fm_box clear = { 100, 200, 200, 250 };
    CHECK_INT(collide_query(c, clear, ids, 4), 0);
    collide_free(c);
}

/* A removed box no longer blocks; the others still do. */
static void test_remove(void)
{
    fm_collide *c = collide_new(300, 200);
    if (!c) {
        CHECK(0);
        return;
    }
    fm_box a = { 10, 10, 60, 40 }, b = { 100, 10, 160, 40 };
    int ia = collide_insert(c, a);
    collide_insert(c, b);
    collide_remove(c, ia);
    CHECK(collide_fits(c, a));
    CHECK(!collide_fits(c, b));
    int ids[2];
    CHECK_INT(collide_query(c, a, ids, 2), 0);
    collide_free(c);
}

/* Many boxes (the index grows): each is found where it was put. */
static void test_many_boxes(void)
{
    fm_collide *c = collide_new(1000, 1000);
    if (!c) {
        CHECK(0);
        return;
    }
    for (int i = 0; i < 400; i++) {
        double x = (i % 20) * 50, y = (i / 20) * 50;
        fm_box b = { x, y, x + 40, y + 40 };
        CHECK_INT(collide_insert(c, b), i);
    }
    for (int i = 0; i < 400; i++) {
        double x = (i % 20) * 50, y = (i / 20) * 50;
        fm_box in = { x + 10, y + 10, x + 20, y + 20 }, gap = { x + 41, y + 41, x + 49, y + 49 };
        int id = -2;
        CHECK_INT(collide_query(c, in, &id, 1), 1);
        CHECK_INT(id, i);
        CHECK(collide_fits(c, gap));
    }
    collide_free(c);
}

int main(void)
{
    RUN(test_overlap_and_touch);
    RUN(test_frame_edge);
    RUN(test_query_ids);
    RUN(test_remove);
    RUN(test_many_boxes);
    return CHECK_REPORT();
}
