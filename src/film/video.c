/* video.c -- see video.h. */
#include "film/video.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <zlib.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo.h>

#include "map/output.h"

/* ---- PNG frames -------------------------------------------------------- */

/* Create a temp file beside `path` (output_temp_name), its name into buf;
** the open descriptor, or -1. */
static int temp_beside(const char *path, char *buf, size_t size)
{
    char *name = output_temp_name(path);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    int fits = strlen(name) < size;
    if (fits) snprintf(buf, size, "%s", name);
    free(name);
    if (!fits) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkstemp(buf);
}

int png_frame_write(const char *path, const unsigned char *argb, int width, int height, int stride,
                    fm_error *err)
{
    char tmp[4096];
    int fd = temp_beside(path, tmp, sizeof tmp);
    if (fd < 0) return fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(tmp);
        return fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    unsigned char *row = malloc((size_t)width * 3);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!row || !png || !info) {
        png_destroy_write_struct(&png, &info);
        free(row);
        fclose(fp);
        unlink(tmp);
        return fm_error_set(err, "out of memory writing %s", path);
    }
    /* libpng reports errors by longjmp; `row` and `fp` are set before it. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        fclose(fp);
        unlink(tmp);
        return fm_error_set(err, "%s: writing the PNG failed (disk full?)", path);
    }
    png_init_io(png, fp);
    /* Frames are many and mostly flat colour: the "sub" filter turns a
    ** flat run into zeros and run-length deflate packs them, several times
    ** faster than libpng's defaults for about 15% more bytes. */
    png_set_compression_level(png, 1);
    png_set_compression_strategy(png, Z_RLE);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const uint32_t *src = (const uint32_t *)(argb + (size_t)y * stride);
        for (int x = 0; x < width; x++) {
            uint32_t p = src[x];
            row[3 * x] = (unsigned char)(p >> 16);
            row[3 * x + 1] = (unsigned char)(p >> 8);
            row[3 * x + 2] = (unsigned char)p;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    if (fclose(fp) != 0) {
        unlink(tmp);
        return fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    chmod(tmp, 0644);
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return fm_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

int png_frame_valid(const char *path, int width, int height)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS &&
             cairo_image_surface_get_width(s) == width &&
             cairo_image_surface_get_height(s) == height;
    cairo_surface_destroy(s);
    return ok;
}

/* ---- ffmpeg ------------------------------------------------------------- */

int video_kind_for(const char *path, fm_video_kind *kind)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return -1;
    if (strcasecmp(dot, ".mp4") == 0) *kind = FM_VIDEO_MP4;
    else if (strcasecmp(dot, ".webm") == 0) *kind = FM_VIDEO_WEBM;
    else if (strcasecmp(dot, ".gif") == 0) *kind = FM_VIDEO_GIF;
    else return -1;
    return 0;
}

struct fm_video {
    fm_video_kind kind;
    char *path;
    char tmp[4096];     /* the video (or, for GIF, the lossless first pass) */
    char gif[4096];     /* GIF: the final temp */
    char palette[4096]; /* GIF: the palette */
    char log[4096];     /* ffmpeg's messages */
    char ffmpeg[4096];
    int width, height, fps;
    int fd; /* pipe to ffmpeg's stdin */
    pid_t pid;
};

/* ffmpeg's path, or -1 with advice. */
static int find_ffmpeg(char *buf, size_t size, fm_error *err)
{
    const char *env = getenv("FRONTMAP_FFMPEG");
    if (env && *env) {
        if (access(env, X_OK) != 0)
            return fm_error_set(err, "FRONTMAP_FFMPEG=%s is not an executable program", env);
        snprintf(buf, size, "%s", env);
        return 0;
    }
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; p && *p;) {
        const char *end = strchr(p, ':');
        int len = end ? (int)(end - p) : (int)strlen(p);
        snprintf(buf, size, "%.*s/ffmpeg", len, p);
        if (len > 0 && access(buf, X_OK) == 0) return 0;
        p = end ? end + 1 : NULL;
    }
    return fm_error_set(err, "ffmpeg is needed for .mp4, .webm and .gif output but was not "
                             "found on PATH: install it (apt-get install ffmpeg), set "
                             "FRONTMAP_FFMPEG, or write PNG frames to a folder instead");
}

/* Run ffmpeg with argv, stdin from `in_fd` (-1: /dev/null), messages to the
** log. Returns the child's pid or -1. */
static pid_t spawn(const fm_video *v, char *const argv[], int in_fd, int close_fd)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    /* The child: ffmpeg should not see Ctrl-C as a reason to finish the
    ** file; the parent decides and kills it. */
    signal(SIGINT, SIG_IGN);
    if (close_fd >= 0) close(close_fd);
    int null = open("/dev/null", O_RDWR);
    dup2(in_fd >= 0 ? in_fd : null, 0);
    dup2(null, 1);
    int log = open(v->log, O_WRONLY | O_APPEND);
    dup2(log >= 0 ? log : null, 2);
    execv(v->ffmpeg, argv);
    _exit(127);
}

