#!/usr/bin/env bash
# Builds gdas and the workbench on a GPU server against the CUDA LibTorch of its Python torch, and
# checks all of it on the GPU in one go. On a 16-core server with one H200 its one run took 9
# minutes, 2 of them the build; since then the projections reuse check 5's medians and the tuned
# official side is optional, about 1.5 minutes less (not timed there yet):
#
#   1. the build: the command line, the workbench and the engine tests that run on CUDA;
#   2. the workbench under QT_QPA_PLATFORM=offscreen: a quick look with --device cuda, its window
#      saved as a PNG once 5 epochs are done (the status bar names the GPU);
#   3. `gdas bench` on the GPU with --amp off, bf16 and fp16: the search step of the DARTS space and
#      NAS-Bench-201 and the evaluation network's training step (what `gdas retrain` runs), images/s;
#   4. the engine tests with GDAS_TEST_DEVICE=cuda, parity golden tests included (at most
#      GDAS_CHECK_TEST_SECONDS, default 150);
#   5. bench/compare-official --device cuda: our search step against the official code's on the
#      same GPU (float32 both, alternating, medians), at the paper's batches (DARTS space 256,
#      NAS-Bench-201 64) -- where a copy of the official code is at hand (GDAS_REF_AUTODL);
#   6. the projected wall time of the paper's full searches from the measured step times;
#   7. a 2-epoch search on the GPU and its resume; a data-parallel search where it can run.
#
# Each check lands in one JSON (printed last, and written to $GDAS_CHECK_OUT/gpu-check.json after
# every check, so a run cut short still reports what it did) with the screenshot beside it.
# Exits non-zero when a check failed.
#
#   scripts/gpu-check.sh                    # on the GPU server, from a clone with deps/ (or deps.tar.xz) in it
#   scripts/gpu-check.sh --device cpu       # the same path on a CPU machine (a rehearsal of the script)
#
# What the server needs: Python torch 2.x with CUDA (the CXX11 ABI), CMake, a C++17 compiler, ninja
# or make. No apt, no Qt, no network: the header-only libraries, Qt, QCustomPlot, Graphviz, giflib
# and fonts come in deps/, made on a Debian 12 machine by `scripts/prepare-deps.sh --gui --tar`.
#
# Environment: GDAS_DEPS (default <repo>/deps; unpacked from <repo>/deps.tar.xz when only that is
# there), GDAS_TORCH_PREFIX (default: python3's torch.utils.cmake_prefix_path), GDAS_BUILD_DIR
# (default <repo>/build/gpu-check), GDAS_CHECK_OUT (default $OUT, else the work folder),
# GDAS_REF_AUTODL (the official code, for check 5; default <repo>/.official/autodl when there),
# GDAS_CHECK_BUDGET (seconds for the whole script, default 480: a check that no longer fits is
# skipped, and says so),
# JOBS (default: all cores), CTEST_ARGS (default: the engine tests that take GDAS_TEST_DEVICE),
# GDAS_CHECK_GUI=off (skip the workbench), GDAS_CHECK_TESTS=off (skip the tests),
# GDAS_CHECK_TUNED=on (also the tuned official code in check 5: about a minute more),
# GDAS_CMAKE_ARGS (more configure arguments, split at spaces), GDAS_CHECK_STEPS / GDAS_CHECK_WARMUP
# / GDAS_CHECK_REPS (timed steps, untimed steps and side-by-side repetitions; default 10, 3, 3:
# a rehearsal on a CPU takes fewer).
set -uo pipefail

device=cuda
if [[ "${1:-}" == "--device" && -n "${2:-}" ]]; then
    device="$2"
