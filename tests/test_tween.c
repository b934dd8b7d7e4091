/*
** test_tween.c -- a front that moves: an area taken next to ground its
** holder already held grows out of that ground across the tween frames,
** a little further on every frame, and is whole on the frame of its date.
*/
#include <cairo.h>
#include <stdlib.h>

#include "film/animate.h"
#include "check.h"
#include "pixel.h"

static fm_scene *scene;
static char dir[1024];

/* Is the frame red (ARM) at lon, 39.9 N? */
static int red_at(int frame, double lon)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/frame_%06d.png", dir, frame);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    int red = -1;
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        uint32_t v = pixel_at_lonlat(scene, s, lon, 39.9);
        red = ((v >> 16) & 255) > 200 && ((v >> 8) & 255) < 60;
    }
    cairo_surface_destroy(s);
    return red;
}

static void test_the_front_moves_east_frame_by_frame(void)
{
    fm_animate_options o;
    memset(&o, 0, sizeof o);
    fm_error err;
    fm_date d;
    o.output = dir;
    o.plan.range = 1;
    fm_date_parse("1993-07-21", &d, &err);
    o.plan.from = d.first;
    fm_date_parse("1993-07-24", &d, &err);
    o.plan.to = d.first;
    fm_step_parse("P1D", &o.plan.step, &err);
    o.plan.tween = 4;
    o.fps = 10;
    o.hold_seconds = 1;
    o.jobs = 2;
    o.event_days = 30;
    fm_animate_stats st;
    int rc = animate_run(scene, NULL, &o, &st, &err);
    if (rc) fprintf(stderr, "animate_run: %s\n", err.msg);
    CHECK_INT(rc, 0);
    /* 21, 22, four tweens, 23, 24 */
    CHECK_INT(st.frames, 8);
    /* Before: the east square is Azerbaijani-held. */
    CHECK_INT(red_at(1, 46.52), 0);
    CHECK_INT(red_at(1, 46.35), 1);
    /* First tween: the front has left the old line, not gone far. */
    CHECK_INT(red_at(2, 46.52), 1);
    CHECK_INT(red_at(2, 46.70), 0);
    /* Last tween: most of the way across, the far edge still to take. */
    CHECK_INT(red_at(5, 46.70), 1);
    CHECK_INT(red_at(5, 46.88), 0);
    /* On its date the whole area is held. */
    CHECK_INT(red_at(6, 46.88), 1);
    CHECK_INT(red_at(7, 46.88), 1);
}

int main(void)
{
    const char *base = getenv("FRONTMAP_TMP");
    snprintf(dir, sizeof dir, "%s/tween", base ? base : "/tmp/frontmap-test");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/control-scene.json";
    scene = scene_load(&opt, &err);
    if (!scene) {
        fprintf(stderr, "scene_load: %s\n", err.msg);
        return 1;
    }
    RUN(test_the_front_moves_east_frame_by_frame);
    scene_free(scene);
    return CHECK_REPORT();
}
