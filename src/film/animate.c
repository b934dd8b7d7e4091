/* animate.c -- see animate.h. */
#include "core/defaults.h"
#include "core/file.h"
#include "film/animate.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "film/film.h"
#include "core/grow.h"
#include "map/framekey.h"
#include "map/label.h"
#include "film/manifest.h"
#include "map/overlay.h"
#include "map/render.h"
#include "film/tween.h"
#include "film/video.h"

/* A run of consecutive style layers that are all static (drawn once, kept
** as a transparent surface) or all dynamic (drawn per frame). */
typedef struct layer_run {
    int from, to;
    int dynamic;
    fm_overlay fixed; /* static runs, drawn once */
} layer_run;

/* One buffer a frame is drawn into and waits in until written. */
typedef struct slot {
    unsigned char *pixels;
    cairo_surface_t *surface;
    int frame; /* -1: free */
    int ready;
} slot;

typedef struct anim anim;
struct anim {
    const fm_scene *s;
    const fm_timeline *tl;
    const fm_animate_options *opt;
    fm_frame_plan plan;
    int w, h, stride;
    char title[256];

    layer_run *runs;
    int nruns;
    fm_box *reserved; /* furniture and the static labels */
    int nreserved, capreserved;
    unsigned char *static_label_mask, *dynamic_label_mask;
    int dynamic_labels; /* some symbol layer changes per frame */
    fm_overlay labels;  /* the fixed labels, drawn once */
    fm_film *film;      /* date, subtitles, strip, legend, sources */

    fm_day first_day, last_day;

    fm_tween **tweens; /* per frame; shared by a transition's frames */

    char frames_dir[4096]; /* "" = no PNG frames */
    fm_video *video;
    fm_video_kind video_kind;
    fm_manifest old; /* resume: the last run's rows */
    char signature[1024];

    pthread_mutex_t lock;
    pthread_cond_t cond;
    int next; /* next frame to claim */
    int nslots;
    slot *slots;
    int failed, quit;
    fm_error error;
    int reused;
};

static int reserve(anim *a, fm_box b)
{
    fm_box *grown = fm_grow(a->reserved, &a->capreserved, a->nreserved + 1, sizeof *grown, NULL);
    if (!grown) return -1;
    a->reserved = grown;
    a->reserved[a->nreserved++] = b;
    return 0;
}

/* ---- static and dynamic layers ------------------------------------------ */

/* A layer changes from frame to frame when its source is dated or it reads
** the date from the global state; everything else is drawn once. */
static int layer_is_dynamic(const fm_scene *s, const fm_style_layer *sl)
{
    if (style_layer_reads_state(sl, "date") || style_layer_reads_state(sl, "recent_from")) return 1;
    const fm_layer *l = scene_layer_for(s, sl);
    return l && l->dated;
}

static int split_runs(anim *a, fm_error *err)
{
    const fm_style *st = a->s->style;
    a->runs = calloc((size_t)st->nlayers + 1, sizeof *a->runs);
    if (!a->runs) return fm_error_set(err, "out of memory");
    a->static_label_mask = calloc((size_t)st->nlayers + 1, 1);
    a->dynamic_label_mask = calloc((size_t)st->nlayers + 1, 1);
    if (!a->static_label_mask || !a->dynamic_label_mask) return fm_error_set(err, "out of memory");
    for (int i = 0; i < st->nlayers; i++) {
        int dyn = layer_is_dynamic(a->s, &st->layers[i]);
        fm_layer_type type = st->layers[i].type;
        /* Labels go above every shape, as in a single map: the fixed ones
        ** in one pass (so two layers naming one town are told apart, and
        ** they never move), the changing ones per frame. Circles take part
        ** in both label passes, keeping labels off them. */
        if (type == FM_LAYER_SYMBOL || type == FM_LAYER_CIRCLE) {
            if (!dyn) a->static_label_mask[i] = 1;
            if (dyn || type == FM_LAYER_CIRCLE) a->dynamic_label_mask[i] = 1;
            if (dyn && type == FM_LAYER_SYMBOL) a->dynamic_labels = 1;
        }
        if (type == FM_LAYER_SYMBOL) continue;
        if (a->nruns > 0 && a->runs[a->nruns - 1].dynamic == dyn) {
            a->runs[a->nruns - 1].to = i + 1;
        } else {
            layer_run *r = &a->runs[a->nruns++];
            r->from = i;
            r->to = i + 1;
            r->dynamic = dyn;
        }
    }
    return 0;
}

