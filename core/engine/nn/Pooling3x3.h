#pragma once

// The search spaces' pooling operations: 3x3 windows, padding 1, stride 1 or 2; average pooling
// without the padding in its count (count_include_pad = false, as the official cells).
//
// LibTorch 1.13's CPU kernels for channels-last tensors are slow at a search cell's sizes
// (max pooling with indices about 4 ms for 64x16x32x32, where the data moves in well under
// 1 ms). On the CPU, in float32, for channels-last tensors, these run our own kernels, vectorised
// over the contiguous channels and parallel over the batch; elsewhere (CUDA, NCHW, other types)
// they are ATen's. Our kernels give the same numbers bit for bit as ATen's: the same window
// order, the same tie rule for the maximum (the first maximum in the window's row-major order,
// NaN wins), the same division, and the backward adds each output's gradient into the input in
// the same order (tst_pooling3x3 compares them).
//
// Max pooling keeps only its input for the backward pass, not a 64-bit index per output element:
// the backward finds the maxima again.

#include <torch/types.h>

namespace gdas::engine {

torch::Tensor maxPool3x3(const torch::Tensor &x, int stride);

torch::Tensor avgPool3x3(const torch::Tensor &x, int stride);

// Whether x takes our kernels (CPU, float32, 4-D, channels-last contiguous, no autocast), and a
// switch for tests and measurements (GDAS_FAST_POOLING=0 turns it off).
bool pooling3x3UsesOwnKernels(const torch::Tensor &x);

// A GDAS node's sum with a pooling op's output added, written by the pooling itself: no output
// tensor of its own, no separate addition (EdgeWeights::addSampled). Applies where x takes our
// kernels and `sum` is undefined (the node's first term) or a channels-last float32 tensor of the
// output's shape; GDAS_FUSED_POOL_SUM=0 turns it off.
bool pool3x3IntoSumApplies(const torch::Tensor &x, int stride, const torch::Tensor &sum);
bool pool3x3IntoSumEnabled();
void setPool3x3IntoSumEnabled(bool enabled);

// Without autograd, our kernels only: pool(x), or addend + pool(x) (the same float addition as
// adding the pooled tensor) into a fresh tensor, or into addend itself with inPlace.
torch::Tensor pool3x3Forward(const torch::Tensor &x, int stride, bool max, const torch::Tensor &addend, bool inPlace);
// The input gradient of pool3x3Forward's pooling.
torch::Tensor pool3x3Backward(const torch::Tensor &x, const torch::Tensor &grad, int stride, bool max);
bool pooling3x3KernelsEnabled();
void setPooling3x3KernelsEnabled(bool enabled);

} // namespace gdas::engine
