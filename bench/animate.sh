#!/usr/bin/env bash
# bench/animate.sh -- how fast frontmap animate draws a film, against the
# naive way (one `frontmap render` process per frame) and, when it is
# installed, GMT's `gmt movie`, measured in the same run on this machine.
#
# The film: the bundled Karabakh scene, 1992-01-01 to 1994-05-12 daily
# (863 dated frames) at 1280x720. Measured:
#   mp4      animate to H.264 MP4, tweens off (863 frames, like for like)
#   mp4+tw   animate to MP4 with the default tween frames (more frames)
#   png      animate to a folder of PNG frames, tweens off
#   naive    `frontmap render` per frame, one process after another, on
#            SAMPLE dates spread over the range (PNG only, no video: the
#            baseline is flattered)
#   gmt      `gmt movie` (GMT_FRAMES frames, default 48, of a plainer map:
#            coast, borders, a frame label) to MP4, if gmt is on PATH
# Each animate figure is the median of RUNS runs (default 3). Prints frames
# per second and the ratios; nothing here is a pass/fail threshold.
#
# usage: bench/animate.sh [RUNS] [SAMPLE]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
sample=${2:-40}
gmt_frames=${GMT_FRAMES:-48}
bin=${FRONTMAP_BIN:-build/frontmap}
[ -x "$bin" ] || { echo "build first: ./scripts/build" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
from=1992-01-01 to=1994-05-12 size=1280x720

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# seconds for one animate run; frames counted from its manifest
animate_once() {
  local target=$1; shift
  rm -rf "$out/film"*
  local t0 t1
  t0=$(now)
  "$bin" animate -q --from $from --to $to --step P1D --size $size "$@" -o "$target"
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}

frames_of() { grep -c '^[0-9]' "$1"; }

declare -A secs frames
for name in mp4 mp4+tw png; do
  case $name in
    mp4) args=(--tween 0); target=$out/film.mp4; manifest=$out/film.manifest.csv ;;
    mp4+tw) args=(); target=$out/film.mp4; manifest=$out/film.manifest.csv ;;
    png) args=(--tween 0); target=$out/film; manifest=$out/film/manifest.csv ;;
  esac
  for i in $(seq "$runs"); do animate_once "$target" "${args[@]}"; done > "$out/$name.txt"
  secs[$name]=$(median < "$out/$name.txt")
  frames[$name]=$(frames_of "$manifest")
done

# The naive baseline: a fresh process per frame, as a user scripting
# `frontmap render` (or QGIS's per-frame export) would do.
days=$(( ( $(date -d $to +%s) - $(date -d $from +%s) ) / 86400 ))
t0=$(now)
for i in $(seq 0 $((sample - 1))); do
  d=$(date -d "$from + $(( i * days / (sample - 1) )) days" +%F)
  "$bin" render -q --date "$d" --size $size -o "$out/naive.png"
done
t1=$(now)
secs[naive]=$(echo "$t1 - $t0" | bc -l)
frames[naive]=$sample

gmt_line="gmt      not installed (apt-get install gmt): not measured"
if command -v gmt >/dev/null; then
  # The same number of frames of a plain GMT map of the region (coast,
  # borders, a moving date label): less than frontmap draws per frame.
  cat > "$out/main.sh" <<'GMT'
gmt begin
  gmt coast -R45.2/48/38.8/40.9 -JL46.6/40/39/41/11i -Ggray90 -Sazure -N1/0.5p -Baf -X0.6i -Y0.5i
  echo "46.6 40.8 ${MOVIE_FRAME}" | gmt text -F+f14p
gmt end
GMT
  t0=$(now)
  (cd "$out" && gmt movie main.sh -C12.8ix7.2ix100 -Ngmtfilm -T$gmt_frames -Fmp4 -Zs >/dev/null 2>&1) || true
  t1=$(now)
  secs[gmt]=$(echo "$t1 - $t0" | bc -l)
  frames[gmt]=$gmt_frames
  gmt_line=""
fi

fps() { echo "${frames[$1]} / ${secs[$1]}" | bc -l; }
printf "frontmap animate benchmark: %s to %s daily at %s, %d cores, median of %d runs\n" \
  $from $to $size "$(nproc)" "$runs"
printf "%-8s %7s %9s %10s\n" what frames seconds frames/s
for name in mp4 mp4+tw png naive gmt; do
  [ -n "${secs[$name]:-}" ] || continue
  printf "%-8s %7d %9.2f %10.1f\n" $name "${frames[$name]}" "${secs[$name]}" "$(fps $name)"
done
[ -n "$gmt_line" ] && echo "$gmt_line"
printf "ratio mp4 / naive  %.1fx\n" "$(echo "$(fps mp4) / $(fps naive)" | bc -l)"
printf "ratio png / naive  %.1fx\n" "$(echo "$(fps png) / $(fps naive)" | bc -l)"
[ -n "${secs[gmt]:-}" ] && printf "ratio mp4 / gmt    %.1fx\n" "$(echo "$(fps mp4) / $(fps gmt)" | bc -l)"
exit 0
