#include "engine/nn/Nb201SearchCell.h"

#include "model/SearchSpace.h"

#include <algorithm>

namespace gdas::engine {

Nb201SearchCellImpl::Nb201SearchCellImpl(const model::SearchSpace &space, int channels, bool affine) : m_space(space)
{
    m_edges = SearchEdges(*this, space, channels, affine, [](int) { return 1; });
}

void Nb201SearchCellImpl::resetOpCalls() { m_edges.resetCalls(); }

torch::Tensor Nb201SearchCellImpl::forward(const torch::Tensor &x, const EdgeWeights &weights)
{
    const int inputNodes = m_space.inputNodes;
    const int nodeCount = inputNodes + m_space.intermediateNodes;
    // Every node with its ReLU shared by the edges that read it.
    std::vector<SharedRelu> nodes;
    nodes.reserve(static_cast<std::size_t>(nodeCount));
    nodes.push_back(weights.node(x, false, 0, m_edges));

    const auto input = [this, &nodes](int edge) -> SharedRelu & {
        return nodes[static_cast<std::size_t>(m_space.edges[static_cast<std::size_t>(edge)].from)];
    };

    for (int node = inputNodes; node < nodeCount; ++node) {
        bool owned = false;
        torch::Tensor sum =
            weights.sumIncoming(m_edges.incoming[static_cast<std::size_t>(node)], m_edges, input, owned);
        if (!sum.defined()) {
            sum = torch::zeros_like(x); // every incoming edge sampled 'none'
            owned = true;
        }
        nodes.push_back(weights.node(std::move(sum), owned, node, m_edges));
    }
    return nodes.back().input();
}

} // namespace gdas::engine
