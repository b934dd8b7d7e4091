/* collide.c -- see collide.h. */
#include "map/collide.h"

#include <math.h>
#include <stdlib.h>

#include "core/grow.h"

#define CELL_SIZE 64.0

typedef struct cell {
    int n, cap;
    int *items; /* box ids */
} cell;

struct fm_collide {
    double width, height;
    int cols, rows;
    cell *cells;
    int nboxes, capboxes;
    fm_box *boxes;
};

fm_collide *collide_new(double width, double height)
{
    fm_collide *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->width = width;
    c->height = height;
    c->cols = (int)ceil(width / CELL_SIZE) + 1;
    c->rows = (int)ceil(height / CELL_SIZE) + 1;
    c->cells = calloc((size_t)c->cols * c->rows, sizeof *c->cells);
    if (!c->cells) {
        free(c);
        return NULL;
    }
    return c;
}

void collide_free(fm_collide *c)
{
    if (!c) return;
    for (int i = 0; i < c->cols * c->rows; i++) free(c->cells[i].items);
    free(c->cells);
    free(c->boxes);
    free(c);
}

static int overlaps(fm_box a, fm_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int outside(const fm_collide *c, fm_box b)
{
    return b.x0 < 0 || b.y0 < 0 || b.x1 > c->width || b.y1 > c->height;
}

static void cell_range(const fm_collide *c, fm_box b, int *c0, int *r0, int *c1, int *r1)
{
    *c0 = (int)fmax(0, floor(b.x0 / CELL_SIZE));
    *r0 = (int)fmax(0, floor(b.y0 / CELL_SIZE));
    *c1 = (int)fmin(c->cols - 1, floor(b.x1 / CELL_SIZE));
    *r1 = (int)fmin(c->rows - 1, floor(b.y1 / CELL_SIZE));
}

int collide_fits(const fm_collide *c, fm_box b)
{
    if (outside(c, b)) return 0;
    int c0, r0, c1, r1;
    cell_range(c, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
        for (int k = c0; k <= c1; k++) {
            const cell *cl = &c->cells[r * c->cols + k];
            for (int i = 0; i < cl->n; i++)
                if (overlaps(b, c->boxes[cl->items[i]])) return 0;
        }
    return 1;
}

int collide_insert(fm_collide *c, fm_box b)
{
    fm_box *boxes = fm_grow(c->boxes, &c->capboxes, c->nboxes + 1, sizeof *boxes, NULL);
    if (!boxes) return -1;
    c->boxes = boxes;
    int id = c->nboxes++;
    c->boxes[id] = b;
    int c0, r0, c1, r1;
    cell_range(c, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
        for (int k = c0; k <= c1; k++) {
            cell *cl = &c->cells[r * c->cols + k];
            /* Out of memory here leaves the box out of this cell: it is
            ** then missed by queries near it, never a crash. */
            int *items = fm_grow(cl->items, &cl->cap, cl->n + 1, sizeof *items, NULL);
            if (!items) continue;
            cl->items = items;
            cl->items[cl->n++] = id;
        }
    return id;
}

void collide_remove(fm_collide *c, int id)
{
    /* A removed box stays in the grid as NaNs: every comparison with it is
    ** false, so it overlaps nothing. */
    if (id >= 0 && id < c->nboxes) c->boxes[id] = (fm_box){ NAN, NAN, NAN, NAN };
}

int collide_query(const fm_collide *c, fm_box b, int *ids, int max)
{
    int n = 0;
    if (outside(c, b)) {
        if (n < max) ids[n] = -1;
        n++;
    }
    int c0, r0, c1, r1;
    cell_range(c, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
        for (int k = c0; k <= c1; k++) {
            const cell *cl = &c->cells[r * c->cols + k];
            for (int i = 0; i < cl->n; i++) {
                int id = cl->items[i];
                if (!overlaps(b, c->boxes[id])) continue;
                /* A box spanning several cells is met once per cell. */
                int seen = 0;
                for (int j = 0; j < n && j < max; j++) seen |= ids[j] == id;
                if (seen) continue;
                if (n < max) ids[n] = id;
                n++;
            }
        }
    return n;
}
