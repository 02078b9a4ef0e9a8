#!/usr/bin/env bash
# Timings of image-folder data sets (docs/USER_GUIDE.md, "Your own images"):
#  1. Fashion-MNIST written as 70,000 28x28 grey PNGs (train/ and test/ class folders), then
#     decoded and cached cold, and read back warm (gdas-folder-bench load);
#  2. the first epoch of the same small search on that folder (warm cache) and on Fashion-MNIST's
#     IDX files, at the same size (28x28x1), REPEAT times each, alternating;
#  3. with TINY=1, 100,000 8x8 PNGs in 10 classes written, decoded and cached, read back.
# Usage: bash bench/folder_timings.sh [BUILD_DIR] [WORK_DIR]
#   REPEAT=2 (epoch runs per data set), ALGORITHM=gdas|darts, SKIP_EPOCHS=1, TINY=1
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
work=${2:-${TMPDIR:-/tmp}/gdas-folder-timings}
repeat=${REPEAT:-2}
skip_epochs=${SKIP_EPOCHS:-0}
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
cmake --build "$build" --target gdas gdas-folder-bench -j2 >/dev/null
bench=$build/bench/gdas-folder-bench
gdas=$(find "$build/app" -maxdepth 2 -name gdas -type f -perm -u+x | head -1)
mkdir -p "$work"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -d "$work/fashion-png/test" ]; then
  echo "== writing Fashion-MNIST as PNGs"
  "$bench" write-fashion "$work/fashion-png"
fi
echo "== decode + cache of $work/fashion-png at 28x28 (cold: empty cache), then warm"
rm -rf "$work/cache"
GDAS_CACHE_DIR=$work/cache "$bench" load "$work/fashion-png" 28
ls -l "$work"/cache/*.gdasimg

echo "== the data path alone: load + every batch of one epoch (Batcher, batch 64, augmented), twice"
GDAS_CACHE_DIR=$work/cache "$bench" batches "$work/fashion-png"

# NAS-Bench-201, C=8, N=1, batch 64: 468 steps per epoch over the 60,000 training images. GDAS
# samples one operation per edge, so two runs on different data also compute different amounts;
# ALGORITHM=darts (every operation every step, --max-steps 150) takes that out.
search=(search --space nas-bench-201 --epochs 1 --batch 64 --channels 8 --cells 1 --threads 2 --log-every 100 -q
        --algorithm "${ALGORITHM:-gdas}")
[ "${ALGORITHM:-gdas}" = darts ] && search+=(--max-steps 150)
epoch_seconds() { python3 -c "import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l)
    if r.get('type')=='epoch': print('%.1f' % r['seconds'])" "$1/metrics.jsonl"; }
[ "$skip_epochs" = 1 ] && repeat=0
for i in $(seq 1 "$repeat"); do
  for data in folder idx; do
    run=$work/run-$data-$i
    rm -rf "$run"
    if [ $data = folder ]; then
      args=(--dataset folder --data-dir "$work/fashion-png" --image-size 28)
    else
      args=(--dataset fashion-mnist)
    fi
    start=$(date +%s.%N)
    GDAS_CACHE_DIR=$work/cache "$gdas" "${search[@]}" "${args[@]}" --out "$run" >"$run.log" 2>&1
    end=$(date +%s.%N)
    printf '%-7s run %d: process %.1f s, first epoch %s s, load %s\n' "$data" "$i" "$(echo "$end - $start" | bc)" \
      "$(epoch_seconds "$run")" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

if [ "${TINY:-0}" = 1 ]; then
  echo "== 100,000 8x8 PNGs"
  [ -d "$work/tiny" ] || "$bench" write-tiny "$work/tiny" 100000
  rm -rf "$work/cache-tiny"
  GDAS_CACHE_DIR=$work/cache-tiny "$bench" load "$work/tiny" 8
  ls -l "$work"/cache-tiny/*.gdasimg
fi
