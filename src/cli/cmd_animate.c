/*
** cmd_animate.c -- the `animate` command: options checked and turned into a
** frame plan, the frame size chosen, the scene loaded once, Ctrl-C turned
** into a clean stop.
*/
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/defaults.h"
#include "film/animate.h"
#include "film/progress.h"
#include "film/film.h"
#include "film/video.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x)  STRINGIFY_(x)

static const fm_opt animate_opts[] = {
    { "--from", NULL, FM_OPT_DATE, "DATE", "first date (ISO 8601); with --events, optional", 0, 0,
      NULL, NULL },
    { "--to", NULL, FM_OPT_DATE, "DATE", "last date, inclusive", 0, 0, NULL, NULL },
    { "--step", NULL, FM_OPT_STRING, "STEP",
      "P1D, P1W, P1M, P1Y (or Pn of them); months and years\n"
      "step by the calendar (31 Jan + P1M = 28/29 Feb)",
      0, 0, NULL, NULL },
    { "--events", NULL, FM_OPT_FLAG, NULL, "a keyframe per event date (see --kinds)", 0, 0, NULL,
      NULL },
    { "--kinds", NULL, FM_OPT_STRING, "K1,K2",
      "only events of these kinds make keyframes and subtitles:\n"
      "capture, offensive, ceasefire, agreement, clash,\n"
      "handover, negotiation, other",
      0, 0, NULL, "--kind" },
    { "--output", "-o", FM_OPT_STRING, "OUT",
      ".mp4 (H.264), .webm (VP9), .gif (two-pass palette), or\n"
      "a folder name for PNG frames frame_000000.png...\n"
      "with manifest.csv. Videos need ffmpeg.",
      0, 0, NULL, NULL },
    { "--fps", NULL, FM_OPT_INT, "N", "frames per second, 1 to 120 (default 24)", 1, 120, NULL,
      NULL },
    { "--hold", NULL, FM_OPT_DOUBLE, "SECONDS",
      "how long each event keyframe stays, 0 to 600\n(default 1.5)", 0, 600, NULL, NULL },
    { "--tween", NULL, FM_OPT_INT, "N",
      "frames that ease in each change, 0 to 1000\n(default fps/3; 0: jump)", 0, 1000, NULL, NULL },
    { "--event-days", NULL, FM_OPT_INT, "N",
      "days an event marker stays, fading (default " STRINGIFY(FM_RECENT_DAYS) ")", 1, 100000, NULL,
      NULL },
    { "--jobs", NULL, FM_OPT_INT, "N", "drawing threads, 1 to 64 (default: one per core)", 1, 64,
      NULL, NULL },
    { "--keep-frames", NULL, FM_OPT_FLAG, NULL,
      "with a video, also keep the PNG frames in OUT.frames/", 0, 0, NULL, NULL },
    { "--resume", NULL, FM_OPT_FLAG, NULL,
      "reuse the valid frames an earlier, interrupted run left\n"
      "(in the frames folder) when its settings were the same",
      0, 0, NULL, NULL },
    { "--size", NULL, FM_OPT_SIZE, "WxH",
      "as for render. MP4 and WebM sizes are rounded up to even", FM_SIZE_MIN, FM_SIZE_MAX, NULL,
      NULL },
    { "--scene", NULL, FM_OPT_STRING, "FILE", "as for render", 0, 0, NULL, NULL },
    { "--crs", NULL, FM_OPT_STRING, "CRS", "as for render", 0, 0, NULL, NULL },
    { "--bbox", NULL, FM_OPT_BBOX, "W,S,E,N", "as for render", 0, 0, NULL, NULL },
    { "--lang", NULL, FM_OPT_LANG, "LANG", "as for render", 0, 0, NULL, NULL },
    { "--names", NULL, FM_OPT_STRING, "L1+L2", "as for render", 0, 0, NULL, NULL },
    { "--quiet", "-q", FM_OPT_FLAG, NULL, "no progress bar", 0, 0, NULL, NULL },
    { "--verbose", "-v", FM_OPT_FLAG, NULL, "timings", 0, 0, NULL, NULL },
};

