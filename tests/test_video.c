/*
** test_video.c -- frames out (film/video.h): PNG frames, an MP4 and a GIF
** made by ffmpeg from a few synthetic frames and checked with ffprobe
** (frame count, size, pixel format, colours), and no video and no temp
** file left when ffmpeg fails or the film is aborted.
*/
#include "film/video.h"
#include "check.h"

#include <cairo.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[1200];

#define W       64
#define H       48
#define NFRAMES 5

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Frame i: its left half pure red, its right half pure blue, with a black
** bar whose height grows with i (so the frames differ). */
static void fill_frame(uint32_t *px, int i)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            px[y * W + x] = y < 2 * i ? 0xff000000u : x < W / 2 ? 0xffff0000u : 0xff0000ffu;
}

/* The first line of a command's output, "" when none. */
static void run_line(const char *cmd, char *buf, size_t size)
{
    buf[0] = 0;
    FILE *p = popen(cmd, "r");
    if (!p) return;
    if (!fgets(buf, (int)size, p)) buf[0] = 0;
    pclose(p);
    buf[strcspn(buf, "\n")] = 0;
}

/* "FRAMES,WIDTH,HEIGHT" as ffprobe counts them. */
static void probe(const char *path, char *buf, size_t size)
{
    char cmd[1600];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
             "stream=nb_read_frames,width,height -of csv=p=0:nk=1 '%s'",
             path);
    run_line(cmd, buf, size);
}

/* The colour of pixel (x, y) of the first frame, decoded by ffmpeg, as
** 0xRRGGBB; -1 when it cannot be decoded. */
static long first_frame_rgb(const char *path, int x, int y)
{
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -frames:v 1 -f rawvideo -pix_fmt rgb24 -",
             path);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    static unsigned char rgb[W * H * 3];
    size_t got = fread(rgb, 1, sizeof rgb, p);
    pclose(p);
    if (got != sizeof rgb) return -1;
    const unsigned char *q = rgb + 3 * ((size_t)y * W + x);
    return (long)q[0] << 16 | q[1] << 8 | q[2];
}

/* Close enough after lossy coding: each channel within tol. */
static int rgb_near(long a, long b, int tol)
{
    if (a < 0 || b < 0) return 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
        if (d > tol || d < -tol) return 0;
    }
    return 1;
}

static void test_kind_for_extension(void)
{
    fm_video_kind k;
    CHECK_INT(video_kind_for("a/film.mp4", &k), 0);
    CHECK_INT(k, FM_VIDEO_MP4);
    CHECK_INT(video_kind_for("FILM.WEBM", &k), 0);
    CHECK_INT(k, FM_VIDEO_WEBM);
    CHECK_INT(video_kind_for("x.gif", &k), 0);
    CHECK_INT(k, FM_VIDEO_GIF);
    CHECK_INT(video_kind_for("x.png", &k), -1);
    CHECK_INT(video_kind_for("frames", &k), -1);
    CHECK_INT(video_kind_for("a.mp4/frames", &k), -1);
}

static void test_png_frame_round_trip(void)
{
    char path[1300];
    path_in(path, sizeof path, "frame_0001.png");
    static uint32_t px[W * H];
    fill_frame(px, 3);
    fm_error err = { 0 };
    CHECK_INT(png_frame_write(path, (const unsigned char *)px, W, H, W * 4, &err), 0);
    CHECK(png_frame_valid(path, W, H));
    CHECK(!png_frame_valid(path, W + 1, H));
    CHECK_INT(check_count_hidden(dir), 0);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    CHECK_INT(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *d = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        CHECK_INT(*(const uint32_t *)(d + 1 * stride + 4 * 5), 0xff000000u);
        CHECK_INT(*(const uint32_t *)(d + 30 * stride + 4 * 5), 0xffff0000u);
        CHECK_INT(*(const uint32_t *)(d + 30 * stride + 4 * 60), 0xff0000ffu);
    }
    cairo_surface_destroy(s);
    /* A truncated file is not a valid frame (what --resume relies on). */
    char cut[1300], cmd[2800];
    path_in(cut, sizeof cut, "frame_0002.png");
    snprintf(cmd, sizeof cmd, "head -c 100 '%s' > '%s'", path, cut);
    CHECK_INT(system(cmd), 0);
    CHECK(!png_frame_valid(cut, W, H));
    path_in(cut, sizeof cut, "frame_9999.png");
    CHECK(!png_frame_valid(cut, W, H));
    /* An unwritable place fails as a value, naming the path. */
    path_in(cut, sizeof cut, "no/such/frame.png");
    CHECK_INT(png_frame_write(cut, (const unsigned char *)px, W, H, W * 4, &err), -1);
    CHECK_CONTAINS(err.msg, "no/such/frame.png: cannot write");
}

/* Write NFRAMES frames to `name` of `kind`; 0 on success. */
static int make_film(const char *name, fm_video_kind kind, fm_error *err)
{
    char path[1300];
    path_in(path, sizeof path, name);
    fm_video *v = video_open(path, kind, W, H, 10, err);
    if (!v) return -1;
    static uint32_t px[W * H];
    for (int i = 0; i < NFRAMES; i++) {
        fill_frame(px, i);
        if (video_write(v, (const unsigned char *)px, W * 4, err)) {
            video_abort(v);
            return -1;
        }
    }
    /* Until the commit, only temp files exist. */
    if (exists(path)) {
        video_abort(v);
        return fm_error_set(err, "%s exists before commit", name);
    }
    return video_commit(v, err);
}

