#!/usr/bin/env python3
"""How far the official code in float32 is from itself in float64, with tst_parity's measure.

    parity_reference.py --float64 --out /tmp/parity_f64 --cases gdas_darts ...
    python3 tools/parity/compare_float64.py tests/data/parity /tmp/parity_f64

Prints `case | quantity | largest error | where` as tst_parity does. This is the rounding error
that float32 itself carries after K steps: the engine and the official code, both in float32,
can each be that far from the exact result, so tst_parity's tolerances sit above it.
"""

import math
import sys

import torch


def rms(t):
    t = t.double().reshape(-1)
    return t.pow(2).mean().sqrt().item() if t.numel() else 0.0


def err(a, b, scale):
    d = (a.double() - b.double()).abs().max().item() if a.numel() else 0.0
    return 0.0 if d == 0 else d / max(scale, 1e-30)


def names(d, key):
    return d[key].split("\n") if key in d else []


def main():
    gold_dir, f64_dir = sys.argv[1], sys.argv[2]
    cases = sys.argv[3:] or ["gdas_darts", "gdas_frc", "gdas_nb201", "darts_v1",
                             "eval_cifar", "eval_imagenet", "eval_nb201"]
    for case in cases:
        a = torch.load(f"{f64_dir}/{case}.pt")  # float64 run (stored as float32)
        b = torch.load(f"{gold_dir}/{case}.pt")  # the golden float32 run
        table = {}
        biases = set(names(b, "conv_bias_names"))

        def note(q, e, where):
            if q not in table or e > table[q][0]:
                table[q] = (e, where)

        def self_cmp(q, ka, kb=None, floor=1e-6):
            x, y = a[ka], b[kb or ka]
            note(q, err(x, y, max(rms(y), floor)), ka)

        def pack(q, key, ns):
            x, y = a[key], b[key]
            cnt, numel, fp = b[key + "#count"], b[key + "#numel"], b[key + "#fp"].double()
            # As tst_parity: the tensor's RMS, at least 1% of the RMS over the whole quantity.
            q_rms = math.sqrt(fp[:, 1].pow(2).sum().item() / max(1, int(numel.sum())))
            off = 0
            for i, n in enumerate(ns):
                c, m = int(cnt[i]), int(numel[i])
                r = fp[i, 1].item() / math.sqrt(max(1, m))
                if n in biases:  # zero up to rounding: against the quantity's RMS
                    note(q + " (bias before BatchNorm)", err(x[off:off + c], y[off:off + c], q_rms), n)
                else:
                    note(q, err(x[off:off + c], y[off:off + c], max(r, 0.01 * q_rms)), n)
                off += c

        if "steps" in b:
            wn, an, bn = names(b, "weight_names"), names(b, "alpha_names"), names(b, "buffer_names")
            for s in range(1, b["steps"] + 1):
                st = f"step{s}"
                self_cmp("weights-step loss", f"{st}/w_loss")
                self_cmp("arch-step loss", f"{st}/a_loss")
                self_cmp("weights-step logits", f"{st}/w_logits")
                self_cmp("arch-step logits", f"{st}/a_logits")
                for k in ("w_index/normal", "w_index/reduce", "a_index/normal", "a_index/reduce"):
                    if f"{st}/{k}" in b:
                        note("sampled ops", 0.0 if torch.equal(a[f"{st}/{k}"], b[f"{st}/{k}"]) else math.inf, st)
                for n in an:
                    self_cmp("α gradient", f"{st}/alpha_grad/{n}", floor=1e-12)
                pack("weight gradients", f"{st}/w_grad", wn)
                pack("weights after SGD", f"{st}/weight", wn)
                pack("α after Adam", f"{st}/alpha", an)
                pack("BatchNorm running stats", f"{st}/buffer", bn)
        else:
            self_cmp("logits", "logits")
            self_cmp("loss", "loss")
            if "aux_logits" in b:
                self_cmp("auxiliary logits", "aux_logits")
            pack("weight gradients", "grad", names(b, "weight_names"))
            pack("BatchNorm running stats", "buffer", names(b, "buffer_names"))
        for q, (e, where) in sorted(table.items()):
            print(f"float64 | {case} | {q} | {e:.3g} | {where}")


if __name__ == "__main__":
    main()
