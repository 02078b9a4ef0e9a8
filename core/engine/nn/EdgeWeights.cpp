#include "engine/nn/EdgeWeights.h"

#include "model/SearchSpace.h"

#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/LaneSums.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/NodeRelu.h"
#include "engine/nn/Pooling3x3.h"
#include "engine/nn/VectorClones.h"

#include <ATen/ExpandUtils.h>
#include <torch/autograd.h>
#include <torch/nn/modules/container/modulelist.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gdas::engine {

namespace {

[[noreturn]] void throwBadWeights(const char *what, const std::string &problem)
{
    throw std::invalid_argument(std::string("Supernet: ") + what + " weights: " + problem);
}

// What out's gradient was as the product's (grad · w, a fresh tensor): the same values, and
// dense in grad's own layout. A slice of the cell's concatenated output (channels-last) is
// strided; kernels downstream (BatchNorm's backward) sum in another order on strided input.
// The node's outermost addition makes it dense once and hands the dense gradient both to its
// op and down the chain of additions, so every op into the node (and weightGradient's one-pass
// dot) gets it dense without a copy of its own.
torch::Tensor productGradient(const torch::Tensor &grad)
{
    const auto format = grad.suggest_memory_format();
    return grad.is_contiguous(format) ? grad : grad.contiguous(format);
}

// The gradient of a 0-dim weight w in out · w: Σ grad·out (sum_to(grad · out) for other
// shapes). One pass over both tensors instead of a product tensor and a sum over it, where both
// are float32 on the CPU with the same dense layout.
torch::Tensor weightGradient(const torch::Tensor &grad, const torch::Tensor &out,
                             const std::vector<std::int64_t> &wSizes)
{
    const bool fast = wSizes.empty() && grad.device().is_cpu() && grad.scalar_type() == torch::kFloat &&
                      out.scalar_type() == torch::kFloat && grad.sizes() == out.sizes() &&
                      grad.strides() == out.strides() && grad.is_non_overlapping_and_dense() && cpuRunsVectorClones();
    if (!fast)
        return at::sum_to(grad * out, wSizes);
    const float *a = grad.data_ptr<float>();
    const float *b = out.data_ptr<float>();
    const double total =
        chunkedSum(grad.numel(), [&](std::int64_t begin, std::int64_t end) { return laneSum(a, b, begin, end); });
    return at::scalar_tensor(total, grad.options());
}

// out * w for a w whose value is exactly 1: the output is `out` itself (a view of it), the
// gradients are those of the product: grad for out (grad · 1), sum_to(grad · out) for w.
class UnitWeightFunction : public torch::autograd::Function<UnitWeightFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &out,
                                 const torch::Tensor &w)
    {
        if (w.requires_grad())
            ctx->save_for_backward({out});
        ctx->saved_data["w_sizes"] = w.sizes().vec();
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto grad = grads[0].defined() ? productGradient(grads[0]) : grads[0];
        torch::Tensor gradW;
        if (grad.defined() && ctx->needs_input_grad(1)) {
            const auto out = ctx->get_saved_variables()[0];
            gradW = weightGradient(grad, out, ctx->saved_data["w_sizes"].toIntVector());
        }
        return {grad, gradW};
    }
};

// sum + out * w for a w whose value is exactly 1, in place into `sum` when it is the node's own.
class AddUnitWeightFunction : public torch::autograd::Function<AddUnitWeightFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, torch::Tensor sum, const torch::Tensor &out,
                                 const torch::Tensor &w, bool inPlace)
    {
        if (w.requires_grad())
            ctx->save_for_backward({out});
        ctx->saved_data["w_sizes"] = w.sizes().vec();
        if (!inPlace)
            return sum + out;
        sum.add_(out);
        ctx->mark_dirty({sum});
        return sum;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        // One dense gradient for the sum's terms and the op (the same values as grad).
        const auto grad = grads[0].defined() ? productGradient(grads[0]) : grads[0];
        torch::Tensor gradW;
        if (grad.defined() && ctx->needs_input_grad(2)) {
            const auto out = ctx->get_saved_variables()[0];
            gradW = weightGradient(grad, out, ctx->saved_data["w_sizes"].toIntVector());
        }
        return {grad, grad, gradW, torch::Tensor()};
    }
};

