#include "SearchStepper.h"

#include "engine/EngineError.h"
#include "engine/distributed/AutocastGuard.h"
#include "engine/distributed/GradientAverager.h"
#include "engine/nn/LeanAutograd.h"

#include <ATen/record_function.h>
#include <torch/nn/functional/loss.h>

#include <optional>
#include <sstream>

namespace gdas::engine {

namespace {

// Names a part of the step in a profile (bench/breakdown.py); costs nothing when no profiler runs.
#define GDAS_PROFILE_RANGE(name) RECORD_FUNCTION(name, std::vector<c10::IValue>())

// Adds loss*B, correct@1, correct@5 of a batch into sums[offset..offset+2], images into sums[slot].
void accumulate(torch::Tensor &sums, int offset, int imageSlot, const torch::Tensor &logits,
                const torch::Tensor &labels, const torch::Tensor &loss)
{
    GDAS_PROFILE_RANGE("gdas::statistics");
    torch::NoGradGuard noGrad;
    const auto batch = logits.size(0);
    const auto k = std::min<int64_t>(5, logits.size(1));
    const auto top = std::get<1>(logits.topk(k, 1, true, true));
    const auto hits = top.eq(labels.view({-1, 1}));
    auto values = torch::stack({loss.detach().to(torch::kFloat64) * static_cast<double>(batch),
                                hits.narrow(1, 0, 1).sum().to(torch::kFloat64), hits.sum().to(torch::kFloat64)});
    sums.narrow(0, offset, 3).add_(values);
    sums[imageSlot].add_(static_cast<double>(batch));
}

} // namespace

SupernetOptions searchSupernetOptions(const SearchConfig &config, model::SpaceKind space, int inChannels, int classes)
{
    SupernetOptions net;
    net.space = space;
    net.algorithm = config.algorithm;
    net.channels = config.channels;
    net.cells = config.cells;
    net.inChannels = inChannels;
    net.classes = classes;
    return net;
}

StepSums StepSums::fromTensor(const torch::Tensor &sums)
{
    const auto h = sums.to(torch::kCPU, torch::kFloat64).contiguous();
    const double *p = h.data_ptr<double>();
    return StepSums{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]};
}

SearchStepper::SearchStepper(const SearchConfig &config, const SupernetOptions &netOptions, torch::Device device)
    : m_config(config), m_device(device), m_sampler(config.seed * 2654435761ULL + 17),
      m_scaler(config.amp == AmpMode::Float16)
{
    m_net = Supernet(netOptions);
    m_net->to(device);
    applyMemoryFormat();
    m_weights = m_net->weightParameters();
    m_alphas = m_net->archParameters();
    // After m_weights is filled: defineWeightGradients() walks it (called before, it defined
    // nothing, and a fresh process stepped differently from a resumed one).
    defineWeightGradients();
    m_wOpt = std::make_unique<torch::optim::SGD>(
        m_weights,
        torch::optim::SGDOptions(config.lr).momentum(config.momentum).nesterov(true).weight_decay(config.weightDecay));
    m_fusedSgd = std::make_unique<FusedSgd>(*m_wOpt);
    m_aOpt =
        std::make_unique<torch::optim::Adam>(m_alphas, torch::optim::AdamOptions(config.archLr * config.lrScale)
                                                           .betas(std::make_tuple(config.archBeta1, config.archBeta2))
                                                           .weight_decay(config.archWeightDecay));
}

void SearchStepper::applyMemoryFormat()
{
    if (!m_config.channelsLast)
        return;
    // oneDNN (CPU) and cuDNN run NHWC convolutions faster; keep the weights NHWC too. Called
    // again after a checkpoint load, which replaces the weights with the stored layout: the
    // same layout picks the same kernels, so a resumed run matches an uninterrupted one bit
    // for bit.
    torch::NoGradGuard noGrad;
    for (auto &p : m_net->parameters())
        if (p.dim() == 4)
            p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
}

void SearchStepper::saveOptimizerState(torch::serialize::OutputArchive &archive) const
{
    const auto &sgd = m_wOpt->state();
    for (std::size_t i = 0; i < m_weights.size(); ++i) {
        const auto it = sgd.find(optimizerStateKey(sgd, m_weights[i]));
        if (it != sgd.end())
            archive.write("sgd_momentum_" + std::to_string(i),
                          static_cast<const torch::optim::SGDParamState &>(*it->second).momentum_buffer(), true);
    }
    const auto &adam = m_aOpt->state();
    for (std::size_t i = 0; i < m_alphas.size(); ++i) {
        const auto it = adam.find(optimizerStateKey(adam, m_alphas[i]));
        if (it == adam.end())
            continue;
        const auto &st = static_cast<const torch::optim::AdamParamState &>(*it->second);
        archive.write("adam_step_" + std::to_string(i), c10::IValue(st.step()));
        archive.write("adam_exp_avg_" + std::to_string(i), st.exp_avg(), true);
        archive.write("adam_exp_avg_sq_" + std::to_string(i), st.exp_avg_sq(), true);
    }
}

