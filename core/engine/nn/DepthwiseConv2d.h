#pragma once

#include <torch/types.h>

#include <cstdint>
#include <utility>

namespace gdas::engine {

// A depthwise convolution (groups = channels, weight [C, 1, k, k], no bias) with a faster
// CPU backward. LibTorch 1.13's CPU backward of 5x5 and dilated depthwise kernels takes a slow
// path (about 8-12 ms for 64x16x32x32 against 1 ms for a plain 3x3). On the CPU (float) the
// input gradient therefore runs as a forward convolution with the flipped kernel (stride 1),
// and the weight gradient as our channels-last kernel: each kernel row's taps summed in
// registers along an output row, vectorised over channels (AVX-512 and AVX2 builds; 0.20 ms for
// a 5x5 one at 64x16x32x32 where LibTorch takes 2.2 ms, and as fast as oneDNN's own for an
// undilated 3x3 one). Elsewhere (CUDA, other dtypes) this is torch::conv2d.
torch::Tensor depthwiseConv2d(const torch::Tensor &x, const torch::Tensor &weight, int stride, int padding,
                              int dilation);

// The depthwise convolution's forward alone (no autograd: for autograd functions' own forward and
// backward passes): our kernel for an undilated one on a channels-last float32 CPU input where
// it is the faster one (setDepthwiseForwardEverywhere; GDAS_FAST_DEPTHWISE=0 turns it off),
// at::conv2d elsewhere. The input gradient of a stride-1 one (the forward with the flipped
// kernel) takes it too.
// With reluInput, the convolution of relu(x), x rectified as our kernel loads it; with a mask (of
// the output's shape), the output zero wherever the mask is <= 0, as at::threshold_backward,
// applied as it is stored (the input gradient of a convolution of relu(mask)). Where LibTorch
// runs it, the same by separate passes.
torch::Tensor depthwiseForward(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride,
                               std::int64_t padding, std::int64_t dilation, bool reluInput = false,
                               const torch::Tensor &mask = torch::Tensor());
// Whether depthwiseForward(x, weight, stride, ..., dilation, true) and the input gradient of its
// backward (depthwiseConvBackward with reluInput) run on our kernel, rectifying and masking
// there: stride 1, undilated, where depthwiseForward's kernel applies.
bool depthwiseRectifiesOnLoad(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride,
                              std::int64_t dilation);
bool depthwiseForwardKernelEnabled();
void setDepthwiseForwardKernelEnabled(bool enabled);
// A plain forward (no ReLU on load, no mask) takes our kernel only where it is the faster one
// (3x3 kernels on channel counts that are not multiples of 16 or on maps 8 pixels wide or
// narrower go to oneDNN's, whose sums are the same bit for bit). Tests only: our kernel for
// every one it applies to.
void setDepthwiseForwardEverywhere(bool everywhere);

// The input and weight gradients of the depthwise convolution of `x` (the convolution's own
// input) whose output gradient is `grad`, by the fastest path there is; a gradient not asked
// for is undefined. With reluInput, those of the convolution of relu(x) (the input gradient
// masked by x, the weight gradient reading relu(x)), on our kernels without writing relu(x).
std::pair<torch::Tensor, torch::Tensor> depthwiseConvBackward(const torch::Tensor &x, const torch::Tensor &weight,
                                                              const torch::Tensor &grad, std::int64_t stride,
                                                              std::int64_t padding, std::int64_t dilation,
                                                              bool needInput, bool needWeight, bool reluInput = false);

// The weight gradient of the depthwise convolution of relu(source·alpha + beta) (per channel:
// channelsLastBatchNormRelu's output for its normalisation), that output made again sample by
// sample into a scratch sample the kernel then reads (normaliseReluRows): the same numbers, bit
// for bit, as depthwiseConvBackward's from the output itself, which need not be kept. Call only
// where depthwiseWeightGradNormalisedApplies (a channels-last float32 CPU source with C % 4 == 0,
// a square kernel of 1, 3, 5 or 7 taps a side).
bool depthwiseWeightGradNormalisedApplies(const torch::Tensor &source, const torch::Tensor &weight);
torch::Tensor depthwiseWeightGradNormalised(const torch::Tensor &source, const torch::Tensor &alpha,
                                            const torch::Tensor &beta, const torch::Tensor &grad, std::int64_t kernel,
                                            std::int64_t stride, std::int64_t padding, std::int64_t dilation);

} // namespace gdas::engine
