#pragma once

#include <torch/optim/sgd.h>
#include <torch/types.h>

#include <sstream>
#include <type_traits>
#include <vector>

namespace gdas::engine {

// The optimizers' state map is keyed by the parameter's TensorImpl: a string in LibTorch 1.x,
// the pointer itself in 2.x.
template <typename Map>
typename Map::key_type optimizerStateKey(const Map &, const torch::Tensor &p)
{
    if constexpr (std::is_same_v<typename Map::key_type, std::string>) {
        std::ostringstream key; // what LibTorch 1.x's c10::guts::to_string(impl) wrote
        key << p.unsafeGetTensorImpl();
        return key.str();
    } else {
        return static_cast<typename Map::key_type>(p.unsafeGetTensorImpl());
    }
}

// The search's weight update in one pass over each weight's floats: gradient clipping by the
// global norm, then torch::optim::SGD's step (weight decay, momentum with dampening, Nesterov),
// with SGD's arithmetic operation for operation (each product and sum rounded where ATen's
// kernels round it, fused multiply-adds where they fuse), its momentum buffers kept in the
// optimizer's own state (checkpoints read them there). LibTorch spends about seven dispatched
// operations per weight on this; a DARTS-space supernet has about 1,600 weights, most of them
// a few hundred floats, so the step was mostly dispatch. Applies to float32 CPU weights whose
// gradients share their layout; the caller keeps LibTorch's path for everything else.
class FusedSgd {
public:
    explicit FusedSgd(torch::optim::SGD &sgd) : m_sgd(sgd) {}

    // Whether these weights (with their gradients and any momentum buffers) take the fused path.
    bool applies(const std::vector<torch::Tensor> &weights);
    // Every gradient set to zero, as Optimizer::zero_grad does.
    static void zeroGradients(const std::vector<torch::Tensor> &weights);
    // sqrt(Σ over weights of Σ g²): squares summed in float lanes per block of 4096 (laneSum), the
    // blocks in double, in an order that does not depend on the thread count.
    static double gradientNorm(const std::vector<torch::Tensor> &weights);
    // clip_grad_norm_'s factor for `norm` (float arithmetic, as the tensor ops compute it):
    // min(clip / (norm + 1e-6), 1).
    static float clipFactor(double norm, double clip);
    // g *= gradientFactor (skipped when it is 1; written back, as clipping does), then SGD's
    // update of every weight with a gradient, with the optimizer's first parameter group's options.
    void step(const std::vector<torch::Tensor> &weights, float gradientFactor);
    // step() with the gradients first clipped to a global norm of `clip` (none where clip <= 0),
    // as clip_grad_norm_ then SGD's step.
    void clippedStep(const std::vector<torch::Tensor> &weights, double clip)
    {
        step(weights, clip > 0.0 ? clipFactor(gradientNorm(weights), clip) : 1.0f);
    }
    // Forget the cached momentum buffers (after the optimizer's state was replaced).
    void resetCache() { m_buffers.clear(); }

private:
    // Fills m_buffers from the optimizer's state for the weights not cached yet (a lookup by a
    // string key in LibTorch 1.x: done once per weight, not per step); with `create`, makes the
    // missing ones for weights with a gradient and marks them in `fresh`.
    void resolveBuffers(const std::vector<torch::Tensor> &weights, bool create, std::vector<char> *fresh);

    torch::optim::SGD &m_sgd;
    std::vector<torch::Tensor> m_buffers; // [weight] its momentum buffer, once it has one
};

// A training step's weight update as the retraining takes it (and its bench, `gdas bench
// --single eval`): FusedSgd where it applies, otherwise LibTorch's zero_grad, clip_grad_norm_
// and SGD step. The evaluation network has about 900 weights, most of them BatchNorm vectors,
// so LibTorch's path spent about ten dispatched operations on each per step.
class TrainingUpdate {
public:
    // `sgd`'s first parameter group holds the weights.
    explicit TrainingUpdate(torch::optim::SGD &sgd);
    // Before the forward: the gradients zeroed (on the fused path made undefined, and a weight
    // the backward then leaves without one given zeros in finish()). `fusedAllowed` false
    // (gradients averaged across processes) keeps LibTorch's path for this step.
    void begin(bool fusedAllowed = true);
    // After the backward (and any averaging of the gradients): clipped to a global norm of `clip`
    // (none where clip <= 0), then SGD's step.
    void finish(double clip);
    // After the optimizer's state was replaced (a checkpoint loaded).
    void resetCache() { m_fusedSgd.resetCache(); }

private:
    torch::optim::SGD &m_sgd;
    std::vector<torch::Tensor> m_weights;
    FusedSgd m_fusedSgd;
    bool m_fused = false;            // this step's path, chosen by begin()
    std::vector<char> m_hadGradient; // [weight] it had a gradient at begin() (fused path)
};

} // namespace gdas::engine
