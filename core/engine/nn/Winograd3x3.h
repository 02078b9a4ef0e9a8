#pragma once

// 3x3 convolutions with stride 1 and padding 1 (NAS-Bench-201's nor_conv_3x3, the second
// convolution of its residual reduction blocks) on channels-last float32 CPU tensors, by
// Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2016). Each 2x2 block of outputs ("tile") is
//     y = A^T [ (G w G^T) (.) (B^T d B) ] A
// over the tile's 4x4 input patch d: 16 products per input and output channel pair where the
// direct convolution has 36. The 16 elementwise products, summed over the input channels, are 16
// matrix products per block of tiles, on the register-blocked kernels of engine/nn/Pointwise.h;
// the transforms are additions in 16-float vectors, and a block's transformed inputs and
// products stay in the core's cache between the three stages.
//
// oneDNN 2.6 (LibTorch 1.13) runs these convolutions directly, at about the machine's peak rate
// of multiply-adds (docs/ENGINE.md, "The floor"); on NAS-Bench-201's search step they were about
// two thirds of our time. The input gradient is the same convolution of the output gradient with
// the weights turned round and their channels swapped; the weight gradient sums, per tile, the
// outer products of the transformed inputs and the transformed output gradient (A g A^T), then
// takes them back through G^T (.) G.
//
// Not the direct convolution's rounding: the transforms add and halve, so results differ from
// oneDNN's by a few float ulps of the inputs' scale (tst_winograd compares both with float64; the
// weight gradient, summed per part in double, is at least as close to it as oneDNN's). The same
// bits for any thread count.
//
// They apply where winogradApplies() says so; everywhere else (CUDA, NCHW, other geometries or
// types, channel counts that are not a multiple of 16, odd sides, CPUs without AVX2 and FMA)
// LibTorch's convolution runs. GDAS_WINOGRAD=0 turns them off.

#include <torch/types.h>

#include <utility>
#include <vector>

namespace gdas::engine {

// Whether conv2d(x, weight, bias, stride, padding, dilation, groups) runs on these kernels:
// CPU with AVX2 and FMA (their AVX-512 build where the CPU has it), float32,
// x 4-D channels-last contiguous with even height and width, a [K, C, 3, 3] weight, stride 1,
// padding 1, dilation 1, one group, C and K multiples of 16 up to 512, no autocast, the switch
// on. The kernels themselves run on any CPU with AVX2.
bool winogradApplies(const torch::Tensor &x, const torch::Tensor &weight, at::IntArrayRef stride,
                     at::IntArrayRef padding, at::IntArrayRef dilation, std::int64_t groups);
bool winogradKernelsEnabled();
void setWinogradKernelsEnabled(bool enabled);

// conv2d(x, weight, bias, 1, 1), bias possibly undefined: channels-last output. With
// reluInput, conv2d(relu(x), ...) without writing relu(x): the input transform rectifies what it
// reads.
torch::Tensor winogradForward(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                              bool reluInput = false);

// Its input gradient for the output gradient `grad` (any layout): channels-last. Where reluInput
// (the convolution's x before its ReLU) is given, the gradient with respect to that x: zero
// where reluInput <= 0, as at::threshold_backward, in the same pass.
torch::Tensor winogradInputGradient(const torch::Tensor &grad, const torch::Tensor &weight,
                                    const torch::Tensor &reluInput = torch::Tensor());

// Its weight and bias gradients for the output gradient `grad` (any layout) and the input x
// (rectified on load with reluInput); either is undefined where it is not asked for.
std::pair<torch::Tensor, torch::Tensor> winogradParameterGradients(const torch::Tensor &grad, const torch::Tensor &x,
                                                                   const torch::Tensor &weight, bool needWeight,
                                                                   bool needBias, bool reluInput = false);

} // namespace gdas::engine