static void test_mp4(void)
{
    char path[1300], p[256];
    fm_error err = { 0 };
    int rc = make_film("film.mp4", FM_VIDEO_MP4, &err);
    if (rc) fprintf(stderr, "mp4: %s\n", err.msg);
    CHECK_INT(rc, 0);
    path_in(path, sizeof path, "film.mp4");
    probe(path, p, sizeof p);
    CHECK_STR(p, "64,48,5");
    char cmd[1600];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -select_streams v:0 -show_entries "
             "stream=codec_name,pix_fmt -of csv=p=0:nk=1 '%s'",
             path);
    run_line(cmd, p, sizeof p);
    CHECK_STR(p, "h264,yuv420p");
    /* Colours survive the trip through ffmpeg (bgra read as bgra). */
    CHECK(rgb_near(first_frame_rgb(path, 10, 30), 0xff0000, 40));
    CHECK(rgb_near(first_frame_rgb(path, 54, 30), 0x0000ff, 40));
    CHECK_INT(check_count_hidden(dir), 0);
}

static void test_gif(void)
{
    char path[1300], p[256];
    fm_error err = { 0 };
    int rc = make_film("film.gif", FM_VIDEO_GIF, &err);
    if (rc) fprintf(stderr, "gif: %s\n", err.msg);
    CHECK_INT(rc, 0);
    path_in(path, sizeof path, "film.gif");
    FILE *fp = fopen(path, "rb");
    char sig[7] = "";
    if (fp) {
        if (fread(sig, 1, 6, fp) != 6) sig[0] = 0;
        sig[6] = 0;
        fclose(fp);
    }
    CHECK_STR(sig, "GIF89a");
    probe(path, p, sizeof p);
    CHECK_STR(p, "64,48,5");
    CHECK(rgb_near(first_frame_rgb(path, 10, 30), 0xff0000, 8));
    CHECK(rgb_near(first_frame_rgb(path, 54, 30), 0x0000ff, 8));
    /* The palette and the lossless first pass are gone. */
    CHECK_INT(check_count_hidden(dir), 0);
}

/* An "ffmpeg" that takes some input and fails: no video, no temp file,
** and the error carries ffmpeg's own message. */
static void test_ffmpeg_failure_leaves_nothing(void)
{
    char fake[1300], film[1300];
    path_in(fake, sizeof fake, "fake-ffmpeg");
    CHECK_INT(
        check_write_file(
            dir, "fake-ffmpeg",
            "#!/bin/sh\nhead -c 5000 >/dev/null\necho 'fake ffmpeg: disk on fire' >&2\nexit 1\n",
            NULL, 0),
        0);
    chmod(fake, 0755);
    setenv("FRONTMAP_FFMPEG", fake, 1);
    fm_error err = { 0 };
    CHECK_INT(make_film("fail.mp4", FM_VIDEO_MP4, &err), -1);
    CHECK_CONTAINS(err.msg, "disk on fire");
    path_in(film, sizeof film, "fail.mp4");
    CHECK(!exists(film));
    CHECK_INT(check_count_hidden(dir), 0);
    /* Not executable: refused with advice before anything is written. */
    chmod(fake, 0644);
    CHECK(video_open(film, FM_VIDEO_MP4, W, H, 10, &err) == NULL);
    CHECK_CONTAINS(err.msg, "is not an executable program");
    unsetenv("FRONTMAP_FFMPEG");
    unlink(fake);
    CHECK_INT(check_count_hidden(dir), 0);
}

/* ffmpeg not on PATH: advice, nothing written. */
static void test_missing_ffmpeg(void)
{
    char film[1300];
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    setenv("PATH", "/nonexistent", 1);
    fm_error err = { 0 };
    path_in(film, sizeof film, "none.mp4");
    CHECK(video_open(film, FM_VIDEO_MP4, W, H, 10, &err) == NULL);
    CHECK_CONTAINS(err.msg, "ffmpeg is needed");
    if (saved) setenv("PATH", saved, 1);
    free(saved);
    CHECK(!exists(film));
    CHECK_INT(check_count_hidden(dir), 0);
}

/* Aborted half-way (Ctrl-C): ffmpeg stopped, temp files gone. */
static void test_abort_leaves_nothing(void)
{
    char film[1300];
    path_in(film, sizeof film, "aborted.mp4");
    fm_error err = { 0 };
    fm_video *v = video_open(film, FM_VIDEO_MP4, W, H, 10, &err);
    CHECK(v != NULL);
    if (!v) return;
    static uint32_t px[W * H];
    fill_frame(px, 1);
    CHECK_INT(video_write(v, (const unsigned char *)px, W * 4, &err), 0);
    CHECK(check_count_hidden(dir) > 0); /* the temp video and ffmpeg's log */
    video_abort(v);
    CHECK(!exists(film));
    CHECK_INT(check_count_hidden(dir), 0);
}

int main(void)
{
    if (check_tmp_dir("video", dir, sizeof dir)) return 1;
    signal(SIGPIPE, SIG_IGN); /* as main() does: a dead ffmpeg is an error value */
    unsetenv("FRONTMAP_FFMPEG");
    RUN(test_kind_for_extension);
    RUN(test_png_frame_round_trip);
    RUN(test_mp4);
    RUN(test_gif);
    RUN(test_ffmpeg_failure_leaves_nothing);
    RUN(test_missing_ffmpeg);
    RUN(test_abort_leaves_nothing);
    return CHECK_REPORT();
}
