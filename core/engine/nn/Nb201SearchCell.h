#pragma once

#include "engine/nn/EdgeWeights.h"
#include "engine/nn/Operations.h"

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

namespace gdas::model {
struct SearchSpace;
}

namespace gdas::engine {

// The NAS-Bench-201 search cell (the official NAS201SearchCell): node 0 is the input, every later
// node sums one mixed edge from every earlier node, the cell outputs its last node.
class Nb201SearchCellImpl : public torch::nn::Module {
public:
    Nb201SearchCellImpl(const model::SearchSpace &space, int channels, bool affine = false);

    // GDAS, as the official forward_gdas: w[idx] * op_idx(x) plus the (zero-valued) unsampled
    // weights, so every α entry of the edge gets a gradient. Relaxed: every op runs.
    torch::Tensor forward(const torch::Tensor &x, const EdgeWeights &weights);

    const std::vector<std::int64_t> &opCalls() const { return m_edges.calls; }
    void resetOpCalls();

private:
    const model::SearchSpace &m_space;
    SearchEdges m_edges;
};
TORCH_MODULE(Nb201SearchCell);

} // namespace gdas::engine
