#include "engine/nn/NodeRelu.h"

#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/LaneSums.h"
#include "engine/nn/VectorClones.h"

#include <torch/autograd.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace gdas::engine {

namespace {

KernelSwitch g_enabled("GDAS_FUSED_NODE_RELU");

// out[i] = g[i] + (relu[i] <= 0 ? 0 : gRelu[i]) over [begin, end), either gradient may be null
// (not both); returns Σ out[i] when asked (laneSum's, block by block while it is in the cache).
GDAS_VECTOR_CLONES double maskAddRange(const float *g, const float *gRelu, const float *relu, float *out,
                                       std::int64_t begin, std::int64_t end, bool sum)
{
    constexpr std::int64_t block = 4096;
    double total = 0.0;
    for (auto start = begin; start < end; start += block) {
        const auto stop = std::min(end, start + block);
        if (gRelu == nullptr) {
            std::copy(g + start, g + stop, out + start);
        } else if (g == nullptr) {
            for (auto i = start; i < stop; ++i)
                out[i] = relu[i] <= 0.0f ? 0.0f : gRelu[i];
        } else {
            for (auto i = start; i < stop; ++i)
                out[i] = g[i] + (relu[i] <= 0.0f ? 0.0f : gRelu[i]);
        }
        if (sum)
            total += laneSum(out, nullptr, start, stop);
    }
    return total;
}

bool sameDenseLayout(const torch::Tensor &t, const torch::Tensor &like)
{
    return !t.defined() || (t.device().is_cpu() && t.scalar_type() == torch::kFloat && t.sizes() == like.sizes() &&
                            t.strides() == like.strides() && t.is_non_overlapping_and_dense());
}

// The backward's arithmetic: {g + mask·gRelu, Σ of it when sumIt}.
std::pair<torch::Tensor, torch::Tensor> maskAdd(torch::Tensor g, torch::Tensor gRelu, const torch::Tensor &relu,
                                                bool sumIt, const std::vector<std::int64_t> &zeroSizes)
{
    // Gradients in another layout (a slice of a concatenation, an expanded one) are made dense in
    // the ReLU's first: the kernel walks all three in one order.
    const auto format = relu.suggest_memory_format();
    for (auto *t : {&g, &gRelu})
        if (t->defined() && !sameDenseLayout(*t, relu))
            *t = t->to(torch::kFloat).contiguous(format);
    if (!sameDenseLayout(g, relu) || !sameDenseLayout(gRelu, relu) || !relu.is_non_overlapping_and_dense()) {
        auto out = gRelu.defined() ? at::threshold_backward(gRelu, relu, 0) : g;
        if (g.defined() && gRelu.defined())
            out = g + out;
        return {out, sumIt ? at::sum_to(out, zeroSizes) : torch::Tensor()};
    }
    auto out = at::empty_like(relu);
    const float *pg = g.defined() ? g.data_ptr<float>() : nullptr;
    const float *pr = gRelu.defined() ? gRelu.data_ptr<float>() : nullptr;
    const float *r = relu.data_ptr<float>();
    float *o = out.data_ptr<float>();
    const double total = chunkedSum(relu.numel(), [&](std::int64_t begin, std::int64_t end) {
        return maskAddRange(pg, pr, r, o, begin, end, sumIt);
    });
    torch::Tensor zeroGrad;
    if (sumIt)
        zeroGrad = at::scalar_tensor(total, relu.options()).reshape(zeroSizes);
    return {out, zeroGrad};
}

class NodeReluFunction : public torch::autograd::Function<NodeReluFunction> {
public:
    // `zero` is an empty placeholder when there is no unsampled term (LibTorch 1.13 takes no
    // undefined tensor as a custom function's input).
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x,
                                                  const torch::Tensor &zero, bool hasZero)
    {
        auto relu = at::relu(x);
        ctx->set_materialize_grads(false); // an output nobody read has no gradient, not zeros
        ctx->save_for_backward({relu});
        ctx->saved_data["has_zero"] = hasZero;
        ctx->saved_data["zero_sizes"] = zero.sizes().vec();
        return {x, relu};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto &g = grads[0];
        const auto &gRelu = grads[1];
        if (!g.defined() && !gRelu.defined())
            return {torch::Tensor(), torch::Tensor(), torch::Tensor()};
        const auto relu = ctx->get_saved_variables()[0];
        const bool sumIt = ctx->saved_data["has_zero"].toBool() && ctx->needs_input_grad(1);
        auto [gradX, gradZero] = maskAdd(g, gRelu, relu, sumIt, ctx->saved_data["zero_sizes"].toIntVector());
        return {gradX, gradZero, torch::Tensor()};
    }
};

} // namespace

bool nodeReluFusionEnabled() { return g_enabled.on(); }

void setNodeReluFusionEnabled(bool enabled) { g_enabled.set(enabled); }

bool nodeReluApplies(const torch::Tensor &x)
{
    return g_enabled.on() && cpuRunsVectorClones() && torch::GradMode::is_enabled() && x.requires_grad() &&
           x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 &&
           x.is_contiguous(at::MemoryFormat::ChannelsLast) && !AutocastGuard::active(c10::DeviceType::CPU);
}

std::pair<torch::Tensor, torch::Tensor> nodeWithRelu(const torch::Tensor &x, const torch::Tensor &zero)
{
    const bool hasZero = zero.defined();
    auto outputs =
        NodeReluFunction::apply(x, hasZero ? zero : at::empty({0}, x.options().requires_grad(false)), hasZero);
    return {std::move(outputs[0]), std::move(outputs[1])};
}

} // namespace gdas::engine
