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
    std::vector<torch::Tensor> nodes;
    nodes.reserve(static_cast<std::size_t>(nodeCount));
    nodes.push_back(x);

    const auto run = [this, opCount, &nodes](int edge, int op) {
        ++m_calls[static_cast<std::size_t>(edge * opCount + op)];
        return m_ops[static_cast<std::size_t>(edge)][static_cast<std::size_t>(op)]->forward(
            nodes[static_cast<std::size_t>(m_space.edges[edge].from)]);
    };

    for (int node = inputNodes; node < nodeCount; ++node) {
        torch::Tensor sum;
        bool owned = false;
        for (const int edge : m_incoming[static_cast<std::size_t>(node)]) {
            if (weights.sampled()) {
                const auto op = static_cast<int>(weights.index[static_cast<std::size_t>(edge)]);
                // A sampled 'none' gives w * 0: no value and exactly zero gradient into w.
                if (!m_opIsNone[static_cast<std::size_t>(op)])
                    weights.addSelected(sum, owned, run(edge, op), edge);
            } else {
                for (int op = 0; op < opCount; ++op) {
                    if (m_opIsNone[static_cast<std::size_t>(op)])
                        continue;
                    const auto out = run(edge, op);
                    // The first product is fresh, so later terms accumulate into it in place.
                    if (sum.defined())
                        sum.addcmul_(out, weights.at(edge, op));
                    else
                        sum = out.mul(weights.at(edge, op));
                    owned = true;
                }
            }
        }
        if (!sum.defined()) {
            sum = torch::zeros_like(x); // every incoming edge sampled 'none'
            owned = true;
        }
        if (weights.sampled()) {
            const auto &unsampled = weights.unsampledSum[static_cast<std::size_t>(node)];
            // In place only into the node's own tensor, never into an op's output.
            if (unsampled.defined())
                sum = owned ? sum.add_(unsampled) : sum.add(unsampled);
        }
        nodes.push_back(std::move(sum));
    }
    return nodes.back();
}

} // namespace gdas::engine
