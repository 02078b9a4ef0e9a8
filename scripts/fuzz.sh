#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang + ASan + UBSan) into build/fuzz and runs each one
# for a bounded time on a copy of its seed corpus (tests/fuzz/corpus/<target>/), so the
# repository's corpus is not flooded. Prints the executions per target; exits non-zero when a
# target crashes (the input that did it is kept under build/fuzz/findings/<target>/).
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   space-separated subset (default: all)
#   FUZZ_JOBS      build jobs (default: all cores)
#   FUZZ_SKIP_REGRESSIONS=1  leave out the seeds named regression_* (inputs of findings that are
#                  not fixed yet), to keep fuzzing a target past a known crash
# Usage: bash scripts/fuzz.sh            (as root, installs clang + libFuzzer when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${FUZZ_SECONDS:-60}
all_targets="fuzz_genotype_json fuzz_darts_literal fuzz_nb201_string fuzz_run_directory fuzz_idx_reader fuzz_cifar_reader fuzz_image_decode fuzz_benchmark_pickle"
targets=${FUZZ_TARGETS:-$all_targets}
build=$root/build/fuzz
start=$(date +%s)

if ! command -v clang++ >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-dev 2>/dev/null | grep -q "ok installed"; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: needs clang and libFuzzer: sudo apt-get install clang libclang-rt-dev" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null
fi

export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
cmake -S fuzz -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" --target $targets -- -j"${FUZZ_JOBS:-$(nproc)}"
echo "fuzz: build took $(( $(date +%s) - start )) s"

# LibTorch is not instrumented; its allocations at exit are not ours to report.
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:${ASAN_OPTIONS:-}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/gdas-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=()
printf '%-22s %12s %10s %s\n' target executions exec/s result
for t in $targets; do
  name=${t#fuzz_}
  corpus=$work/$name
  mkdir -p "$corpus" "$build/findings/$name"
  cp -r "$root/tests/fuzz/corpus/$name/." "$corpus/"
  [ "${FUZZ_SKIP_REGRESSIONS:-0}" = 1 ] && rm -f "$corpus"/regression_*
  log=$build/findings/$name/last-run.log
  set +e
  # -rss_limit_mb: the data readers link LibTorch (about 1 GB mapped under ASan).
  (cd "$work" && TMPDIR=$work "$build/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
     -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$build/findings/$name/" "$corpus") >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if [ $rc -eq 0 ] && [ "${execs:-0}" -gt 0 ]; then
    result=ok
  elif [ $rc -eq 0 ]; then
    result="FAILED (ran no input; see $log)"
    failed+=("$t")
    rc=1
  else
    result="FAILED (exit $rc; see $log)"
    failed+=("$t")
  fi
  printf '%-22s %12s %10s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
  if [ $rc -ne 0 ]; then
    grep -E "ERROR|SUMMARY|what\(\)|invariant" "$log" | head -5 | sed 's/^/    /' || true
    ls "$build/findings/$name"/crash-* "$build/findings/$name"/leak-* "$build/findings/$name"/timeout-* \
       "$build/findings/$name"/oom-* 2>/dev/null | sed 's/^/    input: /' || true
  fi
done
echo "fuzz: took $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: crashes in: ${failed[*]}" >&2
  exit 1
fi
