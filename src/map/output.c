/* output.c -- see output.h. */
#include "map/output.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define PX_TO_PT 0.75 /* 1 px = 1/96 in, 1 pt = 1/72 in */

int output_kind_for(const char *path, fm_output_kind *kind, fm_error *err)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash)) {
        if (strcasecmp(dot, ".png") == 0) {
            *kind = FM_OUT_PNG;
            return 0;
        }
        if (strcasecmp(dot, ".pdf") == 0) {
            *kind = FM_OUT_PDF;
            return 0;
        }
        if (strcasecmp(dot, ".svg") == 0) {
            *kind = FM_OUT_SVG;
            return 0;
        }
    }
    return fm_error_set(err, "%s: unsupported output type; use .png, .pdf or .svg", path);
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
    FILE *fp = closure;
    return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

char *output_temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = dirlen + strlen(base) + 16;
    char *tmp = malloc(n);
    if (tmp) snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    return tmp;
}

int output_open(fm_output *out, const char *path, int width, int height, fm_error *err)
{
    return output_open_scaled(out, path, width, height, 1, err);
}

int output_open_scaled(fm_output *out, const char *path, int width, int height, double scale,
                       fm_error *err)
{
    memset(out, 0, sizeof *out);
    if (output_kind_for(path, &out->kind, err)) return -1;
    out->width = width;
    out->height = height;
    out->path = strdup(path);
    out->tmp = output_temp_name(path);
    if (!out->path || !out->tmp) {
        output_abort(out);
        return fm_error_set(err, "out of memory");
    }
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        int e = errno;
        free(out->tmp);
        out->tmp = NULL;
        output_abort(out);
        return fm_error_set(err,
                            "%s: cannot write here (%s); check that the folder "
                            "exists and is writable",
                            path, strerror(e));
    }
    /* mkstemp creates 0600; a map is an ordinary readable file. (Reading
    ** the umask would mean changing it: not thread-safe.) */
    fchmod(fd, 0644);
    out->fp = fdopen(fd, "w+b"); /* read back for the SVG text layer */
    if (!out->fp) {
        close(fd);
        output_abort(out);
        return fm_error_set(err, "%s: %s", path, strerror(errno));
    }

    switch (out->kind) {
    case FM_OUT_PNG:
        out->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)lround(width * scale),
                                                  (int)lround(height * scale));
        break;
    case FM_OUT_PDF:
        out->surface = cairo_pdf_surface_create_for_stream(write_stream, out->fp, width * PX_TO_PT,
                                                           height * PX_TO_PT);
        break;
    case FM_OUT_SVG:
        out->surface = cairo_svg_surface_create_for_stream(write_stream, out->fp, width * PX_TO_PT,
                                                           height * PX_TO_PT);
        break;
    }
    if (cairo_surface_status(out->surface) != CAIRO_STATUS_SUCCESS) {
        const char *why = cairo_status_to_string(cairo_surface_status(out->surface));
        output_abort(out);
        return fm_error_set(err, "%s: cannot create the surface (%s)", path, why);
    }
    out->cr = cairo_create(out->surface);
    if (out->kind != FM_OUT_PNG) cairo_scale(out->cr, PX_TO_PT, PX_TO_PT);
    else if (scale != 1) cairo_scale(out->cr, scale, scale);
    return 0;
}

static void xml_escape(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '&': fputs("&amp;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* cairo ends its SVG with "</svg>\n": we rewrite the file's tail so the
** text layer sits inside the root element. */
static int svg_add_texts(fm_output *out, const fm_output_text *texts, int n)
{
    if (n <= 0) return 0;
    if (fflush(out->fp) || fseek(out->fp, 0, SEEK_END)) return -1;
    long end = ftell(out->fp);
    char tail[16] = { 0 };
    long back = end < 8 ? end : 8;
    if (fseek(out->fp, end - back, SEEK_SET) || fread(tail, 1, back, out->fp) != (size_t)back)
        return -1;
    char *close = strstr(tail, "</svg>");
    if (!close) return -1;
    if (fseek(out->fp, end - back + (close - tail), SEEK_SET)) return -1;
    fputs("<g id=\"frontmap-text\" fill-opacity=\"0\" stroke=\"none\" "
          "font-family=\"Noto Sans\">\n",
          out->fp);
    for (int i = 0; i < n; i++) {
        fprintf(out->fp, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\">", texts[i].x * PX_TO_PT,
                (texts[i].y + texts[i].size) * PX_TO_PT, texts[i].size * PX_TO_PT);
        xml_escape(out->fp, texts[i].text);
        fputs("</text>\n", out->fp);
    }
    fputs("</g>\n</svg>\n", out->fp);
    return 0;
}

int output_commit(fm_output *out, const fm_output_text *texts, int ntexts, fm_error *err)
{
    cairo_status_t st = cairo_status(out->cr);
    cairo_destroy(out->cr);
    out->cr = NULL;
    if (st == CAIRO_STATUS_SUCCESS && out->kind == FM_OUT_PNG)
        st = cairo_surface_write_to_png_stream(out->surface, write_stream, out->fp);
    cairo_surface_finish(out->surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(out->surface);
    cairo_surface_destroy(out->surface);
    out->surface = NULL;
    if (st != CAIRO_STATUS_SUCCESS) {
        fm_error_set(err, "%s: writing failed (%s)", out->path, cairo_status_to_string(st));
        output_abort(out);
        return -1;
    }
    if (out->kind == FM_OUT_SVG && svg_add_texts(out, texts, ntexts)) {
        fm_error_set(err, "%s: cannot add the text layer", out->path);
        output_abort(out);
        return -1;
    }
    int bad = fflush(out->fp) != 0 || fsync(fileno(out->fp)) != 0;
    bad |= fclose(out->fp) != 0;
    out->fp = NULL;
    if (bad || rename(out->tmp, out->path) != 0) {
        int e = errno;
        fm_error_set(err, "%s: writing failed (%s)", out->path, strerror(e));
        output_abort(out);
        return -1;
    }
    free(out->tmp);
    out->tmp = NULL;
    output_abort(out); /* frees the rest */
    return 0;
}

void output_abort(fm_output *out)
{
    if (out->cr) cairo_destroy(out->cr);
    if (out->surface) {
        cairo_surface_finish(out->surface);
        cairo_surface_destroy(out->surface);
    }
    if (out->fp) fclose(out->fp);
    if (out->tmp) unlink(out->tmp);
    free(out->tmp);
    free(out->path);
    memset(out, 0, sizeof *out);
}
