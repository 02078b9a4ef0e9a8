#pragma once

#include "MultiplyAdds.h"
#include "Operations.h"

#include "model/Genotype.h"

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <array>
#include <vector>

namespace gdas::engine {

// A cell of DARTS's evaluation networks (cnn/model.py Cell): preprocess0 (FactorizedReduce
// after a reduction cell, else a 1x1 ReLUConvBN), preprocess1, then two genotype ops per
// intermediate node, summed; the output concatenates the concat nodes. Keys: preprocess0.*,
// preprocess1.*, _ops.<2*node+k>.* (node-major, as DARTS flattens the genotype).
class EvalCellImpl : public torch::nn::Module {
public:
    EvalCellImpl(const model::CellGenotype &nodes, const std::vector<int> &concat, int cPrevPrev, int cPrev, int c,
                 bool reduction, bool reductionPrev);

    // drop-path (training only) goes on every op output except an Identity's.
    torch::Tensor forward(const torch::Tensor &s0, const torch::Tensor &s1, double dropPath, at::Generator *generator);
    // The same with the inputs' ReLUs shared (the network passes each cell's output to the next
    // two cells, whose preprocessing both begin with its ReLU).
    torch::Tensor forward(SharedRelu &s0, SharedRelu &s1, double dropPath, at::Generator *generator);
    // The same with preprocessing products made already (the network makes a cell output's 1x1
    // preprocessing products for both cells that read it at once, reluConvGroup): where
    // products[k] is defined it is preprocess k's convolution output, which the cell only
    // normalises.
    torch::Tensor forward(SharedRelu &s0, SharedRelu &s1, double dropPath, at::Generator *generator,
                          const std::array<torch::Tensor, 2> &products);
    // Preprocess k's convolution where that preprocessing is a 1x1 ReLUConvBN (preprocess0 after a
    // reduction cell is a FactorizedReduce: null).
    torch::nn::Conv2d *preprocessConv(int k);

    int outChannels() const { return m_outChannels; }
    bool reduction() const { return m_reduction; }
    // Multiply-adds for one image whose inputs s0, s1 have sides s0Side, s1Side.
    std::int64_t multiplyAdds(FeatureSide s0Side, FeatureSide s1Side);

private:
    // Preprocess k where it is a ReLUConvBN (preprocess0 after a reduction cell is not: null).
    ReLUConvBNImpl *preprocessOp(int k);

    std::shared_ptr<OperationImpl> m_preprocess0;
    ReLUConvBN m_preprocess1{nullptr};
    torch::nn::ModuleList m_ops{nullptr};
    std::vector<Operation> m_opHandles;
    std::vector<int> m_inputs;      // per op, the state it reads
    std::vector<bool> m_isIdentity; // per op
    std::vector<int> m_concat;
    // [k] whether every op reading state k (0 or 1) begins with its ReLU and the concat does not
    // name it: its preprocessing may then write only relu(state) (ReLUConvBNImpl::normaliseRelu).
    std::array<bool, 2> m_reluOnly{false, false};
    bool m_reduction;
    int m_outChannels;
};
TORCH_MODULE(EvalCell);

} // namespace gdas::engine
