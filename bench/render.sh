#!/usr/bin/env bash
# bench/render.sh -- time one map of the default scene, phase by phase.
#
# Renders the bundled Karabakh scene for 1994-05-12 at 1920x1080 to PNG
# RUNS times (default 7) and prints, per phase (load, project, clip, draw,
# encode) and for the whole process, the minimum, median and maximum in
# seconds, plus the peak resident memory. The numbers are for comparing
# builds on one machine in one run, not absolute targets.
#
# usage: bench/render.sh [RUNS] [DATE]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
date=${2:-1994-05-12}
bin=${FRONTMAP_BIN:-build/frontmap}
[ -x "$bin" ] || { echo "build first: ./scripts/build" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for i in $(seq 0 "$runs"); do
  /usr/bin/time -f "phase total %e\nmaxrss_kb %M" \
    "$bin" render -v -q --date "$date" --size 1920x1080 -o "$out/map.png" 2> "$out/run$i.txt"
done

# Run 0 is a warm-up (file cache, fontconfig cache): not counted.
awk -v runs="$runs" '
  FNR == 1 { file++ }
  file == 1 { next }
  $1 == "phase" { v[$2, ++n[$2]] = $3; names[$2] = 1 }
  $1 == "maxrss_kb" { rss[++nr] = $2 }
  function sort(a, k,    i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
  END {
    printf "%-8s %9s %9s %9s   (%d runs, seconds)\n", "phase", "min", "median", "max", runs
    split("load project clip draw encode total", order, " ")
    for (o = 1; o <= 6; o++) {
      p = order[o]; k = n[p]
      for (i = 1; i <= k; i++) s[i] = v[p, i]
      sort(s, k)
      printf "%-8s %9.4f %9.4f %9.4f\n", p, s[1], s[int((k + 1) / 2)], s[k]
    }
    for (i = 1; i <= nr; i++) s[i] = rss[i]
    sort(s, nr)
    printf "peak RSS median %.1f MiB (min %.1f, max %.1f)\n", s[int((nr + 1) / 2)] / 1024, s[1] / 1024, s[nr] / 1024
  }' $(for i in $(seq 0 "$runs"); do echo "$out/run$i.txt"; done)
