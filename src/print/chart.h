/*
** chart.h -- a chart of one quantity through time (stats --chart): a step
** area chart, since control changes on a day and then holds.
**
** Owns: the axes (round ticks, year marks), the filled steps and their
** line, the title, and writing the chart as PNG, PDF or SVG.
*/
#ifndef FM_CHART_H
#define FM_CHART_H

#include "core/date.h"
#include "core/error.h"
#include "style/style.h"

typedef struct fm_chart_point {
    fm_day day;
    double value;
} fm_chart_point;

/* Draw the points (n >= 1, days ascending) as a step area chart into
** `path`, its type by extension. Fonts are the style's (style_font);
** `style` may be NULL. */
int chart_steps_draw(const fm_chart_point *pts, int n, const char *title, const fm_style *style,
                     const char *path, fm_error *err);

#endif
