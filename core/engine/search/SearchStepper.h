#pragma once

#include "engine/SearchConfig.h"
#include "engine/data/Batcher.h"
#include "engine/distributed/DynamicLossScaler.h"
#include "engine/nn/Supernet.h"
#include "engine/search/FusedSgd.h"

#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <memory>

namespace gdas::engine {

class GradientAverager;

// Test hook (the parity harness): sees each forward pass of a step. Not owned by the stepper.
class StepProbe {
public:
    virtual ~StepProbe() = default;
    // After the forward pass of the weights step (archStep false) or of the arch step.
    virtual void forwarded(bool archStep, const torch::Tensor &logits, const CellWeights &normal,
                           const CellWeights &reduce) = 0;
};

// Sums of one or more steps, kept on the device so a step needs no host synchronisation:
// [w_loss*B, w_correct1, w_correct5, a_loss*B, a_correct1, a_correct5, w_images, a_images].
constexpr int kStatSlots = 8;

struct StepSums {
    double wLoss = 0, wTop1 = 0, wTop5 = 0, aLoss = 0, aTop1 = 0, aTop5 = 0, wImages = 0, aImages = 0;
    static StepSums fromTensor(const torch::Tensor &sums); // copies to the host
    // Averages (loss per image, accuracies in percent).
    double avg(double sum, double count) const { return count > 0 ? sum / count : 0.0; }
    // The averages of both halves into a StepMetrics or an EpochReport (fields of the same names).
    template <typename Report>
    void averagesInto(Report &r) const
    {
        r.wLoss = avg(wLoss, wImages);
        r.wTop1 = 100.0 * avg(wTop1, wImages);
        r.wTop5 = 100.0 * avg(wTop5, wImages);
        r.aLoss = avg(aLoss, aImages);
        r.aTop1 = 100.0 * avg(aTop1, aImages);
        r.aTop5 = 100.0 * avg(aTop5, aImages);
    }
};

// The supernet a search with the (resolved) `config` trains, on images of `inChannels`
// channels in `classes` classes.
SupernetOptions searchSupernetOptions(const SearchConfig &config, model::SpaceKind space, int inChannels, int classes);

// One search step of the official loop: a weights step on a batch of the weights half (SGD +
// Nesterov, gradient norm of the weights clipped) and an arch step on a batch of the arch half
// (Adam on α). GDAS samples a hard architecture per forward pass; DARTS first-order weighs
// every op by softmax(α). Both take the weights step first, as the official loops
// (AutoDL-Projects exps/NAS-Bench-201-algos/GDAS.py and DARTS-V1.py) do.
// Data parallelism: each rank steps on its shard of the batch with the same sampled
// architecture; the averager makes the gradients the mean over the ranks before the clip and
// the step. config.microBatches > 1 computes the same thing within one process.
class SearchStepper {
public:
    SearchStepper(const SearchConfig &config, const SupernetOptions &netOptions, torch::Device device);

    // Adds this step's sums into `sums` (a kStatSlots float64 tensor on the device).
    // Returns the two losses as 0-d tensors (still on the device) for NaN checks.
    std::pair<torch::Tensor, torch::Tensor> step(const Batch &weightsBatch, const Batch &archBatch, double tau,
                                                 torch::Tensor &sums);

    void setLearningRate(double lr);
    // Puts 4-D weights in the configured memory format (after construction and after a load).
    void applyMemoryFormat();
    // Optimizer state by parameter position: SGD momentum buffers and Adam moments. Written
    // explicitly rather than with Optimizer::save/load, whose round trip here did not restore the
    // momentum buffers (a resumed run's first weights update differed from an uninterrupted one).
    void saveOptimizerState(torch::serialize::OutputArchive &archive) const;
    void loadOptimizerState(torch::serialize::InputArchive &archive);
    void defineWeightGradients();
    void setGradientAverager(GradientAverager *averager) { m_averager = averager; } // not owned; null: one process
    void setProbe(StepProbe *probe) { m_probe = probe; }                            // not owned; null: none
    DynamicLossScaler &lossScaler() { return m_scaler; }
    Supernet &net() { return m_net; }
    torch::optim::SGD &weightOptimizer() { return *m_wOpt; }
    torch::optim::Adam &archOptimizer() { return *m_aOpt; }
    GumbelSampler &sampler() { return m_sampler; }
    torch::Device device() const { return m_device; }

private:
    torch::Tensor weightsStep(const Batch &batch, double tau, torch::Tensor &sums);
    torch::Tensor archStep(const Batch &batch, double tau, torch::Tensor &sums);
    std::pair<CellWeights, CellWeights> archWeights(double tau, bool withGrad);
    Batch microBatch(const Batch &batch, int index) const;
    // One micro-batch's logits and loss, in the run's precision; the probe, if any, sees them.
    std::pair<torch::Tensor, torch::Tensor> forwardLoss(const Batch &part, const CellWeights &normal,
                                                        const CellWeights &reduce, bool archStep);
    // Averages over micro-batches and ranks and removes the loss scale; false: skip the step
    // (fp16 overflow). Clips to `clip` when > 0.
    bool finishGradients(const std::vector<torch::Tensor> &params, double clip, const char *what);

    SearchConfig m_config;
    torch::Device m_device;
    Supernet m_net{nullptr};
    std::vector<torch::Tensor> m_weights;
    std::vector<torch::Tensor> m_alphas;
    std::unique_ptr<torch::optim::SGD> m_wOpt;
    std::unique_ptr<FusedSgd> m_fusedSgd; // m_wOpt's update in one pass per weight, where it applies
    std::unique_ptr<torch::optim::Adam> m_aOpt;
    GumbelSampler m_sampler;
    GradientAverager *m_averager = nullptr;
    StepProbe *m_probe = nullptr;
    DynamicLossScaler m_scaler;
};

} // namespace gdas::engine
