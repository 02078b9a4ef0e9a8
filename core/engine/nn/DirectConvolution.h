#pragma once

// Convolutions on oneDNN's primitives, called directly, for the CPU's channels-last float32
// tensors. LibTorch's own path (at::conv2d, at::convolution_backward) reaches the same oneDNN
// primitives through ideep, but builds their descriptors again on every call and allocates each
// result and scratch buffer through its wrappers: about 30-70 µs per forward and 50-100 µs per
// backward on the 2-core machine of docs/ENGINE.md, 4-12% of a 1x1 or 3x3 convolution at the
// search's and the evaluation network's shapes. Here each geometry's primitives (forward,
// backward-data, backward-weights and the weight reorders) are made once and kept.
//
// Built only where oneDNN's headers are found and LibTorch itself runs on that oneDNN (Debian's
// libtorch links libdnnl.so.2; GDAS_DIRECT_CONVOLUTION in CMake); elsewhere, and with
// GDAS_DIRECT_CONVOLUTION=0 in the environment, `directConvolutionApplies` is false and the
// callers use LibTorch's. The results are the same primitives' results, bit for bit
// (tst_directconvolution).

#include <torch/types.h>

#include <array>
#include <cstdint>
#include <tuple>
#include <vector>

namespace gdas::engine {

// Whether the build has the direct path and it is switched on (GDAS_DIRECT_CONVOLUTION).
bool directConvolutionEnabled();
void setDirectConvolutionEnabled(bool enabled);

// Whether conv2d(x, weight, stride, padding, dilation, groups) runs here: CPU float32, x
// 4-dimensional and channels-last contiguous, the weight contiguous (either layout), groups 1,
// no autocast.
bool directConvolutionApplies(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t groups);

// conv2d(x, weight, bias); bias undefined or empty for none. Channels-last result. Only where
// directConvolutionApplies.
torch::Tensor directConv2d(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                           const std::vector<std::int64_t> &stride, const std::vector<std::int64_t> &padding,
                           const std::vector<std::int64_t> &dilation);

// The gradients of directConv2d for {input, weight, bias} where mask asks (undefined otherwise),
// as at::convolution_backward gives them: the input's in x's layout, the weight's in the weight's.
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
directConvolutionBackward(const torch::Tensor &grad, const torch::Tensor &x, const torch::Tensor &weight,
                          bool hasBias, const std::vector<std::int64_t> &stride,
                          const std::vector<std::int64_t> &padding, const std::vector<std::int64_t> &dilation,
                          std::array<bool, 3> mask);

} // namespace gdas::engine
