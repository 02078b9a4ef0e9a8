#!/usr/bin/env bash
# From a fresh Debian 12 machine: install the packages, build, and run the main job — a GDAS
# search on the embedded Fashion-MNIST — then print the genotype it found.
# Sized to finish in a few minutes on 2 CPU cores; drop the limits for the paper's settings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
run=${1:-runs/quickstart-fashion-mnist}
# A second quick start keeps the first one's run: it moves into $run/previous-<date>-<time>.
./build/release/app/gdas search --dataset fashion-mnist --space darts --channels 8 --cells 1 \
  --batch 64 --epochs 4 --train-limit 4000 --out "$run" --move-aside
./build/release/app/gdas genotype show "$run"
echo
echo "Run directory: $run   (open it in the workbench: ./build/release/app/workbench/gdas-workbench --open $run)"
