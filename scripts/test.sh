#!/usr/bin/env bash
# Installs what is missing (as root), builds everything with the ci preset and runs every test;
# then the reliability stages of docs/RELIABILITY.md: the libFuzzer targets for a bounded time
# and AddressSanitizer + UBSan builds of the core, the CLI and their tests, and of the widgets
# and their tests; ThreadSanitizer on the workbench controller's tests when it fits (below).
# Prints each stage's duration; exits non-zero when any stage failed.
#   GDAS_CI_STAGES  which stages (default "tests fuzz asan asan-gui tsan")
#   FUZZ_SECONDS    seconds per fuzz target (default 30)
#   GDAS_CI_DEADLINE_S  a reliability stage that would likely end past this many seconds after
#                   the start (its cold-build time on 2 cores as the estimate) is skipped and
#                   reported SKIPPED, so that a slow runner stays inside CI's limit (default
#                   4500 = 75 minutes, a margin under the 90-minute CI limit; 0: no limit)
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${GDAS_CI_STAGES:-tests fuzz asan asan-gui tsan}
export FUZZ_SECONDS=${FUZZ_SECONDS:-30}
# Core and CLI tests under ASan: the model, the run directory, the engine's writers and
# sessions, the CLI and the reliability tests but the two that run whole searches again and again
# (tst_killresume, tst_diskfaults: 8-10 times slower in this Debug build, near their 300 s).
asan_tests='^tst_(genotypeformats|runrecord|searchspace|genotypederivation|runwriter|searchsession|cli|hostileinput|nonfiniteloss|checkpointkeys)$'

bash scripts/install-deps.sh
export QT_QPA_PLATFORM=offscreen
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
start=$(date +%s)
summary=()
failed=0
deadline=${GDAS_CI_DEADLINE_S:-4500}
stage() {  # stage NAME ESTIMATE_S COMMAND...: runs it unless left out or past the deadline
  local name=$1 estimate=$2 begin rc
  shift 2
  case " $stages " in *" $name "*) ;; *) return 0 ;; esac
  if [ "$deadline" -gt 0 ] && [ $(( $(date +%s) - start + estimate )) -gt "$deadline" ]; then
    summary+=("$(printf '%-9s %5s    SKIPPED (would end past %d s; GDAS_CI_DEADLINE_S)' "$name" - "$deadline")")
    return 0
  fi
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
  ctest --preset ci -j1 -LE wip
}

# Estimates: cold builds on 2 cores (docs/RELIABILITY.md, "In CI"); with ccache they are minutes.
# On a cold runner tsan (a third instrumented build of the engine, plus the workbench) does not
# fit the 90 minutes after the others and is reported SKIPPED; with a warm ccache it runs.
stage tests 0 build_and_test
stage fuzz 600 bash scripts/fuzz.sh
stage asan 2100 env SANITIZE_STEPS=asan SANITIZE_TESTS="$asan_tests" bash scripts/sanitize.sh
stage asan-gui 240 env SANITIZE_STEPS=asan-gui bash scripts/sanitize.sh
stage tsan 1300 env SANITIZE_STEPS=tsan bash scripts/sanitize.sh

echo
echo "test.sh: stages ($(nproc) cores)"
printf '  %s\n' "${summary[@]}"
echo "build + tests + reliability stages took $(( $(date +%s) - start )) s"
exit $failed
