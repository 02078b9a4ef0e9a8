#!/usr/bin/env bash
# Screenshots of gdas-workbench under Xvfb: a quick CPU search while it runs, the finished run
# reopened (light and dark palettes), the New Search dialog and the genotype comparison.
#
#   tools/screenshots.sh [BUILD_DIR] [OUT_DIR]
#
# BUILD_DIR defaults to build-gui, OUT_DIR to screenshots/. Needs xvfb-run and imagemagick's
# `import`. Settings and runs go to a temporary folder, never to the user's.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-gui}
out=${2:-$here/screenshots}
app=$build/app/workbench/gdas-workbench
[[ -x $app ]] || { echo "screenshots.sh: $app not built (ninja -C $build gdas-workbench)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run missing (apt install xvfb)" >&2; exit 2; }
command -v import >/dev/null || { echo "screenshots.sh: import missing (apt install imagemagick)" >&2; exit 2; }

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config HOME=$work/home
mkdir -p "$HOME"
run=$work/runs/quick-look
# Timings of the quick search (seconds after start) at which to shoot.
shots=${GDAS_SCREENSHOT_TIMES:-"8 25 50 90"}

xvfb-run -a -s "-screen 0 1600x1000x24" bash -s -- "$app" "$out" "$run" "$shots" <<'INNER'
set -euo pipefail
app=$1 out=$2 run=$3 shots=$4

# Shoots after `delay` seconds, then ends the app it started (by its own pid).
shoot_and_close() {  # pid delay name
    sleep "$2"
    import -window root "$out/$3.png"
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

"$app" --quick-look --output "$run" &
pid=$!
elapsed=0
for t in $shots; do
    sleep $((t - elapsed))
    elapsed=$t
    import -window root "$out/search-$(printf '%03d' "$t")s.png"
done
# Let the search finish (the window reads the run back), then close it.
for _ in $(seq 1 120); do
    grep -q '"status":"finished"' "$run/metrics.jsonl" 2>/dev/null && break
    sleep 2
done
sleep 3
import -window root "$out/search-finished.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true

"$app" --open "$run" --palette light & shoot_and_close $! 6 open-light
"$app" --open "$run" --palette dark & shoot_and_close $! 6 open-dark
"$app" --new-search & shoot_and_close $! 5 new-search-dialog
"$app" --palette dark --compare DARTS_V2 --compare GDAS_V1 --compare "$run" & shoot_and_close $! 8 compare-dark
INNER

ls -1 "$out"/*.png
