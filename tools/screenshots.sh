#!/usr/bin/env bash
# Screenshots of gdas-workbench under Xvfb: a quick CPU search while it runs, the finished run
# reopened (light and dark palettes, and at QT_SCALE_FACTOR=2 for high-DPI screens), the welcome
# page (English, German, Simplified Chinese), the New Search dialog and the genotype comparison.
#
#   tools/screenshots.sh [BUILD_DIR] [OUT_DIR] [DOCS_DIR]
#
# BUILD_DIR defaults to build-gui, OUT_DIR to screenshots/. With DOCS_DIR (docs/images), the
# pictures the README and the user guide show are copied there. Needs xvfb-run and
# imagemagick's `import`. Settings and runs go to a temporary folder, never to the user's.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-gui}
out=${2:-$here/screenshots}
docs=${3:-}
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
SECONDS=0
# The picture of a live search: once four epochs are in (the cell has taken shape), however
# fast this machine runs the search.
for _ in $(seq 1 240); do
    [[ -f $run/epochs.jsonl && $(wc -l <"$run/epochs.jsonl") -ge 4 ]] && break
    sleep 0.5
done
sleep 1
import -window root "$out/search-live.png"
for t in $shots; do
    (( t > SECONDS )) && sleep $((t - SECONDS))
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
# No run open: the welcome page, with the quick look above among the recent runs.
LANG=C.UTF-8 "$app" & shoot_and_close $! 8 welcome
LANG=de_DE.UTF-8 "$app" & shoot_and_close $! 8 welcome-de
LANG=zh_CN.UTF-8 "$app" & shoot_and_close $! 8 welcome-zh_CN
INNER

# High-DPI: everything drawn at twice the size on a screen of twice the pixels.
xvfb-run -a -s "-screen 0 3200x2000x24" bash -s -- "$app" "$out" "$run" <<'INNER'
set -euo pipefail
app=$1 out=$2 run=$3
QT_SCALE_FACTOR=2 "$app" --open "$run" &
pid=$!
sleep 12
import -window root "$out/open-hidpi.png"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
INNER

if [[ -n $docs ]]; then
    mkdir -p "$docs"
    # The window (1500×940 at its first start, at the screen's corner) without the empty rest.
    convert "$out/search-live.png" -crop 1500x940+0+0 +repage "$docs/workbench.png"
    convert "$out/welcome.png" -crop 1500x940+0+0 +repage "$docs/welcome.png"
fi

ls -1 "$out"/*.png
