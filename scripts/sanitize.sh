#!/usr/bin/env bash
# Sanitizer runs, each a build directory of its own:
#   asan      the `asan` preset (AddressSanitizer + UBSan, Debug) without the GUI: core and CLI
#             tests, the reliability tests included (build/asan)
#   asan-gui  one widgets test under ASan + UBSan (build/asan-gui)
#   tsan      the `tsan` preset: the workbench's SearchController pause/resume/stop test, or
#             SearchSession's pause test when the workbench is not built (build/tsan)
# LibTorch, Qt and libgomp are not instrumented: leak checking is off (their allocations at exit
# are not ours), and tests/reliability/tsan.supp silences races inside them.
#   SANITIZE_STEPS  which steps (default: "asan asan-gui tsan")
#   SANITIZE_TESTS  ctest -R regex for the asan step; only those tests (and gdas) are built
#                   (default: every test of the GUI-less build)
#   SANITIZE_JOBS   build jobs (default: all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
steps=${SANITIZE_STEPS:-asan asan-gui tsan}
jobs=${SANITIZE_JOBS:-$(nproc)}
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0:${ASAN_OPTIONS:-}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}
total_start=$(date +%s)
summary=()

timed() {  # timed LABEL COMMAND...: runs it, records its seconds
  local label=$1 start rc
  shift
  start=$(date +%s)
  set +e
  "$@"
  rc=$?
  set -e
  summary+=("$(printf '%-34s %5d s  %s' "$label" $(( $(date +%s) - start )) "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")")")
  return $rc
}

has_target() {  # has_target BUILD_DIR TARGET
  ninja -C "$1" -t targets all 2>/dev/null | grep -q "^$2:"
}

failed=0
for step in $steps; do
  case $step in
  asan)
    cmake --preset asan -DGDAS_BUILD_GUI=OFF >/dev/null
    # Each test's executable carries its name (tests/CMakeLists.txt): build only those chosen.
    targets=()
    if [ -n "${SANITIZE_TESTS:-}" ]; then
      mapfile -t targets < <(ctest --test-dir build/asan -N -R "$SANITIZE_TESTS" | sed -n 's/^ *Test *#[0-9]*: //p')
      targets+=(gdas)
    fi
    timed "asan: build (core, CLI, ${#targets[@]} targets; 0 = all)" \
      cmake --build build/asan ${targets[@]+--target "${targets[@]}"} -- -j"$jobs" || { failed=1; continue; }
    timed "asan: ctest" ctest --test-dir build/asan --output-on-failure -j1 --timeout 1200 \
      ${SANITIZE_TESTS:+-R "$SANITIZE_TESTS"} || failed=1
    ;;
  asan-gui)
    cmake -S . -B build/asan-gui -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDAS_SANITIZE=address,undefined \
      -DGDAS_BUILD_GUI=ON >/dev/null
    if ! has_target build/asan-gui tst_cellgraphview; then
      summary+=("asan-gui: no widgets test in this tree, skipped")
      continue
    fi
    timed "asan-gui: build tst_cellgraphview" cmake --build build/asan-gui --target tst_cellgraphview -- -j"$jobs" \
      || { failed=1; continue; }
    timed "asan-gui: tst_cellgraphview" ctest --test-dir build/asan-gui --output-on-failure -R '^tst_cellgraphview$' \
      || failed=1
    ;;
  tsan)
    cmake --preset tsan >/dev/null
    test=tst_searchcontroller
    has_target build/tsan "$test" || test=tst_searchsession
    timed "tsan: build $test" cmake --build build/tsan --target "$test" -- -j"$jobs" || { failed=1; continue; }
    filter=()
    [ "$test" = tst_searchsession ] && filter=(pauseBlocksUntilResume)
    # One intra-op thread: OpenMP's own barriers are invisible to TSan (libgomp is not
    # instrumented) and would be reported as races; the threads under test are ours.
    timed "tsan: $test" env OMP_NUM_THREADS=1 \
      TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$root/tests/reliability/tsan.supp" \
      "build/tsan/tests/$([ "$test" = tst_searchcontroller ] && echo app/workbench || echo engine/search)/$test" \
      "${filter[@]}" || failed=1
    ;;
  *)
    echo "sanitize: unknown step '$step' (asan, asan-gui, tsan)" >&2
    exit 2
    ;;
  esac
done

echo
echo "sanitize: summary ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %s\n' "${summary[@]}"
echo "sanitize: took $(( $(date +%s) - total_start )) s"
exit $failed
