#!/usr/bin/env bash
# Configures and builds with a CMake preset (default: dev = GUI + tests) using all cores.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -- -j"$(nproc)"
