#!/usr/bin/env bash
# Sanitizer runs, each a build directory of its own:
#   asan      the `asan` preset (AddressSanitizer + UBSan, Debug) without the GUI: core and CLI
#             tests, the reliability tests included (build/asan)
#   asan-gui  the widgets tests under ASan + UBSan (build/asan-gui; the widgets link no LibTorch,
#             so this build is minutes, not the engine's half hour)
#   tsan      the `tsan` preset: the workbench's SearchController tests (tst_searchcontroller,
#             tst_controllerstress), or SearchSession's pause test when the workbench is not
#             built (build/tsan)
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
  # grep reads the whole list: with -q it would stop early, ninja would die of SIGPIPE and
  # pipefail would turn a found target into a missing one.
  ninja -C "$1" -t targets all 2>/dev/null | grep "^$2:" >/dev/null
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
    timed "asan: ctest" ctest --test-dir build/asan --output-on-failure -j1 --timeout 1200 --no-tests=error \
      ${SANITIZE_TESTS:+-R "$SANITIZE_TESTS"} || failed=1
    ;;
  asan-gui)
    cmake -S . -B build/asan-gui -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDAS_SANITIZE=address,undefined \
      -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DGDAS_BUILD_GUI=ON >/dev/null
    widget_tests=()
    for t in tst_graphvizlayout tst_cellgraphview tst_cellgraphpanel tst_alphaheatmap tst_curvepanel \
             tst_genotypecompareview tst_searchhealthplot tst_benchmarkplot tst_studycurveplot \
             tst_gifwriter tst_cellanimation; do
      has_target build/asan-gui "$t" && widget_tests+=("$t")
    done
    if [ ${#widget_tests[@]} -eq 0 ]; then
      summary+=("asan-gui: FAILED: no widgets test target in build/asan-gui (is the GUI configured?)")
      failed=1
      continue
    fi
    timed "asan-gui: build ${#widget_tests[@]} widgets tests" \
      cmake --build build/asan-gui --target "${widget_tests[@]}" -- -j"$jobs" || { failed=1; continue; }
    regex="^($(IFS='|'; echo "${widget_tests[*]}"))\$"
    timed "asan-gui: ctest" ctest --test-dir build/asan-gui --output-on-failure -j1 --no-tests=error -R "$regex" || failed=1
    ;;
  tsan)
    cmake --preset tsan >/dev/null
    # The workbench's controller tests (pause, resume, stop from another thread; 1,000 random
    # requests; a followed run directory; the window closed mid-run), or the engine's pause test
    # when the workbench is not built.
    tests=()
    for t in tst_searchcontroller tst_controllerstress; do
      has_target build/tsan "$t" && tests+=("$t")
    done
    [ ${#tests[@]} -eq 0 ] && tests=(tst_searchsession)
    timed "tsan: build ${tests[*]}" cmake --build build/tsan --target "${tests[@]}" -- -j"$jobs" || { failed=1; continue; }
    for test in "${tests[@]}"; do
      filter=()
      [ "$test" = tst_searchsession ] && filter=(pauseBlocksUntilResume)
      # One intra-op thread: OpenMP's own barriers are invisible to TSan (libgomp is not
      # instrumented) and would be reported as races; the threads under test are ours.
      timed "tsan: $test" env OMP_NUM_THREADS=1 \
        TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$root/tests/reliability/tsan.supp" \
        "build/tsan/tests/$(case $test in tst_searchsession) echo engine/search ;; *) echo app/workbench ;; esac)/$test" \
        "${filter[@]}" || failed=1
    done
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
