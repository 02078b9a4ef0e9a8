#!/usr/bin/env bash
# Installs what is missing (as root), builds everything with the ci preset and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
start=$(date +%s)
bash scripts/build.sh ci
echo "build took $(( $(date +%s) - start )) s"
export QT_QPA_PLATFORM=offscreen
ctest --preset ci -j1 -LE wip
echo "build + tests took $(( $(date +%s) - start )) s"
