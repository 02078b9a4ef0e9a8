#include "FusedSgd.h"

#include "engine/nn/LaneSums.h"
#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/nn/utils/clip_grad.h>

#include <algorithm>
#include <cmath>
#include <cstring>

// This file is built with -ffp-contract=off (CMakeLists.txt): a product and a sum fuse only
// where std::fma says so, as in ATen's kernels.

namespace gdas::engine {

namespace {

struct SgdScalars {
    float gradientFactor; // 1: unscaled
    float weightDecay;    // 0: none
    float momentum;       // 0: none
    float dampened;       // 1 - dampening
    float negativeLr;
    bool nesterov;
};

// One weight's update; `first`: its momentum buffer is new (SGD clones d_p into it).
GDAS_VECTOR_CLONES void sgdRun(float *p, float *g, float *buffer, std::int64_t n, const SgdScalars &s, bool first)
{
    const bool scale = s.gradientFactor != 1.0f;
    const bool decay = s.weightDecay != 0.0f;
    for (std::int64_t i = 0; i < n; ++i) {
        float grad = g[i];
        if (scale) {
            grad = grad * s.gradientFactor; // clip_grad_norm_'s g.mul_(coefficient)
            g[i] = grad;
        }
        // d_p = grad.add(p, weight_decay): fmadd(p, weight_decay, grad)
        const float d = decay ? std::fma(p[i], s.weightDecay, grad) : grad;
        float update = d;
        if (buffer) {
            float b;
            if (first) {
                b = d;
            } else {
                // buf.mul_(momentum).add_(d_p, 1 - dampening)
                const float kept = buffer[i] * s.momentum;
                b = std::fma(d, s.dampened, kept);
            }
            buffer[i] = b;
            // Nesterov: d_p = d_p.add(buf, momentum); else d_p = buf
            update = s.nesterov ? std::fma(b, s.momentum, d) : b;
        }
        // p.add_(d_p, -lr)
        p[i] = std::fma(update, s.negativeLr, p[i]);
    }
}

// Two dense tensors whose floats lie in the same order. A dimension of size 1 does not move
// through memory, so its stride does not count: a 1x1 kernel's weight made channels-last has
// strides [C, 1, C, C], the gradient oneDNN gives it [C, 1, 1, 1], the same order.
bool sameDenseLayout(const torch::Tensor &a, const torch::Tensor &b)
{
    if (a.device() != b.device() || a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes())
        return false;
    for (std::int64_t d = 0; d < a.dim(); ++d)
        if (a.size(d) > 1 && a.stride(d) != b.stride(d))
            return false;
    return true;
}

bool denseCpuFloat(const torch::Tensor &t)
{
    return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat && t.is_non_overlapping_and_dense() &&
           t.storage_offset() >= 0;
}

// The weights' gradients as one run of floats cut into fixed chunks, the chunks shared out to
// the threads: f(weight, begin, end) for each piece of a weight's floats a chunk holds. By
// weights, one thread took the evaluation network's last stage (three quarters of its floats)
// alone. The chunks do not depend on the thread count, so neither do sums made per chunk.
// Returns how many chunks there were.
template <typename F>
std::int64_t forGradientChunks(const std::vector<torch::Tensor> &weights, const F &f,
                               std::vector<double> *chunkSums = nullptr)
{
    constexpr std::int64_t chunk = 1 << 15;
    std::vector<std::int64_t> offsets(weights.size() + 1, 0); // [k] where weight k's floats begin
    for (std::size_t k = 0; k < weights.size(); ++k)
        offsets[k + 1] = offsets[k] + (weights[k].grad().defined() ? weights[k].numel() : 0);
    const auto total = offsets.back();
    const auto chunks = (total + chunk - 1) / chunk;
    if (chunkSums)
        chunkSums->assign(static_cast<std::size_t>(chunks), 0.0);
    at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
        for (auto c = first; c < last; ++c) {
            const auto begin = c * chunk, end = std::min(total, begin + chunk);
            // The first weight whose floats reach past `begin`.
            auto k =
                static_cast<std::size_t>(std::upper_bound(offsets.begin(), offsets.end(), begin) - offsets.begin() - 1);
            double sum = 0.0;
            for (; k < weights.size() && offsets[k] < end; ++k) {
                const auto from = std::max(begin, offsets[k]), to = std::min(end, offsets[k + 1]);
                if (from < to)
                    sum += f(k, from - offsets[k], to - offsets[k]);
            }
            if (chunkSums)
                (*chunkSums)[static_cast<std::size_t>(c)] = sum;
        }
    });
    return chunks;
}

} // namespace

void FusedSgd::resolveBuffers(const std::vector<torch::Tensor> &weights, bool create, std::vector<char> *fresh)
{
    m_buffers.resize(weights.size());
    auto &state = m_sgd.state();
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const auto &p = weights[i];
        if (m_buffers[i].defined() || (create && !p.grad().defined()))
            continue;
        const auto key = optimizerStateKey(state, p);
        const auto it = state.find(key);
        if (it != state.end()) {
            m_buffers[i] = static_cast<torch::optim::SGDParamState &>(*it->second).momentum_buffer();
        } else if (create) {
            m_buffers[i] = at::empty_strided(p.sizes(), p.strides(), p.options());
            auto made = std::make_unique<torch::optim::SGDParamState>();
            made->momentum_buffer(m_buffers[i]);
            state[key] = std::move(made);
            (*fresh)[i] = 1;
        }
    }
}

