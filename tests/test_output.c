/*
** test_output.c -- output files (map/output.h): PNG, PDF and SVG written to
** a temp file beside the target and renamed into place; nothing under the
** final name, and no temp file, when anything fails.
*/
#include "map/output.h"
#include "check.h"

#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[1200];

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The first bytes of a file, NUL-terminated ("" when unreadable). */
static void head_of(const char *path, char *buf, size_t n)
{
    buf[0] = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) return;
    size_t got = fread(buf, 1, n - 1, fp);
    buf[got] = 0;
    fclose(fp);
}

/* A red square on white, the same on every surface. */
static void draw_something(cairo_t *cr, int w, int h)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_rectangle(cr, w / 4.0, h / 4.0, w / 2.0, h / 2.0);
    cairo_fill(cr);
}

static void test_kind_for_extension(void)
{
    fm_output_kind k;
    fm_error err = { 0 };
    CHECK_INT(output_kind_for("a/b.png", &k, &err), 0);
    CHECK_INT(k, FM_OUT_PNG);
    CHECK_INT(output_kind_for("B.PDF", &k, &err), 0);
    CHECK_INT(k, FM_OUT_PDF);
    CHECK_INT(output_kind_for("x.svg", &k, &err), 0);
    CHECK_INT(k, FM_OUT_SVG);
    CHECK_INT(output_kind_for("x.jpg", &k, &err), -1);
    CHECK_CONTAINS(err.msg, "x.jpg: unsupported output type; use .png, .pdf or .svg");
    /* A dot in a folder name is not an extension. */
    CHECK_INT(output_kind_for("maps.png/frame", &k, &err), -1);
}

static void test_temp_name_is_hidden_beside_the_target(void)
{
    char *t = output_temp_name("out/maps/m.png");
    CHECK_STR(t, "out/maps/.m.png.XXXXXX");
    free(t);
    t = output_temp_name("m.pdf");
    CHECK_STR(t, ".m.pdf.XXXXXX");
    free(t);
}

static void test_png_written_and_renamed(void)
{
    char path[1300];
    path_in(path, sizeof path, "map.png");
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open(&out, path, 40, 30, &err), 0);
    /* While drawing, the file is only the temp one. */
    CHECK(!exists(path));
    CHECK_INT(check_count_hidden(dir), 1);
    draw_something(out.cr, 40, 30);
    CHECK_INT(output_commit(&out, NULL, 0, &err), 0);
    CHECK_INT(check_count_hidden(dir), 0);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    CHECK_INT(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    CHECK_INT(cairo_image_surface_get_width(s), 40);
    CHECK_INT(cairo_image_surface_get_height(s), 30);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *d = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        CHECK_INT(*(const uint32_t *)(d + 15 * stride + 4 * 20), 0xffff0000u); /* centre */
        CHECK_INT(*(const uint32_t *)(d + 2 * stride + 4 * 2), 0xffffffffu);   /* corner */
    }
    cairo_surface_destroy(s);
    struct stat st;
    CHECK_INT(stat(path, &st), 0);
    CHECK_INT(st.st_mode & 0777, 0644); /* not mkstemp's 0600 */
}

static void test_png_scaled(void)
{
    char path[1300];
    path_in(path, sizeof path, "big.png");
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open_scaled(&out, path, 40, 30, 2.5, &err), 0);
    draw_something(out.cr, 40, 30);
    CHECK_INT(output_commit(&out, NULL, 0, &err), 0);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    CHECK_INT(cairo_image_surface_get_width(s), 100);
    CHECK_INT(cairo_image_surface_get_height(s), 75);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        /* Drawn in pixels, scaled: the square's corner moves from 10,7.5 to 25,18.75. */
        const unsigned char *d = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        CHECK_INT(*(const uint32_t *)(d + 20 * stride + 4 * 26), 0xffff0000u);
        CHECK_INT(*(const uint32_t *)(d + 17 * stride + 4 * 23), 0xffffffffu);
    }
    cairo_surface_destroy(s);
}

static void test_pdf_page_in_points(void)
{
    char path[1300], head[16], cmd[1500], line[256] = "";
    path_in(path, sizeof path, "map.pdf");
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open(&out, path, 400, 300, &err), 0);
    draw_something(out.cr, 400, 300);
    CHECK_INT(output_commit(&out, NULL, 0, &err), 0);
    head_of(path, head, 6);
    CHECK_STR(head, "%PDF-");
    CHECK_INT(check_count_hidden(dir), 0);
    /* 400x300 px at 96 dpi = 300x225 pt. */
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep 'Page size'", path);
    FILE *p = popen(cmd, "r");
    if (p) {
        if (!fgets(line, sizeof line, p)) line[0] = 0;
        pclose(p);
    }
    CHECK_CONTAINS(line, "300 x 225 pts");
}

