/*
** test_placer.c -- the placement policy: priority, duplicates, the eight
** places around a point, and no label nearer another place of its kind.
*/
#include <cairo.h>
#include <stdio.h>

#include "check.h"
#include "map/placer.h"

static fm_label *add(fm_labels *ls, const char *text, double x, double y, double sort_key,
                     int order)
{
    fm_error err;
    fm_label *c = labels_add(ls, text, &err);
    if (!c) return NULL;
    snprintf(c->font, sizeof c->font, "%s", FM_FONT_REGULAR);
    c->style.size = 12;
    c->style.color = (fm_color){ 0, 0, 0, 1 };
    snprintf(c->anchor, sizeof c->anchor, "center");
    c->x = x;
    c->y = y;
    c->sort_key = sort_key;
    c->order = order;
    c->source = 0;
    c->feature = order;
    return c;
}

static const fm_label *find(const fm_labels *ls, const char *text)
{
    for (int i = 0; i < ls->n; i++)
        if (strcmp(ls->items[i].text, text) == 0) return &ls->items[i];
    return NULL;
}

/* Two labels wanting the same spot: the lower symbol-sort-key wins
** whatever the order they came in; with equal keys, the earlier order. */
static void test_priority(void)
{
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
    cairo_t *cr = cairo_create(surf);
    for (int round = 0; round < 2; round++) {
        fm_labels ls = { 0 };
        fm_placer *p = placer_new(400, 300);
        fm_error err;
        /* Round 0: keys decide (the later-added label has the lower key);
        ** round 1: equal keys, order decides. */
        add(&ls, "Northfield", 200, 150, round == 0 ? 5 : 1, 1);
        add(&ls, "Southgate", 205, 152, 1, round == 0 ? 2 : 0);
        CHECK_INT(labels_place(&ls, p, cr, &err), 0);
        const fm_label *n = find(&ls, "Northfield"), *s = find(&ls, "Southgate");
        CHECK(n && s);
        if (n && s) {
            CHECK(s->placed);
            CHECK(!n->placed);
            CHECK_INT(labels_feature_placed(&ls, 0, s->feature), 1);
            CHECK_INT(labels_feature_placed(&ls, 0, n->feature), 0);
        }
        CHECK_INT(labels_feature_placed(&ls, 0, 99), -1);
        labels_free(&ls);
        placer_free(p);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* The same town named twice nearby (two gazetteers, one spelling off by a
** letter, or the same first name of dual names) is labelled once; far
** apart, both stay. */
static void test_duplicates_dropped(void)
{
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
    cairo_t *cr = cairo_create(surf);
    fm_labels ls = { 0 };
    fm_placer *p = placer_new(400, 300);
    fm_error err;
    add(&ls, "Aghjabadi", 100, 100, 0, 0);
    add(&ls, "Agjabadi", 100, 130, 0, 1);
    add(&ls, "Shusha / Şuşa", 300, 100, 0, 2);
    add(&ls, "Shusha / Շուշի", 300, 130, 0, 3);
    add(&ls, "Agjabadi", 300, 250, 0, 4);
    CHECK_INT(labels_place(&ls, p, cr, &err), 0);
    CHECK(ls.items[0].placed);
    CHECK(!ls.items[1].placed);
    CHECK(ls.items[2].placed);
    CHECK(!ls.items[3].placed);
    CHECK(ls.items[4].placed);
    labels_free(&ls);
    placer_free(p);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* A point's label takes its style's side first, then the next free of
** the eight places in Imhof's order. */
static void test_eight_places(void)
{
    fm_placer *p = placer_new(400, 300);
    fm_box out;
    int id = -1;
    CHECK_INT(placer_place_around(p, 200, 150, 40, 10, 5, 0, FM_AROUND_TOP, &out, &id),
              FM_AROUND_TOP);
    CHECK(out.y1 <= 150 - 5 + 1e-9);
    CHECK(id >= 0);
    /* Top is now taken: right comes next. */
    CHECK_INT(placer_place_around(p, 200, 150, 40, 10, 5, 0, FM_AROUND_TOP, &out, NULL),
              FM_AROUND_RIGHT);
    CHECK_NEAR(out.x0, 205, 1e-9);
    CHECK_INT(placer_place_around(p, 200, 150, 40, 10, 5, 0, FM_AROUND_TOP, &out, NULL),
              FM_AROUND_LEFT);
    CHECK_NEAR(out.x1, 195, 1e-9);
    /* Against the frame's right edge only the left side is free. */
    CHECK_INT(placer_place_around(p, 390, 280, 40, 10, 5, 0, FM_AROUND_RIGHT, &out, NULL),
              FM_AROUND_LEFT);
    placer_free(p);
}

/* No label nearer another place of its kind than its own: the right side
** of a town with a neighbour close on its right is refused, the left is
** taken; a label of another class may still go right. */
static void test_nearer_another_place(void)
{
    fm_placer *p = placer_new(400, 300);
    double xy[4] = { 100, 100, 130, 100 };
    int classes[2] = { 1, 1 };
    CHECK_INT(placer_set_points(p, xy, classes, 2), 0);
    fm_box right = placer_box_around(100, 100, 40, 10, 4, 0, FM_AROUND_RIGHT);
    CHECK(placer_ambiguous(p, right, 100, 100, 1));
    CHECK(!placer_ambiguous(p, right, 100, 100, 2));
    fm_box out;
    placer_set_class(p, 1);
    CHECK_INT(placer_place_around(p, 100, 100, 40, 10, 4, 0, FM_AROUND_RIGHT, &out, NULL),
              FM_AROUND_LEFT);
    placer_set_class(p, 2);
    CHECK_INT(placer_place_around(p, 100, 130, 40, 10, 4, 0, FM_AROUND_RIGHT, &out, NULL),
              FM_AROUND_RIGHT);
    placer_free(p);
}

int main(void)
{
    RUN(test_priority);
    RUN(test_duplicates_dropped);
    RUN(test_eight_places);
    RUN(test_nearer_another_place);
    return CHECK_REPORT();
}
