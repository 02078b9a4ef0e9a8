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

// The NASNet-style search cell of the DARTS space (the official NASNetSearchCell): inputs
// c_{k-2} and c_{k-1} go through preprocess0/1, every intermediate node sums one mixed edge from
// every earlier node, the output concatenates the intermediate nodes. In a reduction cell the
// edges leaving the two inputs have stride 2.
class DartsSearchCellImpl : public torch::nn::Module {
public:
    DartsSearchCellImpl(const model::SearchSpace &space, int cPrevPrev, int cPrev, int c, bool reduction,
                        bool reductionPrev, bool affine = false);

    // GDAS (weights.sampled()): only the sampled op of each edge runs, its output scaled by its
    // weight. Relaxed: every op runs, outputs summed with their weights.
    torch::Tensor forward(const torch::Tensor &s0, const torch::Tensor &s1, const EdgeWeights &weights);
    // The same with the inputs' ReLUs shared: the network passes each cell's output to the next
    // two cells, whose preprocessing both begin with its ReLU.
    torch::Tensor forward(SharedRelu &s0, SharedRelu &s1, const EdgeWeights &weights);
    // The output as a state for the next two cells: on the CPU, a SharedRelu::concatenation of
    // the intermediate nodes (their preprocessing reads the nodes' own ReLUs), elsewhere, or with
    // GDAS_CELL_OUTPUT_PARTS=0, the concatenated tensor.
    SharedRelu forwardState(SharedRelu &s0, SharedRelu &s1, const EdgeWeights &weights);

    bool reduction() const { return m_reduction; }
    int outChannels() const { return m_channels * m_intermediateNodes; }
    // Executions per (edge, op) since construction or the last reset; 'none' never executes.
    const std::vector<std::int64_t> &opCalls() const { return m_edges.calls; }
    void resetOpCalls();

private:
    const model::SearchSpace &m_space;
    bool m_reduction;
    int m_channels;
    int m_intermediateNodes;
    Operation m_preprocess0{nullptr};
    Operation m_preprocess1{nullptr};
    SearchEdges m_edges;
};
TORCH_MODULE(DartsSearchCell);

// The switch of forwardState's concatenation (GDAS_CELL_OUTPUT_PARTS=0 turns it off), for tests.
bool cellOutputPartsEnabled();
void setCellOutputPartsEnabled(bool enabled);

} // namespace gdas::engine
