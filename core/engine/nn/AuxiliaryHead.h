#pragma once

#include "MultiplyAdds.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace gdas::engine {

// DARTS's AuxiliaryHeadCIFAR / AuxiliaryHeadImageNet: ReLU, 5x5 average pooling down to 2x2,
// 1x1 conv to 128, BN, ReLU, 2x2 conv to 768, BN (CIFAR only: DARTS's ImageNet head omits it),
// ReLU, linear classifier. Keys: features.2.weight, features.3.*, features.5.weight,
// [features.6.*,] classifier.*.
// DARTS's pooling strides (3 on CIFAR's 8x8 maps, 2 on ImageNet's 7x7) are both side - 5, the
// stride that leaves 2x2; the same rule serves other sides (7x7 from a 28x28 Fashion-MNIST image).
class AuxiliaryHeadImpl : public torch::nn::Module {
public:
    // `featureSide`: the side of the maps it reads; each dimension must be at least 6.
    AuxiliaryHeadImpl(int channels, int classes, FeatureSide featureSide, bool batchNormAfterSecondConv);
    torch::Tensor forward(const torch::Tensor &x);
    std::int64_t multiplyAdds();

    static bool fits(FeatureSide featureSide) { return featureSide.height >= 6 && featureSide.width >= 6; }

private:
    torch::nn::Sequential m_features{nullptr};
    torch::nn::Linear m_classifier{nullptr};
    FeatureSide m_featureSide;
};
TORCH_MODULE(AuxiliaryHead);

} // namespace gdas::engine
