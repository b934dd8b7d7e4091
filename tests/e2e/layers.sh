#!/usr/bin/env bash
# The layering of src/: a file may include only its own folder and the
# folders below it (docs/ARCHITECTURE.md), film/ and print/ stand side by
# side, every include names its folder, and no header includes form a cycle.
set -euo pipefail
cd "$(dirname "$0")/../.."
declare -A rank=([core]=0 [geo]=1 [style]=2 [record]=3 [map]=4 [film]=5 [print]=5 [cli]=6)
bad=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in src/*/*.[ch]; do
    own=$(basename "$(dirname "$f")")
    [ -n "${rank[$own]:-}" ] || { echo "FAIL: $f: folder $own is not a known layer"; bad=1; continue; }
    while read -r inc; do
        dir=${inc%%/*}
        if [ "$dir" = "$inc" ]; then echo "FAIL: $f includes \"$inc\" without its folder"; bad=1; continue; fi
        [ -f "src/$inc" ] || { echo "FAIL: $f includes missing src/$inc"; bad=1; continue; }
        r=${rank[$dir]:-99}
        if [ "$r" -gt "${rank[$own]}" ] || { [ "$r" -eq "${rank[$own]}" ] && [ "$dir" != "$own" ]; }; then
            echo "FAIL: $f ($own) includes $inc ($dir): a lower layer may not include a higher one"
            bad=1
        fi
        echo "src/$inc $f" >>"$edges"
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done
# tsort reports a cycle on stderr.
if tsort "$edges" 2>&1 >/dev/null | grep -q .; then
    echo "FAIL: include cycle:"; tsort "$edges" 2>&1 >/dev/null; bad=1
fi
if [ "$bad" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $bad