/* The last lines of ffmpeg's log, for an error message. */
static void log_tail(const fm_video *v, char *buf, size_t size)
{
    buf[0] = 0;
    FILE *fp = fopen(v->log, "rb");
    if (!fp) return;
    fseek(fp, 0, SEEK_END);
    long end = ftell(fp);
    long start = end > (long)size - 1 ? end - (long)size + 1 : 0;
    fseek(fp, start, SEEK_SET);
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = 0;
    fclose(fp);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = 0;
}

static int wait_ok(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void remove_temps(fm_video *v)
{
    if (v->tmp[0]) unlink(v->tmp);
    if (v->gif[0]) unlink(v->gif);
    if (v->palette[0]) unlink(v->palette);
    if (v->log[0]) unlink(v->log);
}

static void video_free(fm_video *v)
{
    if (!v) return;
    free(v->path);
    free(v);
}

/* The encoder's settings for each kind of output, after the raw input.
** MP4: yuv420p and +faststart, what browsers, phones and slide software
** play; -tune animation suits flat map colours. GIF, first pass: every
** frame kept losslessly, so the palette can be computed over the whole film
** before any frame is dithered. */
static const char *const *encoder_args(fm_video_kind kind)
{
    static const char *const mp4[] = { "-c:v",      "libx264",    "-preset", "veryfast", "-tune",
                                       "animation", "-crf",       "20",      "-pix_fmt", "yuv420p",
                                       "-movflags", "+faststart", "-f",      "mp4",      NULL };
    static const char *const webm[] = { "-c:v",    "libvpx-vp9", "-crf",     "32",        "-b:v",
                                        "0",       "-deadline",  "realtime", "-cpu-used", "8",
                                        "-row-mt", "1",          "-pix_fmt", "yuv420p",   "-f",
                                        "webm",    NULL };
    static const char *const gif[] = { "-c:v", "libx264rgb", "-preset",  "ultrafast", "-qp",
                                       "0",    "-f",         "matroska", NULL };
    return kind == FM_VIDEO_MP4 ? mp4 : kind == FM_VIDEO_WEBM ? webm : gif;
}

fm_video *video_open(const char *path, fm_video_kind kind, int width, int height, int fps,
                     fm_error *err)
{
    fm_video *v = calloc(1, sizeof *v);
    if (!v || !(v->path = strdup(path))) {
        free(v);
        fm_error_set(err, "out of memory");
        return NULL;
    }
    v->kind = kind;
    v->width = width;
    v->height = height;
    v->fps = fps;
    v->fd = -1;
    if (find_ffmpeg(v->ffmpeg, sizeof v->ffmpeg, err)) {
        video_free(v);
        return NULL;
    }
    int fd1 = temp_beside(path, v->tmp, sizeof v->tmp);
    int fd2 = fd1 >= 0 ? temp_beside(path, v->log, sizeof v->log) : -1;
    if (fd1 < 0 || fd2 < 0) {
        fm_error_set(err, "%s: cannot write there: %s", path, strerror(errno));
        if (fd1 >= 0) {
            close(fd1);
            unlink(v->tmp);
        }
        video_free(v);
        return NULL;
    }
    close(fd1);
    close(fd2);

    char size[64], rate[32];
    snprintf(size, sizeof size, "%dx%d", width, height);
    snprintf(rate, sizeof rate, "%d", fps);
    /* cairo's ARGB32 is a native-endian 32-bit word: bgra in memory on
    ** little-endian machines, argb on big-endian ones. */
    const uint32_t one = 1;
    const char *pix = *(const unsigned char *)&one ? "bgra" : "argb";
    const char *argv[48];
    int n = 0;
    argv[n++] = v->ffmpeg;
    argv[n++] = "-hide_banner";
    argv[n++] = "-nostdin";
    argv[n++] = "-loglevel";
    argv[n++] = "error";
    argv[n++] = "-y";
    argv[n++] = "-f";
    argv[n++] = "rawvideo";
    argv[n++] = "-pix_fmt";
    argv[n++] = pix;
    argv[n++] = "-s";
    argv[n++] = size;
    argv[n++] = "-framerate";
    argv[n++] = rate;
    argv[n++] = "-i";
    argv[n++] = "pipe:0";
    argv[n++] = "-an";
    for (const char *const *a = encoder_args(kind); *a; a++) argv[n++] = *a;
    argv[n++] = v->tmp;
    argv[n] = NULL;

    int fds[2];
    if (pipe(fds) != 0) {
        fm_error_set(err, "cannot start ffmpeg: %s", strerror(errno));
        remove_temps(v);
        video_free(v);
        return NULL;
    }
    v->pid = spawn(v, (char *const *)argv, fds[0], fds[1]);
    close(fds[0]);
    if (v->pid < 0) {
        close(fds[1]);
        fm_error_set(err, "cannot start ffmpeg: %s", strerror(errno));
        remove_temps(v);
        video_free(v);
        return NULL;
    }
    v->fd = fds[1];
    return v;
}

/* All of `bytes` down the pipe, however the kernel splits the writes. */
static int write_all(fm_video *v, const unsigned char *p, size_t bytes, fm_error *err)
{
    while (bytes > 0) {
        ssize_t w = write(v->fd, p, bytes);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            char tail[600];
            log_tail(v, tail, sizeof tail);
            return fm_error_set(err, "ffmpeg stopped taking frames (%s)%s%s",
                                w < 0 ? strerror(errno) : "closed", tail[0] ? ": " : "", tail);
        }
        p += w;
        bytes -= (size_t)w;
    }
    return 0;
}

