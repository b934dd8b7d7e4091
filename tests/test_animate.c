/*
** test_animate.c -- animations through the library on the synthetic test
** scene: the frames a plan asks for, a change showing from its own frame on
** (eased in by tween frames before it), byte-identical frames whatever the
** number of threads, and resuming from a damaged run.
*/
#include <cairo.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "film/animate.h"
#include "film/progress.h"
#include "check.h"
#include "pixel.h"

typedef struct rgb {
    int r, g, b;
} rgb;

static fm_scene *scene;
static char tmp[1024];

static fm_animate_options options(const char *out, int jobs)
{
    fm_animate_options o;
    memset(&o, 0, sizeof o);
    fm_error err;
    fm_date d;
    o.output = out;
    o.plan.range = 1;
    fm_date_parse("1993-07-20", &d, &err);
    o.plan.from = d.first;
    fm_date_parse("1993-07-25", &d, &err);
    o.plan.to = d.first;
    fm_step_parse("P1D", &o.plan.step, &err);
    o.plan.tween = 3;
    o.fps = 10;
    o.hold_seconds = 1;
    o.jobs = jobs;
    o.event_days = 30;
    return o;
}

static rgb frame_pixel(const char *dir, int frame, double lon, double lat)
{
    char path[1200];
    rgb out = { -1, -1, -1 };
    snprintf(path, sizeof path, "%s/frame_%06d.png", dir, frame);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        uint32_t v = pixel_at_lonlat(scene, s, lon, lat);
        out.r = (v >> 16) & 255;
        out.g = (v >> 8) & 255;
        out.b = v & 255;
    }
    cairo_surface_destroy(s);
    return out;
}

static char *slurp(const char *path, long *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    *size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc(*size ? *size : 1);
    if (buf && fread(buf, 1, *size, fp) != (size_t)*size) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

static int same_file(const char *a, const char *b)
{
    long na = 0, nb = 0;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

static int same_frames(const char *a, const char *b, int n)
{
    for (int i = 0; i < n; i++) {
        char pa[1200], pb[1200];
        snprintf(pa, sizeof pa, "%s/frame_%06d.png", a, i);
        snprintf(pb, sizeof pb, "%s/frame_%06d.png", b, i);
        if (!same_file(pa, pb)) return 0;
    }
    return 1;
}

static void test_a_change_shows_from_its_frame_on(void)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/one", tmp);
    fm_animate_options o = options(dir, 2);
    fm_animate_stats st;
    fm_error err;
    int rc = animate_run(scene, NULL, &o, &st, &err);
    if (rc) fprintf(stderr, "animate_run: %s\n", err.msg);
    CHECK_INT(rc, 0);
    /* 20, 21, 22, three tweens, 23, 24, 25 */
    CHECK_INT(st.frames, 9);
    CHECK_INT(st.out_frames, 9);
    rgb before = frame_pixel(dir, 2, 46.6, 39.9);
    rgb tween1 = frame_pixel(dir, 3, 46.6, 39.9);
    rgb tween3 = frame_pixel(dir, 5, 46.6, 39.9);
    rgb fell = frame_pixel(dir, 6, 46.6, 39.9);
    rgb after = frame_pixel(dir, 8, 46.6, 39.9);
    CHECK(before.r == 255 && before.b == 0);
    CHECK(fell.r == 0 && fell.b == 255);
    CHECK(after.r == 0 && after.b == 255);
    /* Eased in: blue grows over red across the tween frames. */
    CHECK(tween1.b > 0 && tween1.r > tween3.r && tween3.b > tween1.b && tween3.r > 0);
    char manifest[1200], line[256];
    snprintf(manifest, sizeof manifest, "%s/manifest.csv", dir);
    FILE *fp = fopen(manifest, "r");
    CHECK(fp != NULL);
    int rows = 0, tweens = 0;
    while (fp && fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || strncmp(line, "frame,", 6) == 0) continue;
        rows++;
        if (strstr(line, ",tween,1,")) tweens++;
        if (rows == 7) CHECK(strncmp(line, "6,1993-07-23,key,0,", 19) == 0);
    }
    if (fp) fclose(fp);
    CHECK_INT(rows, 9);
    CHECK_INT(tweens, 3);
}

static void test_frames_are_identical_whatever_the_threads(void)
{
    char one[1100], two[1100];
    snprintf(one, sizeof one, "%s/one", tmp);
    snprintf(two, sizeof two, "%s/serial", tmp);
    fm_animate_options o = options(two, 1);
    fm_animate_stats st;
    fm_error err;
    CHECK_INT(animate_run(scene, NULL, &o, &st, &err), 0);
    CHECK(same_frames(one, two, 9));
}