static const fm_opt_spec animate_spec = {
    "animate",
    "a film over a date range or the events (PNG frames, MP4, WebM, GIF)",
    "usage: frontmap animate (--from DATE --to DATE --step STEP | --events) -o OUT\n"
    "                        [OPTIONS]\n",
    "A film of the scene through time. Frames are dated keyframes: every STEP\n"
    "from --from to --to (the end date is always included), and with --events\n"
    "one keyframe per event of the timeline in the window, held for --hold\n"
    "seconds. Give both for a range that slows down at each event. Between\n"
    "two keyframes where an area changes hands, --tween frames grow the new\n"
    "area out of the old front line (they are marked \"tween\" in the manifest).\n"
    "\n"
    "Every frame shows the date with the latest events as subtitles, a\n"
    "timeline strip with the events as ticks and a moving cursor, event\n"
    "markers that fade over --event-days, the areas changed since the previous\n"
    "keyframe outlined, a small legend, and the sources. The base map and its\n"
    "place names are drawn once for the whole film, so names never jump.\n",
    animate_opts,
    sizeof animate_opts / sizeof *animate_opts,
    "Ctrl-C stops after the frames being drawn; the frames written stay and\n"
    "--resume continues from them. A video is only ever written whole.\n",
    "  frontmap animate --from 1992-01-01 --to 1994-05-12 --step P1W -o output/war.mp4\n"
    "  frontmap animate --events --from 2020-09-27 --to 2020-12-01 --kinds capture,handover \\\n"
    "      --hold 2 -o output/2020.gif\n"
    "  frontmap animate --from 1988-01-01 --to 2023-12-31 --step P1M --events \\\n"
    "      --kinds ceasefire -o output/frames\n",
};

/* The one global: a signal handler can only reach a global, and it only
** ever sets it. The film reads it through fm_animate_options.stop. */
static atomic_int stop_flag;

static void on_interrupt(int sig)
{
    (void)sig;
    atomic_store(&stop_flag, 1);
}

/* A timeline path from the scene's "frontmap:timeline", relative to it. */
static fm_timeline *load_timeline(const fm_scene *s, fm_error *err, int *missing)
{
    char path[4096];
    *missing = style_meta_path(s->style, "timeline", path, sizeof path) != 0;
    return *missing ? NULL : timeline_load(path, NULL, err);
}

/* The options into the film's settings and its frame plan. */
static int animate_options_of(const fm_opts *o, fm_animate_options *ao, fm_error *err)
{
    const fm_opt_value *v;
    fm_frame_plan_options *po = &ao->plan;
    const char *step = opts_text(o, "--step"), *kinds = opts_text(o, "--kinds");
    const fm_opt_value *from = opts_get(o, "--from"), *to = opts_get(o, "--to");
    int events = opts_flag(o, "--events");
    memset(ao, 0, sizeof *ao);
    po->from = from ? from->date.first : FM_DAY_MIN;
    /* --to names the last date shown: 1994 means up to 1 Jan 1994. */
    po->to = to ? to->date.first : FM_DAY_MAX;
    ao->output = opts_text(o, "--output");
    if (!ao->output)
        return fm_error_usage(err, "animate needs -o OUT (.mp4, .webm, .gif or a folder)");
    if (step && !(from && to)) return fm_error_usage(err, "--step needs --from and --to");
    if (!step && !events)
        return fm_error_usage(err, "animate needs --from, --to and --step (e.g. --step P1W), "
                                   "or --events");
    if (step && fm_step_parse(step, &po->step, err)) return opts_usage(err, "--step ");
    if (from && to && po->to < po->from)
        return fm_error_usage(err, "--to %s is before --from", to->text);
    po->range = step != NULL;
    po->events = events;
    if (kinds && timeline_kinds_check(kinds, err)) return opts_usage(err, "");
    po->kinds = kinds;
    ao->fps = (v = opts_get(o, "--fps")) ? (int)v->i : 24;
    ao->jobs = (v = opts_get(o, "--jobs")) ? (int)v->i : 0;
    ao->event_days = (v = opts_get(o, "--event-days")) ? (int)v->i : FM_RECENT_DAYS;
    ao->hold_seconds = (v = opts_get(o, "--hold")) ? v->d : 1.5;
    po->tween = (v = opts_get(o, "--tween")) ? (int)v->i : ao->fps / 3;
    ao->resume = opts_flag(o, "--resume");
    ao->keep_frames = opts_flag(o, "--keep-frames");
    ao->stop = &stop_flag;
    const char *scene = opts_text(o, "--scene");
    ao->scene_id = scene ? scene : "default";
    return 0;
}

