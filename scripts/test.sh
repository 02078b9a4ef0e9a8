#!/usr/bin/env bash
# Installs what is missing (as root), builds everything with the ci preset and runs every test;
# then the reliability stages of docs/RELIABILITY.md: the libFuzzer targets for a bounded time
# and AddressSanitizer + UBSan builds of the core, the CLI and their tests, and of the widgets
# and their tests; ThreadSanitizer on the workbench controller's tests when it fits (below).
# Prints each stage's duration; exits non-zero when any stage failed.
#   GDAS_CI_STAGES  which stages (default "format tests fuzz asan asan-gui tsan"); a developer's
#                   choice only: under CI=true every stage runs and a narrower list is an error
#   FUZZ_SECONDS    seconds per fuzz target (default 30)
# Every stage asked for runs; a stage that cannot run (a tool or package missing, nothing to
# test) fails the run with its reason. Nothing is skipped to save time: the stages fit CI's
# limit from a cold cache (docs/RELIABILITY.md, "In CI", has the timings).
set -euo pipefail
cd "$(dirname "$0")/.."
all_stages="format tests fuzz asan asan-gui tsan"
stages=${GDAS_CI_STAGES:-$all_stages}
if [ "${CI:-}" = true ]; then
  if [ "$stages" != "$all_stages" ]; then
    echo "test.sh: under CI=true every stage runs; GDAS_CI_STAGES='$stages' would leave some out" >&2
    exit 2
  fi
  # CI installed every package the tests need: a test that finds one missing fails, not skips.
  export GDAS_REQUIRE_PREREQUISITES=1
fi
for s in $stages; do
  case " $all_stages " in *" $s "*) ;; *) echo "test.sh: unknown stage '$s' ($all_stages)" >&2; exit 2 ;; esac
done
export FUZZ_SECONDS=${FUZZ_SECONDS:-30}
# Core and CLI tests under ASan: the model, the run directory, the engine's writers and
# sessions, the engine's own CPU kernels (pooling, 1x1 convolutions, BatchNorm, the lean
# layers), the CLI and the reliability tests but the two that run whole searches again and again
# (tst_killresume, tst_diskfaults: 8-10 times slower in this Debug build, near their 300 s).
asan_tests='^tst_(genotypeformats|runrecord|searchspace|genotypederivation|searchhealth|runwriter|searchsession|cli|hostileinput|nonfiniteloss|checkpointkeys|benchmarkpickle|benchmarkdb|study|studycli|pooling3x3|pointwise|channelslastbatchnorm|leanautograd|operations)$'

bash scripts/install-deps.sh
export QT_QPA_PLATFORM=offscreen
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
start=$(date +%s)
summary=()
failed=0
stage() {  # stage NAME COMMAND...: runs it when asked for, records its time and result
  local name=$1 begin rc
  shift
  case " $stages " in *" $name "*) ;; *) return 0 ;; esac
  begin=$(date +%s)
  echo "=== $name"
  set +e
  "$@"
  rc=$?
  set -e
  summary+=("$(printf '%-9s %5d s  %s' "$name" $(( $(date +%s) - begin )) "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")")")
  [ $rc -eq 0 ] || failed=1
}

build_and_test() {
  bash scripts/build.sh ci || return
  echo "build took $(( $(date +%s) - start )) s"
  ctest --preset ci -j1 --no-tests=error
}

stage format bash scripts/format.sh --check
stage tests build_and_test
stage fuzz bash scripts/fuzz.sh
stage asan env SANITIZE_STEPS=asan SANITIZE_TESTS="$asan_tests" bash scripts/sanitize.sh
stage asan-gui env SANITIZE_STEPS=asan-gui bash scripts/sanitize.sh
stage tsan env SANITIZE_STEPS=tsan bash scripts/sanitize.sh

echo
echo "test.sh: stages ($(nproc) cores)"
printf '  %s\n' "${summary[@]}"
echo "build + tests + reliability stages took $(( $(date +%s) - start )) s"
exit $failed
