#pragma once

#include "engine/SearchConfig.h"
#include "model/SearchSpace.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace gdas::engine {

// The architecture weights one cell type uses in one forward pass.
struct CellWeights {
    // [edges, ops]. GDAS: h - stopgrad(p) + p (exactly one-hot forward, gradient into every α).
    // DARTS first-order: softmax(α).
    torch::Tensor weights;
    // GDAS: the sampled op of each edge (host copy). Empty for DARTS: every op runs.
    std::vector<std::int64_t> index;
};

struct SupernetOptions {
    model::SpaceKind space = model::SpaceKind::Darts;
    Algorithm algorithm = Algorithm::Gdas; // GdasFrc: fixed reduction cell, no α for it
    int channels = 16;                     // C
    int cells = 2;                         // N per stage
    int stemMultiplier = 3;                // DARTS space: stem has C*3 channels
    int inChannels = 3;
    int classes = 10;
};

// The search network of the official GDAS code: BatchNorm affine=False inside cells (so their
// convolutions carry biases), affine BatchNorm in the stem and before the classifier.
// DARTS space: NASNet macro structure, 3 stages of N cells, reduction cells between them.
// NAS-Bench-201: 3 stages of N cells with residual reduction blocks, one shared cell α.
class SupernetImpl : public torch::nn::Module {
public:
    explicit SupernetImpl(const SupernetOptions &options);

    // Logits [B, classes]. `reduce` is ignored where the space / algorithm has no reduce α.
    torch::Tensor forward(const torch::Tensor &images, const CellWeights &normal, const CellWeights &reduce);

    std::vector<torch::Tensor> weightParameters() const; // everything but α
    std::vector<torch::Tensor> archParameters() const;   // α normal, then α reduce if any
    torch::Tensor alphaNormal() const;
    torch::Tensor alphaReduce() const; // undefined tensor if none
    bool hasReduceAlpha() const;
    const SupernetOptions &options() const;

    // Executions of each candidate op since construction or resetOpCallCounts(), for tests and
    // profiling: [search cell][edge][op] flattened, search cells in network order (the fixed
    // reduction cells of GDAS-FRC and the residual blocks of NAS-Bench-201 are not counted).
    // A 'none' op never executes, so its count stays 0.
    std::vector<std::int64_t> opCallCounts() const;
    void resetOpCallCounts();
    int searchCellCount() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};
TORCH_MODULE(Supernet);

// Hard Gumbel-softmax sampling with its own generator (CPU), so noise does not depend on the
// device and its state can be checkpointed. Resamples when noise or probabilities hold inf/NaN.
class GumbelSampler {
public:
    explicit GumbelSampler(std::uint64_t seed);
    // Draws noise until hardSample accepts it; throws RuntimeFailure when 100 draws in a row
    // are rejected (α itself holds inf/NaN), where the official code would loop forever.
    CellWeights sample(const torch::Tensor &alpha, double tau);
    // One hard Gumbel-softmax sample with the given noise g (same shape as α, any device):
    // p = softmax((log_softmax(α) + g) / τ), index = argmax p, weights = one_hot(index) + p -
    // stopgrad(p). std::nullopt when g or p holds inf/NaN (draw new noise).
    static std::optional<CellWeights> hardSample(const torch::Tensor &alpha, double tau, const torch::Tensor &gumbel);
    // DARTS first-order: softmax(α), no sampling.
    static CellWeights relax(const torch::Tensor &alpha);
    torch::Tensor state() const; // for checkpoints
    void setState(const torch::Tensor &state);
    // Test hook (the parity harness): when set, each draw takes its Gumbel noise g (float, on
    // the CPU, α's shape) from `source` instead of the generator, so recorded noise of the
    // official code can be replayed. An empty function restores the generator.
    using NoiseSource = std::function<torch::Tensor(at::IntArrayRef shape)>;
    void setNoiseSource(NoiseSource source) { m_noiseSource = std::move(source); }

private:
    torch::Generator m_generator;
    NoiseSource m_noiseSource;
};

// τ for an epoch: linear from tauMax (first epoch) to tauMin (last epoch), as the official code.
double tauForEpoch(double tauMax, double tauMin, int epoch, int epochs);

} // namespace gdas::engine
