#include "AuxiliaryHead.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include <stdexcept>
#include <string>

namespace gdas::engine {

AuxiliaryHeadImpl::AuxiliaryHeadImpl(int channels, int classes, FeatureSide featureSide, bool batchNormAfterSecondConv)
    : m_featureSide(featureSide)
{
    if (!fits(featureSide))
        throw std::invalid_argument("the auxiliary head needs feature maps of at least 6x6, got " +
                                    std::to_string(featureSide.height) + "x" + std::to_string(featureSide.width));
    namespace nn = torch::nn;
    const std::vector<std::int64_t> stride = {featureSide.height - 5, featureSide.width - 5};
    m_features =
        nn::Sequential(nn::ReLU(), // DARTS's is in place, but x is the cell output the next cell still reads
                       nn::AvgPool2d(nn::AvgPool2dOptions(5).stride(stride).padding(0).count_include_pad(false)),
                       nn::Conv2d(nn::Conv2dOptions(channels, 128, 1).bias(false)), nn::BatchNorm2d(128),
                       nn::ReLU(nn::ReLUOptions(true)), nn::Conv2d(nn::Conv2dOptions(128, 768, 2).bias(false)));
    if (batchNormAfterSecondConv)
        m_features->push_back(nn::BatchNorm2d(768));
    m_features->push_back(nn::ReLU(nn::ReLUOptions(true)));
    register_module("features", m_features);
    m_classifier = register_module("classifier", nn::Linear(768, classes));
}

torch::Tensor AuxiliaryHeadImpl::forward(const torch::Tensor &x)
{
    auto features = m_features->forward(x);
    return m_classifier(features.flatten(1));
}

std::int64_t AuxiliaryHeadImpl::multiplyAdds()
{
    // 1x1 conv on the pooled 2x2 maps, then the 2x2 conv down to 1x1, then the classifier.
    FeatureSide pooled{2, 2};
    return chainedConvMultiplyAdds(*m_features, pooled) + linearMultiplyAdds(*m_classifier);
}

} // namespace gdas::engine
