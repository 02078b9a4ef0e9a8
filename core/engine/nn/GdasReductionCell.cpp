#include "engine/nn/GdasReductionCell.h"

#include "engine/nn/LeanAutograd.h"
#include "engine/nn/Pooling3x3.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/pooling.h>

#include <stdexcept>
#include <string>

namespace gdas::engine {

GdasReductionCellImpl::GdasReductionCellImpl(int cPrevPrev, int cPrev, int c, bool reductionPrev, bool affine)
    : m_channels(c)
{
    constexpr int groups = 8;
    if (c % groups != 0)
        throw std::invalid_argument("GdasReductionCell: channels must be divisible by 8 (grouped convolutions), got " +
                                    std::to_string(c));
    m_preprocess0 = register_module("preprocess0", reductionPrev ? createOp("skip_connect", cPrevPrev, c, 2, affine)
                                                                 : createOp("nor_conv_1x1", cPrevPrev, c, 1, affine));
    m_preprocess1 = register_module("preprocess1", createOp("nor_conv_1x1", cPrev, c, 1, affine));

    using torch::nn::Conv2d;
    using torch::nn::Conv2dOptions;
    const auto norm = [c, affine] { return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(c).affine(affine)); };
    auto ops1 = register_module("ops1", torch::nn::ModuleList());
    for (auto &branch : m_convBranches) {
        branch.conv1x3 =
            Conv2d(Conv2dOptions(c, c, {1, 3}).stride({1, 2}).padding({0, 1}).groups(groups).bias(!affine));
        branch.conv3x1 =
            Conv2d(Conv2dOptions(c, c, {3, 1}).stride({2, 1}).padding({1, 0}).groups(groups).bias(!affine));
        branch.bn1 = norm();
        branch.conv1x1 = Conv2d(Conv2dOptions(c, c, 1).bias(!affine));
        branch.bn2 = norm();
        ops1->push_back(torch::nn::Sequential(torch::nn::ReLU(), branch.conv1x3, branch.conv3x1, branch.bn1,
                                              torch::nn::ReLU(), branch.conv1x1, branch.bn2));
    }
    auto ops2 = register_module("ops2", torch::nn::ModuleList());
    for (auto &bn : m_poolNorms) {
        bn = norm();
        ops2->push_back(
            torch::nn::Sequential(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)), bn));
    }
}

torch::Tensor GdasReductionCellImpl::runConvBranch(ConvBranch &branch, const torch::Tensor &x)
{
    const auto hidden = batchNorm(branch.conv3x1(reluConv2d(x, branch.conv1x3)), branch.bn1);
    return batchNorm(reluConv2d(hidden, branch.conv1x1), branch.bn2);
}

torch::Tensor GdasReductionCellImpl::forward(const torch::Tensor &s0In, const torch::Tensor &s1In)
{
    const auto s0 = m_preprocess0->forward(s0In);
    const auto s1 = m_preprocess1->forward(s1In);
    // As the official cell: the pooling branches read the preprocessed inputs, not X0 + X1.
    return torch::cat({runConvBranch(m_convBranches[0], s0), runConvBranch(m_convBranches[1], s1),
                       m_poolNorms[0](maxPool3x3(s0, 2)), m_poolNorms[1](maxPool3x3(s1, 2))},
                      1);
}

} // namespace gdas::engine