/* Draw each static run once, in order, then the fixed labels, whose boxes
** the per-frame labels keep clear of. */
static int draw_static_runs(anim *a, fm_error *err)
{
    int rc = 0;
    for (int i = 0; i < a->nruns; i++) {
        layer_run *r = &a->runs[i];
        if (r->dynamic) continue;
        if (overlay_init(&r->fixed, a->w, a->h, err)) return -1;
        cairo_t *cr = cairo_create(r->fixed.surface);
        /* Any date will do: nothing in a static run reads it. */
        fm_render_options ro = {
            .date = a->first_day, .layer_from = r->from, .layer_to = r->to, .pass = FM_PASS_SHAPES
        };
        rc = render_map(cr, a->s, &ro, NULL, err);
        cairo_destroy(cr);
        if (rc) return -1;
        if (overlay_seal(&r->fixed, err)) return -1;
    }
    if (overlay_init(&a->labels, a->w, a->h, err)) return -1;
    cairo_t *cr = cairo_create(a->labels.surface);
    fm_render_options ro = { .date = a->first_day,
                             .reserved = a->reserved,
                             .nreserved = a->nreserved,
                             .layer_mask = a->static_label_mask,
                             .pass = FM_PASS_LABELS,
                             .lang2 = a->opt->lang2 };
    fm_render_result res;
    rc = render_map(cr, a->s, &ro, &res, err);
    cairo_destroy(cr);
    for (int k = 0; rc == 0 && k < res.nlabels; k++)
        if (reserve(a, res.labels[k].box)) rc = fm_error_set(err, "out of memory");
    render_result_free(&res);
    if (rc) return -1;
    return overlay_seal(&a->labels, err);
}

static int recent_days(const anim *a, const fm_frame *f)
{
    int days = a->opt->event_days > 0 ? a->opt->event_days : FM_RECENT_DAYS;
    if (f->before != FM_DAY_MIN && f->date - f->before > days) days = f->date - f->before;
    return days;
}

/* The film's furniture. Its legend lists what any keyframe shows (counted
** without drawing); its boxes are reserved from the map's labels. */
static int make_film(anim *a, fm_error *err)
{
    const fm_style *st = a->s->style;
    int n = a->plan.n, *counts = calloc((size_t)st->nlayers + 1, sizeof *counts);
    fm_day *dates = calloc((size_t)n, sizeof *dates);
    const int **per_key = calloc((size_t)n, sizeof *per_key);
    int rc = 0, nkeys = 0;
    if (!counts || !dates || !per_key) rc = fm_error_set(err, "out of memory");
    for (int i = 0; rc == 0 && i < n; i++) {
        const fm_frame *f = &a->plan.frames[i];
        if (f->kind != FM_FRAME_KEY) continue;
        fm_render_options ro = { .date = f->date,
                                 .recent_days = recent_days(a, f),
                                 .pass = FM_PASS_SHAPES };
        render_count(a->s, &ro, counts);
        dates[nkeys] = f->date;
        per_key[nkeys++] = counts;
    }
    if (rc == 0) {
        fm_film_options fo = { .scene = a->s,
                               .timeline = a->tl,
                               .width = a->w,
                               .height = a->h,
                               .first = a->first_day,
                               .last = a->last_day,
                               .kinds = a->opt->plan.kinds,
                               .event_days = a->opt->event_days,
                               .title = a->title,
                               .legend_dates = dates,
                               .legend_counts = per_key,
                               .nlegend = nkeys };
        if (!(a->film = film_new(&fo, err))) rc = -1;
    }
    int nboxes = 0;
    const fm_box *boxes = rc == 0 ? film_reserved(a->film, &nboxes) : NULL;
    for (int i = 0; rc == 0 && i < nboxes; i++)
        if (reserve(a, boxes[i])) rc = fm_error_set(err, "out of memory");
    free(per_key);
    free(dates);
    free(counts);
    return rc;
}