void SearchStepper::loadOptimizerState(torch::serialize::InputArchive &archive)
{
    defineWeightGradients();
    auto &sgd = m_wOpt->state();
    sgd.clear();
    m_fusedSgd->resetCache();
    for (std::size_t i = 0; i < m_weights.size(); ++i) {
        torch::Tensor buffer;
        if (!archive.try_read("sgd_momentum_" + std::to_string(i), buffer, true))
            continue;
        auto st = std::make_unique<torch::optim::SGDParamState>();
        st->momentum_buffer(buffer.to(m_device));
        sgd[optimizerStateKey(sgd, m_weights[i])] = std::move(st);
    }
    auto &adam = m_aOpt->state();
    adam.clear();
    for (std::size_t i = 0; i < m_alphas.size(); ++i) {
        c10::IValue step;
        if (!archive.try_read("adam_step_" + std::to_string(i), step))
            continue;
        torch::Tensor avg, avgSq;
        archive.read("adam_exp_avg_" + std::to_string(i), avg, true);
        archive.read("adam_exp_avg_sq_" + std::to_string(i), avgSq, true);
        auto st = std::make_unique<torch::optim::AdamParamState>();
        st->step(step.toInt());
        st->exp_avg(avg.to(m_device));
        st->exp_avg_sq(avgSq.to(m_device));
        adam[optimizerStateKey(adam, m_alphas[i])] = std::move(st);
    }
}

void SearchStepper::defineWeightGradients()
{
    // zero_grad() keeps gradients defined, so once a weight has had a gradient, SGD keeps
    // applying weight decay and momentum to it even in steps whose sampled cell skips it; a
    // weight whose gradient is undefined is skipped. Defining every gradient from the start
    // makes that the same in a fresh process, a resumed one and an uninterrupted one.
    torch::NoGradGuard noGrad;
    for (auto &p : m_weights)
        if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
}

void SearchStepper::setLearningRate(double lr)
{
    for (auto &group : m_wOpt->param_groups())
        static_cast<torch::optim::SGDOptions &>(group.options()).lr(lr);
}

std::pair<CellWeights, CellWeights> SearchStepper::archWeights(double tau, bool withGrad)
{
    GDAS_PROFILE_RANGE("gdas::sample");
    const bool gdas = m_config.algorithm != Algorithm::DartsFirstOrder;
    auto draw = [&](const torch::Tensor &alpha) {
        // The weights step needs no gradient into α: detaching skips that work (the official
        // code computes it and then zeroes it before the arch step).
        const torch::Tensor a = withGrad ? alpha : alpha.detach();
        return gdas ? m_sampler.sample(a, tau) : GumbelSampler::relax(a);
    };
    CellWeights normal = draw(m_net->alphaNormal());
    CellWeights reduce;
    if (m_net->hasReduceAlpha())
        reduce = draw(m_net->alphaReduce());
    return {std::move(normal), std::move(reduce)};
}

Batch SearchStepper::microBatch(const Batch &batch, int index) const
{
    const int parts = m_config.microBatches;
    if (parts == 1)
        return batch;
    const std::int64_t size = batch.images.size(0);
    if (size % parts != 0)
        throw RuntimeFailure("a batch of " + std::to_string(size) + " images does not split into " +
                             std::to_string(parts) + " equal micro-batches");
    const std::int64_t n = size / parts;
    return {batch.images.narrow(0, index * n, n), batch.labels.narrow(0, index * n, n)};
}

bool SearchStepper::finishGradients(const std::vector<torch::Tensor> &params, double clip, const char *what)
{
    GDAS_PROFILE_RANGE("gdas::clip");
    if (m_averager)
        m_averager->average(params, what);
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    for (const auto &p : params)
        if (p.grad().defined())
            grads.push_back(p.grad());
    if (grads.empty())
        return true;
    // The backward passes summed the micro-batches' mean-loss gradients, each times the scale.
    const double factor = 1.0 / (m_config.microBatches * m_scaler.scale());
    if (factor != 1.0)
        for (auto &g : grads)
            g.mul_(factor);
    if (clip <= 0 && !m_scaler.enabled())
        return true;
    // clip_grad_norm_'s arithmetic, without its read of the norm back to the host (a device
    // synchronisation per step on a GPU).
    std::vector<torch::Tensor> norms;
    norms.reserve(grads.size());
    for (const auto &g : grads)
        norms.push_back(g.norm(2));
    const torch::Tensor total = norms.size() == 1 ? norms[0] : torch::stack(norms).norm(2);
    if (!m_scaler.update(total))
        return false;
    if (clip > 0) {
        const auto coefficient = torch::clamp(clip / (total + 1e-6), c10::nullopt, 1.0);
        for (auto &g : grads)
            g.mul_(coefficient);
    }
    return true;
}

