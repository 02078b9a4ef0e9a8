#include "CellOutput.h"

#include "DropPath.h"

#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/autograd.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

namespace gdas::engine {

namespace {

// GDAS_CELL_OUTPUT_SLOTS=0: nodes are summed apart and concatenated (drop-path stays fused).
KernelSwitch g_cellOutputSlots("GDAS_CELL_OUTPUT_SLOTS");
// GDAS_PAIRED_NODE_BACKWARD=0: a node's two drop-path products of its gradient made apart.
KernelSwitch g_pairedBackward("GDAS_PAIRED_NODE_BACKWARD");

torch::Tensor scaled(const torch::Tensor &x, const torch::Tensor &factor)
{
    return factor.defined() ? x * perSample(factor, x) : x;
}

// out[i] = a[i] * fa + b[i] * fb over `count` values.
GDAS_VECTOR_CLONES void scaledSumRun(const float *a, float fa, const float *b, float fb, float *out, std::int64_t count)
{
    for (std::int64_t i = 0; i < count; ++i)
        out[i] = a[i] * fa + b[i] * fb;
}

// outA[i] = g[i] * fa, outB[i] = g[i] * fb over `count` values: both terms' gradients from one
// read of the node's gradient (the products aten::mul makes, bit for bit).
GDAS_VECTOR_CLONES void scaledPairRun(const float *g, float fa, float fb, float *outA, float *outB, std::int64_t count)
{
    for (std::int64_t i = 0; i < count; ++i) {
        outA[i] = g[i] * fa;
        outB[i] = g[i] * fb;
    }
}

// How the one-pass kernel walks a node: every sample is `pixels` runs of `width` floats. Dense
// NCHW tensors laid out alike: one run per sample. Channels-last ones, each either dense or a
// channel slot of a cell's output (a node read through an identity op, the destination): one run
// of C channels per pixel, each tensor with its own pixel and sample strides.
struct Walk {
    std::int64_t batch = 0, pixels = 0, width = 0;
    std::int64_t aPixel = 0, aSample = 0, bPixel = 0, bSample = 0, outPixel = 0, outSample = 0;
};

bool cpuFloat(const torch::Tensor &t) { return t.device().is_cpu() && t.scalar_type() == torch::kFloat; }

// The walk for a + b into `out` (undefined: a fresh output), or false.
bool walkFor(const torch::Tensor &a, const torch::Tensor &b, const torch::Tensor &out, Walk &walk)
{
    if (!cpuFloat(a) || !cpuFloat(b) || (out.defined() && !cpuFloat(out)) || a.dim() < 1 || a.numel() == 0 ||
        a.sizes() != b.sizes() || (out.defined() && out.sizes() != a.sizes()))
        return false;
    walk.batch = a.size(0);
    if (a.is_contiguous() && b.is_contiguous() && (!out.defined() || out.is_contiguous()) &&
        !(a.dim() == 4 && a.is_contiguous(at::MemoryFormat::ChannelsLast))) {
        const auto block = a.numel() / walk.batch;
        walk.pixels = 1;
        walk.width = block;
        walk.aSample = walk.bSample = walk.outSample = block;
        return true;
    }
    if (!channelsLastRows(a) || !channelsLastRows(b) || (out.defined() && !channelsLastRows(out)))
        return false;
    walk.pixels = a.size(2) * a.size(3);
    walk.width = a.size(1);
    walk.aPixel = a.stride(3);
    walk.aSample = a.stride(0);
    walk.bPixel = b.stride(3);
    walk.bSample = b.stride(0);
    // A fresh output is dense channels-last.
    walk.outPixel = out.defined() ? out.stride(3) : walk.width;
    walk.outSample = out.defined() ? out.stride(0) : walk.pixels * walk.width;
    return true;
}

// f(n, p) for every sample n and pixel p of a node (forNodeBlocks).
template <typename F>
void forNodeRuns(std::int64_t batch, std::int64_t pixels, std::int64_t width, const F &f)
{
    forNodeBlocks(batch, pixels, width, [&](std::int64_t n, std::int64_t first, std::int64_t last) {
        for (auto p = first; p < last; ++p)
            f(n, p);
    });
}

class ScaledPairSumFunction : public torch::autograd::Function<ScaledPairSumFunction> {
public:
    // The factors and the destination come as one non-tensor argument: they need no gradient,
    // and a factor may be undefined, which apply() takes in no tensor argument.
    struct Extra {
        torch::Tensor scaleA, scaleB, out;
        Walk walk;
    };

    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &a, const torch::Tensor &b,
                                 const Extra &extra)
    {
        RECORD_FUNCTION("gdas::scaled_pair_sum", std::vector<c10::IValue>({a, b}));
        ctx->saved_data["scaleA"] = extra.scaleA;
        ctx->saved_data["scaleB"] = extra.scaleB;
        const Walk &w = extra.walk;
        auto out = extra.out;
        if (!out.defined())
            out = w.pixels == 1 ? at::empty_like(a, at::MemoryFormat::Contiguous)
                                : at::empty_like(a, at::MemoryFormat::ChannelsLast);
        const float *fa = extra.scaleA.defined() ? extra.scaleA.data_ptr<float>() : nullptr;
        const float *fb = extra.scaleB.defined() ? extra.scaleB.data_ptr<float>() : nullptr;
        const float *aData = a.data_ptr<float>();
        const float *bData = b.data_ptr<float>();
        float *outData = out.data_ptr<float>();
        forNodeRuns(w.batch, w.pixels, w.width, [&](std::int64_t n, std::int64_t p) {
            scaledSumRun(aData + n * w.aSample + p * w.aPixel, fa ? fa[n] : 1.0f, bData + n * w.bSample + p * w.bPixel,
                         fb ? fb[n] : 1.0f, outData + n * w.outSample + p * w.outPixel, w.width);
        });
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        auto [gradA, gradB] =
            scaledPairGradients(grads[0], ctx->saved_data["scaleA"].toTensor(), ctx->saved_data["scaleB"].toTensor());
        return {gradA, gradB, torch::Tensor()};
    }
};

// cat(states, 1) into the output, where some states may be there already.
class ConcatIntoFunction : public torch::autograd::Function<ConcatIntoFunction> {
public:
    // Not a tensor argument: apply() would take the output for an input returned as it is.
    struct Output {
        torch::Tensor buffer;
    };

    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, at::TensorList states, const Output &output)
    {
        const auto &buffer = output.buffer;
        std::vector<std::int64_t> offsets;
        std::int64_t offset = 0;
        for (const auto &s : states) {
            const float *there = buffer.data_ptr<float>() + offset;
            if (s.data_ptr<float>() != there || s.strides() != buffer.strides())
                buffer.narrow(1, offset, s.size(1)).copy_(s);
            offsets.push_back(offset);
            offset += s.size(1);
        }
        ctx->saved_data["offsets"] = offsets;
        return buffer;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto offsets = ctx->saved_data["offsets"].toIntVector();
        torch::autograd::variable_list out;
        for (std::size_t i = 0; i < offsets.size(); ++i) {
            const auto end = i + 1 < offsets.size() ? offsets[i + 1] : grads[0].size(1);
            out.push_back(grads[0].narrow(1, offsets[i], end - offsets[i]));
        }
        out.emplace_back(); // the Output argument
        return out;
    }
};

} // namespace