// sum + z for a 0-dim z whose value is exactly 0: the output is `sum` itself, z's gradient that
// of the addition (the sum of the node's gradient). Saves a pass over the node in the forward.
class AddZeroFunction : public torch::autograd::Function<AddZeroFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &sum,
                                 const torch::Tensor &zero)
    {
        ctx->saved_data["z_sizes"] = zero.sizes().vec();
        return sum;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto &grad = grads[0];
        torch::Tensor gradZero;
        if (grad.defined() && ctx->needs_input_grad(1))
            gradZero = at::sum_to(grad, ctx->saved_data["z_sizes"].toIntVector());
        return {grad, gradZero};
    }
};

// sum + pool(x) · w for a w whose value is exactly 1, the pooling writing into the sum (in place
// when it is the node's own; a fresh tensor otherwise, pool(x) alone for the node's first term).
// The backward passes the node's gradient on to the sum, gives x the pooling's input gradient,
// and w the product's Σ g·pool(x), taken as Σ pool'(g)·x (the pooling is linear in what it picks,
// so the two are equal), which needs no kept pool(x).
class PoolIntoSumFunction : public torch::autograd::Function<PoolIntoSumFunction> {
public:
    // `sum` is an empty placeholder when hasSum is false (no undefined inputs in LibTorch 1.13).
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, torch::Tensor sum, const torch::Tensor &x,
                                 const torch::Tensor &w, bool hasSum, bool inPlace, std::int64_t stride, bool max)
    {
        ctx->save_for_backward({x});
        ctx->saved_data["w_sizes"] = w.sizes().vec();
        ctx->saved_data["has_sum"] = hasSum;
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["max"] = max;
        auto out = pool3x3Forward(x, static_cast<int>(stride), max, hasSum ? sum : torch::Tensor(), hasSum && inPlace);
        if (hasSum && inPlace)
            ctx->mark_dirty({sum});
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto grad = grads[0].defined() ? productGradient(grads[0]) : grads[0];
        torch::Tensor gradSum, gradX, gradW;
        if (grad.defined()) {
            if (ctx->saved_data["has_sum"].toBool() && ctx->needs_input_grad(0))
                gradSum = grad;
            const auto x = ctx->get_saved_variables()[0];
            if (ctx->needs_input_grad(1) || ctx->needs_input_grad(2))
                gradX = pool3x3Backward(x, grad, static_cast<int>(ctx->saved_data["stride"].toInt()),
                                        ctx->saved_data["max"].toBool());
            if (ctx->needs_input_grad(2))
                gradW = weightGradient(gradX, x, ctx->saved_data["w_sizes"].toIntVector());
            if (!ctx->needs_input_grad(1))
                gradX = torch::Tensor();
        }
        return {gradSum, gradX, gradW, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

void EdgeWeights::addUnsampled(torch::Tensor &sum, bool owned, int node) const
{
    if (static_cast<std::size_t>(node) >= unsampledSum.size())
        return;
    const auto &unsampled = unsampledSum[static_cast<std::size_t>(node)];
    if (!unsampled.defined())
        return;
    if (!unsampledZero) {
        // In place only into the node's own tensor, never into an op's output.
        sum = owned ? sum.add_(unsampled) : sum.add(unsampled);
        return;
    }
    // x + 0 is x: only the gradient into the unsampled weights remains to be made.
    if (torch::GradMode::is_enabled() && unsampled.requires_grad())
        sum = AddZeroFunction::apply(sum, unsampled);
}

SharedRelu EdgeWeights::node(torch::Tensor sum, bool owned, int node, SearchEdges &edges) const
{
    if (!sampled())
        return SharedRelu(std::move(sum));
    if (!edges.sampledReadsRelu(node, index, sum) || !nodeReluApplies(sum)) {
        addUnsampled(sum, owned, node);
        return SharedRelu(std::move(sum));
    }
    torch::Tensor zero;
    const auto slot = static_cast<std::size_t>(node);
    if (unsampledZero && slot < unsampledSum.size()) {
        const auto &term = unsampledSum[slot];
        if (term.defined() && torch::GradMode::is_enabled() && term.requires_grad())
            zero = term;
    } else {
        addUnsampled(sum, owned, node);
    }
    auto [state, relu] = nodeWithRelu(sum, zero);
    return SharedRelu(std::move(state), std::move(relu));
}

void EdgeWeights::addSelected(torch::Tensor &sum, bool &owned, const torch::Tensor &out, int edge) const
{
    const auto &w = selected(edge);
    if (!unitSelected) {
        if (sum.defined())
            sum.addcmul_(out, w);
        else
            sum = out.mul(w);
        owned = true;
        return;
    }
    // One autograd node per term, as the product and the in-place addcmul_ made: the backward
    // then runs its nodes in the same order and sums the gradients of shared inputs in the
    // same order, so the results are those of the product form bit for bit.
    if (!sum.defined()) {
        sum = UnitWeightFunction::apply(out, w);
        owned = false;
    } else {
        sum = AddUnitWeightFunction::apply(sum, out, w, owned);
        owned = true;
    }
}

void EdgeWeights::addSampled(torch::Tensor &sum, bool &owned, SearchEdges &edges, int edge, int op,
                             SharedRelu &input) const
{
    auto &operation = edges.operation(edge, op);
    if (const auto *pool = unitSelected ? operation->as<PoolingImpl>() : nullptr;
        pool != nullptr && !pool->preprocess && pool3x3IntoSumApplies(input.input(), pool->stride(), sum)) {
        edges.count(edge, op);
        const auto &x = input.input();
        const auto &w = selected(edge);
        const bool max = pool->mode() == PoolingMode::Max;
        const bool hasSum = sum.defined();
        if (torch::GradMode::is_enabled() &&
            (x.requires_grad() || w.requires_grad() || (hasSum && sum.requires_grad())))
            sum = PoolIntoSumFunction::apply(hasSum ? sum : at::empty({0}, x.options().requires_grad(false)), x, w,
                                             hasSum, owned, pool->stride(), max);
        else
            sum = pool3x3Forward(x, pool->stride(), max, sum, hasSum && owned);
        owned = true; // in place into the node's own tensor, or a fresh one
        return;
    }
    auto *bn = unitSelected ? operation->lastBatchNorm() : nullptr;
    if (bn == nullptr) {
        addSelected(sum, owned, edges.run(edge, op, input), edge);
        return;
    }
    edges.count(edge, op);
    const auto unnormalised = operation->runUnnormalised(input);
    if (!batchNormIntoSumApplies(unnormalised, *bn, sum)) {
        addSelected(sum, owned, batchNorm(unnormalised, *bn), edge);
        return;
    }
    sum = batchNormIntoSum(sum, owned, unnormalised, *bn, selected(edge));
    owned = true; // in place into the node's own tensor, or a fresh one
}

SearchEdges::SearchEdges(torch::nn::Module &cell, const model::SearchSpace &space, int channels, bool affine,
                         const std::function<int(int edge)> &stride)
{
    for (const auto &name : space.ops)
        opIsNone.push_back(name == "none");
    auto edges = cell.register_module("edges", torch::nn::ModuleList());
    for (int e = 0; e < space.edgeCount(); ++e) {
        torch::nn::ModuleList candidates;
        std::vector<Operation> typed;
        for (const auto &name : space.ops) {
            auto op = createOp(name, channels, channels, stride(e), affine);
            candidates->push_back(op);
            typed.push_back(op);
        }
        edges->push_back(candidates);
        ops.push_back(std::move(typed));
    }
    incoming.resize(static_cast<std::size_t>(space.inputNodes + space.intermediateNodes));
    outgoing.resize(incoming.size());
    for (int e = 0; e < space.edgeCount(); ++e) {
        const auto &edge = space.edges[static_cast<std::size_t>(e)];
        incoming[static_cast<std::size_t>(edge.to)].push_back(e);
        outgoing[static_cast<std::size_t>(edge.from)].push_back(e);
    }
    calls.assign(static_cast<std::size_t>(space.edgeCount() * space.opCount()), 0);
}

bool SearchEdges::sampledReadsRelu(int node, const std::vector<std::int64_t> &index, const torch::Tensor &x)
{
    for (const int edge : outgoing[static_cast<std::size_t>(node)]) {
        const auto op = index[static_cast<std::size_t>(edge)];
        if (opIsNone[static_cast<std::size_t>(op)])
            continue;
        const auto &operation = this->operation(edge, static_cast<int>(op));
        if (operation->readsRelu() && !operation->rectifiesOnLoad(x))
            return true;
    }
    return false;
}

EdgeWeights EdgeWeights::prepare(const CellWeights &cell, const model::SearchSpace &space, bool withUnsampledSums,
                                 const char *what)
{
    const int edges = space.edgeCount();
    const int ops = space.opCount();
    if (!cell.weights.defined())
        throwBadWeights(what, "missing");
    if (cell.weights.dim() != 2 || cell.weights.size(0) != edges || cell.weights.size(1) != ops)
        throwBadWeights(what, "expected shape [" + std::to_string(edges) + ", " + std::to_string(ops) + "]");

    EdgeWeights prepared;
    prepared.ops = ops;
    const auto rows = cell.weights.unbind(0);
    if (cell.index.empty()) {
        prepared.weight.reserve(static_cast<std::size_t>(edges * ops));
        for (const auto &row : rows)
            for (auto &w : row.unbind(0))
                prepared.weight.push_back(std::move(w));
        return prepared;
    }

    if (static_cast<int>(cell.index.size()) != edges)
        throwBadWeights(what, "index has " + std::to_string(cell.index.size()) + " entries for " +
                                  std::to_string(edges) + " edges");
    prepared.index = cell.index;
    prepared.weight.reserve(static_cast<std::size_t>(edges));
    for (int e = 0; e < edges; ++e) {
        const auto k = cell.index[static_cast<std::size_t>(e)];
        if (k < 0 || k >= ops)
            throwBadWeights(what, "index " + std::to_string(k) + " out of range");
        prepared.weight.push_back(rows[static_cast<std::size_t>(e)].select(0, k));
    }
    // Each row's sum, for the unsampled sums below (and their check).
    const auto rowSums = withUnsampledSums ? cell.weights.sum(1) : torch::Tensor();
    if (cell.weights.device().is_cpu() && cell.weights.scalar_type() == torch::kFloat) {
        // A host read on the CPU only (on a GPU it would wait for the device): the sampler's
        // rows are one-hot in value, but CellWeights made by hand need not be.
        const auto selected = cell.weights.detach().gather(1, torch::tensor(cell.index, torch::kLong).unsqueeze(1));
        prepared.unitSelected = selected.eq(1.0).all().item<bool>();
        // The unsampled entries are exactly 0 in value as well ((0 - p) + p), so the sums below are.
        prepared.unsampledZero =
            withUnsampledSums && prepared.unitSelected && rowSums.detach().eq(1.0).all().item<bool>();
    }
    if (withUnsampledSums) {
        // Row sum minus the sampled entry: forward value 0 for a one-hot row, gradient 1 into
        // every unsampled entry and 0 into the sampled one, as adding each entry would give.
        const auto rowSum = rowSums.unbind(0);
        prepared.unsampledSum.resize(static_cast<std::size_t>(space.inputNodes + space.intermediateNodes));
        for (int e = 0; e < edges; ++e) {
            const auto unsampled = rowSum[static_cast<std::size_t>(e)] - prepared.selected(e);
            auto &sum = prepared.unsampledSum[static_cast<std::size_t>(space.edges[e].to)];
            sum = sum.defined() ? sum + unsampled : unsampled;
        }
    }
    return prepared;
}

} // namespace gdas::engine