fi
started=$SECONDS
budget="${GDAS_CHECK_BUDGET:-480}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="${GDAS_DEPS:-$repo/deps}"
build="${GDAS_BUILD_DIR:-$repo/build/gpu-check}"
jobs="${JOBS:-$(nproc)}"
work="$(mktemp -d /tmp/gdas-gpu-check.XXXXXX)"
out="${GDAS_CHECK_OUT:-${OUT:-$work}}"
mkdir -p "$out"
results="$work/results.tsv"  # name \t ok|failed|skipped \t detail (JSON or text)
: > "$results"
log() { echo "gpu-check [$((SECONDS - started)) s]: $*" >&2; }
left() { echo $((budget - (SECONDS - started))); }
summary() {
    python3 - "$results" "$work" "$device" "${torch_version:-unknown}" "${gpus:-0}" "${gpu_name:-}" \
        "$((SECONDS - started))" <<'PY'
import json, sys, pathlib
results, work, device, torch_version, gpus, gpu_name, seconds = sys.argv[1:8]
checks = {}
for line in pathlib.Path(results).read_text().splitlines():
    name, status, detail = (line.split("\t") + ["", ""])[:3]
    try:
        detail = json.loads(detail)
    except ValueError:
        pass
    checks[name] = {"status": status, "detail": detail}
ok = bool(checks) and all(c["status"] in ("ok", "skipped") for c in checks.values())
print(json.dumps({"gpu_check": "ok" if ok else "failed", "device": device, "gpu": gpu_name,
                  "torch": torch_version, "gpus": int(gpus), "seconds": int(seconds),
                  "work_dir": work, "checks": checks}))
PY
}
record() {  # record <name> <ok|failed|skipped> <detail>; rewrites the JSON in $out
    printf '%s\t%s\t%s\n' "$1" "$2" "$(tr '\t\n' '  ' <<< "$3")" >> "$results"
    summary > "$out/gpu-check.json.tmp" && mv "$out/gpu-check.json.tmp" "$out/gpu-check.json"
}
finish() {
    summary
    if grep -q $'\tfailed\t' "$results" || [[ ! -s "$results" ]]; then exit 1; fi
    exit 0
}
# A failing stage's log goes into $out/logs.tar beside the JSON (one file, however many fail).
keep_log() { tar -rf "$out/logs.tar" -C "$(dirname "$1")" "$(basename "$1")" 2>/dev/null || true; }

# 1. LibTorch: python3's torch.
torch_prefix="${GDAS_TORCH_PREFIX:-}"
torch_version=unknown
gpus=0
gpu_name=""
# One Python start for all of it (each `import torch` of a CUDA build takes seconds).
if facts="$(python3 -c '
import torch
cuda = torch.cuda.is_available()
print(torch.__version__)
print(torch.utils.cmake_prefix_path)
print(torch.cuda.device_count() if cuda else 0)
print(torch.cuda.get_device_name(0) if cuda else "")
print(int(torch.compiled_with_cxx11_abi()))' 2>/dev/null)"; then
    { read -r torch_version; read -r python_prefix; read -r gpus; read -r gpu_name; read -r cxx11; } <<< "$facts"
    [[ -z "$torch_prefix" ]] && torch_prefix="$python_prefix"
    if [[ "$cxx11" != 1 ]]; then
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
record libtorch ok "{\"version\": \"$torch_version\", \"cmake_prefix\": \"$torch_prefix\", \"gpu\": \"$gpu_name\"}"

# 2. The carried libraries: deps/ (or deps.tar.xz), made by scripts/prepare-deps.sh.
if [[ ! -d "$deps/lib/cmake" && -f "$repo/deps.tar.xz" && -z "${GDAS_DEPS:-}" ]]; then
    log "unpacking deps.tar.xz"
    tar -C "$repo" -xJf "$repo/deps.tar.xz" || { record deps failed "cannot unpack $repo/deps.tar.xz"; finish; }
fi
if [[ ! -d "$deps/lib/cmake" ]]; then
    if [[ -f /usr/include/CLI/CLI.hpp && -f /usr/include/spdlog/spdlog.h && -x "$(command -v dpkg)" ]]; then
        bash "$repo/scripts/prepare-deps.sh" "$deps" >&2 || { record deps failed "prepare-deps.sh failed"; finish; }
    else
        log "$deps is missing: run scripts/prepare-deps.sh --gui --tar on a Debian 12 machine and copy deps.tar.xz here"
        record deps failed "$deps missing"
        finish
    fi
