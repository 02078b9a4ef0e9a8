#include "Nb201Network.h"

#include "engine/EngineError.h"
#include "engine/nn/Operations.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

namespace gdas::engine {

namespace nn = torch::nn;

Nb201NetworkImpl::Nb201NetworkImpl(const NetworkSpec &spec) : m_spec(spec)
{
    if (spec.genotype.space != model::SpaceKind::NasBench201)
        throw InputError("Nb201Network needs a NAS-Bench-201 genotype");
    const int c = spec.channels;
    m_stem = register_module("stem",
                             nn::Sequential(nn::Conv2d(nn::Conv2dOptions(spec.inChannels, c, 3).padding(1).bias(false)),
                                            nn::BatchNorm2d(c)));
    m_cellList = register_module("cells", nn::ModuleList());
    int cPrev = c;
    for (int stage = 0; stage < 3; ++stage) {
        const int cStage = c << stage;
        if (stage > 0) {
            ResNetBasicBlock block(cPrev, cStage, 2, /*affine=*/true);
            m_cellList->push_back(block);
            m_reductions.push_back(block);
            m_cells.push_back(nullptr);
        }
        for (int i = 0; i < spec.layers; ++i) {
            Nb201Cell cell(spec.genotype.normal, cStage);
            m_cellList->push_back(cell);
            m_cells.push_back(cell);
            m_reductions.push_back(nullptr);
        }
        cPrev = cStage;
    }
    m_lastact = register_module("lastact", nn::Sequential(nn::BatchNorm2d(cPrev), nn::ReLU(nn::ReLUOptions(true))));
    m_classifier = register_module("classifier", nn::Linear(cPrev, spec.classes));
}

ClassifierOutput Nb201NetworkImpl::forward(const torch::Tensor &images)
{
    torch::Tensor x = m_stem->forward(images);
    for (std::size_t i = 0; i < m_cells.size(); ++i)
        x = m_cells[i] ? m_cells[i]->forward(x) : m_reductions[i]->forward(x);
    x = m_lastact->forward(x);
    ClassifierOutput out;
    out.logits = m_classifier(globalAveragePool(x));
    return out;
}

std::int64_t Nb201NetworkImpl::multiplyAdds(bool /*withAuxiliary*/) const
{
    auto &self = const_cast<Nb201NetworkImpl &>(*this);
    FeatureSide side{m_spec.inputHeight, m_spec.inputWidth};
    std::int64_t total = chainedConvMultiplyAdds(*self.m_stem, side);
    for (std::size_t i = 0; i < m_cells.size(); ++i) {
        if (m_cells[i]) {
            total += self.m_cells[i]->multiplyAdds(side);
            continue;
        }
        // conv_a (stride 2) then conv_b; the shortcut's 1x1 conv reads the 2x2-pooled input,
        // which has conv_b's side.
        auto &block = *self.m_reductions[i];
        total += chainedConvMultiplyAdds(*block.conv_a, side);
        total += chainedConvMultiplyAdds(*block.conv_b, side);
        for (const auto &item : block.named_parameters(/*recurse=*/true))
            if (item.key().rfind("downsample.", 0) == 0 && item.value().dim() == 4)
                total += item.value().numel() * side.area();
    }
    return total + linearMultiplyAdds(*m_classifier);
}

} // namespace gdas::engine
