#include "MultiplyAdds.h"

#include "Operations.h"

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

namespace gdas::engine {

namespace {

FeatureSide convolvedSide(torch::nn::Conv2dImpl &conv, FeatureSide in)
{
    torch::NoGradGuard noGrad;
    const auto empty = torch::zeros({0, conv.options.in_channels(), in.height, in.width}, conv.weight.options());
    const auto out = conv.forward(empty);
    return {out.size(2), out.size(3)};
}

} // namespace

FeatureSide convolvedSide(FeatureSide in, std::int64_t kernelH, std::int64_t kernelW, std::int64_t strideH,
                          std::int64_t strideW, std::int64_t padH, std::int64_t padW, std::int64_t dilationH,
                          std::int64_t dilationW)
{
    FeatureSide out;
    out.height = (in.height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    out.width = (in.width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    return out;
}

std::int64_t chainedConvMultiplyAdds(torch::nn::Module &module, FeatureSide &side)
{
    if (auto *reduce = dynamic_cast<FactorizedReduceImpl *>(&module)) {
        // Both halves see the same input (the shifted one is padded on odd sides).
        side = convolvedSide(*reduce->conv_1, side);
        return (reduce->conv_1->weight.numel() + reduce->conv_2->weight.numel()) * side.area();
    }
    std::int64_t total = 0;
    for (const auto &child : module.children()) {
        if (auto *conv = dynamic_cast<torch::nn::Conv2dImpl *>(child.get())) {
            side = convolvedSide(*conv, side);
            total += conv->weight.numel() * side.area();
        } else {
            total += chainedConvMultiplyAdds(*child, side);
        }
    }
    return total;
}

std::int64_t linearMultiplyAdds(const torch::nn::Module &module)
{
    std::int64_t total = 0;
    for (const auto &m : module.modules(/*include_self=*/true))
        if (const auto *linear = dynamic_cast<const torch::nn::LinearImpl *>(m.get()))
            total += linear->weight.numel();
    return total;
}

} // namespace gdas::engine
