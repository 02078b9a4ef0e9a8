#pragma once

#include "AuxiliaryHead.h"
#include "ClassifierNetwork.h"
#include "EvalCell.h"
#include "GdasReductionCell.h"
#include "MultiplyAdds.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <array>
#include <vector>

namespace gdas::engine {

// DARTS's evaluation networks for a DARTS-space genotype (quark0/darts cnn/model.py):
// NetworkCIFAR -- stem (3x3 conv to 3C, BN), `layers` cells with reduction cells at layers/3
// and 2*layers/3, auxiliary head after the second reduction cell, global pooling, classifier;
// NetworkImageNet (spec.imagenet) -- stem0 (two stride-2 3x3 convs) and stem1 (a third), the
// first cell seeing a "reduction" before it. The state_dict keys and shapes are the reference's
// for the same genotype, C, layers and classes, BatchNorm buffers included.
// A genotype without a reduction cell (GDAS-FRC) gets GDAS's hand-made reduction cell there
// (affine BatchNorm; C must be a multiple of 4). Drop-path does not reach inside that cell.
class EvalNetworkImpl : public ClassifierNetwork {
public:
    explicit EvalNetworkImpl(const NetworkSpec &spec); // spec with its defaults resolved

    ClassifierOutput forward(const torch::Tensor &images) override;
    void setDropPath(double probability, at::Generator generator) override;
    std::int64_t multiplyAdds(bool withAuxiliary) const override;
    const NetworkSpec &spec() const override { return m_spec; }

    double dropPath() const { return m_dropPath; }
    int auxiliaryCell() const { return m_auxiliaryCell; } // cell whose output feeds the head

private:
    // Before cell `cell` runs: the 1x1 preprocessing products of s1 (the state entering it as
    // s1) for every cell that reads it, made as one product (reluConvGroup) into `products`.
    void groupPreprocessing(std::size_t cell, SharedRelu &s1, std::vector<std::array<torch::Tensor, 2>> &products);

    NetworkSpec m_spec;
    torch::nn::Sequential m_stem{nullptr};  // CIFAR layout
    torch::nn::Sequential m_stem0{nullptr}; // ImageNet layout
    torch::nn::Sequential m_stem1{nullptr};
    torch::nn::ModuleList m_cellList{nullptr};
    std::vector<EvalCell> m_cells;                    // null where a fixed cell stands
    std::vector<GdasReductionCell> m_fixedReductions; // GDAS-FRC's cell, else null
    AuxiliaryHead m_auxiliaryHead{nullptr};
    torch::nn::Linear m_classifier{nullptr};
    int m_auxiliaryCell = -1;
    // Sides of s0 and s1 entering each cell, for one image of the spec's input size.
    std::vector<FeatureSide> m_cellS0Side;
    std::vector<FeatureSide> m_cellS1Side;
    FeatureSide m_inputSide;
    double m_dropPath = 0.0;
    at::Generator m_generator;
};
TORCH_MODULE(EvalNetwork);

} // namespace gdas::engine
