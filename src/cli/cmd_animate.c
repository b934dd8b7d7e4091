/*
** cmd_animate.c -- the `animate` command: options checked and turned into a
** frame plan, the scene loaded once, Ctrl-C turned into a clean stop.
*/
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "film/animate.h"
#include "film/progress.h"
#include "film/film.h"
#include "cli/cli.h"
#include "film/video.h"

const char *animate_help =
    "usage: frontmap animate (--from DATE --to DATE --step STEP | --events) -o OUT\n"
    "                        [OPTIONS]\n"
    "\n"
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
    "place names are drawn once for the whole film, so names never jump.\n"
    "\n"
    "options:\n"
    "  --from DATE        first date (ISO 8601); with --events, optional\n"
    "  --to DATE          last date, inclusive\n"
    "  --step STEP        P1D, P1W, P1M, P1Y (or Pn of them); months and years\n"
    "                     step by the calendar (31 Jan + P1M = 28/29 Feb)\n"
    "  --events           a keyframe per event date (see --kinds)\n"
    "  --kinds K1,K2      only events of these kinds make keyframes and subtitles:\n"
    "                     capture, offensive, ceasefire, agreement, clash,\n"
    "                     handover, negotiation, other\n"
    "  -o, --output OUT   .mp4 (H.264), .webm (VP9), .gif (two-pass palette), or\n"
    "                     a folder name for PNG frames frame_000000.png...\n"
    "                     with manifest.csv. Videos need ffmpeg.\n"
    "  --fps N            frames per second (default 24)\n"
    "  --hold SECONDS     how long each event keyframe stays (default 1.5)\n"
    "  --tween N          frames that ease in each change (default fps/3; 0: jump)\n"
    "  --event-days N     days an event marker stays, fading (default 30)\n"
    "  --jobs N           drawing threads (default: one per core)\n"
    "  --keep-frames      with a video, also keep the PNG frames in OUT.frames/\n"
    "  --resume           reuse the valid frames an earlier, interrupted run left\n"
    "                     (in the frames folder) when its settings were the same\n"
    "  --size WxH, --scene FILE, --crs CRS, --bbox W,S,E,N, --lang LANG,\n"
    "  --names L1+L2      as for render. MP4 and WebM sizes are rounded up to even.\n"
    "  -q, --quiet        no progress bar\n"
    "  -v, --verbose      timings\n"
    "\n"
    "Ctrl-C stops after the frames being drawn; the frames written stay and\n"
    "--resume continues from them. A video is only ever written whole.\n"
    "\n"
    "examples:\n"
    "  frontmap animate --from 1992-01-01 --to 1994-05-12 --step P1W -o output/war.mp4\n"
    "  frontmap animate --events --from 2020-09-27 --to 2020-12-01 --kinds capture,handover \\\n"
    "      --hold 2 -o output/2020.gif\n"
    "  frontmap animate --from 1988-01-01 --to 2023-12-31 --step P1M --events \\\n"
    "      --kinds ceasefire -o output/frames\n";

static atomic_int stop_flag;

static void on_interrupt(int sig)
{
    (void)sig;
    atomic_store(&stop_flag, 1);
}

/* An integer option in [min, max]. */
static int parse_int(const char *name, const char *text, int min, int max, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v < min || v > max) {
        fprintf(stderr, "frontmap: %s %s: give a whole number from %d to %d\n", name, text,
                min, max);
        return EXIT_USAGE;
    }
    *out = (int)v;
    return 0;
}

/* A timeline path from the scene's "frontmap:timeline", relative to it. */
static fm_timeline *load_timeline(const fm_scene *s, fm_error *err, int *missing)
{
    char path[4096];
    *missing = style_meta_path(s->style, "timeline", path, sizeof path) != 0;
    return *missing ? NULL : timeline_load(path, NULL, err);
}

