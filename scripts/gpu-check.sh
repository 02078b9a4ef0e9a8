#!/usr/bin/env bash
# Builds gdas on a GPU server against the CUDA LibTorch of its Python torch and checks it:
# the core tests on the GPU where Qt 6 Test is installed (GDAS_TEST_DEVICE=cuda), otherwise a
# command-line smoke test (a 2-epoch search + resume, bench with and without mixed precision,
# a 2-process data-parallel search over Gloo and, with 2+ GPUs, over NCCL). Prints one JSON
# summary on the last line; exits non-zero when a check failed.
#
#   scripts/gpu-check.sh                    # on the GPU server, from a clone with deps/ in it
#   scripts/gpu-check.sh --device cpu       # the same path on a CPU machine (checks the build)
#
# Environment: GDAS_DEPS (default <repo>/deps, from scripts/prepare-deps.sh on a Debian machine),
# GDAS_TORCH_PREFIX (default: python3 -c 'import torch;print(torch.utils.cmake_prefix_path)'),
# GDAS_BUILD_DIR (default <repo>/build/gpu-check), JOBS (default: all cores),
# CTEST_JOBS (default 6), CTEST_ARGS (more ctest arguments, e.g. -R tst_supernet), GDAS_CHECK_TESTS=off (skip the test suite even where Qt 6 Test exists), GDAS_CMAKE_ARGS (more
# configure arguments, split at spaces).
set -uo pipefail

device=cuda
if [[ "${1:-}" == "--device" && -n "${2:-}" ]]; then
    device="$2"
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="${GDAS_DEPS:-$repo/deps}"
build="${GDAS_BUILD_DIR:-$repo/build/gpu-check}"
jobs="${JOBS:-$(nproc)}"
work="$(mktemp -d /tmp/gdas-gpu-check.XXXXXX)"
results="$work/results.tsv"  # name \t ok|failed \t detail
: > "$results"
log() { echo "gpu-check: $*" >&2; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "${3//$'\t'/ }" >> "$results"; }
summary() {
    python3 - "$results" "$work" "$device" "${torch_version:-unknown}" "${gpus:-0}" "${tests_mode:-none}" <<'PY'
import json, sys, pathlib
results, work, device, torch_version, gpus, mode = sys.argv[1:7]
checks = {}
for line in pathlib.Path(results).read_text().splitlines():
    name, status, detail = (line.split("\t") + ["", ""])[:3]
    try:
        detail = json.loads(detail)
    except ValueError:
        pass
    checks[name] = {"status": status, "detail": detail}
print(json.dumps({"gpu_check": "ok" if all(c["status"] in ("ok", "skipped") for c in checks.values()) and checks else "failed",
                  "device": device, "torch": torch_version, "gpus": int(gpus), "checks_run": mode,
                  "work_dir": work, "checks": checks}))
PY
}
finish() {
    summary
    if grep -q $'\tfailed\t' "$results" || [[ ! -s "$results" ]]; then exit 1; fi
    exit 0
}

# 1. LibTorch.
torch_prefix="${GDAS_TORCH_PREFIX:-}"
torch_version=unknown
gpus=0
if python3 -c 'import torch' 2>/dev/null; then
    torch_version="$(python3 -c 'import torch;print(torch.__version__)')"
    [[ -z "$torch_prefix" ]] && torch_prefix="$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')"
    gpus="$(python3 -c 'import torch;print(torch.cuda.device_count() if torch.cuda.is_available() else 0)')"
    if [[ "$(python3 -c 'import torch;print(int(torch.compiled_with_cxx11_abi()))')" != 1 ]]; then
        log "torch $torch_version uses the old C++ ABI; gdas's libraries use the CXX11 ABI: take a torch >= 2.7 wheel"
        record libtorch failed "torch $torch_version: pre-CXX11 ABI"
        finish
    fi
fi
if [[ "$device" == cuda* && "$gpus" == 0 ]]; then
    log "no CUDA device visible to python3's torch ($torch_version)"
    record libtorch failed "no CUDA device (torch $torch_version)"
    finish
fi
record libtorch ok "{\"version\": \"$torch_version\", \"cmake_prefix\": \"$torch_prefix\"}"

# 2. Header-only dependencies: the deps folder, prepared here if this machine has the packages.
if [[ ! -d "$deps/lib/cmake" ]]; then
    if [[ -f /usr/include/CLI/CLI.hpp && -f /usr/include/spdlog/spdlog.h ]]; then
        bash "$repo/scripts/prepare-deps.sh" "$deps" >&2 || { record deps failed "prepare-deps.sh failed"; finish; }
    else
        log "$deps is missing: run scripts/prepare-deps.sh on a Debian machine and copy the folder here"
        record deps failed "$deps missing"
        finish
    fi
fi
record deps ok "\"$deps\""

# 3. Qt 6 Test decides between the test suite and the command-line smoke test. A Qt copied
#    by `prepare-deps.sh --qt` (deps/qt) serves where the system has none.
qt_prefix=""
if [[ -d "$deps/qt/lib/x86_64-linux-gnu/cmake/Qt6Test" ]]; then
    qt_prefix="$deps/qt"
    export LD_LIBRARY_PATH="$deps/qt/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
probe="$work/qtprobe"
mkdir -p "$probe"
cat > "$probe/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(qtprobe LANGUAGES CXX)  # Qt6Config checks threads and atomics with the compiler
find_package(Qt6 6.4 QUIET COMPONENTS Core Test)
file(WRITE "${CMAKE_BINARY_DIR}/found" "${Qt6Test_FOUND}")
CMAKE
tests=OFF
if [[ "${GDAS_CHECK_TESTS:-auto}" != off ]] && cmake -S "$probe" -B "$probe/build" ${qt_prefix:+-DCMAKE_PREFIX_PATH="$qt_prefix"} > "$work/qtprobe.log" 2>&1 && [[ "$(cat "$probe/build/found" 2>/dev/null)" =~ ^(1|ON|TRUE)$ ]]; then
    tests=ON
