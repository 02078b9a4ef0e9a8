#!/usr/bin/env bash
# tst_parity under perturbations of float32 rounding: each line runs the test with one switch
# that changes the last bits of the engine's arithmetic but not its mathematics (LibTorch's CPU
# kernels at another instruction set, one of the engine's own kernels or fusions off, NCHW
# instead of channels-last). A case whose verdict changes between these lines hinges on a
# rounding, not on the code: docs/ENGINE.md, "An instance that does not hinge on one rounding".
#
#   tools/parity/perturb.sh [BUILD_DIR] [TEST_FILTER]     e.g. build/ci search:gdas_darts
#   GDAS_PARITY_DIR=/tmp/x tools/parity/perturb.sh ...    golden files from elsewhere
set -uo pipefail

build=${1:-build/ci}
filter=${2:-}
test_binary="$build/tests/engine/parity/tst_parity"
[ -x "$test_binary" ] || { echo "perturb.sh: $test_binary is missing (cmake --build $build --target tst_parity)" >&2; exit 2; }

perturbations=(
  "GDAS_PERTURBATION=none"   # the baseline: a variable nothing reads
  "ATEN_CPU_CAPABILITY=default"
  "GDAS_PARITY_CHANNELS_LAST=0"
  "GDAS_LEAN_AUTOGRAD=0"
  "GDAS_FAST_BATCHNORM=0"
  "GDAS_FUSED_BATCHNORM_SUM=0"
  "GDAS_FAST_DEPTHWISE=0"
  "GDAS_FAST_POINTWISE=0"
  "GDAS_FAST_POOLING=0"
  "GDAS_FUSED_NODE_RELU=0"
  "GDAS_CELL_OUTPUT_PARTS=0"
  "GDAS_OWN_FACTORIZED_REDUCE=0"
)

failed=0
for p in "${perturbations[@]}"; do
  # shellcheck disable=SC2086 # the filter is one argument or none
  out=$(env "$p" "$test_binary" $filter 2>&1)
  totals=$(grep -o 'Totals: [0-9]* passed, [0-9]* failed' <<<"$out")
  first=$(grep -o 'case [a-z_0-9]*, step [0-9]*, .*' <<<"$out" | head -1)
  alpha=$(grep -E 'parity \| [a-z_0-9]+ \| α gradient \|' <<<"$out" | sed -E 's/.*parity \| ([a-z_0-9]+) \| α gradient \| ([^|]*) \|.*/\1 \2/' | tr '\n' ' ')
  printf '%-32s %s  α gradient: %s%s\n' "$p" "${totals:-no result}" "$alpha" "${first:+ FIRST FAILURE: $first}"
  grep -q ' 0 failed' <<<"$totals" || failed=1
done
exit $failed
