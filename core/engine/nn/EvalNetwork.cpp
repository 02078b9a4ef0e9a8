#include "EvalNetwork.h"

#include "engine/EngineError.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/Operations.h"
#include "model/GenotypeFormats.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

#include <string>

namespace gdas::engine {

namespace {

namespace nn = torch::nn;

nn::Conv2d conv3x3(int cIn, int cOut, int stride)
{
    return nn::Conv2d(nn::Conv2dOptions(cIn, cOut, 3).stride(stride).padding(1).bias(false));
}

FeatureSide halved(FeatureSide side) { return {(side.height + 1) / 2, (side.width + 1) / 2}; }

std::string sideText(FeatureSide side) { return std::to_string(side.height) + "x" + std::to_string(side.width); }

} // namespace

EvalNetworkImpl::EvalNetworkImpl(const NetworkSpec &spec) : m_spec(spec), m_inputSide{spec.inputHeight, spec.inputWidth}
{
    const model::Genotype &genotype = spec.genotype;
    if (genotype.space != model::SpaceKind::Darts)
        throw InputError("EvalNetwork needs a DARTS-space genotype");
    if (genotype.normal.empty())
        throw model::GenotypeError("an evaluation network needs a normal cell");
    const int c = spec.channels;
    const int layers = spec.layers;
    const bool fixedReduction = genotype.reduce.empty(); // GDAS-FRC
    if (fixedReduction && c % 4 != 0)
        throw InputError("GDAS-FRC's fixed reduction cell needs C divisible by 4 (8 groups at 2C), got C=" +
                         std::to_string(c));

    int cPrevPrev = 0, cPrev = 0, cCurr = 0;
    bool reductionPrev = false;
    FeatureSide s0Side, s1Side;
    if (spec.imagenet) {
        m_stem0 = register_module("stem0", nn::Sequential(conv3x3(spec.inChannels, c / 2, 2), nn::BatchNorm2d(c / 2),
                                                          nn::ReLU(nn::ReLUOptions(true)), conv3x3(c / 2, c, 2),
                                                          nn::BatchNorm2d(c)));
        // DARTS's stem1 ReLU is in place, but its input s0 is still read by the first cell.
        m_stem1 = register_module("stem1", nn::Sequential(nn::ReLU(), conv3x3(c, c, 2), nn::BatchNorm2d(c)));
        cPrevPrev = cPrev = cCurr = c;
        reductionPrev = true;
        s0Side = halved(halved(m_inputSide));
        s1Side = halved(s0Side);
    } else {
        const int stemChannels = 3 * c;
        m_stem = register_module(
            "stem", nn::Sequential(conv3x3(spec.inChannels, stemChannels, 1), nn::BatchNorm2d(stemChannels)));
        cPrevPrev = cPrev = stemChannels;
        cCurr = c;
        s0Side = s1Side = m_inputSide;
    }

    m_cellList = register_module("cells", nn::ModuleList());
    FeatureSide auxiliarySide;
    int auxiliaryChannels = 0;
    for (int i = 0; i < layers; ++i) {
        const bool reduction = i == layers / 3 || i == 2 * layers / 3;
        if (reduction)
            cCurr *= 2;
        int cellOut = 0;
        if (reduction && fixedReduction) {
            GdasReductionCell cell(cPrevPrev, cPrev, cCurr, reductionPrev, /*affine=*/true);
            m_cellList->push_back(cell);
            m_fixedReductions.push_back(cell);
            m_cells.push_back(nullptr);
            cellOut = cell->outChannels();
        } else {
            EvalCell cell(reduction ? genotype.reduce : genotype.normal,
                          reduction ? genotype.reduceConcat : genotype.normalConcat, cPrevPrev, cPrev, cCurr, reduction,
                          reductionPrev);
            m_cellList->push_back(cell);
            m_cells.push_back(cell);
            m_fixedReductions.push_back(nullptr);
            cellOut = cell->outChannels();
        }
        m_cellS0Side.push_back(s0Side);
        m_cellS1Side.push_back(s1Side);
        if (reduction && (s1Side.height < 2 || s1Side.width < 2))
            throw InputError("input " + sideText(m_inputSide) + " is too small: reduction cell " + std::to_string(i) +
                             " would see " + sideText(s1Side) + " feature maps");
        reductionPrev = reduction;
        cPrevPrev = cPrev;
        cPrev = cellOut;
        s0Side = s1Side;
        if (reduction)
            s1Side = halved(s1Side);
        if (i == 2 * layers / 3) {
            auxiliarySide = s1Side;
            auxiliaryChannels = cPrev;
        }
    }
    m_auxiliaryCell = 2 * layers / 3;

    if (spec.auxiliary) {
        if (!AuxiliaryHeadImpl::fits(auxiliarySide))
            throw InputError("input " + sideText(m_inputSide) + " is too small for the auxiliary head: cell " +
                             std::to_string(m_auxiliaryCell) + " gives " + sideText(auxiliarySide) +
                             " feature maps and the head needs at least 6x6 (use a larger input, or no auxiliary "
                             "head: --no-auxiliary)");
        m_auxiliaryHead = register_module(
            "auxiliary_head", AuxiliaryHead(auxiliaryChannels, spec.classes, auxiliarySide, !spec.imagenet));
    }
    m_classifier = register_module("classifier", nn::Linear(cPrev, spec.classes));
}

ClassifierOutput EvalNetworkImpl::forward(const torch::Tensor &images)
{
    if (images.size(2) != m_inputSide.height || images.size(3) != m_inputSide.width)
        throw std::invalid_argument("EvalNetwork was built for " + sideText(m_inputSide) + " inputs, got " +
                                    std::to_string(images.size(2)) + "x" + std::to_string(images.size(3)));
    ClassifierOutput out;
    // A cell's output with its ReLU shared by the next two cells' preprocessing.
    SharedRelu s0, s1;
    if (m_stem) {
        s0 = SharedRelu(m_stem->forward(images));
        s1 = s0;
    } else {
        s0 = SharedRelu(m_stem0->forward(images));
        s1 = SharedRelu(m_stem1->forward(s0.input()));
    }
    const double drop = is_training() ? m_dropPath : 0.0;
    // [cell][k] preprocess k's convolution output, where it was made with the other 1x1 products
    // that read the same state.
    std::vector<std::array<torch::Tensor, 2>> products(m_cells.size());
    for (std::size_t i = 0; i < m_cells.size(); ++i) {
        groupPreprocessing(i, s1, products);
        SharedRelu next(m_cells[i] ? m_cells[i]->forward(s0, s1, drop, &m_generator, products[i])
                                   : m_fixedReductions[i]->forward(s0.input(), s1.input()));
        products[i] = {};
        s0 = std::move(s1);
        s1 = std::move(next);
        if (static_cast<int>(i) == m_auxiliaryCell && m_auxiliaryHead && is_training())
            out.auxLogits = m_auxiliaryHead(s1.input());
    }
    out.logits = m_classifier(globalAveragePool(s1.input()));
    return out;
}

void EvalNetworkImpl::groupPreprocessing(std::size_t cell, SharedRelu &s1,
                                         std::vector<std::array<torch::Tensor, 2>> &products)
{
    // s1, the previous cell's output (the stem's before the first cell), is read by this cell's
    // preprocess1 and the next cell's preprocess0, and by this cell's preprocess0 too where the
    // stem feeds the first cell as both of its inputs.
    std::vector<torch::nn::Conv2d *> convs;
    std::vector<std::pair<std::size_t, int>> readers;
    const auto add = [&](std::size_t i, int k) {
        if (i < m_cells.size() && m_cells[i] && !products[i][static_cast<std::size_t>(k)].defined())
            if (auto *conv = m_cells[i]->preprocessConv(k)) {
                convs.push_back(conv);
                readers.emplace_back(i, k);
            }
    };
    if (cell == 0 && m_stem)
        add(0, 0);
    add(cell, 1);
    add(cell + 1, 0);
    if (convs.size() < 2)
        return;
    // The ReLU where a reader has made it already, else rectified as the product reads s1.
    const auto made = s1.reluMade() ? reluConvGroup(s1.relu(), true, convs) : reluConvGroup(s1.input(), false, convs);
    for (std::size_t r = 0; r < made.size(); ++r)
        products[readers[r].first][static_cast<std::size_t>(readers[r].second)] = made[r];
}

void EvalNetworkImpl::setDropPath(double probability, at::Generator generator)
{
    if (probability < 0.0 || probability >= 1.0)
        throw std::invalid_argument("drop-path probability must be in [0, 1), got " + std::to_string(probability));
    m_dropPath = probability;
    m_generator = std::move(generator);
}

std::int64_t EvalNetworkImpl::multiplyAdds(bool withAuxiliary) const
{
    // The counting runs each convolution on an empty batch, which needs non-const modules;
    // it changes no state.
    auto &self = const_cast<EvalNetworkImpl &>(*this);
    std::int64_t total = 0;
    FeatureSide side = m_inputSide;
    if (m_stem) {
        total += chainedConvMultiplyAdds(*self.m_stem, side);
    } else {
        total += chainedConvMultiplyAdds(*self.m_stem0, side);
        total += chainedConvMultiplyAdds(*self.m_stem1, side);
    }
    for (std::size_t i = 0; i < m_cells.size(); ++i) {
        if (m_cells[i]) {
            total += self.m_cells[i]->multiplyAdds(m_cellS0Side[i], m_cellS1Side[i]);
            continue;
        }
        // The fixed cell: both preprocessings, then two conv branches side by side on the
        // preprocessed inputs (which have s1's side); the pooling branches hold no convolutions.
        for (const auto &child : self.m_fixedReductions[i]->named_children()) {
            if (child.key() == "preprocess0") {
                FeatureSide side = m_cellS0Side[i];
                total += chainedConvMultiplyAdds(*child.value(), side);
            } else if (child.key() == "preprocess1") {
                FeatureSide side = m_cellS1Side[i];
                total += chainedConvMultiplyAdds(*child.value(), side);
            } else if (child.key() == "ops1") {
                for (const auto &branch : child.value()->children()) {
                    FeatureSide side = m_cellS1Side[i];
                    total += chainedConvMultiplyAdds(*branch, side);
                }
            }
        }
    }
    total += linearMultiplyAdds(*m_classifier);
    if (withAuxiliary && m_auxiliaryHead)
        total += self.m_auxiliaryHead->multiplyAdds();
    return total;
}

} // namespace gdas::engine