int video_write(fm_video *v, const unsigned char *argb, int stride, fm_error *err)
{
    size_t row = (size_t)v->width * 4;
    /* Rows without padding (cairo's ARGB32 has none) go as one block: a
    ** write per row would be hundreds of system calls a frame. */
    if ((size_t)stride == row) return write_all(v, argb, row * (size_t)v->height, err);
    for (int y = 0; y < v->height; y++)
        if (write_all(v, argb + (size_t)y * stride, row, err)) return -1;
    return 0;
}

/* GIF passes two and three: the palette of the whole film, then every
** frame mapped to it. */
static int gif_passes(fm_video *v, fm_error *err)
{
    char filter[128];
    int fd = temp_beside(v->path, v->palette, sizeof v->palette);
    int fd2 = fd >= 0 ? temp_beside(v->path, v->gif, sizeof v->gif) : -1;
    if (fd >= 0) close(fd);
    if (fd2 >= 0) close(fd2);
    if (fd < 0 || fd2 < 0)
        return fm_error_set(err, "%s: cannot write there: %s", v->path, strerror(errno));
    const char *pass2[] = {
        v->ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
        "-y",      "-i",           v->tmp,     "-vf",       "palettegen=stats_mode=full",
        "-f",      "image2",       "-c:v",     "png",       v->palette,
        NULL
    };
    pid_t pid = spawn(v, (char *const *)pass2, -1, -1);
    if (pid < 0 || !wait_ok(pid)) {
        char tail[600];
        log_tail(v, tail, sizeof tail);
        return fm_error_set(err, "ffmpeg failed making the GIF palette: %s", tail);
    }
    /* Bayer dithering is stable from frame to frame: error diffusion would
    ** make flat areas crawl as the film plays. */
    snprintf(filter, sizeof filter, "paletteuse=dither=bayer:bayer_scale=4");
    const char *pass3[] = { v->ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",  "-y",
                            "-i",      v->tmp,         "-i",       v->palette,  "-lavfi", filter,
                            "-f",      "gif",          v->gif,     NULL };
    pid = spawn(v, (char *const *)pass3, -1, -1);
    if (pid < 0 || !wait_ok(pid)) {
        char tail[600];
        log_tail(v, tail, sizeof tail);
        return fm_error_set(err, "ffmpeg failed writing the GIF: %s", tail);
    }
    return 0;
}

int video_commit(fm_video *v, fm_error *err)
{
    close(v->fd);
    v->fd = -1;
    int rc = 0;
    if (!wait_ok(v->pid)) {
        char tail[600];
        log_tail(v, tail, sizeof tail);
        rc = fm_error_set(err, "ffmpeg failed%s%s", tail[0] ? ": " : "", tail);
    }
    if (rc == 0 && v->kind == FM_VIDEO_GIF) rc = gif_passes(v, err);
    const char *done = v->kind == FM_VIDEO_GIF ? v->gif : v->tmp;
    if (rc == 0) {
        chmod(done, 0644);
        if (rename(done, v->path) != 0)
            rc = fm_error_set(err, "%s: cannot write: %s", v->path, strerror(errno));
        else if (v->kind == FM_VIDEO_GIF) v->gif[0] = 0;
        else v->tmp[0] = 0;
    }
    remove_temps(v);
    video_free(v);
    return rc;
}

void video_abort(fm_video *v)
{
    if (!v) return;
    if (v->fd >= 0) close(v->fd);
    if (v->pid > 0) {
        kill(v->pid, SIGTERM);
        wait_ok(v->pid);
    }
    remove_temps(v);
    video_free(v);
}
