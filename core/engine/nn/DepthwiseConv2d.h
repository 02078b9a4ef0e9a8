#pragma once

#include <torch/types.h>

#include <cstdint>
#include <utility>
#include <vector>

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
// backward passes): our kernel for an undilated one on a channels-last float32 CPU input
// (GDAS_FAST_DEPTHWISE=0 turns it off), at::conv2d elsewhere. The input gradient of a stride-1
// one (the forward with the flipped kernel) takes it too.
torch::Tensor depthwiseForward(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride,
                               std::int64_t padding, std::int64_t dilation);
bool depthwiseForwardKernelEnabled();
void setDepthwiseForwardKernelEnabled(bool enabled);

// depthwiseForward's own kernel a few output rows at a time, for a fused kernel that uses each
// row while it is still in the cache (the separable convolution's forward, LeanAutograd.cpp).
// Applies where depthwiseForward runs that kernel: undilated, on a channels-last float32 CPU
// input. x must outlive the object.
class DepthwiseRows {
public:
    static bool applies(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t dilation);
    DepthwiseRows(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride, std::int64_t padding);

    // The output's rows (batch x output height), their pixels and channels, and its sizes
    // ([N, C, outH, outW]).
    std::int64_t rows() const { return m_batch * m_outH; }
    std::int64_t width() const { return m_outW; }
    std::int64_t channels() const { return m_channels; }
    std::vector<std::int64_t> outputSizes() const;

    // Output rows [first, last) into out, channels-last (row, column, channel): the same sums as
    // depthwiseForward's, bit for bit.
    void compute(std::int64_t first, std::int64_t last, float *out) const;

private:
    const float *m_x;
    torch::Tensor m_taps;
    std::int64_t m_batch, m_channels, m_inH, m_inW, m_kernel, m_stride, m_padding, m_outH = 0, m_outW = 0;
};

// The input and weight gradients of the depthwise convolution of `x` (the convolution's own
// input) whose output gradient is `grad`, by the fastest path there is; a gradient not asked
// for is undefined.
std::pair<torch::Tensor, torch::Tensor> depthwiseConvBackward(const torch::Tensor &x, const torch::Tensor &weight,
                                                              const torch::Tensor &grad, std::int64_t stride,
                                                              std::int64_t padding, std::int64_t dilation,
                                                              bool needInput, bool needWeight);

} // namespace gdas::engine
