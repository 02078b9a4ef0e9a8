#pragma once

#include "engine/nn/Operations.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

#include <array>

namespace gdas::engine {

// The hand-designed reduction cell of GDAS-FRC (the official GDAS_Reduction_Cell): two
// grouped (1x3, 3x1) convolution branches and two max-pool branches, concatenated (4 C).
// Keys: preprocess0, preprocess1, ops1.{0,1}.{1,2,3,5,6}, ops2.{0,1}.1.
class GdasReductionCellImpl : public torch::nn::Module {
public:
    // c must be divisible by 8 (the grouped convolutions use 8 groups).
    GdasReductionCellImpl(int cPrevPrev, int cPrev, int c, bool reductionPrev, bool affine = false);
    torch::Tensor forward(const torch::Tensor &s0, const torch::Tensor &s1);

    int outChannels() const { return 4 * m_channels; }

private:
    struct ConvBranch {
        torch::nn::Conv2d conv1x3{nullptr};
        torch::nn::Conv2d conv3x1{nullptr};
        torch::nn::BatchNorm2d bn1{nullptr};
        torch::nn::Conv2d conv1x1{nullptr};
        torch::nn::BatchNorm2d bn2{nullptr};
    };
    static torch::Tensor runConvBranch(ConvBranch &branch, const torch::Tensor &x);

    int m_channels;
    Operation m_preprocess0{nullptr};
    Operation m_preprocess1{nullptr};
    std::array<ConvBranch, 2> m_convBranches;
    std::array<torch::nn::BatchNorm2d, 2> m_poolNorms{nullptr, nullptr};
};
TORCH_MODULE(GdasReductionCell);

} // namespace gdas::engine