/* ---- one frame -------------------------------------------------------------- */

/* What a thread keeps between its frames: most days the control areas and
** the lines are what they were on its frame before, so the frame as it
** stood before each changing run is kept (`snap`), with the keys of the
** changing runs under it (render_key). A frame starts from the highest
** snapshot whose runs below are unchanged, and draws only from there. */
typedef struct worker {
    struct anim *a;
    fm_geos *gc;
    unsigned char **snap; /* per run: the pixels before it, or NULL */
    int *snap_valid;
    uint64_t *keys;             /* per run: its key when the snapshots were taken */
    fm_render_options *run_opt; /* per run: scratch for one frame */
    uint64_t *run_key;
} worker;

static void worker_free_cache(worker *wk, int nruns)
{
    for (int i = 0; wk->snap && i < nruns; i++) free(wk->snap[i]);
    free(wk->snap);
    free(wk->snap_valid);
    free(wk->keys);
    free(wk->run_opt);
    free(wk->run_key);
}

static int draw_frame(const anim *a, int index, cairo_t *cr, worker *wk, fm_error *err)
{
    fm_geos *gc = wk->gc;
    const fm_frame *f = &a->plan.frames[index];
    /* A tween frame shows the keyframe before it with the changing areas
    ** grown part of the way. */
    fm_day date = f->kind == FM_FRAME_TWEEN ? f->before : f->date;
    const fm_tween *tw = a->tweens[index];
    int nmax = f->kind == FM_FRAME_TWEEN ? tween_count(tw) : 0, nextras = 0;
    fm_render_extra *extras = NULL;
    fm_path *paths = NULL;
    if (nmax > 0) {
        extras = calloc((size_t)nmax, sizeof *extras);
        paths = calloc((size_t)nmax, sizeof *paths);
        if (!extras || !paths) {
            free(extras);
            free(paths);
            return fm_error_set(err, "out of memory");
        }
    }
    int rc = nmax > 0 ? tween_frame(tw, f->t, gc, extras, paths, &nextras, err) : 0;

    /* The keys of the changing runs, and the highest snapshot that is
    ** still good: every changing run under it has its old key. */
    fm_render_options *run_opt = wk->run_opt;
    uint64_t *key = wk->run_key;
    int start = 0, unchanged = 1;
    for (int i = 0; i < a->nruns; i++) {
        const layer_run *r = &a->runs[i];
        if (!r->dynamic) continue;
        run_opt[i] = (fm_render_options){ .date = date,
                                          .layer_from = r->from,
                                          .layer_to = r->to,
                                          .extras = extras,
                                          .nextras = nextras,
                                          .fade = 1,
                                          .recent_days = recent_days(a, f),
                                          .pass = FM_PASS_SHAPES };
        if (f->kind == FM_FRAME_TWEEN) {
            run_opt[i].ending_by = f->date;
            run_opt[i].ending_opacity = 1 - tween_ease(f->t);
        }
        key[i] = render_key(a->s, &run_opt[i]);
        if (unchanged && wk->snap_valid[i]) start = i;
        if (wk->keys[i] != key[i] || !wk->snap_valid[i]) unchanged = 0;
    }
    cairo_surface_t *target = cairo_get_target(cr);
    size_t bytes = (size_t)a->stride * a->h;
    cairo_surface_flush(target);
    if (start > 0) {
        memcpy(cairo_image_surface_get_data(target), wk->snap[start], bytes);
        cairo_surface_mark_dirty(target);
    } else {
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    }
    for (int i = start; rc == 0 && i < a->nruns; i++) {
        const layer_run *r = &a->runs[i];
        if (!r->dynamic) {
            overlay_paint(&r->fixed, cr);
            continue;
        }
        if (i > start || !wk->snap_valid[i]) {
            /* Keep the frame as it stands under this run for later frames. */
            if (!wk->snap[i] && !(wk->snap[i] = malloc(bytes)))
                rc = fm_error_set(err, "out of memory");
            if (rc) break;
            cairo_surface_flush(target);
            memcpy(wk->snap[i], cairo_image_surface_get_data(target), bytes);
            wk->snap_valid[i] = 1;
        }
        wk->keys[i] = key[i];
        rc = render_map(cr, a->s, &run_opt[i], NULL, err);
    }
    if (rc)
        for (int i = 0; i < a->nruns; i++) wk->snap_valid[i] = 0;
    if (rc == 0) overlay_paint(&a->labels, cr);
    if (rc == 0 && a->dynamic_labels) {
        fm_render_options ro = { .date = date,
                                 .reserved = a->reserved,
                                 .nreserved = a->nreserved,
                                 .extras = extras,
                                 .nextras = nextras,
                                 .fade = 1,
                                 .recent_days = recent_days(a, f),
                                 .layer_mask = a->dynamic_label_mask,
                                 .pass = FM_PASS_LABELS,
                                 .lang2 = a->opt->lang2 };
        rc = render_map(cr, a->s, &ro, NULL, err);
    }
    if (rc == 0) {
        double cursor =
            f->kind == FM_FRAME_TWEEN ? f->before + f->t * (double)(f->date - f->before) : f->date;
        rc = film_draw(a->film, cr, f->date, cursor, err);
    }
    for (int i = 0; i < nmax; i++) path_free(&paths[i]);
    free(paths);
    free(extras);
    if (rc == 0 && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = fm_error_set(err, "drawing failed: %s", cairo_status_to_string(cairo_status(cr)));
    return rc;
}

/* ---- frames on disk ------------------------------------------------------------ */

static void frame_name(const anim *a, int out, char *buf, size_t size)
{
    snprintf(buf, size, "%s/frame_%06d.png", a->frames_dir, out);
}

/* ---- workers and the writer ---------------------------------------------------- */

static int stop_asked(const anim *a)
{
    return a->opt->stop && atomic_load(a->opt->stop);
}

/* Frame i from disk into the slot, if the last run left it whole. */
static int reuse_frame(anim *a, int i, slot *sl)
{
    const fm_frame *f = &a->plan.frames[i];
    char path[4200];
    for (int c = 0; c < f->repeat; c++) {
        frame_name(a, f->first_out + c, path, sizeof path);
        if (!png_frame_valid(path, a->w, a->h)) return 0;
    }
    if (!a->video) return 1;
    frame_name(a, f->first_out, path, sizeof path);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(png);
        return 0;
    }
    cairo_t *cr = cairo_create(sl->surface);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    cairo_surface_flush(sl->surface);
    return 1;
}