bool FusedSgd::applies(const std::vector<torch::Tensor> &weights)
{
    if (m_sgd.param_groups().size() != 1)
        return false;
    resolveBuffers(weights, false, nullptr);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const auto &p = weights[i];
        if (!denseCpuFloat(p))
            return false;
        const auto &g = p.grad();
        if (g.defined() && (!denseCpuFloat(g) || !sameDenseLayout(p, g)))
            return false;
        const auto &buffer = m_buffers[i];
        if (buffer.defined() && (!denseCpuFloat(buffer) || !sameDenseLayout(p, buffer)))
            return false;
    }
    return true;
}

void FusedSgd::zeroGradients(const std::vector<torch::Tensor> &weights)
{
    forGradientChunks(weights, [&](std::size_t k, std::int64_t begin, std::int64_t end) {
        std::memset(weights[k].grad().data_ptr<float>() + begin, 0,
                    static_cast<std::size_t>(end - begin) * sizeof(float));
        return 0.0;
    });
}

double FusedSgd::gradientNorm(const std::vector<torch::Tensor> &weights)
{
    std::vector<double> sums;
    forGradientChunks(
        weights,
        [&](std::size_t k, std::int64_t begin, std::int64_t end) {
            const float *g = weights[k].grad().data_ptr<float>();
            return laneSum(g, g, begin, end);
        },
        &sums);
    double total = 0.0;
    for (const double s : sums) // in chunk order: the same sum whatever the threads
        total += s;
    return std::sqrt(total);
}

float FusedSgd::clipFactor(double norm, double clip)
{
    // clamp(clip / (total + 1e-6), max=1) on a float tensor: the scalars become floats.
    const float denominator = static_cast<float>(norm) + static_cast<float>(1e-6);
    const float factor = static_cast<float>(clip) / denominator;
    return std::isnan(factor) ? factor : std::min(factor, 1.0f);
}

void FusedSgd::step(const std::vector<torch::Tensor> &weights, float gradientFactor)
{
    const auto &options = static_cast<const torch::optim::SGDOptions &>(m_sgd.param_groups().front().options());
    const SgdScalars s{gradientFactor,
                       static_cast<float>(options.weight_decay()),
                       static_cast<float>(options.momentum()),
                       static_cast<float>(1.0 - options.dampening()),
                       static_cast<float>(-1.0 * options.lr()),
                       options.nesterov()};
    const bool momentum = options.momentum() != 0.0;
    // Momentum buffers: cached by position, found in (or added to) the optimizer's state.
    std::vector<char> first(weights.size(), 0);
    if (momentum)
        resolveBuffers(weights, true, &first);
    forGradientChunks(weights, [&](std::size_t k, std::int64_t begin, std::int64_t end) {
        const auto &p = weights[k];
        sgdRun(p.data_ptr<float>() + begin, p.grad().data_ptr<float>() + begin,
               momentum ? m_buffers[k].data_ptr<float>() + begin : nullptr, end - begin, s, first[k] != 0);
        return 0.0;
    });
}

TrainingUpdate::TrainingUpdate(torch::optim::SGD &sgd)
    : m_sgd(sgd), m_weights(sgd.param_groups().front().params()), m_fusedSgd(sgd)
{}

void TrainingUpdate::begin(bool fusedAllowed)
{
    m_fused = fusedAllowed && m_fusedSgd.applies(m_weights);
    if (!m_fused) {
        m_sgd.zero_grad();
        return;
    }
    // Undefined rather than zeroed: the backward's AccumulateGrad then takes each new gradient
    // as it is instead of adding it to zeros (a pass and a dispatched add per weight). Which
    // weights had one is remembered, so that a weight the backward leaves without a gradient
    // still gets a zero one, as after zero_grad.
    m_hadGradient.assign(m_weights.size(), 0);
    for (std::size_t i = 0; i < m_weights.size(); ++i) {
        auto &p = m_weights[i];
        if (p.grad().defined()) {
            m_hadGradient[i] = 1;
            p.mutable_grad() = torch::Tensor();
        }
    }
}

void TrainingUpdate::finish(double clip)
{
    RECORD_FUNCTION("gdas::sgd", std::vector<c10::IValue>());
    if (m_fused) {
        for (std::size_t i = 0; i < m_weights.size(); ++i) {
            auto &p = m_weights[i];
            if (m_hadGradient[i] != 0 && !p.grad().defined())
                p.mutable_grad() = at::zeros_like(p);
        }
        // AccumulateGrad lays a new gradient out as its weight; if one still does not fit the
        // one-pass loop, LibTorch's path takes this step.
        m_fused = m_fusedSgd.applies(m_weights);
    }
    if (m_fused) {
        m_fusedSgd.clippedStep(m_weights, clip);
        return;
    }
    if (clip > 0.0)
        torch::nn::utils::clip_grad_norm_(m_weights, clip);
    m_sgd.step();
}

} // namespace gdas::engine
