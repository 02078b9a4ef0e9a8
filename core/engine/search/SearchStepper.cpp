#include "SearchStepper.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/utils/clip_grad.h>

namespace gdas::engine {

namespace {

// Adds loss*B, correct@1, correct@5 of a batch into sums[offset..offset+2], images into sums[slot].
void accumulate(torch::Tensor &sums, int offset, int imageSlot, const torch::Tensor &logits,
                const torch::Tensor &labels, const torch::Tensor &loss)
{
    torch::NoGradGuard noGrad;
    const auto batch = logits.size(0);
    const auto k = std::min<int64_t>(5, logits.size(1));
    const auto top = std::get<1>(logits.topk(k, 1, true, true));
    const auto hits = top.eq(labels.view({-1, 1}));
    auto values = torch::stack({loss.detach().to(torch::kFloat64) * static_cast<double>(batch),
                                hits.narrow(1, 0, 1).sum().to(torch::kFloat64),
                                hits.sum().to(torch::kFloat64)});
    sums.narrow(0, offset, 3).add_(values);
    sums[imageSlot].add_(static_cast<double>(batch));
}

} // namespace

StepSums StepSums::fromTensor(const torch::Tensor &sums)
{
    const auto h = sums.to(torch::kCPU, torch::kFloat64).contiguous();
    const double *p = h.data_ptr<double>();
    return StepSums{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]};
}

SearchStepper::SearchStepper(const SearchConfig &config, const SupernetOptions &netOptions, torch::Device device)
    : m_config(config), m_device(device), m_sampler(config.seed * 2654435761ULL + 17)
{
    m_net = Supernet(netOptions);
    m_net->to(device);
    if (config.channelsLast) {
        // oneDNN (CPU) and cuDNN run NHWC convolutions faster; keep the weights NHWC too.
        torch::NoGradGuard noGrad;
        for (auto &p : m_net->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
    }
    m_weights = m_net->weightParameters();
    m_alphas = m_net->archParameters();
    m_wOpt = std::make_unique<torch::optim::SGD>(
        m_weights, torch::optim::SGDOptions(config.lr).momentum(config.momentum).nesterov(true).weight_decay(
                       config.weightDecay));
    m_aOpt = std::make_unique<torch::optim::Adam>(
        m_alphas, torch::optim::AdamOptions(config.archLr)
                      .betas(std::make_tuple(config.archBeta1, config.archBeta2))
                      .weight_decay(config.archWeightDecay));
}

void SearchStepper::setLearningRate(double lr)
{
    for (auto &group : m_wOpt->param_groups())
        static_cast<torch::optim::SGDOptions &>(group.options()).lr(lr);
}

std::pair<CellWeights, CellWeights> SearchStepper::archWeights(double tau, bool withGrad)
{
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

torch::Tensor SearchStepper::weightsStep(const Batch &batch, double tau, torch::Tensor &sums)
{
    auto [normal, reduce] = archWeights(tau, false);
    m_wOpt->zero_grad();
    const auto logits = m_net->forward(batch.images, normal, reduce);
    auto loss = torch::nn::functional::cross_entropy(logits, batch.labels);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(m_weights, m_config.gradClip);
    m_wOpt->step();
    accumulate(sums, 0, 6, logits, batch.labels, loss);
    return loss.detach();
}

torch::Tensor SearchStepper::archStep(const Batch &batch, double tau, torch::Tensor &sums)
{
    auto [normal, reduce] = archWeights(tau, true);
    const auto logits = m_net->forward(batch.images, normal, reduce);
    auto loss = torch::nn::functional::cross_entropy(logits, batch.labels);
    // Gradients for α only: autograd prunes every weight-gradient computation.
    auto grads = torch::autograd::grad({loss}, m_alphas);
    for (std::size_t i = 0; i < m_alphas.size(); ++i)
        m_alphas[i].mutable_grad() = grads[i];
    m_aOpt->step();
    accumulate(sums, 3, 7, logits, batch.labels, loss);
    return loss.detach();
}

std::pair<torch::Tensor, torch::Tensor> SearchStepper::step(const Batch &weightsBatch, const Batch &archBatch,
                                                            double tau, torch::Tensor &sums)
{
    m_net->train();
    if (m_config.algorithm == Algorithm::DartsFirstOrder) {
        auto a = archStep(archBatch, tau, sums);
        auto w = weightsStep(weightsBatch, tau, sums);
        return {w, a};
    }
    auto w = weightsStep(weightsBatch, tau, sums);
    auto a = archStep(archBatch, tau, sums);
    return {w, a};
}

} // namespace gdas::engine
