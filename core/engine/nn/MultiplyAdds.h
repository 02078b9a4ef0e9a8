#pragma once

#include <torch/nn/module.h>

#include <cstdint>

namespace gdas::engine {

// Height and width of a feature map.
struct FeatureSide {
    std::int64_t height = 0;
    std::int64_t width = 0;
    std::int64_t area() const { return height * width; }
    bool operator==(const FeatureSide &o) const { return height == o.height && width == o.width; }
};

// The output side of a convolution (or pooling) with these kernel/stride/padding/dilation.
FeatureSide convolvedSide(FeatureSide in, std::int64_t kernelH, std::int64_t kernelW, std::int64_t strideH,
                          std::int64_t strideW, std::int64_t padH, std::int64_t padW, std::int64_t dilationH = 1,
                          std::int64_t dilationW = 1);

// Multiply-adds of the convolutions inside `module` for one image entering at `side`, which
// is advanced through them in registration order (the order every candidate operation and
// preprocessing applies them). A FactorizedReduce applies its two convolutions side by side.
// Pooling registered as a module is not followed: callers count around it. Each convolution's
// output side is measured by running it on an empty batch, so padding, dilation and
// asymmetric strides need no bookkeeping here.
std::int64_t chainedConvMultiplyAdds(torch::nn::Module &module, FeatureSide &side);

// weight.numel() of every Linear inside `module`.
std::int64_t linearMultiplyAdds(const torch::nn::Module &module);

} // namespace gdas::engine
