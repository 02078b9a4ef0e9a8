#include "engine/nn/Nb201SearchCell.h"

#include "model/SearchSpace.h"

#include <algorithm>

namespace gdas::engine {

Nb201SearchCellImpl::Nb201SearchCellImpl(const model::SearchSpace &space, int channels,
                                         bool affine)
    : m_space(space)
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

void Nb201SearchCellImpl::resetOpCalls()
{
    std::fill(m_calls.begin(), m_calls.end(), 0);
}

torch::Tensor Nb201SearchCellImpl::forward(const torch::Tensor &x, const EdgeWeights &weights)
{
    const int inputNodes = m_space.inputNodes;
    const int nodeCount = inputNodes + m_space.intermediateNodes;
    const int opCount = weights.ops;
    std::vector<torch::Tensor> nodes;
    nodes.reserve(static_cast<std::size_t>(nodeCount));
    nodes.push_back(x);

    const auto accumulate = [this, opCount, &nodes](torch::Tensor &sum, int edge, int op,
                                                    const torch::Tensor &w) {
        ++m_calls[static_cast<std::size_t>(edge * opCount + op)];
        const auto out =
            m_ops[static_cast<std::size_t>(edge)][static_cast<std::size_t>(op)]->forward(
                nodes[static_cast<std::size_t>(m_space.edges[edge].from)]);
        // The first product is fresh, so later terms accumulate into it in place.
        if (sum.defined())
            sum.addcmul_(out, w);
        else
            sum = out.mul(w);
    };

    for (int node = inputNodes; node < nodeCount; ++node) {
        torch::Tensor sum;
        for (const int edge : m_incoming[static_cast<std::size_t>(node)]) {
            if (weights.sampled()) {
                const auto op = static_cast<int>(weights.index[static_cast<std::size_t>(edge)]);
                // A sampled 'none' gives w * 0: no value and exactly zero gradient into w.
                if (!m_opIsNone[static_cast<std::size_t>(op)])
                    accumulate(sum, edge, op, weights.selected(edge));
            } else {
                for (int op = 0; op < opCount; ++op)
                    if (!m_opIsNone[static_cast<std::size_t>(op)])
                        accumulate(sum, edge, op, weights.at(edge, op));
            }
        }
        if (!sum.defined())
            sum = torch::zeros_like(x);  // every incoming edge sampled 'none'
        if (weights.sampled()) {
            const auto &unsampled = weights.unsampledSum[static_cast<std::size_t>(node)];
            if (unsampled.defined())
                sum.add_(unsampled);
        }
        nodes.push_back(std::move(sum));
    }
    return nodes.back();
}

} // namespace gdas::engine