/* The frame: --size, else the scene's film size ("frontmap:animation":
** {"size": [w, h]}, a screen's 16:9 rather than a page's shape), else its
** view's, else 1280x720. H.264 and VP9 in yuv420p halve the colour
** resolution, so odd sides cannot be encoded: round them up. The map fills
** the frame above the timeline strip. */
static int animate_frame_size(fm_scene_options *so, fm_animate_options *ao, fm_error *err)
{
    int w = so->width, h = so->height;
    if (!w) {
        fm_style *st = scene_style_load(so, err);
        if (!st) return -1;
        const char *keys[2] = { "animation", "view" };
        for (int k = 0; k < 2 && !w; k++) {
            json_t *m = style_meta(st, keys[k]);
            json_t *size = json_is_object(m) ? json_object_get(m, "size") : NULL;
            if (json_is_array(size) && json_array_size(size) == 2 &&
                json_integer_value(json_array_get(size, 0)) >= FM_SIZE_MIN &&
                json_integer_value(json_array_get(size, 1)) >= FM_SIZE_MIN) {
                w = (int)json_integer_value(json_array_get(size, 0));
                h = (int)json_integer_value(json_array_get(size, 1));
            }
        }
        style_free(st);
        if (!w) {
            w = 1280;
            h = 720;
        }
    }
    fm_video_kind vk;
    if (video_kind_for(ao->output, &vk) == 0 && vk != FM_VIDEO_GIF) {
        w += w & 1;
        h += h & 1;
    }
    if (h - film_strip_height(h) < FM_SIZE_MIN || w > FM_SIZE_MAX || h > FM_SIZE_MAX)
        return fm_error_usage(err,
                              "%s: a film's frames must be 16 to 16384 pixels wide and at "
                              "least 64 tall",
                              ao->output);
    ao->frame_height = h;
    so->width = w;
    so->height = h - film_strip_height(h);
    return 0;
}

/* Run the film with Ctrl-C and TERM turned into a clean stop, and a dead
** ffmpeg showing up as a write error instead of killing us. */
static int animate_with_signals(const fm_scene *s, const fm_timeline *tl,
                                const fm_animate_options *ao, fm_animate_stats *st, fm_error *err)
{
    struct sigaction sa, ign, old_int, old_term, old_pipe;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe);
    int rc = animate_run(s, tl, ao, st, err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    return rc;
}

static void animate_report(const fm_animate_stats *st, const char *output, int quiet, int verbose)
{
    if (verbose) {
        double fps = st->seconds_frames > 0 ? st->frames / st->seconds_frames : 0;
        fprintf(stderr, "frames %d (output %d, reused %d) at %dx%d\n", st->frames, st->out_frames,
                st->reused, st->width, st->height);
        fprintf(stderr, "phase setup %.4f\nphase frames %.4f\nframes_per_second %.1f\n",
                st->seconds_setup, st->seconds_frames, fps);
    }
    if (!quiet) {
        printf("%s\n", output);
        if (st->manifest[0]) printf("%s\n", st->manifest);
    }
}

static int animate_cmd_run(const cli_env *env, const fm_opts *o, fm_error *err)
{
    fm_animate_options ao;
    fm_scene_options so;
    char lang1[16], lang2[16];
    if (animate_options_of(o, &ao, err)) return -1;
    int quiet = opts_flag(o, "--quiet"), verbose = opts_flag(o, "--verbose");
    fm_progress_bar bar = FM_PROGRESS_BAR_INIT;
    if (!quiet) {
        ao.progress = progress_bar_print;
        ao.progress_user = &bar;
    }
    if (cli_scene_options(env, o, &so, lang1, lang2, err)) return -1;
    ao.lang2 = lang2[0] ? lang2 : NULL;
    so.duration_days = ao.event_days;
    if (animate_frame_size(&so, &ao, err)) return -1;
    fm_scene *s = scene_load(&so, err);
    if (!s) return -1;
    int missing;
    fm_timeline *tl = load_timeline(s, err, &missing);
    if (!tl && !missing) {
        scene_free(s);
        return -1;
    }
    if (!tl && ao.plan.events) {
        fm_error_usage(err,
                       "--events needs a timeline: the scene %s has no metadata "
                       "\"frontmap:timeline\"",
                       s->style->path);
        scene_free(s);
        return -1;
    }
    fm_animate_stats st;
    int rc = animate_with_signals(s, tl, &ao, &st, err);
    timeline_free(tl);
    scene_free(s);
    if (rc < 0) return -1;
    if (rc == FM_ANIMATE_STOPPED) {
        fprintf(stderr, "frontmap: stopped; %s\n",
                st.frames_dir[0]
                    ? "the frames written are kept: run the same command with --resume to go on"
                    : "no video was written (use --keep-frames to keep frames for --resume)");
        return 130;
    }
    animate_report(&st, ao.output, quiet, verbose);
    return EXIT_SUCCESS;
}

const cli_command cmd_animate = { &animate_spec, animate_cmd_run };
