/*
** video.h -- frames out: a folder of PNG files, or a video or animated GIF
** made by ffmpeg from raw frames sent down a pipe.
**
** Owns: the fast PNG writer for frames (opaque RGB, light compression, the
** same bytes for the same pixels), checking a frame left by an earlier run,
** finding and running ffmpeg with the settings each container wants (H.264
** yuv420p +faststart for MP4, VP9 for WebM, a two-pass palette for GIF),
** and the temp-file-then-rename rule: a video that failed half-way, or was
** interrupted, never appears under its final name.
*/
#ifndef FM_VIDEO_H
#define FM_VIDEO_H

#include "core/error.h"

/* Write opaque cairo ARGB32 pixels as an RGB PNG, via a temp file renamed
** into place. */
int png_frame_write(const char *path, const unsigned char *argb, int width, int height, int stride,
                    fm_error *err);

/* Is there a complete PNG of this size at path? */
int png_frame_valid(const char *path, int width, int height);

typedef enum { FM_VIDEO_MP4, FM_VIDEO_WEBM, FM_VIDEO_GIF } fm_video_kind;

/* The kind for a path's extension; 0 if it has one of .mp4 .webm .gif. */
int video_kind_for(const char *path, fm_video_kind *kind);

typedef struct fm_video fm_video;

/* Start ffmpeg ($FRONTMAP_FFMPEG, else `ffmpeg` on PATH) writing a temp file
** beside `path`. Fails with advice when ffmpeg is missing. MP4 and WebM
** need even sizes: the caller rounds them. */
fm_video *video_open(const char *path, fm_video_kind kind, int width, int height, int fps,
                     fm_error *err);

/* One frame of opaque cairo ARGB32 pixels, in order. */
int video_write(fm_video *v, const unsigned char *argb, int stride, fm_error *err);

/* Finish: close the pipe, wait for ffmpeg (and run the GIF's palette
** passes), rename into place. Frees v whatever happens. */
int video_commit(fm_video *v, fm_error *err);

/* Stop ffmpeg and remove every temp file. Frees v. */
void video_abort(fm_video *v);

#endif
