#!/usr/bin/env python3
"""Where a step's time goes, by kind of work, from a profile of `gdas bench --single CASE
--profile FILE` or `bench/official_step.py --case CASE --profile FILE`.

Each range's self time (its time minus that of the ranges inside it, per thread) is put into
one kind: dense convolution (with our own 1x1 products, gdas::pointwise*, and 3x3 ones, gdas::winograd*), depthwise convolution (a weight of shape [C, 1, k, k]; our own
depthwise weight gradient runs in the self time of the lean layers' backward nodes), BatchNorm,
pooling, element-wise (activations, sums, copies, concatenation, fills), optimiser (zeroing,
clipping, SGD, Adam), loss and statistics (cross-entropy, accuracy, sampling), and framework
(autograd's nodes and engine, dispatch wrappers). The step's wall time not covered by any range
is "outside ranges" (the Python interpreter, the autograd engine between nodes). The profiler
adds its own cost to every range (a few microseconds), so the shares of small ops are inflated;
step times come from the unprofiled bench.

Usage: bench/breakdown.py PROFILE [--steps N] [--json]
"""

import argparse
import collections
import json

OPTIMISER_SCOPES = ("gdas::sgd", "gdas::adam", "gdas::clip", "gdas::zero_grad", "Optimizer.")
STATISTICS_SCOPES = ("gdas::statistics", "gdas::sample")
CONVOLUTION = ("convolution", "conv2d", "mkldnn_convolution", "slow_conv", "thnn_conv", "_convolution")
BATCHNORM = ("batch_norm",)
POOLING = ("pool2d", "max_pool", "avg_pool")
LOSS = ("cross_entropy", "log_softmax", "nll_loss", "topk", "softmax", "_softmax", "eq", "argmax",
        "exponential_", "scatter", "isinf", "isnan", "any", "max")
LINEAR = ("addmm", "linear", "mm", "matmul")


def is_depthwise(shapes):
    for shape in shapes or []:
        if len(shape) == 4 and shape[1] == 1 and shape[0] > 1:
            return True
    return False


def kind_of(name, shapes, scopes):
    base = name.split("::", 1)[-1] if name.startswith("aten::") else name
    if name.startswith(OPTIMISER_SCOPES) or any(s.startswith(OPTIMISER_SCOPES) for s in scopes) \
            or base.startswith("_foreach") \
            or base in ("norm", "linalg_vector_norm", "clamp", "clip_grad_norm_"):
        return "optimiser"
    if name.startswith("gdas::") and any(k in name for k in POOLING + ("pool3x3",)):
        return "pooling"  # our own pooling kernels (core/engine/nn/Pooling3x3.cpp)
    if name.startswith("gdas::pointwise"):
        return "dense convolution"  # our 1x1 products (core/engine/nn/Pointwise.cpp)
    if name.startswith("gdas::winograd"):
        return "dense convolution"  # our 3x3 convolutions (core/engine/nn/Winograd3x3.cpp)
    if name.startswith("gdas::depthwise"):
        return "depthwise convolution"  # our forward kernel (core/engine/nn/DepthwiseConv2d.cpp)
    if name.startswith("gdas::scaled_pair_sum"):
        return "element-wise"  # a node's sum with drop-path factors (core/engine/nn/CellOutput.cpp)
    if name.startswith("gdas::batch_norm"):
        return "BatchNorm"  # our channels-last kernel (core/engine/nn/ChannelsLastBatchNorm.cpp)
    if name.startswith("torch::autograd::CppNode<") and ("Separable" in name or "Depthwise" in name):
        return "depthwise convolution"  # our depthwise weight gradient runs in the node itself
    if name.startswith("torch::autograd::CppNode<") and any(
            k in name for k in ("NodeReluFunction", "UnitWeightFunction", "PoolIntoSumFunction", "AddZeroFunction")):
        # Their own passes run in the node: the ReLU's mask and sum (core/engine/nn/NodeRelu.cpp),
        # the edge weights' dot products Σ g·out (core/engine/nn/EdgeWeights.cpp).
        return "element-wise"
    if name.startswith("aten::"):
        if any(k in base for k in CONVOLUTION):
            return "depthwise convolution" if is_depthwise(shapes) else "dense convolution"
        if any(k in base for k in BATCHNORM):
            return "BatchNorm"
        if any(k in base for k in POOLING):
            return "pooling"
        if base in LINEAR:
            return "linear"
        if any(s.startswith(STATISTICS_SCOPES) for s in scopes) or base in LOSS or \
                base.startswith(("cross_entropy", "nll_loss", "log_softmax", "_log_softmax")):
            return "loss and statistics"
        return "element-wise"
    if any(s.startswith(STATISTICS_SCOPES) for s in scopes):
        return "loss and statistics"
    return "framework"