fi
# Qt and the workbench's libraries, where prepare-deps.sh --gui (or --qt) copied them.
qt_prefix=""
gui=OFF
multiarch=x86_64-linux-gnu
if [[ -d "$deps/qt/lib/$multiarch/cmake/Qt6Test" ]]; then
    qt_prefix="$deps/qt"
    # The libraries Qt and Graphviz need that this system lacks (a library it has is its own).
    mkdir -p "$work/runtime"
    if [[ -d "$deps/qt/runtime" ]]; then
        system_libs="$(ldconfig -p 2>/dev/null | awk 'NR > 1 { print $1 }' | sort -u)"
        for lib in "$deps/qt/runtime/"*; do
            grep -qxF "$(basename "$lib")" <<< "$system_libs" || ln -sf "$lib" "$work/runtime/"
        done
    fi
    export LD_LIBRARY_PATH="$deps/qt/lib/$multiarch:$work/runtime${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export PKG_CONFIG_PATH="$deps/qt/lib/$multiarch/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
    # shellcheck source=/dev/null
    [[ -f "$deps/qt/env.sh" ]] && source "$deps/qt/env.sh"
    [[ -d "$deps/qt/lib/$multiarch/cmake/Qt6Widgets" && "${GDAS_CHECK_GUI:-on}" != off ]] && gui=ON
fi
record deps ok "{\"folder\": \"$deps\", \"qt\": \"${qt_prefix:-none}\", \"gui\": \"$gui\", \"runtime_libraries_used\": $(ls "$work/runtime" 2>/dev/null | wc -l)}"

# 3. Configure and build what the checks run. Qt 6 Test decides whether the tests are built.
tests=OFF
if [[ "${GDAS_CHECK_TESTS:-on}" != off && -n "$qt_prefix" ]] || [[ "${GDAS_CHECK_TESTS:-on}" != off && -d /usr/lib/$multiarch/cmake/Qt6Test ]]; then
    tests=ON
fi
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
prefix="$deps"
[[ -n "$qt_prefix" ]] && prefix="$qt_prefix;$prefix"
[[ -n "$torch_prefix" ]] && prefix="$prefix;$torch_prefix"
log "configuring in $build (workbench: $gui, tests: $tests)"
if ! cmake -S "$repo" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DGDAS_BUILD_GUI=$gui \
        -DGDAS_BUILD_TESTS=$tests -DCMAKE_PREFIX_PATH="$prefix" ${GDAS_CMAKE_ARGS:-} > "$work/configure.log" 2>&1; then
    tail -n 30 "$work/configure.log" >&2
    keep_log "$work/configure.log"
    record configure failed "see configure.log in logs.tar"
    finish
