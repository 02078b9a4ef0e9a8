#pragma once

#include "engine/NetworkInfo.h"

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>

namespace gdas::engine {

struct ClassifierOutput {
    torch::Tensor logits;    // [B, classes]
    torch::Tensor auxLogits; // [B, classes] in training with an auxiliary head; else undefined
};

// An evaluation network that a retraining trains from scratch: DARTS's NetworkCIFAR /
// NetworkImageNet (EvalNetwork) or NAS-Bench-201's TinyNetwork (Nb201Network).
class ClassifierNetwork : public torch::nn::Module {
public:
    virtual ClassifierOutput forward(const torch::Tensor &images) = 0;
    // Drop-path probability of the training forward passes; masks are drawn from `generator`.
    // Networks without drop-path (NAS-Bench-201, which trains without it) ignore it.
    virtual void setDropPath(double probability, at::Generator generator) = 0;
    // Multiply-adds of convolutions and linear layers for one image; the auxiliary head's are
    // counted only with `withAuxiliary`.
    virtual std::int64_t multiplyAdds(bool withAuxiliary) const = 0;
    virtual const NetworkSpec &spec() const = 0;
};

// Builds the network for a spec whose defaults are resolved (NetworkSpec::resolveDefaults).
// Throws InputError when the genotype or the input size cannot make that network.
std::shared_ptr<ClassifierNetwork> makeClassifierNetwork(const NetworkSpec &spec);

// Parameter counts as the DARTS and GDAS papers give them: every parameter tensor whose name
// does not hold "auxiliary" (DARTS's count_parameters_in_MB), or all of them.
std::int64_t countParameters(const torch::nn::Module &network, bool withAuxiliary);

// Parameters, multiply-adds and cells of a built network (see NetworkInfo).
NetworkInfo measureNetwork(const ClassifierNetwork &network);

} // namespace gdas::engine
