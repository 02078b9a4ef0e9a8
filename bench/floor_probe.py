#!/usr/bin/env python3
"""The machine's ceilings for a search step: peak float32 FLOP/s and memory bandwidth, measured
through LibTorch (Debian's python3-torch calls the same libtorch_cpu as `gdas`).

- GEMM, two ways: torch.mm (LibTorch hands float32 matrix products to the system BLAS, on
  Debian 12 by default the reference BLAS) and a 1x1 convolution on a channels-last input,
  which oneDNN runs as its own JIT GEMM (the path the step's convolutions take);
- a 3x3 convolution and a 3x3 depthwise convolution at a search cell's shape (batch 64,
  C=16..64) to show how far below the GEMM peak the step's own kernels run;
- streaming copy of 256 MiB (bytes read + bytes written per second).

Best of --repeat runs (a loaded machine lowers every figure; the best is the ceiling), at 1 and
at --threads threads. Prints one JSON object.
"""

import argparse
import json
import time


def best_time(fn, repeat):
    fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def probe(torch, threads, repeat):
    torch.set_num_threads(threads)
    out = {"threads": threads}
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    out["gemm_blas_gflops"] = 2 * n ** 3 / best_time(lambda: torch.mm(a, b), max(2, repeat // 2)) / 1e9

    # [16384 x 512] x [512 x 512]: 128 FLOP per byte, well above what memory can feed.
    x = torch.randn(64, 512, 16, 16).contiguous(memory_format=torch.channels_last)
    w = torch.randn(512, 512, 1, 1).contiguous(memory_format=torch.channels_last)
    flops = 2 * 64 * 16 * 16 * 512 * 512
    out["gemm_onednn_1x1_gflops"] = flops / best_time(lambda: torch.conv2d(x, w), repeat) / 1e9

    for channels, side in ((16, 32), (64, 8)):
        x = torch.randn(64, channels, side, side).contiguous(memory_format=torch.channels_last)
        w = torch.randn(channels, channels, 3, 3).contiguous(memory_format=torch.channels_last)
        flops = 2 * 64 * side * side * channels * channels * 9
        out["conv3x3_C%d_%dx%d_gflops" % (channels, side, side)] = \
            flops / best_time(lambda: torch.conv2d(x, w, padding=1), repeat) / 1e9
        dw = torch.randn(channels, 1, 3, 3)
        flops = 2 * 64 * side * side * channels * 9
        out["depthwise3x3_C%d_%dx%d_gflops" % (channels, side, side)] = \
            flops / best_time(lambda: torch.conv2d(x, dw, padding=1, groups=channels), repeat) / 1e9

    src = torch.randn(64 * 1024 * 1024)  # 256 MiB
    dst = torch.empty_like(src)
    seconds = best_time(lambda: dst.copy_(src), repeat)
    out["copy_gbytes_per_s"] = 2 * src.numel() * 4 / seconds / 1e9
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    import torch
    results = [probe(torch, 1, args.repeat)]
    if args.threads > 1:
        results.append(probe(torch, args.threads, args.repeat))
    with open("/proc/loadavg") as f:
        load = [float(v) for v in f.read().split()[:3]]
    print(json.dumps({"torch": torch.__version__, "load": load, "results": results}, indent=2))


if __name__ == "__main__":
    main()
