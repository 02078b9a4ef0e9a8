#include "engine/nn/Supernet.h"

#include "engine/EngineError.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <stdexcept>

namespace gdas::engine {

GumbelSampler::GumbelSampler(std::uint64_t seed) : m_generator(at::detail::createCPUGenerator(seed)) {}

CellWeights GumbelSampler::sample(const torch::Tensor &alpha, double tau)
{
    if (!alpha.defined() || alpha.dim() != 2)
        throw std::invalid_argument("GumbelSampler: α must be a [edges, ops] tensor");
    if (!(tau > 0.0))
        throw std::invalid_argument("GumbelSampler: τ must be positive, got " + std::to_string(tau));
    constexpr int maxDraws = 100;
    for (int draw = 0; draw < maxDraws; ++draw) {
        // Noise on the CPU from our own generator: the same draws on every device, and the
        // generator's state is what a checkpoint needs to continue the sequence.
        torch::Tensor gumbel;
        if (m_noiseSource) {
            gumbel = m_noiseSource(alpha.sizes());
        } else {
            gumbel = torch::empty(alpha.sizes(), torch::TensorOptions().dtype(torch::kFloat));
            gumbel.exponential_(1.0, m_generator);
            gumbel.log_().neg_();
        }
        if (auto sampled = hardSample(alpha, tau, gumbel))
            return std::move(*sampled);
    }
    throw RuntimeFailure("GumbelSampler: " + std::to_string(maxDraws) +
                         " noise draws in a row gave inf/NaN probabilities; α holds inf or NaN");
}

std::optional<CellWeights> GumbelSampler::hardSample(const torch::Tensor &alpha, double tau,
                                                     const torch::Tensor &gumbel)
{
    if (!gumbel.defined() || gumbel.sizes() != alpha.sizes())
        throw std::invalid_argument("GumbelSampler: noise must have α's shape");
    const auto noise = gumbel.to(alpha.options());
    const auto probs = torch::softmax((torch::log_softmax(alpha, 1) + noise) / tau, 1);
    const auto index = probs.argmax(1);
    // One transfer brings the index and the validity flag to the host.
    const auto invalid = torch::logical_or(~torch::isfinite(noise).all(), ~torch::isfinite(probs).all());
    const auto host = torch::cat({index, invalid.to(torch::kLong).unsqueeze(0)}).cpu();
    const auto *values = host.data_ptr<std::int64_t>();
    const auto edges = alpha.size(0);
    if (values[edges] != 0)
        return std::nullopt;

    CellWeights sampled;
    sampled.index.assign(values, values + edges);
    const auto oneHot = torch::zeros_like(probs).scatter_(1, index.unsqueeze(1), 1.0);
    // (p - stopgrad(p)) is exactly 0 in the forward pass, so the weights are exactly one-hot
    // (one_hot - stopgrad(p) + p may round the 1 by an ulp); the gradient is the same
    // straight-through one.
    sampled.weights = (probs - probs.detach()) + oneHot;
    return sampled;
}

CellWeights GumbelSampler::relax(const torch::Tensor &alpha)
{
    CellWeights relaxed;
    relaxed.weights = torch::softmax(alpha, -1);
    return relaxed;
}

torch::Tensor GumbelSampler::state() const
{
    auto generator = m_generator; // a handle sharing the same generator; mutex() is non-const
    std::lock_guard<std::mutex> lock(generator.mutex());
    return generator.get_state();
}

void GumbelSampler::setState(const torch::Tensor &state)
{
    std::lock_guard<std::mutex> lock(m_generator.mutex());
    m_generator.set_state(state);
}

double tauForEpoch(double tauMax, double tauMin, int epoch, int epochs)
{
    if (epochs <= 1)
        return tauMax;
    return tauMax - (tauMax - tauMin) * static_cast<double>(epoch) / static_cast<double>(epochs - 1);
}

} // namespace gdas::engine
