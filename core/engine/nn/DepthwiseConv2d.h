#pragma once

#include <torch/types.h>

namespace gdas::engine {

// A depthwise convolution (groups = channels, weight [C, 1, k, k], no bias) with a faster
// CPU backward. LibTorch 1.13's CPU backward of 5x5 and dilated depthwise kernels takes a slow
// path (about 8-12 ms for 64x16x32x32 against 1 ms for a plain 3x3), while its forward is
// fast. On the CPU (float) the input gradient therefore runs as a forward convolution with the
// flipped kernel (stride 1) and the weight gradient as a channels-last loop vectorised over
// channels. Elsewhere (CUDA, other dtypes, undilated 3x3) this is torch::conv2d.
torch::Tensor depthwiseConv2d(const torch::Tensor &x, const torch::Tensor &weight, int stride,
                              int padding, int dilation);

} // namespace gdas::engine