fi
found="$(grep -E '^(CLI11|nlohmann_json|spdlog|fmt|Torch|Qt6|Qt6Widgets|QCustomPlotQt6)_DIR:' "$build/CMakeCache.txt" | tr '\n' ' ')"
backends="$(grep -o 'gdas distributed backends: .*' "$work/configure.log" | head -n1)"
record configure ok "\"$found$backends\""
cuda_tests=(tst_supernet tst_searchsession tst_retrainsession tst_parity tst_mixedprecision)
targets=(gdas)
[[ $gui == ON ]] && targets+=(gdas-workbench)
[[ $tests == ON ]] && targets+=("${cuda_tests[@]}")
log "building ${targets[*]} with $jobs jobs"
keep_going=()
[[ ${#generator[@]} -gt 0 ]] && keep_going=(-- -k 0)  # every compile error of a new LibTorch at once
build_started=$SECONDS
if ! cmake --build "$build" -j "$jobs" --target "${targets[@]}" "${keep_going[@]}" > "$work/build.log" 2>&1; then
    grep -E -A12 'error:|FAILED' "$work/build.log" | head -n 200 >&2
    keep_log "$work/build.log"
    record build failed "see build.log in logs.tar"
    # Without the workbench, the rest can still run.
    if [[ ! -x "$build/app/gdas" ]]; then finish; fi
else
    record build ok "{\"targets\": \"${targets[*]}\", \"seconds\": $((SECONDS - build_started))}"
fi
gdas="$build/app/gdas"
workbench="$build/app/workbench/gdas-workbench"

# 4. The workbench on the GPU: a quick look (synthetic images: a server has no Fashion-MNIST),
#    shot once 5 epochs are done. The window's status bar names the device.
if [[ $gui == ON && -x "$workbench" ]]; then
    log "workbench quick look on $device"
    shot="$out/workbench-$device.png"
    if HOME="$work/home" QT_QPA_PLATFORM=offscreen timeout 240 "$workbench" --quick-look --dataset synthetic \
            --device "$device" --output "$work/quick-look" --screenshot "$shot" --screenshot-epoch 5 \
            > "$work/workbench.log" 2>&1 && [[ -s "$shot" ]]; then
        state="$(grep -o 'wrote .*' "$work/workbench.log" | tail -n1)"
        ran_on="$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["device"])' "$work/quick-look/config.json" 2>/dev/null)"
        keep_log "$work/workbench.log"
        record workbench ok "{\"screenshot\": \"$(basename "$shot")\", \"run_device\": \"$ran_on\", \"log\": \"${state//\"/\'}\"}"
    else
        tail -n 20 "$work/workbench.log" >&2
        ldd "$workbench" "${QT_PLUGIN_PATH:-.}/platforms/libqoffscreen.so" 2>&1 | grep 'not found' | sort -u >> "$work/workbench.log"
        keep_log "$work/workbench.log"
        record workbench failed "see workbench.log in logs.tar"
    fi
elif [[ $gui == ON ]]; then
    record workbench failed "the workbench did not build"
fi

steps="${GDAS_CHECK_STEPS:-10}" warmup="${GDAS_CHECK_WARMUP:-3}" reps="${GDAS_CHECK_REPS:-3}"

# 5. gdas bench on the device: search steps and the evaluation network's training step.
bench_json() {  # bench_json <amp> <batch> <case...>: prints the results array
    local amp="$1" batch="$2"
    shift 2
    local cases=()
    for c in "$@"; do cases+=(--case "$c"); done
    "$gdas" bench --device "$device" "${cases[@]}" --batch "$batch" --steps "$steps" --warmup "$warmup" --amp "$amp" \
        2> "$work/bench-$amp-$batch.log" | python3 -c '
import json, sys
rows = json.loads(sys.stdin.read())["results"]
print(json.dumps([{k: r[k] for k in ("name", "batch", "amp", "step_seconds_median", "images_per_s", "device")}
                  for r in rows]))'
}
for amp in off bf16 fp16; do
    [[ "$device" == cpu && "$amp" == fp16 ]] && continue  # fp16 autocast is CUDA-only
    log "bench --amp $amp"
    if rows="$(bench_json "$amp" 64 darts-gdas nb201-gdas eval)"; then
        record "bench_amp_$amp" ok "$rows"
    else
        tail -n 20 "$work/bench-$amp-64.log" >&2
        keep_log "$work/bench-$amp-64.log"
        record "bench_amp_$amp" failed "see bench-$amp-64.log in logs.tar"
    fi
done

# 6. The engine tests on the device (check 4), at most GDAS_CHECK_TEST_SECONDS (default 150) of the budget.
if [[ $tests == ON ]]; then
    pattern="^($(IFS='|'; echo "${cuda_tests[*]}"))\$"
    seconds="$(left)"
    [[ "$seconds" -gt "${GDAS_CHECK_TEST_SECONDS:-150}" ]] && seconds="${GDAS_CHECK_TEST_SECONDS:-150}"
    if [[ "$seconds" -lt 60 ]]; then
        record ctest skipped "\"only $seconds s of the budget left\""
    else
        log "running the tests (GDAS_TEST_DEVICE=$device, $seconds s left)"
        if GDAS_TEST_DEVICE="$device" timeout "$((seconds - 10))" ctest --test-dir "$build" --output-on-failure \
                --timeout "$((seconds - 15))" -j "${CTEST_JOBS:-5}" ${CTEST_ARGS:--R "$pattern"} > "$work/ctest.log" 2>&1; then
            keep_log "$work/ctest.log"
            record ctest ok "\"$(grep -E 'tests passed' "$work/ctest.log" | tail -n1)\""
        else
            tail -n 60 "$work/ctest.log" >&2
            keep_log "$work/ctest.log"
            record ctest failed "\"$(grep -E 'tests passed|tests failed' "$work/ctest.log" | tail -n1)\""
        fi
    fi
fi

# 7. Against the official code on the same device (float32 both), at the paper's batches.
autodl="${GDAS_REF_AUTODL:-$repo/.official/autodl}"
if [[ -d "$autodl/xautodl" && "$(left)" -lt 90 ]]; then
    record official_darts-gdas skipped "\"only $(left) s of the budget left\""
elif [[ -d "$autodl/xautodl" ]]; then
    for spec in darts-gdas:256 nb201-gdas:64; do
        case_name="${spec%%:*}" batch="${spec##*:}"
        log "compare-official $case_name at batch $batch"
        if GDAS_REF_AUTODL="$autodl" GDAS_REF_DARTS="${GDAS_REF_DARTS:-$repo/.official/darts}" \
                python3 "$repo/bench/compare-official" --gdas "$gdas" --python python3 --device "$device" \
                --case "$case_name" --batch "$batch" --reps "$reps" --steps "$steps" --warmup "$warmup" --threads 4 \
                $([[ "${GDAS_CHECK_TUNED:-off}" == on ]] || echo --no-tuned) \
                --output "$out/compare-official-$case_name.json" > /dev/null 2> "$work/compare-$case_name.log"; then
            record "official_$case_name" ok "$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); c = r["cases"][sys.argv[2]]
print(json.dumps({"batch": r["batch"], "ours_s": c["ours"]["step_seconds_median"],
                  "official_s": c["official"]["step_seconds_median"],
                  "official_tuned_s": c.get("official_tuned", {}).get("step_seconds_median"),
                  "ours_over_official": c["ours_over_official"],
                  "ours_over_official_tuned": c.get("ours_over_official_tuned"),
                  "runs": {k: c[k]["runs"] for k in ("ours", "official", "official_tuned") if k in c},
                  "targets": r["targets"], "official_torch": r.get("official_torch")}))' \
                "$out/compare-official-$case_name.json" "$case_name")"
        else
            tail -n 20 "$work/compare-$case_name.log" >&2
            keep_log "$work/compare-$case_name.log"
            record "official_$case_name" failed "see compare-$case_name.log in logs.tar"
        fi
    done
else
    record official_darts-gdas skipped "\"no copy of the official code ($autodl)\""
fi

# 8. The paper's full searches, projected from measured step times (search steps only: the data
#    pipeline runs on its own thread beside them; the per-epoch evaluation is not counted):
#    DARTS space, 250 epochs of CIFAR-10's 25,000 training halves at batch 256 (98 steps);
#    NAS-Bench-201, 250 epochs at batch 64 (391 steps). The step times are check 5's medians at
#    those batches (float32, both sides), or, without the official code, one bench of ours.
log "projections"
projection_rows=()
for spec in darts-gdas:256:98 nb201-gdas:64:391; do
    IFS=: read -r case_name batch epoch_steps <<< "$spec"
    compared="$out/compare-official-$case_name.json"
    if [[ -s "$compared" ]]; then
        source_json="$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); c = r["cases"][sys.argv[2]]
print(json.dumps({"ours": c["ours"]["step_seconds_median"], "official": c["official"]["step_seconds_median"],
                  "source": "compare-official medians"}))' "$compared" "$case_name")"
    elif rows="$(bench_json off "$batch" "$case_name")"; then
        source_json="$(python3 -c '
import json, sys
print(json.dumps({"ours": json.loads(sys.argv[1])[0]["step_seconds_median"], "source": "gdas bench"}))' "$rows")"
    else
        continue
    fi
    projection_rows+=("$(python3 -c '
import json, sys
t = json.loads(sys.argv[1]); name, batch, steps = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
row = {"case": name, "batch": batch, "steps_per_epoch": steps, "epochs": 250, "source": t["source"],
       "step_seconds": t["ours"], "projected_hours": round(t["ours"] * steps * 250 / 3600, 3)}
if "official" in t:
    row["official_step_seconds"] = t["official"]
    row["official_projected_hours"] = round(t["official"] * steps * 250 / 3600, 3)
print(json.dumps(row))' "$source_json" "$case_name" "$batch" "$epoch_steps")")
done
if [[ ${#projection_rows[@]} -gt 0 ]]; then
    record projections ok "[$(IFS=,; echo "${projection_rows[*]}")]"
else
    record projections failed "no step times"
fi

# 9. A short search on the device and its resume.
search=(search --dataset synthetic --space darts --batch 64 --max-steps 10 --log-every 5 --seed 1 --quiet)
if "$gdas" "${search[@]}" --device "$device" --epochs 2 --out "$work/search" > "$work/search.log" 2>&1 &&
        "$gdas" search --resume "$work/search" --epochs 3 --quiet >> "$work/search.log" 2>&1 &&
        [[ "$(wc -l < "$work/search/epochs.jsonl")" == 3 ]]; then
    record search_resume ok "$(tail -n1 "$work/search/metrics.jsonl")"
else
    tail -n 20 "$work/search.log" >&2
    keep_log "$work/search.log"
    record search_resume failed "see search.log in logs.tar"
fi

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

finish