static void test_resume_redraws_only_missing_or_broken_frames(void)
{
    char one[1100], dir[1100], path[1200];
    snprintf(one, sizeof one, "%s/one", tmp);
    snprintf(dir, sizeof dir, "%s/resumed", tmp);
    fm_animate_options o = options(dir, 2);
    fm_animate_stats st;
    fm_error err;
    CHECK_INT(animate_run(scene, NULL, &o, &st, &err), 0);
    /* Damage the run: two frames gone, one cut short. */
    snprintf(path, sizeof path, "%s/frame_000004.png", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/frame_000008.png", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/frame_000001.png", dir);
    CHECK_INT(truncate(path, 100), 0);
    o.resume = 1;
    CHECK_INT(animate_run(scene, NULL, &o, &st, &err), 0);
    CHECK_INT(st.reused, 6);
    CHECK(same_frames(one, dir, 9));
    /* Other settings: nothing may be reused. */
    o.event_days = 5;
    CHECK_INT(animate_run(scene, NULL, &o, &st, &err), 0);
    CHECK_INT(st.reused, 0);
}

static void test_bad_output_is_refused_before_drawing(void)
{
    fm_animate_options o = options("/proc/frontmap-cannot-write/frames", 1);
    fm_animate_stats st;
    fm_error err;
    CHECK(animate_run(scene, NULL, &o, &st, &err) < 0);
    CHECK_CONTAINS(err.msg, "/proc/frontmap-cannot-write");
    o.output = "frames.png";
    CHECK(animate_run(scene, NULL, &o, &st, &err) < 0);
    CHECK_CONTAINS(err.msg, "folder of PNG frames");
}

typedef struct progress_log {
    int calls, last_done, total, in_order;
    atomic_int *stop; /* set after `stop_after` frames */
    int stop_after;
} progress_log;

static void log_progress(void *user, int done, int total, double fps)
{
    progress_log *l = user;
    if (done != l->last_done + 1 || fps < 0) l->in_order = 0;
    l->calls++;
    l->last_done = done;
    l->total = total;
    if (l->stop && done == l->stop_after) atomic_store(l->stop, 1);
}

/* The engine prints nothing: it reports each frame, in order, to the
** caller's callback. */
static void test_progress_goes_to_the_callback(void)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/progress", tmp);
    fm_animate_options o = options(dir, 2);
    progress_log l = { 0, 0, 0, 1, NULL, 0 };
    o.progress = log_progress;
    o.progress_user = &l;
    fm_animate_stats st;
    fm_error err;
    CHECK_INT(animate_run(scene, NULL, &o, &st, &err), 0);
    CHECK_INT(l.calls, 9);
    CHECK_INT(l.last_done, 9);
    CHECK_INT(l.total, 9);
    CHECK(l.in_order);
}

/* The stop flag is an atomic another thread may set: set after frame 3,
** the run ends early (after the frames already being drawn), reports it,
** and the frames written stay. */
static void test_stop_flag_stops_cleanly(void)
{
    char dir[1100], path[1200];
    snprintf(dir, sizeof dir, "%s/stopped", tmp);
    fm_animate_options o = options(dir, 1); /* one thread: at most 3 slots ahead */
    atomic_int stop = 0;
    progress_log l = { 0, 0, 0, 1, &stop, 3 };
    o.progress = log_progress;
    o.progress_user = &l;
    o.stop = &stop;
    fm_animate_stats st;
    fm_error err;
    CHECK_INT(animate_run(scene, NULL, &o, &st, &err), FM_ANIMATE_STOPPED);
    CHECK(l.last_done >= 3 && l.last_done < 9);
    snprintf(path, sizeof path, "%s/frame_000000.png", dir);
    CHECK(access(path, R_OK) == 0);
}

static void test_progress_bar_text(void)
{
    char buf[256];
    progress_bar_format(buf, sizeof buf, 3, 12, 1.5);
    CHECK_STR(buf, "[#######.......................] 3/12 frames  1.5 frames/s  6 s left");
    progress_bar_format(buf, sizeof buf, 0, 0, 0);
    CHECK_STR(buf, "[##############################] 0/0 frames  0.0 frames/s  0 s left");
}

int main(void)
{
    const char *base = getenv("FRONTMAP_TMP");
    snprintf(tmp, sizeof tmp, "%s/animate", base ? base : "/tmp/frontmap-test");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", tmp, tmp);
    if (system(cmd) != 0) return 1;
    fm_scene_options opt = { 0 };
    fm_error err;
    opt.scene_path = "data/scene.json";
    scene = scene_load(&opt, &err);
    if (!scene) {
        fprintf(stderr, "scene_load: %s\n", err.msg);
        return 1;
    }
    RUN(test_a_change_shows_from_its_frame_on);
    RUN(test_frames_are_identical_whatever_the_threads);
    RUN(test_resume_redraws_only_missing_or_broken_frames);
    RUN(test_bad_output_is_refused_before_drawing);
    RUN(test_progress_goes_to_the_callback);
    RUN(test_stop_flag_stops_cleanly);
    RUN(test_progress_bar_text);
    scene_free(scene);
    return CHECK_REPORT();
}