/* The SVG's text layer sits inside the root element, escaped. */
static void test_svg_text_layer(void)
{
    char path[1300];
    path_in(path, sizeof path, "map.svg");
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open(&out, path, 400, 300, &err), 0);
    draw_something(out.cr, 400, 300);
    fm_output_text texts[2] = { { "Şuşa & <Shusha>", 10, 20, 16 }, { "Agdam", 100, 200, 12 } };
    CHECK_INT(output_commit(&out, texts, 2, &err), 0);
    char body[65536];
    head_of(path, body, sizeof body);
    CHECK_CONTAINS(body, "<svg");
    CHECK_CONTAINS(body, "width=\"300\"");
    CHECK_CONTAINS(body, ">Şuşa &amp; &lt;Shusha&gt;</text>");
    CHECK_CONTAINS(body, ">Agdam</text>");
    /* (10, 20) px with size 16: x 7.5 pt, baseline (20 + 16) * 0.75 = 27 pt. */
    CHECK_CONTAINS(body, "<text x=\"7.50\" y=\"27.00\" font-size=\"12.00\">");
    const char *layer = strstr(body, "frontmap-text");
    const char *end = strstr(body, "</svg>");
    CHECK(layer && end && layer < end);
    if (end) CHECK_STR(end, "</svg>\n"); /* one root, closed once, at the end */
    char cmd[1500];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    CHECK_INT(system(cmd), 0);
}

/* A folder that does not exist: the open fails, naming the path. */
static void test_unwritable_folder(void)
{
    char path[1300];
    path_in(path, sizeof path, "no/such/folder/map.png");
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open(&out, path, 40, 30, &err), -1);
    CHECK_CONTAINS(err.msg, "no/such/folder/map.png: cannot write here");
    CHECK_INT(err.kind, FM_ERR_FAILED);
    CHECK(!exists(path));
    /* A "folder" that is a file. */
    char file[1300];
    path_in(file, sizeof file, "plain-file");
    CHECK_INT(check_write_file(dir, "plain-file", "x", NULL, 0), 0);
    snprintf(path, sizeof path, "%s/map.pdf", file);
    CHECK_INT(output_open(&out, path, 40, 30, &err), -1);
    CHECK_CONTAINS(err.msg, "cannot write here");
    CHECK_INT(check_count_hidden(dir), 0);
    unlink(file);
}

/* A drawing error fails the commit: the old file under the final name is
** untouched and no temp file is left. */
static void test_failed_drawing_keeps_the_old_file(void)
{
    char path[1300], head[64];
    path_in(path, sizeof path, "keep.png");
    CHECK_INT(check_write_file(dir, "keep.png", "the old map", NULL, 0), 0);
    const fm_output_kind kinds[3] = { FM_OUT_PNG, FM_OUT_PDF, FM_OUT_SVG };
    const char *names[3] = { "keep.png", "keep.pdf", "keep.svg" };
    for (int i = 0; i < 3; i++) {
        path_in(path, sizeof path, names[i]);
        CHECK_INT(check_write_file(dir, names[i], "the old map", NULL, 0), 0);
        fm_output out;
        fm_error err = { 0 };
        CHECK_INT(output_open(&out, path, 40, 30, &err), 0);
        CHECK_INT(out.kind, kinds[i]);
        draw_something(out.cr, 40, 30);
        cairo_restore(out.cr); /* no matching save: the context is in error */
        CHECK_INT(output_commit(&out, NULL, 0, &err), -1);
        CHECK_CONTAINS(err.msg, names[i]);
        CHECK_CONTAINS(err.msg, "writing failed");
        head_of(path, head, sizeof head);
        CHECK_STR(head, "the old map");
        CHECK_INT(check_count_hidden(dir), 0);
    }
}

/* The final rename fails (the name is taken by a folder): no temp left. */
static void test_failed_rename_leaves_no_temp(void)
{
    char path[1300], cmd[1500];
    path_in(path, sizeof path, "taken.png");
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/inside'", path);
    CHECK_INT(system(cmd), 0);
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open(&out, path, 40, 30, &err), 0);
    draw_something(out.cr, 40, 30);
    CHECK_INT(output_commit(&out, NULL, 0, &err), -1);
    CHECK_CONTAINS(err.msg, "taken.png: writing failed");
    CHECK_INT(check_count_hidden(dir), 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

/* Abort after drawing: nothing at all is left. */
static void test_abort_removes_everything(void)
{
    char path[1300];
    path_in(path, sizeof path, "aborted.svg");
    fm_output out;
    fm_error err = { 0 };
    CHECK_INT(output_open(&out, path, 40, 30, &err), 0);
    draw_something(out.cr, 40, 30);
    output_abort(&out);
    CHECK(!exists(path));
    CHECK_INT(check_count_hidden(dir), 0);
    output_abort(&out); /* safe twice */
}

int main(void)
{
    if (check_tmp_dir("output", dir, sizeof dir)) return 1;
    RUN(test_kind_for_extension);
    RUN(test_temp_name_is_hidden_beside_the_target);
    RUN(test_png_written_and_renamed);
    RUN(test_png_scaled);
    RUN(test_pdf_page_in_points);
    RUN(test_svg_text_layer);
    RUN(test_unwritable_folder);
    RUN(test_failed_drawing_keeps_the_old_file);
    RUN(test_failed_rename_leaves_no_temp);
    RUN(test_abort_removes_everything);
    return CHECK_REPORT();
}
