#pragma once
// What the tests of our own convolution kernels (tst_pointwise, tst_winograd) compare against:
// seeded random tensors, LibTorch's convolution and its gradients in a chosen type, and the
// largest distance from a float64 result.
#include <torch/torch.h>

#include <cstdint>

namespace gdas::test {

inline torch::Tensor randomTensor(at::IntArrayRef sizes, std::uint64_t seed)
{
    torch::Generator generator(at::detail::createCPUGenerator(seed));
    return torch::randn(sizes, generator);
}

inline torch::Tensor channelsLast(const torch::Tensor &x) { return x.contiguous(at::MemoryFormat::ChannelsLast); }

// The largest |a - exact|, a taken to float64.
inline double maxError(const torch::Tensor &a, const torch::Tensor &exact)
{
    return (a.to(torch::kDouble) - exact).abs().max().item<double>();
}

inline double scaleOf(const torch::Tensor &exact) { return exact.abs().max().item<double>(); }

struct Gradients {
    torch::Tensor input, weight, bias;
};

// The gradients of sum(conv2d(x, w, b, 1, padding) * g) with respect to x, w and b, in `type`.
inline Gradients referenceGradients(const torch::Tensor &x, const torch::Tensor &w, const torch::Tensor &b,
                                    const torch::Tensor &g, torch::Dtype type, std::int64_t padding = 0)
{
    auto xr = x.to(type).detach().requires_grad_(true);
    auto wr = w.to(type).detach().requires_grad_(true);
    auto br = b.to(type).detach().requires_grad_(true);
    (torch::conv2d(xr, wr, br, 1, padding) * g.to(type)).sum().backward();
    return {xr.grad(), wr.grad(), br.grad()};
}

} // namespace gdas::test
