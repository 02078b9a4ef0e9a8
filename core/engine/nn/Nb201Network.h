#pragma once

#include "ClassifierNetwork.h"
#include "MultiplyAdds.h"
#include "Nb201Cell.h"
#include "Operations.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace gdas::engine {

// NAS-Bench-201's network for one architecture (AutoDL-Projects cell_infers/tiny_network.py
// TinyNetwork): stem (3x3 conv to C, BN), N cells at C, a residual reduction block to 2C, N cells,
// one to 4C, N cells, then BN + ReLU ("lastact"), global pooling and the classifier.
// Keys: stem.*, cells.<i>.layers.* / cells.<i>.conv_a.* ..., lastact.0.*, classifier.*.
// No auxiliary head and no drop-path: the benchmark trains without them.
class Nb201NetworkImpl : public ClassifierNetwork {
public:
    explicit Nb201NetworkImpl(const NetworkSpec &spec); // spec with its defaults resolved

    ClassifierOutput forward(const torch::Tensor &images) override;
    void setDropPath(double /*probability*/, at::Generator /*generator*/) override {}
    std::int64_t multiplyAdds(bool withAuxiliary) const override;
    const NetworkSpec &spec() const override { return m_spec; }

private:
    NetworkSpec m_spec;
    torch::nn::Sequential m_stem{nullptr};
    torch::nn::ModuleList m_cellList{nullptr};
    std::vector<Nb201Cell> m_cells;             // the normal cells, or null
    std::vector<ResNetBasicBlock> m_reductions; // the reduction blocks, or null
    torch::nn::Sequential m_lastact{nullptr};
    torch::nn::Linear m_classifier{nullptr};
};
TORCH_MODULE(Nb201Network);

} // namespace gdas::engine
