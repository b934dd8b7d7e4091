/* projection.c -- see projection.h. */
#include "geo/projection.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct fm_projection {
    PJ_CONTEXT *ctx;
    PJ *crs;
    char *text;
};

struct fm_transform {
    PJ *pj;
};

/* PROJ reports errors through the context; turn the last one into text. */
static const char *proj_error_text(PJ_CONTEXT *ctx)
{
    int code = proj_context_errno(ctx);
    const char *s = code ? proj_context_errno_string(ctx, code) : NULL;
    return s ? s : "unknown PROJ error";
}

fm_projection *projection_new(const char *crs, fm_error *err)
{
    fm_projection *p = calloc(1, sizeof *p);
    if (!p) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    p->ctx = proj_context_create();
    /* PROJ logs to stderr by default; errors reach the user through us. */
    proj_log_level(p->ctx, PJ_LOG_NONE);
    p->crs = proj_create(p->ctx, crs);
    if (!p->crs) {
        fm_error_set(err,
                     "unknown CRS \"%s\" (%s); give an EPSG code such as "
                     "EPSG:32638, a PROJ string such as \"+proj=lcc +lat_1=39 "
                     "+lat_2=41 +lon_0=46.7 +datum=WGS84\", or WKT",
                     crs, proj_error_text(p->ctx));
        projection_free(p);
        return NULL;
    }
    PJ_TYPE type = proj_get_type(p->crs);
    if (type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS) {
        fm_error_set(err,
                     "CRS \"%s\" is geographic (degrees); the map needs a "
                     "projected CRS such as EPSG:32638 (UTM 38N) or a Lambert "
                     "conformal conic",
                     crs);
        projection_free(p);
        return NULL;
    }
    if (type != PJ_TYPE_PROJECTED_CRS && type != PJ_TYPE_BOUND_CRS &&
        type != PJ_TYPE_COMPOUND_CRS && type != PJ_TYPE_OTHER_CRS && type != PJ_TYPE_CRS) {
        /* A bare "+proj=lcc ..." without +type=crs is an operation, not a
        ** CRS; PROJ accepts it as a CRS once +type=crs is added. */
        char *with_type = malloc(strlen(crs) + 16);
        if (with_type && crs[0] == '+' && !strstr(crs, "+type=crs")) {
            sprintf(with_type, "%s +type=crs", crs);
            proj_destroy(p->crs);
            p->crs = proj_create(p->ctx, with_type);
        }
        free(with_type);
        if (!p->crs || proj_get_type(p->crs) != PJ_TYPE_PROJECTED_CRS) {
            fm_error_set(err,
                         "\"%s\" is not a coordinate reference system; "
                         "give an EPSG code or a PROJ string with +proj=...",
                         crs);
            projection_free(p);
            return NULL;
        }
    }
    p->text = strdup(crs);
    return p;
}

void projection_free(fm_projection *p)
{
    if (!p) return;
    if (p->crs) proj_destroy(p->crs);
    if (p->ctx) proj_context_destroy(p->ctx);
    free(p->text);
    free(p);
}

const char *projection_crs(const fm_projection *p)
{
    return p->text;
}

fm_transform *projection_transform_from(fm_projection *p, const char *src_crs, fm_error *err)
{
    PJ *src = proj_create(p->ctx, src_crs ? src_crs : "EPSG:4326");
    if (!src) {
        fm_error_set(err, "cannot read the source CRS (%s)", proj_error_text(p->ctx));
        return NULL;
    }
    PJ *op = proj_create_crs_to_crs_from_pj(p->ctx, src, p->crs, NULL, NULL);
    proj_destroy(src);
    if (!op) {
        fm_error_set(err, "no transformation into %s (%s)", p->text, proj_error_text(p->ctx));
        return NULL;
    }
    /* EPSG:4326 is latitude-first; we always hand PROJ x=lon, y=lat. */
    PJ *norm = proj_normalize_for_visualization(p->ctx, op);
    proj_destroy(op);
    if (!norm) {
        fm_error_set(err, "cannot normalise axis order (%s)", proj_error_text(p->ctx));
        return NULL;
    }
    fm_transform *t = malloc(sizeof *t);
    if (!t) {
        proj_destroy(norm);
        fm_error_set(err, "out of memory");
        return NULL;
    }
    t->pj = norm;
    return t;
}

void transform_free(fm_transform *t)
{
    if (!t) return;
    proj_destroy(t->pj);
    free(t);
}

static size_t transform_run(fm_transform *t, PJ_DIRECTION dir, double *x, double *y, size_t n)
{
    proj_trans_generic(t->pj, dir, x, sizeof *x, n, y, sizeof *y, n, NULL, 0, 0, NULL, 0, 0);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            x[i] = y[i] = HUGE_VAL;
            bad++;
        }
    return bad;
}