fi
tests_mode=$([[ $tests == ON ]] && echo "ctest" || echo "cli-smoke")

# 4. Configure and build (no GUI).
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
prefix="$deps"
[[ -n "$qt_prefix" ]] && prefix="$qt_prefix;$prefix"
[[ -n "$torch_prefix" ]] && prefix="$prefix;$torch_prefix"
log "configuring in $build (tests: $tests)"
if ! cmake -S "$repo" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DGDAS_BUILD_GUI=OFF \
        -DGDAS_BUILD_TESTS=$tests -DCMAKE_PREFIX_PATH="$prefix" ${GDAS_CMAKE_ARGS:-} > "$work/configure.log" 2>&1; then
    tail -n 30 "$work/configure.log" >&2
    record configure failed "see $work/configure.log"
    finish
fi
found="$(grep -E '^(CLI11|nlohmann_json|spdlog|fmt|Torch|Qt6Test)_DIR:' "$build/CMakeCache.txt" | tr '\n' ' ')"
backends="$(grep -o 'gdas distributed backends: .*' "$work/configure.log" | head -n1)"
record configure ok "\"$found$backends\""
log "building with $jobs jobs"
keep_going=()
[[ ${#generator[@]} -gt 0 ]] && keep_going=(-- -k 0)  # every compile error of a new LibTorch at once
if ! cmake --build "$build" -j "$jobs" "${keep_going[@]}" > "$work/build.log" 2>&1; then
    grep -E -A12 'error:|FAILED' "$work/build.log" | head -n 300 >&2
    record build failed "see $work/build.log"
    finish
fi
gdas="$build/app/gdas"
record build ok "\"$gdas\""

# 5a. The command line first, always (a short search + resume, bench, data parallelism).
search=(search --dataset synthetic --space darts --batch 64 --max-steps 10 --log-every 5 --seed 1 --quiet)
if "$gdas" "${search[@]}" --device "$device" --epochs 2 --out "$work/search" > "$work/search.log" 2>&1 &&
        "$gdas" search --resume "$work/search" --epochs 3 --quiet >> "$work/search.log" 2>&1 &&
        [[ "$(wc -l < "$work/search/epochs.jsonl")" == 3 ]]; then
    record search_resume ok "$(tail -n1 "$work/search/metrics.jsonl")"
else
    tail -n 20 "$work/search.log" >&2
    record search_resume failed "see $work/search.log"
fi
for amp in off bf16 fp16; do
    [[ "$device" == cpu && "$amp" == fp16 ]] && continue  # fp16 autocast is CUDA-only
    if out="$("$gdas" bench --device "$device" --case darts-gdas --case nb201-gdas --steps 5 --amp "$amp" 2> "$work/bench-$amp.log")"; then
        record "bench_amp_$amp" ok "$(python3 -c 'import json,sys;print(json.dumps(json.loads(sys.stdin.read())["results"]))' <<< "$out")"
    else
        tail -n 20 "$work/bench-$amp.log" >&2
        record "bench_amp_$amp" failed "see $work/bench-$amp.log"
    fi
done

# Two processes as torchrun starts them (RANK, WORLD_SIZE, ... set by hand: no torchrun needed).
data_parallel() {  # data_parallel <name> <device>
    local name="$1" dev="$2" port
    port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
    local pids=()
    for rank in 0 1; do
        mkdir -p "$work/$name/rank$rank"
        (cd "$work/$name/rank$rank" && WORLD_SIZE=2 RANK=$rank LOCAL_RANK=$rank MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
            OMP_NUM_THREADS=1 exec "$gdas" "${search[@]}" --device "$dev" --epochs 2 --dist-timeout 120 --out run \
            > "$work/$name/rank$rank.log" 2>&1) &
        pids+=($!)
    done
    local ok=1
    for pid in "${pids[@]}"; do wait "$pid" || ok=0; done
    if [[ $ok == 1 && -f "$work/$name/rank0/run/genotype.json" && ! -e "$work/$name/rank1/run" ]]; then
        record "$name" ok "\"$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["device"])' "$work/$name/rank0/run/config.json")\""
    else
        tail -n 20 "$work/$name/rank0.log" "$work/$name/rank1.log" >&2
        record "$name" failed "see $work/$name"
    fi
}
if grep -q 'gloo=ON' "$work/configure.log"; then
    data_parallel data_parallel_gloo_cpu cpu
else
    # pip's LibTorch ships no Gloo headers, so a build against it has NCCL only (see the configure line).
    record data_parallel_gloo_cpu skipped "\"this LibTorch has no Gloo headers: $backends\""
fi
if [[ "$device" == cuda* && "$gpus" -ge 2 ]]; then
    data_parallel data_parallel_cuda cuda
fi

# 5b. Then the test suite, on the GPU where a test can use one.
if [[ $tests == ON ]]; then
    log "running the tests (GDAS_TEST_DEVICE=$device)"
    if GDAS_TEST_DEVICE="$device" ctest --test-dir "$build" --output-on-failure --timeout "${CTEST_TIMEOUT:-600}" -j "${CTEST_JOBS:-6}" ${CTEST_ARGS:-} \
            > "$work/ctest.log" 2>&1; then
        record ctest ok "\"$(grep -E 'tests passed' "$work/ctest.log" | tail -n1)\""
    else
        tail -n 60 "$work/ctest.log" >&2
        record ctest failed "\"$(grep -E 'tests passed|tests failed' "$work/ctest.log" | tail -n1)\""
    fi
fi

finish
