#pragma once

// 1x1 convolutions with stride 1 (a separable convolution's pointwise half, NAS-Bench-201's
// nor_conv_1x1, the cells' preprocessing) on channels-last float32 CPU tensors, as our own
// kernels. On channels-last data such a convolution is a matrix product: one row of channels per
// pixel times the weight. oneDNN 2.6 (LibTorch 1.13) runs it far below the machine's arithmetic
// and memory speed at a search cell's small channel counts: 0.4 ms forward for 64x16x32x32 (8 MB
// in and out, 34 MFLOP), and its weight gradient at 50-70 GFLOP/s, about a sixth of what the
// 3x3 convolutions reach on the same cores (docs/ENGINE.md, "What each change bought").
//
// The products are register-blocked over pixels and 16 output channels, with a 512-bit build
// next to the AVX2 one. The forward and the input gradient sum each output in float, over the
// input channels in order, as a convolution kernel does (not the same rounding as oneDNN's
// blocking: differences of a few float ulps); the weight and bias gradients sum 64 pixels at a
// time in float and those partial sums in double, which over a search step's pixels is closer
// to the exact sum than oneDNN's float reduction (tst_pointwise compares both with float64).
// All results are the same bit for bit whatever the number of threads.
//
// They apply where pointwiseApplies() says so; everywhere else (CUDA, NCHW, other types, channel
// counts that are not a multiple of 16, CPUs without AVX2 and FMA) LibTorch's convolution runs.

#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace gdas::engine {

// The channel counts our kernels take are multiples of this (their 16-float column blocks).
constexpr std::int64_t kPointwiseChannelMultiple = 16;
// Whether a 1x1, stride-1, ungrouped convolution of x with `weight` ([Cout, Cin, 1, 1]) runs on
// our kernels: CPU, float32, x 4-D channels-last contiguous, Cin and Cout multiples of
// kPointwiseChannelMultiple up to 512, the switch on (GDAS_FAST_POINTWISE=0 turns it off).
bool pointwiseApplies(const torch::Tensor &x, const torch::Tensor &weight);
bool pointwiseKernelsEnabled();
void setPointwiseKernelsEnabled(bool enabled);

// conv2d(x, weight, bias) for a 1x1 weight; bias may be undefined. Channels-last output. With
// reluInput, conv2d(relu(x), weight, bias), the ReLU applied as the rows are loaded (no relu(x)
// written): the same numbers, bit for bit.
torch::Tensor pointwiseForward(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                               bool reluInput = false);

// pointwiseForward(cat(parts, 1), weight, bias) without the concatenation, the same sums in the
// same order: the parts are read where they are. Where pointwiseAppliesToParts: every part a
// channels-last float32 CPU tensor of one shape, with a channel count that pointwiseApplies
// takes, and weight.size(1) their total.
bool pointwiseAppliesToParts(const std::vector<torch::Tensor> &parts, const torch::Tensor &weight);
torch::Tensor pointwiseForwardParts(const std::vector<torch::Tensor> &parts, const torch::Tensor &weight,
                                    const torch::Tensor &bias, bool reluInput = false);

// The input gradient of pointwiseForward for the output gradient `grad` (any layout). With
// reluInput (the forward's x, of the gradient's shape), the input gradient of the forward with
// reluInput: zero wherever reluInput <= 0, as at::threshold_backward, applied as it is stored.
torch::Tensor pointwiseInputGradient(const torch::Tensor &grad, const torch::Tensor &weight,
                                     const torch::Tensor &reluInput = torch::Tensor());

// The weight and bias gradients of pointwiseForward(x, weight, bias) for the output gradient
// `grad`; either is undefined where it is not asked for. With reluInput, those of
// pointwiseForward(x, weight, bias, true): x is rectified as it is read.
std::pair<torch::Tensor, torch::Tensor> pointwiseParameterGradients(const torch::Tensor &grad, const torch::Tensor &x,
                                                                    const torch::Tensor &weight, bool needWeight,
                                                                    bool needBias, bool reluInput = false);

// conv2d(x, weight, bias) as an autograd operation on our kernels (keeping x for the backward,
// as LibTorch's convolution); pointwiseApplies(x, weight) must hold. bias may be undefined.
torch::Tensor pointwiseConv2d(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias);

// The register-blocked products under the functions above, on caller's buffers, for other
// kernels built on them (engine/nn/Winograd3x3.cpp), on one thread: out (rows x n) = a (rows x
// width) times m (width x n), every sum in float over width in order; and t (width x n doubles)
// += a^T times g (rows x n), and columnSums (n doubles) += g's column sums, either skipped where
// null, summed 64 rows at a time in float, then in double. Row-major; width and n multiples of
// 16; callers check cpuRunsVectorClones() (engine/nn/VectorClones.h).
void rowsTimesMatrixInto(const float *a, std::int64_t rows, std::int64_t width, const float *m, std::int64_t n,
                         float *out);
void accumulateTransposedProduct(const float *a, const float *g, std::int64_t rows, std::int64_t width, std::int64_t n,
                                 double *t, double *columnSums);

// A strided 1x1 convolution (FactorizedReduce's) of channels-last data with few channels on the
// CPU. LibTorch 1.13's oneDNN (2.6, its jit_1x1:avx2 kernel) writes past the end of a buffer, by
// more than the buffer's own size, when it takes the weight gradient of one with 1 to 7 input
// channels (valgrind on a CPU without AVX-512; 8, 12, 16, 24 and 36 channels, and NCHW data,
// stayed in bounds: docs/RELIABILITY.md F19). Such a convolution reads only x[:, :, ::s, ::s],
// so below kStridedPointwiseGridChannels input channels the engine takes its weight gradient at
// stride 1 on that grid gathered dense (and the plain path, conv2dOwnPointwise, runs the forward
// there too): the same products (bit for bit where x is dense). The bound is 16, not 8, for the AVX-512 kernel's 16-float vectors, which could not be
// checked; from 16 channels on (every configuration a search uses) oneDNN's strided kernel runs
// as before, its rounding unchanged.
constexpr std::int64_t kStridedPointwiseGridChannels = 16;
bool stridedPointwiseOnCpu(const torch::Tensor &x, const torch::Tensor &weight, at::IntArrayRef stride,
                           at::IntArrayRef padding);
// x[:, :, ::stride[0], ::stride[1]], dense in x's suggested layout (differentiable).
torch::Tensor stridedPointwiseGrid(const torch::Tensor &x, at::IntArrayRef stride);

// conv(x), on our kernels where conv is 1x1, stride 1, unpadded, ungrouped and
// pointwiseApplies(x, conv->weight); a strided 1x1 one on the CPU at stride 1 on the grid it reads
// (stridedPointwiseGrid); LibTorch's otherwise.
torch::Tensor conv2dOwnPointwise(const torch::Tensor &x, torch::nn::Conv2d &conv);

} // namespace gdas::engine