std::pair<torch::Tensor, torch::Tensor> SearchStepper::forwardLoss(const Batch &part, const CellWeights &normal,
                                                                   const CellWeights &reduce, bool archStep)
{
    torch::Tensor logits, loss;
    {
        GDAS_PROFILE_RANGE(archStep ? "gdas::arch_forward" : "gdas::weights_forward");
        AutocastGuard autocast(m_device, m_config.amp);
        // The weights step keeps the depthwise outputs: time over memory for the weights'
        // gradients (the arch step asks for none).
        std::optional<KeepDepthwiseOutputsGuard> keepDepthwise;
        if (!archStep)
            keepDepthwise.emplace();
        logits = m_net->forward(part.images, normal, reduce);
        loss = torch::nn::functional::cross_entropy(logits, part.labels);
    }
    if (m_probe)
        m_probe->forwarded(archStep, logits, normal, reduce);
    return {logits, loss};
}

torch::Tensor SearchStepper::weightsStep(const Batch &batch, double tau, torch::Tensor &sums)
{
    auto [normal, reduce] = archWeights(tau, false);
    // The fused update: one process, one micro-batch, no loss scale, float32 CPU weights.
    const bool fused =
        m_averager == nullptr && m_config.microBatches == 1 && !m_scaler.enabled() && m_fusedSgd->applies(m_weights);
    {
        GDAS_PROFILE_RANGE("gdas::zero_grad");
        if (fused)
            FusedSgd::zeroGradients(m_weights);
        else
            m_wOpt->zero_grad();
    }
    torch::Tensor lossSum;
    for (int k = 0; k < m_config.microBatches; ++k) {
        const Batch part = microBatch(batch, k);
        const auto [logits, loss] = forwardLoss(part, normal, reduce, false);
        {
            GDAS_PROFILE_RANGE("gdas::weights_backward");
            m_scaler.scaled(loss).backward();
        }
        accumulate(sums, 0, 6, logits, part.labels, loss);
        lossSum = k == 0 ? loss.detach() : lossSum + loss.detach();
    }
    if (fused) {
        GDAS_PROFILE_RANGE("gdas::sgd");
        m_fusedSgd->clippedStep(m_weights, m_config.gradClip);
    } else if (finishGradients(m_weights, m_config.gradClip, "weight gradients")) {
        GDAS_PROFILE_RANGE("gdas::sgd");
        m_wOpt->step();
    }
    return m_config.microBatches == 1 ? lossSum : lossSum / m_config.microBatches;
}

torch::Tensor SearchStepper::archStep(const Batch &batch, double tau, torch::Tensor &sums)
{
    auto [normal, reduce] = archWeights(tau, true);
    const int parts = m_config.microBatches;
    std::vector<torch::Tensor> total;
    torch::Tensor lossSum;
    for (int k = 0; k < parts; ++k) {
        const Batch part = microBatch(batch, k);
        const auto [logits, loss] = forwardLoss(part, normal, reduce, true);
        GDAS_PROFILE_RANGE("gdas::arch_backward");
        // Gradients for α only: autograd prunes every weight-gradient computation. The slices
        // share the sampled architecture's graph, so it is kept until the last slice.
        auto grads = torch::autograd::grad({m_scaler.scaled(loss)}, m_alphas, {}, /*retain_graph=*/k + 1 < parts,
                                           /*create_graph=*/false, /*allow_unused=*/true);
        // A cell type whose every edge sampled 'none' computes nothing that depends on its α
        // (our cells skip a sampled 'none'). The official cells multiply Zero(x) by the sampled
        // weight, which gives that α an exact zero gradient: so does this, where autograd
        // leaves it undefined.
        for (std::size_t i = 0; i < grads.size(); ++i)
            if (!grads[i].defined())
                grads[i] = torch::zeros_like(m_alphas[i]);
        if (k == 0)
            total = std::move(grads);
        else
            for (std::size_t i = 0; i < total.size(); ++i)
                total[i].add_(grads[i]);
        accumulate(sums, 3, 7, logits, part.labels, loss);
        lossSum = k == 0 ? loss.detach() : lossSum + loss.detach();
    }
    for (std::size_t i = 0; i < m_alphas.size(); ++i)
        m_alphas[i].mutable_grad() = total[i];
    if (finishGradients(m_alphas, 0.0, "architecture gradients")) {
        GDAS_PROFILE_RANGE("gdas::adam");
        m_aOpt->step();
    }
    return parts == 1 ? lossSum : lossSum / parts;
}

std::pair<torch::Tensor, torch::Tensor> SearchStepper::step(const Batch &weightsBatch, const Batch &archBatch,
                                                            double tau, torch::Tensor &sums)
{
    m_net->train();
    auto w = weightsStep(weightsBatch, tau, sums);
    auto a = archStep(archBatch, tau, sums);
    return {w, a};
}

} // namespace gdas::engine
