#include "EvalCell.h"

#include "CellOutput.h"
#include "DropPath.h"

#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/LeanAutograd.h"
#include "model/GenotypeFormats.h"

#include <algorithm>
#include <array>
#include <string>

namespace gdas::engine {

EvalCellImpl::EvalCellImpl(const model::CellGenotype &nodes, const std::vector<int> &concat, int cPrevPrev, int cPrev,
                           int c, bool reduction, bool reductionPrev)
    : m_concat(concat), m_reduction(reduction), m_outChannels(static_cast<int>(concat.size()) * c)
{
    if (reductionPrev)
        m_preprocess0 = register_module("preprocess0", FactorizedReduce(cPrevPrev, c, true));
    else
        m_preprocess0 = register_module("preprocess0", ReLUConvBN(cPrevPrev, c, 1, 1, 0, 1, true));
    m_preprocess1 = register_module("preprocess1", ReLUConvBN(cPrev, c, 1, 1, 0, 1, true));

    m_ops = register_module("_ops", torch::nn::ModuleList());
    const int nodeCount = static_cast<int>(nodes.size());
    for (int node = 0; node < nodeCount; ++node) {
        if (nodes[node].size() != 2)
            throw model::GenotypeError("node " + std::to_string(node + 2) + " has " +
                                       std::to_string(nodes[node].size()) +
                                       " inputs; a DARTS evaluation cell takes exactly 2 per node");
        for (const auto &gene : nodes[node]) {
            if (gene.input < 0 || gene.input >= node + 2)
                throw model::GenotypeError("node " + std::to_string(node + 2) + " reads state " +
                                           std::to_string(gene.input) + ", which does not precede it");
            const int stride = reduction && gene.input < 2 ? 2 : 1;
            Operation op{nullptr};
            try {
                op = createOp(gene.op, c, c, stride, /*affine=*/true);
            } catch (const std::invalid_argument &e) {
                throw model::GenotypeError("cannot build '" + gene.op + "' in an evaluation cell: " + e.what());
            }
            m_ops->push_back(op.ptr());
            m_opHandles.push_back(op);
            m_inputs.push_back(gene.input);
            m_isIdentity.push_back(dynamic_cast<IdentityImpl *>(op.get()) != nullptr);
        }
    }
    for (int state : m_concat)
        if (state < 0 || state >= nodeCount + 2)
            throw model::GenotypeError("concat names state " + std::to_string(state) + ", but the cell has " +
                                       std::to_string(nodeCount + 2) + " states");
    for (int k = 0; k < 2; ++k) {
        bool read = false, reluOnly = std::find(m_concat.begin(), m_concat.end(), k) == m_concat.end();
        for (std::size_t i = 0; i < m_opHandles.size(); ++i)
            if (m_inputs[i] == k) {
                read = true;
                reluOnly = reluOnly && m_opHandles[i]->readsRelu();
            }
        m_reluOnly[static_cast<std::size_t>(k)] = read && reluOnly;
    }
}

torch::Tensor EvalCellImpl::forward(const torch::Tensor &s0, const torch::Tensor &s1, double dropPath,
                                    at::Generator *generator)
{
    SharedRelu shared0(s0);
    SharedRelu shared1(s1);
    return forward(shared0, shared1, dropPath, generator);
}

torch::Tensor EvalCellImpl::forward(SharedRelu &s0, SharedRelu &s1, double dropPath, at::Generator *generator)
{
    return forward(s0, s1, dropPath, generator, {});
}

ReLUConvBNImpl *EvalCellImpl::preprocessOp(int k)
{
    return k == 0 ? dynamic_cast<ReLUConvBNImpl *>(m_preprocess0.get()) : m_preprocess1.get();
}

torch::nn::Conv2d *EvalCellImpl::preprocessConv(int k)
{
    auto *op = preprocessOp(k);
    if (op == nullptr)
        return nullptr;
    const auto &kernel = *op->conv()->options.kernel_size();
    return kernel[0] == 1 && kernel[1] == 1 ? &op->conv() : nullptr;
}

torch::Tensor EvalCellImpl::forward(SharedRelu &s0, SharedRelu &s1, double dropPath, at::Generator *generator,
                                    const std::array<torch::Tensor, 2> &products)
{
    // Every state with its ReLU shared by the ops that read it.
    std::vector<SharedRelu> states;
    states.reserve(m_opHandles.size() / 2 + 2);
    for (int k = 0; k < 2; ++k) {
        auto &input = k == 0 ? s0 : s1;
        const auto &product = products[static_cast<std::size_t>(k)];
        auto *preprocess = preprocessOp(k);
        if (preprocess == nullptr) { // FactorizedReduce
            states.emplace_back(m_preprocess0->run(input));
            continue;
        }
        const auto made = product.defined() ? product : preprocess->runUnnormalised(input);
        if (m_reluOnly[static_cast<std::size_t>(k)])
            if (auto relu = preprocess->normaliseRelu(made); relu.defined()) {
                // No reader needs the state itself: only its ReLU is written.
                states.emplace_back(torch::Tensor(), std::move(relu));
                continue;
            }
        states.emplace_back(preprocess->normalise(made));
    }
    const bool drop = is_training() && dropPath > 0.0;
    // The nodes the concat names write their sums straight into the output.
    CellOutput output(m_concat);
    for (std::size_t i = 0; i + 1 < m_opHandles.size(); i += 2) {
        // Each op's drop-path factors drawn right after it runs (the generator's order in DARTS).
        // An op ending in a BatchNorm runs without it: the normalisation goes into the node's
        // sum (batchNormsIntoScaledSum), or is applied here where that does not apply.
        std::array<ScaledSumTerm, 2> terms;
        for (std::size_t k = 0; k < 2; ++k) {
            auto &op = m_opHandles[i + k];
            auto &input = states[static_cast<std::size_t>(m_inputs[i + k])];
            auto *bn = is_training() && input.parts().empty() ? op->lastBatchNorm() : nullptr;
            terms[k].x = bn != nullptr ? op->runUnnormalised(input) : op->run(input);
            terms[k].bn = bn;
            if (drop && !m_isIdentity[i + k])
                terms[k].factor = dropPathScales(terms[k].x.size(0), dropPath, *generator);
        }
        const auto state = static_cast<int>(states.size());
        const auto slot = output.slot(state, terms[0].x);
        if (batchNormsIntoScaledSumApplies(terms, slot)) {
            states.emplace_back(batchNormsIntoScaledSum(terms, slot));
            continue;
        }
        for (auto &term : terms)
            if (term.bn != nullptr)
                term.x = batchNorm(term.x, *term.bn);
        const auto &[a, b] = terms;
        states.emplace_back(scaledPairSum(a.x, a.factor, b.x, b.factor, slot));
    }
    std::vector<torch::Tensor> concat;
    concat.reserve(m_concat.size());
    for (int state : m_concat)
        concat.push_back(states[static_cast<std::size_t>(state)].input());
    return output.finish(concat);
}

std::int64_t EvalCellImpl::multiplyAdds(FeatureSide s0Side, FeatureSide s1Side)
{
    std::int64_t total = chainedConvMultiplyAdds(*m_preprocess0, s0Side);
    total += chainedConvMultiplyAdds(*m_preprocess1, s1Side);
    // States 0 and 1 now share s1's side; every node of a reduction cell has the halved side.
    for (std::size_t k = 0; k < m_opHandles.size(); ++k) {
        FeatureSide side = s1Side;
        if (m_reduction && m_inputs[k] >= 2)
            side = {(s1Side.height + 1) / 2, (s1Side.width + 1) / 2};
        total += chainedConvMultiplyAdds(*m_opHandles[k], side);
    }
    return total;
}

} // namespace gdas::engine
