#pragma once

#include "MultiplyAdds.h"
#include "Operations.h"

#include "model/Genotype.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <vector>

namespace gdas::engine {

// The NAS-Bench-201 inference cell (AutoDL-Projects cell_infers/cells.py InferCell): node i
// (1..3) sums one op per listed input; the output is the last node. Keys: layers.<k>.* in node
// order, as the genotype lists the ops.
class Nb201CellImpl : public torch::nn::Module {
public:
    Nb201CellImpl(const model::CellGenotype &nodes, int channels);
    torch::Tensor forward(const torch::Tensor &x);
    std::int64_t multiplyAdds(FeatureSide side);

private:
    torch::nn::ModuleList m_layers{nullptr};
    std::vector<Operation> m_ops;
    std::vector<std::vector<int>> m_nodeOps;    // per node, indices into m_ops
    std::vector<std::vector<int>> m_nodeInputs; // per node, the node each op reads
};
TORCH_MODULE(Nb201Cell);

} // namespace gdas::engine
