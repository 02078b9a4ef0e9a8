#!/usr/bin/env python3
"""How far from the exact 3x3 convolution Winograd's F(m x m, 3x3) lands in float32, for m = 2
(our kernels, core/engine/nn/Winograd3x3.cpp), 3 and 4, against LibTorch's own float32 error.

The question it answers: would a larger tile, which multiplies less (16 products per 2x2
outputs for m = 2, 25 per 3x3 for m = 3, 36 per 4x4 for m = 4: 4, 2.8 and 2.25 per output),
still meet the accuracy our kernels are held to? tst_winograd::matchesFloat64 requires the
output and the input gradient within 2 x LibTorch's float32 error + 4e-7 x (1 + scale) of the
float64 convolution (`bound` below).

The model, in Debian's python3-torch: the transforms are built by Toom-Cook from the
interpolation points (a Vandermonde matrix with the point at infinity; each row of B^T scaled
to a largest entry of 1, the scale moved into G), the weights transformed in float64 and
rounded once (as our kernels do), then every step in float32: B^T d B, the products summed over
the input channels in order (as our kernels sum them), and A^T m A. Its rounding is not our
kernels' to the bit (the transforms' additions run in another order), but the error of a
variant is set by its transforms' coefficients, which the model has exactly; for m = 2 it
lands where the kernels do (below LibTorch's error).

Prints one JSON object per shape (NAS-Bench-201's three stages at batch --batch).
"""

import argparse
import json

import numpy as np
import torch

VARIANTS = {
    "F(2x2,3x3) points 0,1,-1": (2, (0, 1, -1)),
    "F(3x3,3x3) points 0,1,-1,2": (3, (0, 1, -1, 2)),
    "F(3x3,3x3) points 0,1,-1,1/2": (3, (0, 1, -1, 0.5)),
    "F(4x4,3x3) points 0,1,-1,2,-2": (4, (0, 1, -1, 2, -2)),
    "F(4x4,3x3) points 0,1,-1,1/2,-1/2": (4, (0, 1, -1, 0.5, -0.5)),
}


def transforms(m, points, r=3):
    """B^T (n x n), G (n x r), A^T (m x n) for F(m, r) with the finite `points` and infinity."""
    n = m + r - 1
    assert len(points) == n - 1
    vandermonde = np.zeros((n, n))
    a = np.zeros((n, m))
    g = np.zeros((n, r))
    for i, p in enumerate(points):
        vandermonde[i] = [p**k for k in range(n)]
        a[i] = [p**k for k in range(m)]
        g[i] = [p**k for k in range(r)]
    vandermonde[n - 1, n - 1] = a[n - 1, m - 1] = g[n - 1, r - 1] = 1.0
    bt = np.linalg.inv(vandermonde).T
    scale = np.abs(bt).max(axis=1)
    return bt / scale[:, None], g * scale[:, None], a.T


def winograd(x, w, m, points):
    bt, g, at = transforms(m, points)
    n = bt.shape[0]
    batch, channels, height, width = x.shape
    tiles_h, tiles_w = -(-height // m), -(-width // m)
    padded = torch.nn.functional.pad(x, (1, tiles_w * m - width + n, 1, tiles_h * m - height + n))
    patches = padded.unfold(2, n, m).unfold(3, n, m)[:, :, :tiles_h, :tiles_w]
    bt32 = torch.tensor(bt, dtype=torch.float32)
    at32 = torch.tensor(at, dtype=torch.float32)
    v = torch.einsum("ij,bctujk,lk->bctuil", bt32, patches, bt32)
    g64 = torch.tensor(g, dtype=torch.float64)
    u = torch.einsum("ij,kcjl,ml->kcim", g64, w.double(), g64).float()
    products = torch.zeros(batch, w.shape[0], tiles_h, tiles_w, n, n)
    for c in range(channels):  # in order, in float32
        products = products + v[:, c].unsqueeze(1) * u[:, c].view(1, -1, 1, 1, n, n)
    y = torch.einsum("ij,bktujr,lr->bktuil", at32, products, at32)
    return y.permute(0, 1, 2, 4, 3, 5).reshape(batch, -1, tiles_h * m, tiles_w * m)[:, :, :height, :width]


def max_error(a, exact):
    return (a.double() - exact).abs().max().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    for channels, side in ((16, 32), (32, 16), (64, 8)):
        x = torch.randn(args.batch, channels, side, side)
        w = torch.randn(channels, channels, 3, 3) * 0.1
        exact = torch.nn.functional.conv2d(x.double(), w.double(), padding=1)
        libtorch = max_error(torch.nn.functional.conv2d(x, w, padding=1), exact)
        scale = exact.abs().max().item()
        bound = 2.0 * libtorch + 4e-7 * (1.0 + scale)
        errors = {name: max_error(winograd(x, w, m, points), exact) for name, (m, points) in VARIANTS.items()}
        print(json.dumps({
            "shape": f"{args.batch}x{channels}x{side}x{side}",
            "scale": round(scale, 3),
            "libtorch_error": libtorch,
            "bound": bound,
            "errors": errors,
            "within_bound": {name: error <= bound for name, error in errors.items()},
        }))


if __name__ == "__main__":
    main()