/* Write frame i's PNG, and its held copies as hard links to it (the same
** bytes, no second encode), falling back to writing each. */
static int save_frame(const anim *a, int i, const slot *sl, fm_error *err)
{
    const fm_frame *f = &a->plan.frames[i];
    char first[4200], path[4200];
    frame_name(a, f->first_out, first, sizeof first);
    if (png_frame_write(first, sl->pixels, a->w, a->h, a->stride, err)) return -1;
    for (int c = 1; c < f->repeat; c++) {
        frame_name(a, f->first_out + c, path, sizeof path);
        unlink(path);
        if (link(first, path) != 0 && png_frame_write(path, sl->pixels, a->w, a->h, a->stride, err))
            return -1;
    }
    return 0;
}

static void *worker_main(void *arg)
{
    worker *wk = arg;
    anim *a = wk->a;
    pthread_mutex_lock(&a->lock);
    while (!a->failed && !a->quit && !stop_asked(a) && a->next < a->plan.n) {
        int i = a->next++;
        slot *sl = &a->slots[i % a->nslots];
        while (sl->frame != -1 && !a->failed && !a->quit) pthread_cond_wait(&a->cond, &a->lock);
        if (a->failed || a->quit) break;
        sl->frame = i;
        sl->ready = 0;
        pthread_mutex_unlock(&a->lock);

        fm_error err;
        err.msg[0] = 0;
        int rc = 0, reused = 0;
        if (a->old.n && manifest_frame_matches(&a->old, &a->plan, a->tl, i))
            reused = reuse_frame(a, i, sl);
        if (!reused) {
            cairo_t *cr = cairo_create(sl->surface);
            rc = draw_frame(a, i, cr, wk, &err);
            cairo_destroy(cr);
            cairo_surface_flush(sl->surface);
            if (rc == 0 && a->frames_dir[0]) rc = save_frame(a, i, sl, &err);
        }

        pthread_mutex_lock(&a->lock);
        if (rc && !a->failed) {
            a->failed = 1;
            fm_error_set(&a->error, "frame %d: %s", a->plan.frames[i].first_out, err.msg);
        }
        a->reused += reused;
        sl->ready = 1;
        pthread_cond_broadcast(&a->cond);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

/* Hand the frames to the video in order, as the workers finish them. */
static int write_in_order(anim *a, fm_error *err)
{
    double t0 = fm_clock_seconds();
    int rc = 0;
    for (int i = 0; i < a->plan.n; i++) {
        slot *sl = &a->slots[i % a->nslots];
        pthread_mutex_lock(&a->lock);
        while (!(sl->frame == i && sl->ready) && !a->failed) {
            if (stop_asked(a) && a->next <= i) break; /* nobody will draw it */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50 * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&a->cond, &a->lock, &ts);
        }
        int ok = sl->frame == i && sl->ready && !a->failed;
        pthread_mutex_unlock(&a->lock);
        if (!ok) break;
        if (a->video && !stop_asked(a))
            for (int c = 0; rc == 0 && c < a->plan.frames[i].repeat; c++)
                rc = video_write(a->video, sl->pixels, a->stride, err);
        pthread_mutex_lock(&a->lock);
        sl->frame = -1;
        if (rc && !a->failed) {
            a->failed = 1;
            a->error = *err;
        }
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
        if (rc) break;
        if (a->opt->progress) {
            double el = fm_clock_seconds() - t0;
            a->opt->progress(a->opt->progress_user, i + 1, a->plan.n, el > 0 ? (i + 1) / el : 0);
        }
    }
    pthread_mutex_lock(&a->lock);
    a->quit = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

/* ---- set-up -------------------------------------------------------------------- */

static int day_cmp(const void *x, const void *y)
{
    fm_day a = *(const fm_day *)x, b = *(const fm_day *)y;
    return (a > b) - (a < b);
}

static int add_day(fm_day **out, int *n, int *cap, fm_day d)
{
    fm_day *grown = fm_grow(*out, cap, *n + 1, sizeof *grown, NULL);
    if (!grown) return -1;
    *out = grown;
    (*out)[(*n)++] = d;
    return 0;
}

/* The days on which a dated line or area starts or ends: where tweens go. */
static int change_days(const fm_scene *s, fm_day **out, int *n)
{
    int cap = 0;
    *out = NULL;
    *n = 0;
    for (int k = 0; k < s->style->nsources; k++) {
        const fm_layer *l = s->layers[k];
        if (!l || !l->dated) continue;
        for (int i = 0; i < l->nfeatures; i++) {
            const fm_feature *f = &l->features[i];
            if (f->kind == FM_GEOM_POINT) continue;
            if (f->from != FM_DAY_MIN && add_day(out, n, &cap, f->from)) return -1;
            if (f->to != FM_DAY_MAX && add_day(out, n, &cap, f->to)) return -1;
        }
    }
    if (*n) qsort(*out, (size_t)*n, sizeof **out, day_cmp);
    return 0;
}

/* The control source and its controller field, from "frontmap:control". */
static int control_source(const fm_scene *s, const char **field)
{
    json_t *m = style_meta(s->style, "control");
    json_t *src = json_is_object(m) ? json_object_get(m, "source") : NULL;
    json_t *fld = json_is_object(m) ? json_object_get(m, "field") : NULL;
    *field = json_is_string(fld) ? json_string_value(fld) : "controller";
    for (int k = 0; json_is_string(src) && k < s->style->nsources; k++)
        if (strcmp(s->style->sources[k].id, json_string_value(src)) == 0) return k;
    return -1;
}

static int make_tweens(anim *a, fm_error *err)
{
    a->tweens = calloc((size_t)a->plan.n + 1, sizeof *a->tweens);
    if (!a->tweens) return fm_error_set(err, "out of memory");
    const char *field;
    int ctl = control_source(a->s, &field);
    fm_tween *current = NULL;
    for (int i = 0; i < a->plan.n; i++) {
        const fm_frame *f = &a->plan.frames[i];
        if (f->kind != FM_FRAME_TWEEN) {
            current = NULL;
            continue;
        }
        if (!current) {
            current = tween_new(a->s, f->before, f->date, ctl, field, a->s->geos, err);
            if (!current) return -1;
        }
        a->tweens[i] = current;
    }
    return 0;
}

static void free_tweens(anim *a)
{
    if (!a->tweens) return;
    for (int i = 0; i < a->plan.n; i++)
        if (a->tweens[i] && (i + 1 >= a->plan.n || a->tweens[i + 1] != a->tweens[i]))
            tween_free(a->tweens[i]);
    free(a->tweens);
}

/* mkdir -p */
static int make_dirs(const char *path, fm_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return fm_error_set(err, "%s: cannot create folder %s: %s", path, buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return fm_error_set(err, "%s: cannot create folder: %s", path, strerror(errno));
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
        return fm_error_set(err, "%s: exists and is not a folder", path);
    if (access(buf, W_OK) != 0)
        return fm_error_set(err, "%s: cannot write there: %s", path, strerror(errno));
    return 0;
}

/* Frames beyond this plan, left by a longer earlier run, would mislead. */
static void remove_stale_frames(const anim *a)
{
    DIR *d = opendir(a->frames_dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        int num;
        char tail[8];
        if (sscanf(e->d_name, "frame_%6d.%4s", &num, tail) == 2 && strcmp(tail, "png") == 0 &&
            strlen(e->d_name) == 16 && num >= a->plan.nout) {
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", a->frames_dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
}

static void anim_free(anim *a)
{
    for (int i = 0; i < a->nruns; i++) overlay_release(&a->runs[i].fixed);
    overlay_release(&a->labels);
    film_free(a->film);
    free(a->static_label_mask);
    free(a->dynamic_label_mask);
    free(a->runs);
    free(a->reserved);
    free_tweens(a);
    for (int i = 0; i < a->nslots; i++) {
        if (a->slots[i].surface) cairo_surface_destroy(a->slots[i].surface);
        free(a->slots[i].pixels);
    }
    free(a->slots);
    manifest_free(&a->old);
    frame_plan_free(&a->plan);
}

static int open_outputs(anim *a, fm_animate_stats *stats, fm_error *err)
{
    const char *out = a->opt->output;
    int is_video = video_kind_for(out, &a->video_kind) == 0;
    if (!is_video) {
        const char *base = strrchr(out, '/');
        const char *dot = strrchr(base ? base : out, '.');
        if (dot && dot[1] && out[strlen(out) - 1] != '/')
            return fm_error_set(err,
                                "%s: animate writes a folder of PNG frames (a name "
                                "without extension, e.g. output/war-frames) or a .mp4, "
                                ".webm or .gif file",
                                out);
        snprintf(a->frames_dir, sizeof a->frames_dir, "%s", out);
        size_t n = strlen(a->frames_dir);
        while (n > 1 && a->frames_dir[n - 1] == '/') a->frames_dir[--n] = 0;
    } else if (a->opt->keep_frames || a->opt->resume) {
        /* output/war.mp4 keeps its frames in output/war.frames/ */
        snprintf(a->frames_dir, sizeof a->frames_dir, "%.*s.frames", (int)(strrchr(out, '.') - out),
                 out);
    }
    if (a->frames_dir[0]) {
        if (make_dirs(a->frames_dir, err)) return -1;
        char path[4200];
        snprintf(path, sizeof path, "%s/manifest.csv", a->frames_dir);
        if (a->opt->resume && manifest_read(path, a->signature, &a->old, err)) return -1;
        if (manifest_write(path, a->signature, &a->plan, a->tl, err)) return -1;
        remove_stale_frames(a);
        snprintf(stats->manifest, sizeof stats->manifest, "%s", path);
        snprintf(stats->frames_dir, sizeof stats->frames_dir, "%s", a->frames_dir);
    }
    if (is_video) {
        a->video = video_open(out, a->video_kind, a->w, a->h, a->opt->fps, err);
        if (!a->video) return -1;
    }
    return 0;
}

/* The frame size, the plan and the resume signature. */
static int anim_plan(anim *a, fm_error *err)
{
    const fm_scene *s = a->s;
    const fm_animate_options *opt = a->opt;
    a->w = s->view.width;
    a->h = opt->frame_height > s->view.height ? opt->frame_height
                                              : s->view.height + film_strip_height(s->view.height);
    a->stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, a->w);
    json_t *cap = style_meta(s->style, "caption");
    json_t *title = json_is_object(cap) ? json_object_get(cap, "title") : NULL;
    if (json_is_string(title)) snprintf(a->title, sizeof a->title, "%s", json_string_value(title));

    fm_frame_plan_options po = opt->plan;
    fm_day *days = NULL;
    int ndays = 0;
    if (change_days(s, &days, &ndays)) return fm_error_set(err, "out of memory");
    po.change_days = days;
    po.nchange_days = ndays;
    po.timeline = a->tl;
    int hold = (int)lround(opt->hold_seconds * opt->fps);
    po.hold = hold > 0 ? hold : 1;
    int rc = frame_plan_build(&po, &a->plan, err);
    free(days);
    if (rc) return -1;
    a->first_day = a->plan.frames[0].date;
    a->last_day = a->plan.frames[a->plan.n - 1].date;
    snprintf(a->signature, sizeof a->signature,
             "frontmap animate; scene=%s; size=%dx%d; lang=%s; fps=%d; event-days=%d; "
             "tween=%d; from=%d; to=%d",
             opt->scene_id ? opt->scene_id : s->style->path, a->w, a->h, s->lang, opt->fps,
             opt->event_days, po.tween, a->first_day, a->last_day);
    return 0;
}

/* The buffers frames wait in between their worker and the writer. */
static int make_slots(anim *a, int jobs, fm_error *err)
{
    a->nslots = 2 * jobs + 1;
    a->slots = calloc((size_t)a->nslots, sizeof *a->slots);
    if (!a->slots) {
        a->nslots = 0;
        return fm_error_set(err, "out of memory");
    }
    for (int i = 0; i < a->nslots; i++) {
        a->slots[i].frame = -1;
        a->slots[i].pixels = malloc((size_t)a->stride * a->h);
        if (!a->slots[i].pixels) return fm_error_set(err, "out of memory");
        a->slots[i].surface = cairo_image_surface_create_for_data(
            a->slots[i].pixels, CAIRO_FORMAT_ARGB32, a->w, a->h, a->stride);
    }
    return 0;
}

/* Start up to `jobs` workers; *started says how many run (to join). */
static int start_workers(anim *a, int jobs, pthread_t *threads, worker *workers, int *started,
                         fm_error *err)
{
    *started = 0;
    for (int i = 0; i < jobs; i++) {
        worker *wk = &workers[i];
        size_t n = (size_t)a->nruns + 1;
        wk->a = a;
        wk->gc = geom_context_new();
        wk->snap = calloc(n, sizeof *wk->snap);
        wk->snap_valid = calloc(n, sizeof *wk->snap_valid);
        wk->keys = calloc(n, sizeof *wk->keys);
        wk->run_opt = calloc(n, sizeof *wk->run_opt);
        wk->run_key = calloc(n, sizeof *wk->run_key);
        if (!wk->gc || !wk->snap || !wk->snap_valid || !wk->keys || !wk->run_opt || !wk->run_key ||
            pthread_create(&threads[i], NULL, worker_main, wk) != 0) {
            geom_context_free(wk->gc);
            worker_free_cache(wk, a->nruns);
            pthread_mutex_lock(&a->lock);
            a->quit = 1;
            pthread_cond_broadcast(&a->cond);
            pthread_mutex_unlock(&a->lock);
            return fm_error_set(err, "cannot start a drawing thread");
        }
        (*started)++;
    }
    return 0;
}

/* Close the video (kept only when the run finished) and write a video's
** manifest beside it: output/war.mp4 -> war.manifest.csv. */
static int finish_outputs(anim *a, int rc, int stopped, fm_animate_stats *stats, fm_error *err)
{
    if (a->video) {
        if (rc == 0 && !stopped) rc = video_commit(a->video, err);
        else video_abort(a->video);
        a->video = NULL;
    }
    if (rc == 0 && !stopped && !a->frames_dir[0]) {
        const char *out = a->opt->output;
        char path[4200];
        snprintf(path, sizeof path, "%.*s.manifest.csv", (int)(strrchr(out, '.') - out), out);
        rc = manifest_write(path, a->signature, &a->plan, a->tl, err);
        snprintf(stats->manifest, sizeof stats->manifest, "%s", path);
    }
    return rc;
}

int animate_run(const fm_scene *s, const fm_timeline *tl, const fm_animate_options *opt,
                fm_animate_stats *stats, fm_error *err)
{
    double t0 = fm_clock_seconds();
    memset(stats, 0, sizeof *stats);
    anim a;
    memset(&a, 0, sizeof a);
    a.s = s;
    a.tl = tl;
    a.opt = opt;
    if (anim_plan(&a, err)) return -1;

    int jobs = opt->jobs > 0 ? opt->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1) jobs = 1;
    if (jobs > 64) jobs = 64;
    pthread_mutex_init(&a.lock, NULL);
    pthread_cond_init(&a.cond, NULL);

    int rc = split_runs(&a, err);
    if (rc == 0) rc = make_film(&a, err);
    if (rc == 0) rc = draw_static_runs(&a, err);
    if (rc == 0) rc = make_tweens(&a, err);
    if (rc == 0) rc = open_outputs(&a, stats, err);
    if (rc == 0) rc = make_slots(&a, jobs, err);
    stats->seconds_setup = fm_clock_seconds() - t0;
    double t1 = fm_clock_seconds();

    pthread_t threads[64];
    worker workers[64];
    int started = 0;
    if (rc == 0) rc = start_workers(&a, jobs, threads, workers, &started, err);
    if (rc == 0) rc = write_in_order(&a, err);
    for (int i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
        geom_context_free(workers[i].gc);
        worker_free_cache(&workers[i], a.nruns);
    }
    if (rc == 0 && a.failed) {
        *err = a.error;
        rc = -1;
    }
    int stopped = rc == 0 && stop_asked(&a);
    rc = finish_outputs(&a, rc, stopped, stats, err);
    stats->frames = a.plan.n;
    stats->reused = a.reused;
    stats->out_frames = a.plan.nout;
    stats->width = a.w;
    stats->height = a.h;
    stats->seconds_frames = fm_clock_seconds() - t1;
    anim_free(&a);
    pthread_mutex_destroy(&a.lock);
    pthread_cond_destroy(&a.cond);
    if (rc) return -1;
    return stopped ? FM_ANIMATE_STOPPED : 0;
}
