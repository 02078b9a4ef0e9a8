#include "engine/nn/Supernet.h"

#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/DartsSearchCell.h"
#include "engine/nn/EdgeWeights.h"
#include "engine/nn/GdasReductionCell.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/Nb201SearchCell.h"
#include "engine/nn/Operations.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <stdexcept>
#include <string>
#include <unordered_set>

namespace gdas::engine {

namespace {

[[noreturn]] void throwBadOptions(const std::string &problem) { throw std::invalid_argument("Supernet: " + problem); }

} // namespace

// One position in the cell stack; exactly one handle is set.
struct CellSlot {
    DartsSearchCell searchCell{nullptr};       // DARTS space, normal or reduction
    GdasReductionCell fixedReduction{nullptr}; // GDAS-FRC reduction
    Nb201SearchCell nb201Cell{nullptr};
    ResNetBasicBlock residual{nullptr}; // NAS-Bench-201 reduction
};

struct SupernetImpl::Impl {
    SupernetOptions options;
    const model::SearchSpace *space = nullptr;
    torch::nn::Conv2d stemConv{nullptr};
    torch::nn::BatchNorm2d stemNorm{nullptr};
    std::vector<CellSlot> cells;
    torch::nn::BatchNorm2d lastNorm{nullptr};
    torch::nn::Linear classifier{nullptr};
    torch::Tensor alphaNormal;
    torch::Tensor alphaReduce;
};

SupernetImpl::SupernetImpl(const SupernetOptions &options) : m_impl(std::make_shared<Impl>())
{
    auto &d = *m_impl;
    d.options = options;
    d.space = &model::SearchSpace::of(options.space);
    const auto &space = *d.space;
    const int c = options.channels;
    const int n = options.cells;
    if (c <= 0 || n <= 0 || options.inChannels <= 0 || options.classes <= 0)
        throwBadOptions("channels, cells, input channels and classes must be positive");
    const bool darts = options.space == model::SpaceKind::Darts;
    const bool frc = options.algorithm == Algorithm::GdasFrc;
    if (frc && !darts)
        throwBadOptions("GDAS-FRC needs the DARTS space");
    if (frc && c % 8 != 0)
        throwBadOptions("GDAS-FRC needs channels divisible by 8, got " + std::to_string(c));
    if (darts && options.stemMultiplier <= 0)
        throwBadOptions("stem multiplier must be positive");

    const int stemChannels = darts ? c * options.stemMultiplier : c;
    d.stemConv =
        torch::nn::Conv2d(torch::nn::Conv2dOptions(options.inChannels, stemChannels, 3).padding(1).bias(false));
    d.stemNorm = torch::nn::BatchNorm2d(stemChannels);
    register_module("stem", torch::nn::Sequential(d.stemConv, d.stemNorm));

    auto cellList = register_module("cells", torch::nn::ModuleList());
    int cPrev = stemChannels;
    if (darts) {
        // [C]*N, 2C (reduction), [2C]*(N-1), 4C (reduction), [4C]*(N-1).
        int cPrevPrev = stemChannels;
        bool reductionPrev = false;
        for (int stage = 0; stage < 3; ++stage) {
            const int cCurr = c << stage;
            // N cells per stage; in stages 1 and 2 the first of them is the reduction cell.
            for (int i = 0; i < n; ++i) {
                const bool reduction = stage > 0 && i == 0;
                CellSlot slot;
                int cOut = 0;
                if (reduction && frc) {
                    slot.fixedReduction = GdasReductionCell(cPrevPrev, cPrev, cCurr, reductionPrev, false);
                    cellList->push_back(slot.fixedReduction);
                    cOut = slot.fixedReduction->outChannels();
                } else {
                    slot.searchCell = DartsSearchCell(space, cPrevPrev, cPrev, cCurr, reduction, reductionPrev, false);
                    cellList->push_back(slot.searchCell);
                    cOut = slot.searchCell->outChannels();
                }
                d.cells.push_back(slot);
                cPrevPrev = cPrev;
                cPrev = cOut;
                reductionPrev = reduction;
            }
        }
    } else {
        // [C]*N, residual 2C, [2C]*N, residual 4C, [4C]*N.
        for (int stage = 0; stage < 3; ++stage) {
            const int cCurr = c << stage;
            if (stage > 0) {
                CellSlot slot;
                // Affine, as the official TinyNetworkGDAS builds it with the defaults.
                slot.residual = ResNetBasicBlock(cPrev, cCurr, 2, true);
                cellList->push_back(slot.residual);
                d.cells.push_back(slot);
                cPrev = cCurr;
            }
            for (int i = 0; i < n; ++i) {
                CellSlot slot;
                slot.nb201Cell = Nb201SearchCell(space, cCurr, false);
                cellList->push_back(slot.nb201Cell);
                d.cells.push_back(slot);
            }
        }
    }

    d.lastNorm = torch::nn::BatchNorm2d(cPrev);
    register_module("lastact", torch::nn::Sequential(d.lastNorm, torch::nn::ReLU()));
    d.classifier = register_module("classifier", torch::nn::Linear(cPrev, options.classes));

    const auto alphaShape = std::vector<std::int64_t>{space.edgeCount(), space.opCount()};
    d.alphaNormal = register_parameter("alpha_normal", 1e-3 * torch::randn(alphaShape));
    if (hasReduceAlpha())
        d.alphaReduce = register_parameter("alpha_reduce", 1e-3 * torch::randn(alphaShape));
}

torch::Tensor SupernetImpl::forward(const torch::Tensor &images, const CellWeights &normal, const CellWeights &reduce)
{
    auto &d = *m_impl;
    if (images.dim() != 4 || images.size(1) != d.options.inChannels)
        throwBadOptions("expected images [B, " + std::to_string(d.options.inChannels) + ", H, W]");
    const bool darts = d.options.space == model::SpaceKind::Darts;
    const auto normalWeights = EdgeWeights::prepare(normal, *d.space, !darts, "normal cell");
    EdgeWeights reduceWeights;
    if (hasReduceAlpha())
        reduceWeights = EdgeWeights::prepare(reduce, *d.space, false, "reduction cell");

    // The stem's and the last BatchNorms through our channels-last kernel where it applies
    // (batchNorm, channelsLastBatchNormRelu), as every other BatchNorm of the network.
    auto stem = batchNorm(d.stemConv(images), d.stemNorm);
    // A cell's output with its ReLU shared by the next two cells' preprocessing (DARTS space).
    SharedRelu s0(stem);
    SharedRelu s1 = s0;
    for (auto &slot : d.cells) {
        if (slot.searchCell) {
            SharedRelu out =
                slot.searchCell->forwardState(s0, s1, slot.searchCell->reduction() ? reduceWeights : normalWeights);
            s0 = std::move(s1);
            s1 = std::move(out);
        } else if (slot.fixedReduction) {
            SharedRelu out(slot.fixedReduction->forward(s0.input(), s1.input()));
            s0 = std::move(s1);
            s1 = std::move(out);
        } else if (slot.nb201Cell) {
            s1 = SharedRelu(slot.nb201Cell->forward(s1.input(), normalWeights));
        } else {
            s1 = SharedRelu(slot.residual->forward(s1.input()));
        }
    }
    torch::Tensor features;
    if (channelsLastBatchNormReluApplies(s1.input(), d.lastNorm)) {
        features = channelsLastBatchNormRelu(s1.input(), d.lastNorm);
    } else {
        features = d.lastNorm(s1.input());
        features.relu_(); // the BatchNorm output is read by nothing else
    }
    return d.classifier(globalAveragePool(features));
}

std::vector<torch::Tensor> SupernetImpl::weightParameters() const
{
    const auto &d = *m_impl;
    std::unordered_set<const void *> alphas{d.alphaNormal.unsafeGetTensorImpl()};
    if (d.alphaReduce.defined())
        alphas.insert(d.alphaReduce.unsafeGetTensorImpl());
    std::vector<torch::Tensor> weights;
    for (const auto &p : parameters())
        if (alphas.count(p.unsafeGetTensorImpl()) == 0)
            weights.push_back(p);
    return weights;
}

std::vector<torch::Tensor> SupernetImpl::archParameters() const
{
    std::vector<torch::Tensor> alphas{m_impl->alphaNormal};
    if (m_impl->alphaReduce.defined())
        alphas.push_back(m_impl->alphaReduce);
    return alphas;
}

torch::Tensor SupernetImpl::alphaNormal() const { return m_impl->alphaNormal; }

torch::Tensor SupernetImpl::alphaReduce() const { return m_impl->alphaReduce; }

bool SupernetImpl::hasReduceAlpha() const
{
    const auto &o = m_impl->options;
    return o.space == model::SpaceKind::Darts && o.algorithm != Algorithm::GdasFrc;
}

const SupernetOptions &SupernetImpl::options() const { return m_impl->options; }

std::vector<std::int64_t> SupernetImpl::opCallCounts() const
{
    std::vector<std::int64_t> counts;
    for (const auto &slot : m_impl->cells) {
        const std::vector<std::int64_t> *cell = nullptr;
        if (slot.searchCell)
            cell = &slot.searchCell->opCalls();
        else if (slot.nb201Cell)
            cell = &slot.nb201Cell->opCalls();
        if (cell)
            counts.insert(counts.end(), cell->begin(), cell->end());
    }
    return counts;
}

void SupernetImpl::resetOpCallCounts()
{
    for (auto &slot : m_impl->cells) {
        if (slot.searchCell)
            slot.searchCell->resetOpCalls();
        else if (slot.nb201Cell)
            slot.nb201Cell->resetOpCalls();
    }
}

int SupernetImpl::searchCellCount() const
{
    int count = 0;
    for (const auto &slot : m_impl->cells)
        count += (slot.searchCell || slot.nb201Cell) ? 1 : 0;
    return count;
}

} // namespace gdas::engine
