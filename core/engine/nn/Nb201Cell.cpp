#include "Nb201Cell.h"

#include "model/GenotypeFormats.h"

#include <string>

namespace gdas::engine {

Nb201CellImpl::Nb201CellImpl(const model::CellGenotype &nodes, int channels)
{
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (std::size_t node = 0; node < nodes.size(); ++node) {
        std::vector<int> opIndices, inputs;
        for (const auto &gene : nodes[node]) {
            if (gene.input < 0 || gene.input > static_cast<int>(node))
                throw model::GenotypeError("node " + std::to_string(node + 1) + " reads node " +
                                           std::to_string(gene.input) + ", which does not precede it");
            Operation op{nullptr};
            try {
                op = createOp(gene.op, channels, channels, 1, /*affine=*/true);
            } catch (const std::invalid_argument &e) {
                throw model::GenotypeError("cannot build '" + gene.op + "' in a NAS-Bench-201 cell: " + e.what());
            }
            opIndices.push_back(static_cast<int>(m_ops.size()));
            inputs.push_back(gene.input);
            m_layers->push_back(op.ptr());
            m_ops.push_back(op);
        }
        if (opIndices.empty())
            throw model::GenotypeError("node " + std::to_string(node + 1) + " has no input");
        m_nodeOps.push_back(std::move(opIndices));
        m_nodeInputs.push_back(std::move(inputs));
    }
    if (m_nodeOps.empty())
        throw model::GenotypeError("a NAS-Bench-201 cell needs at least one node");
}

torch::Tensor Nb201CellImpl::forward(const torch::Tensor &x)
{
    // Every node with its ReLU shared by the ops that read it.
    std::vector<SharedRelu> nodes{SharedRelu(x)};
    for (std::size_t node = 0; node < m_nodeOps.size(); ++node) {
        torch::Tensor sum;
        for (std::size_t k = 0; k < m_nodeOps[node].size(); ++k) {
            auto &op = m_ops[static_cast<std::size_t>(m_nodeOps[node][k])];
            torch::Tensor h = op->run(nodes[static_cast<std::size_t>(m_nodeInputs[node][k])]);
            sum = sum.defined() ? sum + h : h;
        }
        nodes.emplace_back(std::move(sum));
    }
    return nodes.back().input();
}

std::int64_t Nb201CellImpl::multiplyAdds(FeatureSide side)
{
    std::int64_t total = 0;
    for (auto &op : m_ops) {
        FeatureSide opSide = side; // every op has stride 1
        total += chainedConvMultiplyAdds(*op, opSide);
    }
    return total;
}

} // namespace gdas::engine