int cmd_animate(cli *c)
{
    fm_error err;
    fm_animate_options ao;
    memset(&ao, 0, sizeof ao);
    fm_frame_plan_options *po = &ao.plan;
    po->from = FM_DAY_MIN;
    po->to = FM_DAY_MAX;
    ao.fps = 24;
    ao.hold_seconds = 1.5;
    ao.event_days = 30;
    int tween = -1, rc;

    if (!c->output) return usage_error("%s", "animate needs -o OUT (.mp4, .webm, .gif or a folder)");
    if (c->step && !(c->from && c->to))
        return usage_error("%s", "--step needs --from and --to");
    if (!c->step && !c->events)
        return usage_error("%s", "animate needs --from, --to and --step (e.g. --step P1W), "
                           "or --events");
    if (c->step && fm_step_parse(c->step, &po->step, &err)) return usage_error("--step %s", err.msg);
    fm_date d;
    if (c->from) {
        if (fm_date_parse(c->from, &d, &err)) return usage_error("--from %s", err.msg);
        po->from = d.first;
    }
    if (c->to) {
        /* --to names the last date shown: 1994 means up to 1 Jan 1994. */
        if (fm_date_parse(c->to, &d, &err)) return usage_error("--to %s", err.msg);
        po->to = d.first;
    }
    if (c->from && c->to && po->to < po->from)
        return usage_error("--to %s is before --from", c->to);
    po->range = c->step != NULL;
    po->events = c->events;
    if (c->kinds && timeline_kinds_check(c->kinds, &err)) return usage_error("%s", err.msg);
    po->kinds = c->kinds;
    if (c->fps && (rc = parse_int("--fps", c->fps, 1, 120, &ao.fps))) return rc;
    if (c->jobs && (rc = parse_int("--jobs", c->jobs, 1, 64, &ao.jobs))) return rc;
    if (c->event_days && (rc = parse_int("--event-days", c->event_days, 1, 100000, &ao.event_days)))
        return rc;
    if (c->tween && (rc = parse_int("--tween", c->tween, 0, 1000, &tween))) return rc;
    if (c->hold) {
        char *end;
        ao.hold_seconds = strtod(c->hold, &end);
        if (!*c->hold || *end || !(ao.hold_seconds >= 0 && ao.hold_seconds <= 600))
            return usage_error("--hold %s: give seconds from 0 to 600, e.g. 1.5", c->hold);
    }
    po->tween = tween >= 0 ? tween : ao.fps / 3;
    ao.output = c->output;
    ao.resume = c->resume;
    ao.keep_frames = c->keep_frames;
    fm_progress_bar bar = FM_PROGRESS_BAR_INIT;
    if (!c->quiet) {
        ao.progress = progress_bar_print;
        ao.progress_user = &bar;
    }
    ao.stop = &stop_flag;
    ao.scene_id = c->scene.scene_path ? c->scene.scene_path : "default";
    ao.lang2 = c->lang2[0] ? c->lang2 : NULL;

    /* The frame: --size, else the scene's film size ("frontmap:animation":
    ** {"size": [w, h]}, a screen's 16:9 rather than a page's shape), else
    ** its view's, else 1280x720. H.264 and VP9 in yuv420p halve the colour
    ** resolution, so odd sides cannot be encoded: round them up. The map
    ** fills the frame above the timeline strip. */
    fm_scene_options so = c->scene;
    so.duration_days = ao.event_days;
    int w = so.width, h = so.height;
    if (!w) {
        fm_style *st = scene_style_load(&so, &err);
        if (!st) {
            fprintf(stderr, "frontmap: %s\n", err.msg);
            return EXIT_FAILURE;
        }
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
        if (!w) { w = 1280; h = 720; }
    }
    fm_video_kind vk;
    if (video_kind_for(c->output, &vk) == 0 && vk != FM_VIDEO_GIF) {
        w += w & 1;
        h += h & 1;
    }
    if (h - film_strip_height(h) < FM_SIZE_MIN || w > FM_SIZE_MAX || h > FM_SIZE_MAX)
        return usage_error("%s: a film's frames must be 16 to 16384 pixels wide and at "
                           "least 64 tall", c->output);
    ao.frame_height = h;
    so.width = w;
    so.height = h - film_strip_height(h);
    fm_scene *s = scene_load(&so, &err);
    if (!s) {
        fprintf(stderr, "frontmap: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    int missing;
    fm_timeline *tl = load_timeline(s, &err, &missing);
    if (!tl && !missing) {
        fprintf(stderr, "frontmap: %s\n", err.msg);
        scene_free(s);
        return EXIT_FAILURE;
    }
    if (!tl && c->events) {
        fprintf(stderr, "frontmap: --events needs a timeline: the scene %s has no "
                "metadata \"frontmap:timeline\"\n", s->style->path);
        scene_free(s);
        return EXIT_USAGE;
    }

    struct sigaction sa, old_int, old_term, old_pipe;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    /* A dead ffmpeg must show up as a write error, not kill us. */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe);

    fm_animate_stats st;
    rc = animate_run(s, tl, &ao, &st, &err);

    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    timeline_free(tl);
    scene_free(s);
    if (rc < 0) {
        /* "no events" and "--to before --from" are the user's to fix. */
        fprintf(stderr, "frontmap: %s\n", err.msg);
        return strncmp(err.msg, "no events", 9) == 0 || strstr(err.msg, "is before --from")
               ? EXIT_USAGE : EXIT_FAILURE;
    }
    if (rc == FM_ANIMATE_STOPPED) {
        fprintf(stderr, "frontmap: stopped; %s\n", st.frames_dir[0]
                ? "the frames written are kept: run the same command with --resume to go on"
                : "no video was written (use --keep-frames to keep frames for --resume)");
        return 130;
    }
    if (c->verbose) {
        double fps = st.seconds_frames > 0 ? st.frames / st.seconds_frames : 0;
        fprintf(stderr, "frames %d (output %d, reused %d) at %dx%d\n", st.frames, st.out_frames,
                st.reused, st.width, st.height);
        fprintf(stderr, "phase setup %.4f\nphase frames %.4f\nframes_per_second %.1f\n",
                st.seconds_setup, st.seconds_frames, fps);
    }
    if (!c->quiet) {
        printf("%s\n", c->output);
        if (st.manifest[0]) printf("%s\n", st.manifest);
    }
    return EXIT_SUCCESS;
}
