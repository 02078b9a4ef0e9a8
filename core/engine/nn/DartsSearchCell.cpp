#include "engine/nn/DartsSearchCell.h"

#include "model/SearchSpace.h"

#include "engine/nn/VectorClones.h"

#include <algorithm>

namespace gdas::engine {

namespace {

KernelSwitch g_outputParts("GDAS_CELL_OUTPUT_PARTS");

} // namespace

bool cellOutputPartsEnabled() { return g_outputParts.on(); }

void setCellOutputPartsEnabled(bool enabled) { g_outputParts.set(enabled); }

DartsSearchCellImpl::DartsSearchCellImpl(const model::SearchSpace &space, int cPrevPrev, int cPrev, int c,
                                         bool reduction, bool reductionPrev, bool affine)
    : m_space(space), m_reduction(reduction), m_channels(c), m_intermediateNodes(space.intermediateNodes)
{
    // After a reduction c_{k-2} has twice the resolution of c_{k-1}: FactorizedReduce halves it.
    m_preprocess0 = register_module("preprocess0", reductionPrev ? createOp("skip_connect", cPrevPrev, c, 2, affine)
                                                                 : createOp("nor_conv_1x1", cPrevPrev, c, 1, affine));
    m_preprocess1 = register_module("preprocess1", createOp("nor_conv_1x1", cPrev, c, 1, affine));

    m_edges = SearchEdges(*this, space, c, affine, [&space, reduction](int edge) {
        return reduction && space.edges[static_cast<std::size_t>(edge)].from < space.inputNodes ? 2 : 1;
    });
}

void DartsSearchCellImpl::resetOpCalls() { m_edges.resetCalls(); }

torch::Tensor DartsSearchCellImpl::forward(const torch::Tensor &s0, const torch::Tensor &s1, const EdgeWeights &weights)
{
    SharedRelu shared0(s0);
    SharedRelu shared1(s1);
    return forward(shared0, shared1, weights);
}

torch::Tensor DartsSearchCellImpl::forward(SharedRelu &s0, SharedRelu &s1, const EdgeWeights &weights)
{
    return forwardState(s0, s1, weights).input();
}

SharedRelu DartsSearchCellImpl::forwardState(SharedRelu &s0, SharedRelu &s1, const EdgeWeights &weights)
{
    const int inputNodes = m_space.inputNodes;
    const int nodeCount = inputNodes + m_intermediateNodes;
    // Every state with its ReLU shared by the edges that read it.
    std::vector<SharedRelu> states;
    states.reserve(static_cast<std::size_t>(nodeCount));
    states.push_back(weights.node(m_preprocess0->run(s0), false, 0, m_edges));
    states.push_back(weights.node(m_preprocess1->run(s1), false, 1, m_edges));

    const auto input = [this, &states](int edge) -> SharedRelu & {
        return states[static_cast<std::size_t>(m_space.edges[static_cast<std::size_t>(edge)].from)];
    };

    for (int node = inputNodes; node < nodeCount; ++node) {
        bool owned = false;
        torch::Tensor sum =
            weights.sumIncoming(m_edges.incoming[static_cast<std::size_t>(node)], m_edges, input, owned);
        if (!sum.defined()) {
            // Every incoming edge sampled 'none'.
            const auto &like = states[1].input();
            const int stride = m_reduction ? 2 : 1;
            // torch::empty(...).zero_(), not torch::zeros, which drops the memory format: an NCHW
            // node would turn the cell's output, and every cell after it, NCHW.
            sum = torch::empty({like.size(0), m_channels, (like.size(2) + stride - 1) / stride,
                                (like.size(3) + stride - 1) / stride},
                               like.options().memory_format(like.suggest_memory_format()))
                      .zero_();
        }
        states.push_back(weights.node(std::move(sum), owned, node, m_edges));
    }
    std::vector<SharedRelu> nodes(states.begin() + inputNodes, states.end());
    if (g_outputParts.on() && nodes.front().input().device().is_cpu())
        return SharedRelu::concatenation(std::move(nodes));
    std::vector<torch::Tensor> outputs;
    for (const auto &node : nodes)
        outputs.push_back(node.input());
    return SharedRelu(torch::cat(outputs, 1));
}

} // namespace gdas::engine