VIEWS = {"view", "as_strided", "slice", "select", "narrow", "expand", "t", "transpose", "permute",
         "reshape", "_reshape_alias", "unsqueeze", "squeeze", "flatten", "detach", "alias", "unbind",
         "view_as", "empty", "empty_like", "empty_strided", "resize_", "lift_fresh", "item",
         "_local_scalar_dense", "to", "contiguous", "split", "chunk", "unflatten", "expand_as",
         "is_nonzero", "size", "stride", "numel", "clone_", "set_"}


def leaf_bytes(shapes):
    """Bytes an op (outermost aten call) reads and writes at least: its tensor inputs (4 bytes an element) and an
    output the size of its largest input. No reuse through the caches is assumed: a search
    step's activations (1-16 MiB) do not stay in them from one op to the next."""
    sizes = []
    for shape in shapes or []:
        if shape:
            n = 1
            for d in shape:
                n *= d
            sizes.append(4 * n)
    return sum(sizes) + (max(sizes) if sizes else 0)


def analyse(path):
    stacks = collections.defaultdict(list)
    totals = collections.Counter()
    moved = collections.Counter()
    by_op = collections.Counter()
    step_us = []
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            stack = stacks[e["t"]]
            if e["k"] == "push":
                stack.append({"n": e["n"], "start": e["us"], "s": e.get("s"), "child": 0.0})
                continue
            if not stack:
                continue
            r = stack.pop()
            duration = e["us"] - r["start"]
            if stack:
                stack[-1]["child"] += duration
            if r["n"] == "gdas::step":
                step_us.append(duration)
                totals["(step ranges)"] += r["child"]
                continue
            scopes = [x["n"] for x in stack]
            kind = kind_of(r["n"], r["s"], scopes)
            self_us = max(0.0, duration - r["child"])
            outermost = not any(x["n"].startswith("aten::") for x in stack)
            if outermost and r["n"].startswith("aten::") and r["n"][6:] not in VIEWS:
                moved[kind] += leaf_bytes(r["s"])
            totals[kind] += self_us
            by_op[(kind, r["n"] + (" dw" if kind == "depthwise convolution" and r["n"].startswith("aten") else ""))] \
                += self_us
            if not stack and r["n"] != "gdas::step":
                totals["(top-level ranges)"] += duration
    return totals, by_op, step_us, moved


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("profile")
    parser.add_argument("--steps", type=int, help="timed steps in the profile (default: the gdas::step ranges)")
    parser.add_argument("--wall", type=float, help="profiled wall time of those steps in seconds "
                                                   "(official side: sum of its step_seconds)")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    totals, by_op, step_us, moved = analyse(args.profile)
    steps = args.steps or len(step_us) or 1
    covered = sum(v for k, v in totals.items() if not k.startswith("("))
    wall = args.wall * 1e6 if args.wall else (sum(step_us) if step_us else covered)
    kinds = {k: v / steps / 1e6 for k, v in totals.items() if not k.startswith("(")}
    kinds["outside ranges"] = max(0.0, wall - covered) / steps / 1e6
    result = {"profile": args.profile, "steps": steps, "step_seconds_profiled": wall / steps / 1e6,
              "seconds_per_step": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
              "gbytes_moved_per_step": {k: v / steps / 1e9 for k, v in
                                        sorted(moved.items(), key=lambda kv: -kv[1])},
              "top_ops": [{"kind": k, "op": n, "seconds_per_step": v / steps / 1e6}
                          for (k, n), v in by_op.most_common(args.top)]}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print("%s: %d steps, %.3f s/step profiled" % (args.profile, steps, result["step_seconds_profiled"]))
    for kind, seconds in result["seconds_per_step"].items():
        print("  %-24s %7.3f s  %5.1f%%" % (kind, seconds, 100 * seconds / result["step_seconds_profiled"]))
    print("  bytes touched (GB/step; no cache reuse between ops assumed): %.2f" % sum(result["gbytes_moved_per_step"].values()))
    for kind, gb in result["gbytes_moved_per_step"].items():
        print("    %-22s %6.2f" % (kind, gb))
    print("  top ops:")
    for op in result["top_ops"]:
        print("    %-24s %-60s %7.3f s" % (op["kind"], op["op"][:60], op["seconds_per_step"]))


if __name__ == "__main__":
    main()