size_t transform_points(fm_transform *t, double *x, double *y, size_t n)
{
    return transform_run(t, PJ_FWD, x, y, n);
}

size_t transform_points_inverse(fm_transform *t, double *x, double *y, size_t n)
{
    return transform_run(t, PJ_INV, x, y, n);
}

/* Vincenty's inverse formula on WGS84; converges to well under a millimetre
** for the distances a map shows (we never measure antipodes). */
double geodesic_distance(double lon1, double lat1, double lon2, double lat2)
{
    const double a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f);
    const double rad = FM_PI / 180;
    double L = (lon2 - lon1) * rad;
    double U1 = atan((1 - f) * tan(lat1 * rad));
    double U2 = atan((1 - f) * tan(lat2 * rad));
    double sinU1 = sin(U1), cosU1 = cos(U1), sinU2 = sin(U2), cosU2 = cos(U2);
    double lambda = L, prev, sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM;
    int iter = 0;
    do {
        double sinL = sin(lambda), cosL = cos(lambda);
        sinSigma =
            sqrt((cosU2 * sinL) * (cosU2 * sinL) +
                 (cosU1 * sinU2 - sinU1 * cosU2 * cosL) * (cosU1 * sinU2 - sinU1 * cosU2 * cosL));
        if (sinSigma == 0) return 0;
        cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
        sigma = atan2(sinSigma, cosSigma);
        double sinAlpha = cosU1 * cosU2 * sinL / sinSigma;
        cos2Alpha = 1 - sinAlpha * sinAlpha;
        cos2SigmaM = cos2Alpha ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
        double C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
        prev = lambda;
        lambda =
            L + (1 - C) * f * sinAlpha *
                    (sigma + C * sinSigma *
                                 (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    } while (fabs(lambda - prev) > 1e-12 && ++iter < 200);
    double u2 = cos2Alpha * (a * a - b * b) / (b * b);
    double A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    double B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    double dSigma = B * sinSigma *
                    (cos2SigmaM + B / 4 *
                                      (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
                                       B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) *
                                           (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * A * (sigma - dSigma);
}

int projection_bbox_extent(fm_transform *t, const double bbox[4], int steps, double extent[4])
{
    enum { MAX = 64 };
    double x[4 * MAX], y[4 * MAX];
    int N = steps < 1 ? 1 : steps > MAX ? MAX : steps;
    for (int i = 0; i < N; i++) {
        double s = (double)i / N;
        x[i] = bbox[0] + s * (bbox[2] - bbox[0]);
        y[i] = bbox[1];
        x[N + i] = bbox[2];
        y[N + i] = bbox[1] + s * (bbox[3] - bbox[1]);
        x[2 * N + i] = bbox[2] - s * (bbox[2] - bbox[0]);
        y[2 * N + i] = bbox[3];
        x[3 * N + i] = bbox[0];
        y[3 * N + i] = bbox[3] - s * (bbox[3] - bbox[1]);
    }
    if (transform_points(t, x, y, 4 * N)) return -1;
    extent[0] = extent[2] = x[0];
    extent[1] = extent[3] = y[0];
    for (int i = 1; i < 4 * N; i++) {
        if (x[i] < extent[0]) extent[0] = x[i];
        if (x[i] > extent[2]) extent[2] = x[i];
        if (y[i] < extent[1]) extent[1] = y[i];
        if (y[i] > extent[3]) extent[3] = y[i];
    }
    return 0;
}

int view_fit(fm_view *v, fm_transform *t, const double bbox[4], int width, int height,
             fm_error *err)
{
    double e[4];
    if (!(bbox[0] < bbox[2] && bbox[1] < bbox[3]))
        return fm_error_set(err,
                            "the bbox %g,%g,%g,%g is empty: give "
                            "minlon,minlat,maxlon,maxlat with min < max",
                            bbox[0], bbox[1], bbox[2], bbox[3]);
    if (projection_bbox_extent(t, bbox, 64, e))
        return fm_error_set(err,
                            "the bbox %g,%g,%g,%g cannot be projected "
                            "into the map CRS; choose a CRS that covers it",
                            bbox[0], bbox[1], bbox[2], bbox[3]);
    double minx = e[0], miny = e[1], maxx = e[2], maxy = e[3];
    /* Keep map units square: scale to the tighter axis, widen the other. */
    double sx = width / (maxx - minx), sy = height / (maxy - miny);
    double s = sx < sy ? sx : sy;
    double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
    v->width = width;
    v->height = height;
    memcpy(v->bbox, bbox, sizeof v->bbox);
    v->scale = s;
    v->minx = cx - width / s / 2;
    v->maxx = cx + width / s / 2;
    v->miny = cy - height / s / 2;
    v->maxy = cy + height / s / 2;
    return 0;
}
