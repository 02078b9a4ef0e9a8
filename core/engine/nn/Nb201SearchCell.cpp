#include "engine/nn/Nb201SearchCell.h"

#include "model/SearchSpace.h"

#include <algorithm>

namespace gdas::engine {

Nb201SearchCellImpl::Nb201SearchCellImpl(const model::SearchSpace &space, int channels, bool affine) : m_space(space)
{
    for (const auto &name : space.ops)
        m_opIsNone.push_back(name == "none");
    auto edges = register_module("edges", torch::nn::ModuleList());
    for (std::size_t e = 0; e < space.edges.size(); ++e) {
        torch::nn::ModuleList candidates;
        std::vector<Operation> typed;
        for (const auto &name : space.ops) {
            auto op = createOp(name, channels, channels, 1, affine);
            candidates->push_back(op);
            typed.push_back(op);
        }
        edges->push_back(candidates);
        m_ops.push_back(std::move(typed));
    }
    m_incoming.resize(static_cast<std::size_t>(space.inputNodes + space.intermediateNodes));
    for (int e = 0; e < space.edgeCount(); ++e)
        m_incoming[static_cast<std::size_t>(space.edges[e].to)].push_back(e);
    m_calls.assign(static_cast<std::size_t>(space.edgeCount() * space.opCount()), 0);
}

void Nb201SearchCellImpl::resetOpCalls() { std::fill(m_calls.begin(), m_calls.end(), 0); }

torch::Tensor Nb201SearchCellImpl::forward(const torch::Tensor &x, const EdgeWeights &weights)
{
    const int inputNodes = m_space.inputNodes;
    const int nodeCount = inputNodes + m_space.intermediateNodes;
    const int opCount = weights.ops;
    // Every node with its ReLU shared by the edges that read it.
    std::vector<SharedRelu> nodes;
    nodes.reserve(static_cast<std::size_t>(nodeCount));
    nodes.emplace_back(x);

    const auto run = [this, opCount, &nodes](int edge, int op) {
        ++m_calls[static_cast<std::size_t>(edge * opCount + op)];
        return m_ops[static_cast<std::size_t>(edge)][static_cast<std::size_t>(op)]->run(
            nodes[static_cast<std::size_t>(m_space.edges[edge].from)]);
    };

    for (int node = inputNodes; node < nodeCount; ++node) {
        bool owned = false;
        torch::Tensor sum = weights.sumIncoming(m_incoming[static_cast<std::size_t>(node)], m_opIsNone, run, owned);
        if (!sum.defined()) {
            sum = torch::zeros_like(x); // every incoming edge sampled 'none'
            owned = true;
        }
        if (weights.sampled())
            weights.addUnsampled(sum, owned, node);
        nodes.emplace_back(std::move(sum));
    }
    return nodes.back().input();
}

} // namespace gdas::engine