void forNodeBlocks(std::int64_t batch, std::int64_t pixels, std::int64_t width,
                   const std::function<void(std::int64_t, std::int64_t, std::int64_t)> &f)
{
    const auto perUnit = std::max<std::int64_t>(1, 32768 / width);
    const auto units = (pixels + perUnit - 1) / perUnit;
    at::parallel_for(0, batch * units, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto i = begin; i < end; ++i) {
            const auto first = (i % units) * perUnit;
            f(i / units, first, std::min(pixels, first + perUnit));
        }
    });
}

bool channelsLastRows(const torch::Tensor &t)
{
    if (t.dim() != 4)
        return false;
    const auto c = t.size(1), h = t.size(2), w = t.size(3), sP = t.stride(3);
    return t.stride(1) == 1 && sP >= c && t.stride(2) == w * sP && t.stride(0) >= h * w * sP;
}

std::array<torch::Tensor, 2> scaledPairGradients(const torch::Tensor &g, const torch::Tensor &scaleA,
                                                 const torch::Tensor &scaleB)
{
    if (g_pairedBackward.on() && scaleA.defined() && scaleB.defined() && g.defined() && cpuFloat(g) &&
        channelsLastRows(g) && g.numel() > 0) {
        // Both factors: one pass over g (often a channel slot of the cell output's gradient,
        // read strided) writes both products dense.
        RECORD_FUNCTION("gdas::scaled_pair_sum_backward", std::vector<c10::IValue>({g}));
        const auto n = g.size(0), c = g.size(1), pixels = g.size(2) * g.size(3);
        const auto pixelStride = g.stride(3), sampleStride = g.stride(0);
        auto gradA = at::empty(g.sizes(), g.options().memory_format(at::MemoryFormat::ChannelsLast));
        auto gradB = at::empty(g.sizes(), g.options().memory_format(at::MemoryFormat::ChannelsLast));
        const float *fa = scaleA.data_ptr<float>();
        const float *fb = scaleB.data_ptr<float>();
        const float *in = g.data_ptr<float>();
        float *outA = gradA.data_ptr<float>();
        float *outB = gradB.data_ptr<float>();
        forNodeRuns(n, pixels, c, [&](std::int64_t sample, std::int64_t p) {
            const auto dense = (sample * pixels + p) * c;
            scaledPairRun(in + sample * sampleStride + p * pixelStride, fa[sample], fb[sample], outA + dense,
                          outB + dense, c);
        });
        return {gradA, gradB};
    }
    return {scaled(g, scaleA), scaled(g, scaleB)};
}

bool isChannelSlot(const torch::Tensor &t) { return channelsLastRows(t) && t.stride(3) > t.size(1); }

torch::Tensor scaledPairSum(const torch::Tensor &a, const torch::Tensor &scaleA, const torch::Tensor &b,
                            const torch::Tensor &scaleB, const torch::Tensor &out)
{
    for (const auto *factor : {&scaleA, &scaleB})
        if (factor->defined() && (factor->dim() != 1 || factor->size(0) != a.size(0) || !factor->device().is_cpu() ||
                                  factor->scalar_type() != torch::kFloat || !factor->is_contiguous()))
            throw std::invalid_argument("scaledPairSum: a factor must be a contiguous float32 CPU tensor [batch]");
    ScaledPairSumFunction::Extra extra{scaleA, scaleB, out, {}};
    // Without factors and without a slot, ATen's sum is as fast and gives the same values.
    if ((!scaleA.defined() && !scaleB.defined() && !out.defined()) || !walkFor(a, b, out, extra.walk))
        return scaled(a, scaleA) + scaled(b, scaleB);
    return ScaledPairSumFunction::apply(a, b, extra);
}

torch::Tensor CellOutput::slot(int state, const torch::Tensor &like)
{
    if (!g_cellOutputSlots.on())
        return {};
    const auto at = std::find(m_concat.begin(), m_concat.end(), state);
    if (at == m_concat.end() || !like.defined() || like.dim() != 4 || !like.device().is_cpu() ||
        like.scalar_type() != torch::kFloat || !like.is_contiguous(at::MemoryFormat::ChannelsLast) ||
        like.is_contiguous() || like.numel() == 0)
        return {};
    const auto n = like.size(0), c = like.size(1), h = like.size(2), w = like.size(3);
    if (!m_buffer.defined()) {
        m_channels = c;
        m_buffer = at::empty({n, c * static_cast<std::int64_t>(m_concat.size()), h, w},
                             like.options().memory_format(at::MemoryFormat::ChannelsLast));
    }
    if (c != m_channels || n != m_buffer.size(0) || h != m_buffer.size(2) || w != m_buffer.size(3))
        return {};
    // An alias of the slot's memory, not a view: autograd then treats the node's sum and the
    // output as the separate tensors they are to it (a view would tie their histories).
    const auto offset = (at - m_concat.begin()) * c;
    const auto total = m_buffer.size(1);
    auto keep = m_buffer;
    return torch::from_blob(
        m_buffer.data_ptr<float>() + offset, {n, c, h, w}, {h * w * total, 1, w * total, total},
        [keep](void *) mutable { keep.reset(); }, m_buffer.options());
}

torch::Tensor CellOutput::finish(const std::vector<torch::Tensor> &states)
{
    bool fits = m_buffer.defined() && states.size() == m_concat.size();
    for (const auto &s : states)
        fits = fits && s.defined() && s.dim() == 4 && s.size(0) == m_buffer.size(0) && s.size(1) == m_channels &&
               s.size(2) == m_buffer.size(2) && s.size(3) == m_buffer.size(3) && s.device().is_cpu() &&
               s.scalar_type() == torch::kFloat;
    if (!fits)
        return torch::cat(states, 1);
    auto buffer = std::move(m_buffer);
    m_buffer = torch::Tensor();
    return ConcatIntoFunction::apply(at::TensorList(states), ConcatIntoFunction::Output{std::move(buffer)});
}

} // namespace gdas::engine
