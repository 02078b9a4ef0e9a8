#include "engine/nn/Pooling3x3.h"

#include "engine/nn/CellOutput.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace gdas::engine {

namespace {

KernelSwitch g_fastPooling("GDAS_FAST_POOLING");
KernelSwitch g_intoSum("GDAS_FUSED_POOL_SUM");

// One image's geometry: [H][W][C] floats in, [outH][outW][C] out.
struct Geometry {
    std::int64_t channels, inH, inW, outH, outW, stride;

    // The window of output row (column) o: input rows [begin, end), padding 1 left out.
    std::int64_t rowBegin(std::int64_t o) const { return std::max<std::int64_t>(0, o * stride - 1); }
    std::int64_t rowEnd(std::int64_t o) const { return std::min<std::int64_t>(inH, o * stride + 2); }
    std::int64_t columnBegin(std::int64_t o) const { return std::max<std::int64_t>(0, o * stride - 1); }
    std::int64_t columnEnd(std::int64_t o) const { return std::min<std::int64_t>(inW, o * stride + 2); }
    // The number of taps of output (oh, ow)'s window inside the image: an average's divisor.
    float windowSize(std::int64_t oh, std::int64_t ow) const
    {
        return static_cast<float>((rowEnd(oh) - rowBegin(oh)) * (columnEnd(ow) - columnBegin(ow)));
    }
    std::int64_t inputImage() const { return inH * inW * channels; }
    std::int64_t outputImage() const { return outH * outW * channels; }
};

Geometry geometryOf(const torch::Tensor &x, std::int64_t stride)
{
    // (in + 2 * padding - kernel) / stride + 1, floor mode
    return {x.size(1), x.size(2), x.size(3), (x.size(2) - 1) / stride + 1, (x.size(3) - 1) / stride + 1, stride};
}

// The kernels walk the channels in lanes of F: GCC's 8-float vector (one AVX2 register) where the
// channel count is a multiple of 8, a 4-float one where it is a multiple of 4, else single floats. A lane's running values stay in registers while the window's taps go by.
using Floats8 = float __attribute__((vector_size(32)));
using Ints8 = std::int32_t __attribute__((vector_size(32)));
using Floats4 = float __attribute__((vector_size(16)));
using Ints4 = std::int32_t __attribute__((vector_size(16)));

template <typename F>
struct Lane;
template <>
struct Lane<float> {
    using Int = std::int32_t;
};
template <>
struct Lane<Floats8> {
    using Int = Ints8;
};
template <>
struct Lane<Floats4> {
    using Int = Ints4;
};

// Unaligned loads and stores of one lane (memcpy of a constant size compiles to a move). Macros,
// not functions: an 8-float vector passed by value would change the baseline clone's ABI.
#define GDAS_LOAD(F, name, pointer)                                                                                    \
    F name;                                                                                                            \
    __builtin_memcpy(&name, (pointer), sizeof(F))
#define GDAS_STORE(pointer, value) __builtin_memcpy((pointer), &(value), sizeof(value))

// Outputs whose windows lie whole inside the image, along a row, go through the kernels
// kTile at a time: each output's sum (or running maximum) is still one chain of additions (or
// comparisons) in the window's row-major order, so the results do not change, but kTile
// independent chains hide their latency, where one chain at a time left the pooling bound by it (1.3 ms for a 64x16x32x32
// average, four times a ReLU's pass over the same tensor).
constexpr std::int64_t kTile = 4;

// The range of output columns [begin, end) whose 3-wide windows have no tap in the padding.
struct InteriorColumns {
    std::int64_t begin, end;
};
InteriorColumns interiorColumns(std::int64_t outW, std::int64_t inW, std::int64_t stride)
{
    // ow * stride - 1 >= 0 and ow * stride + 2 <= inW
    const auto end = inW >= 2 ? std::min(outW, (inW - 2) / stride + 1) : std::int64_t{0};
    const auto begin = std::min<std::int64_t>(1, end);
    return {begin, std::max(begin, end)};
}

// Stores one lane's result, or its sum with the lane at `offset` of addRow where that is not
// null (a node's sum the pooling adds into, possibly outRow's own row: read before written).
template <typename F>
__attribute__((always_inline)) inline void storeResult(float *out, const float *addRow, std::int64_t offset,
                                                       const F &value)
{
    if (addRow == nullptr) {
        GDAS_STORE(out, value);
        return;
    }
    GDAS_LOAD(F, base, addRow + offset);
    const F result = base + value;
    GDAS_STORE(out, result);
}

// The maximum of one lane over the window [h0, h1) x [w0, w1) at channel cb, and with TrackTap
// the tap (row-major index in the window) it came from. As ATen: a value replaces the running
// maximum when it is greater or NaN, taps in row-major order, so the first maximum is taken.
// Inlined into the kernels (their clone's instructions); the lanes go by reference.
template <bool TrackTap, typename F>
__attribute__((always_inline)) inline void windowMax(const float *image, const Geometry &g, std::int64_t h0,
                                                     std::int64_t h1, std::int64_t w0, std::int64_t w1, std::int64_t cb,
                                                     F &best, typename Lane<F>::Int &tap)
{
    using I = typename Lane<F>::Int;
    const auto c = g.channels;
    __builtin_memcpy(&best, image + (h0 * g.inW + w0) * c + cb, sizeof(F));
    if constexpr (TrackTap)
        tap = I{} + 0;
    std::int32_t t = 0;
    for (auto h = h0; h < h1; ++h) {
        for (auto w = w0; w < w1; ++w, ++t) {
            if (t == 0)
                continue;
            GDAS_LOAD(F, v, image + (h * g.inW + w) * c + cb);
            const auto take = (v > best) | (v != v);
            best = take ? v : best;
            if constexpr (TrackTap)
                tap = take ? I{} + t : tap;
        }
    }
}

// windowMax for kTile neighbouring outputs of a row (from output column ow) whose windows have
// no tap in the side padding: the same comparisons in the same order for each, side by side.
template <bool TrackTap, typename F>
__attribute__((always_inline)) inline void windowMaxTile(const float *image, const Geometry &g, std::int64_t h0,
                                                         std::int64_t h1, std::int64_t ow, std::int64_t cb,
                                                         F (&best)[kTile], typename Lane<F>::Int (&tap)[kTile])
{
    using I = typename Lane<F>::Int;
    const auto c = g.channels;
    for (std::int64_t t = 0; t < kTile; ++t) {
        __builtin_memcpy(&best[t], image + (h0 * g.inW + (ow + t) * g.stride - 1) * c + cb, sizeof(F));
        if constexpr (TrackTap)
            tap[t] = I{} + 0;
    }
    std::int32_t k = 1;
    for (auto h = h0; h < h1; ++h) {
        const float *row = image + (h * g.inW + ow * g.stride - 1) * c + cb;
        for (std::int64_t w = h == h0 ? 1 : 0; w < 3; ++w, ++k)
            for (std::int64_t t = 0; t < kTile; ++t) {
                GDAS_LOAD(F, v, row + (t * g.stride + w) * c);
                const auto take = (v > best[t]) | (v != v);
                best[t] = take ? v : best[t];
                if constexpr (TrackTap)
                    tap[t] = take ? I{} + k : tap[t];
            }
    }
}

// The maxima of one output row. Outputs whose windows have no tap in the side padding go kTile
// at a time (windowMaxTile): the same results, ties and NaN included, with kTile independent
// chains of comparisons hiding their latency, as in the averages below.
template <typename F>
GDAS_VECTOR_CLONES void maxPoolRow(const float *image, float *outRow, const float *addRow, const Geometry &g,
                                   std::int64_t oh)
{
    constexpr std::int64_t lanes = sizeof(F) / sizeof(float);
    const auto c = g.channels;
    const auto h0 = g.rowBegin(oh), h1 = g.rowEnd(oh);
    const auto interior = interiorColumns(g.outW, g.inW, g.stride);
    for (std::int64_t ow = 0; ow < g.outW; ++ow) {
        if (ow >= interior.begin && ow + kTile <= interior.end) {
            for (std::int64_t cb = 0; cb < c; cb += lanes) {
                F best[kTile];
                typename Lane<F>::Int unused[kTile];
                windowMaxTile<false>(image, g, h0, h1, ow, cb, best, unused);
                for (std::int64_t t = 0; t < kTile; ++t)
                    storeResult(outRow + (ow + t) * c + cb, addRow, (ow + t) * c + cb, best[t]);
            }
            ow += kTile - 1;
            continue;
        }
        const auto w0 = g.columnBegin(ow), w1 = g.columnEnd(ow);
        for (std::int64_t cb = 0; cb < c; cb += lanes) {
            F best;
            typename Lane<F>::Int unused;
            windowMax<false>(image, g, h0, h1, w0, w1, cb, best, unused);
            storeResult(outRow + ow * c + cb, addRow, ow * c + cb, best);
        }
    }
}

// Adds each output's gradient to the input element that was its maximum, outputs in row-major
// order (ATen's order, so the sums are the same). The maxima are found again from the input.
template <typename F>
GDAS_VECTOR_CLONES void maxPoolBackwardImage(const float *image, const float *gradOut, float *gradIn, const Geometry &g)
{
    using I = typename Lane<F>::Int;
    constexpr std::int64_t lanes = sizeof(F) / sizeof(float);
    const auto c = g.channels;
    const auto interior = interiorColumns(g.outW, g.inW, g.stride);
    const F zero = F{} + 0.0f;
    for (std::int64_t oh = 0; oh < g.outH; ++oh) {
        const auto h0 = g.rowBegin(oh), h1 = g.rowEnd(oh);
        for (std::int64_t ow = 0; ow < g.outW; ++ow) {
            if (ow >= interior.begin && ow + kTile <= interior.end) {
                // kTile maxima found side by side, then their gradients added in the outputs'
                // order.
                for (std::int64_t cb = 0; cb < c; cb += lanes) {
                    F best[kTile];
                    I tap[kTile];
                    windowMaxTile<true>(image, g, h0, h1, ow, cb, best, tap);
                    for (std::int64_t t = 0; t < kTile; ++t) {
                        GDAS_LOAD(F, grad, gradOut + (oh * g.outW + ow + t) * c + cb);
                        std::int32_t index = 0;
                        for (auto h = h0; h < h1; ++h)
                            for (std::int64_t w = 0; w < 3; ++w, ++index) {
                                float *in = gradIn + (h * g.inW + (ow + t) * g.stride - 1 + w) * c + cb;
                                GDAS_LOAD(F, sum, in);
                                sum += tap[t] == index ? grad : zero;
                                GDAS_STORE(in, sum);
                            }
                    }
                }
                ow += kTile - 1;
                continue;
            }
            const auto w0 = g.columnBegin(ow), w1 = g.columnEnd(ow);
            for (std::int64_t cb = 0; cb < c; cb += lanes) {
                F best;
                I tap;
                windowMax<true>(image, g, h0, h1, w0, w1, cb, best, tap);
                GDAS_LOAD(F, grad, gradOut + (oh * g.outW + ow) * c + cb);
                std::int32_t t = 0;
                for (auto h = h0; h < h1; ++h) {
                    for (auto w = w0; w < w1; ++w, ++t) {
                        float *in = gradIn + (h * g.inW + w) * c + cb;
                        GDAS_LOAD(F, sum, in);
                        sum += tap == t ? grad : zero;
                        GDAS_STORE(in, sum);
                    }
                }
            }
        }
    }
}

// The averages of one output row: the window's sum in row-major order, divided by the number
// of its taps inside the image (ATen's order and division).
template <typename F>
GDAS_VECTOR_CLONES void avgPoolRow(const float *image, float *outRow, const float *addRow, const Geometry &g,
                                   std::int64_t oh)
{
    constexpr std::int64_t lanes = sizeof(F) / sizeof(float);
    const auto c = g.channels;
    const auto h0 = g.rowBegin(oh), h1 = g.rowEnd(oh);
    const auto interior = interiorColumns(g.outW, g.inW, g.stride);
    for (std::int64_t ow = 0; ow < g.outW;) {
        if (ow >= interior.begin && ow + kTile <= interior.end) {
            const auto divisor = g.windowSize(oh, ow); // the same for the tile's outputs
            for (std::int64_t cb = 0; cb < c; cb += lanes) {
                F sum[kTile];
                for (auto &s : sum)
                    s = F{} + 0.0f;
                for (auto h = h0; h < h1; ++h) {
                    const float *tap = image + (h * g.inW + ow * g.stride - 1) * c + cb;
                    for (std::int64_t w = 0; w < 3; ++w)
                        for (std::int64_t t = 0; t < kTile; ++t) {
                            GDAS_LOAD(F, in, tap + (t * g.stride + w) * c);
                            sum[t] += in;
                        }
                }
                for (std::int64_t t = 0; t < kTile; ++t) {
                    const F average = sum[t] / divisor;
                    storeResult(outRow + (ow + t) * c + cb, addRow, (ow + t) * c + cb, average);
                }
            }
            ow += kTile;
            continue;
        }
        const auto w0 = g.columnBegin(ow), w1 = g.columnEnd(ow);
        const auto divisor = g.windowSize(oh, ow);
        for (std::int64_t cb = 0; cb < c; cb += lanes) {
            F sum = F{} + 0.0f;
            for (auto h = h0; h < h1; ++h) {
                for (auto w = w0; w < w1; ++w) {
                    GDAS_LOAD(F, in, image + (h * g.inW + w) * c + cb);
                    sum += in;
                }
            }
            const F average = sum / divisor;
            storeResult(outRow + ow * c + cb, addRow, ow * c + cb, average);
        }
        ++ow;
    }
}

// Spreads each output's gradient, divided by its window's count, over the window, outputs in
// row-major order (ATen's order).
template <typename F>
GDAS_VECTOR_CLONES void avgPoolBackwardImage(const float *gradOut, float *gradIn, const Geometry &g)
{
    constexpr std::int64_t lanes = sizeof(F) / sizeof(float);
    const auto c = g.channels;
    for (std::int64_t oh = 0; oh < g.outH; ++oh) {
        const auto h0 = g.rowBegin(oh), h1 = g.rowEnd(oh);
        for (std::int64_t ow = 0; ow < g.outW; ++ow) {
            const auto w0 = g.columnBegin(ow), w1 = g.columnEnd(ow);
            const auto divisor = g.windowSize(oh, ow);
            for (std::int64_t cb = 0; cb < c; cb += lanes) {
                GDAS_LOAD(F, grad, gradOut + (oh * g.outW + ow) * c + cb);
                const F share = grad / divisor;
                for (auto h = h0; h < h1; ++h) {
                    for (auto w = w0; w < w1; ++w) {
                        float *in = gradIn + (h * g.inW + w) * c + cb;
                        GDAS_LOAD(F, sum, in);
                        sum += share;
                        GDAS_STORE(in, sum);
                    }
                }
            }
        }
    }
}

// Stride 1: each input's gradient gathered from the outputs whose windows hold it (its 3x3
// neighbours), in row-major order of those outputs: the order in which avgPoolBackwardImage's
// scatter adds them, so the sums are the same, bit for bit. One store per input instead of a
// load and a store per window tap, and no zeroed gradient to begin with. `share` holds the
// image's outputs' gradients divided by their windows' counts.
template <typename F>
GDAS_VECTOR_CLONES void avgPoolBackwardGatherImage(const float *gradOut, float *gradIn, float *share, const Geometry &g)
{
    constexpr std::int64_t lanes = sizeof(F) / sizeof(float);
    const auto c = g.channels;
    for (std::int64_t oh = 0; oh < g.outH; ++oh) {
        for (std::int64_t ow = 0; ow < g.outW; ++ow) {
            const auto divisor = g.windowSize(oh, ow);
            const auto at = (oh * g.outW + ow) * c;
            for (std::int64_t cb = 0; cb < c; cb += lanes) {
                GDAS_LOAD(F, grad, gradOut + at + cb);
                const F part = grad / divisor;
                GDAS_STORE(share + at + cb, part);
            }
        }
    }
    // Stride 1: the outputs read by input w are [w - 1, w + 2), whole inside where the windows
    // of the forward's interior are; kTile inputs at a time there, as the forward's outputs.
    const auto interior = interiorColumns(g.outW, g.inW, 1);
    for (std::int64_t h = 0; h < g.inH; ++h) {
        const auto oh0 = std::max<std::int64_t>(0, h - 1), oh1 = std::min<std::int64_t>(g.outH, h + 2);
        for (std::int64_t w = 0; w < g.inW;) {
            if (w >= interior.begin && w + kTile <= interior.end) {
                for (std::int64_t cb = 0; cb < c; cb += lanes) {
                    F sum[kTile];
                    for (auto &s : sum)
                        s = F{} + 0.0f;
                    for (auto oh = oh0; oh < oh1; ++oh) {
                        const float *part = share + (oh * g.outW + w - 1) * c + cb;
                        for (std::int64_t ow = 0; ow < 3; ++ow)
                            for (std::int64_t t = 0; t < kTile; ++t) {
                                GDAS_LOAD(F, value, part + (t + ow) * c);
                                sum[t] += value;
                            }
                    }
                    for (std::int64_t t = 0; t < kTile; ++t)
                        GDAS_STORE(gradIn + (h * g.inW + w + t) * c + cb, sum[t]);
                }
                w += kTile;
                continue;
            }
            const auto ow0 = std::max<std::int64_t>(0, w - 1), ow1 = std::min<std::int64_t>(g.outW, w + 2);
            for (std::int64_t cb = 0; cb < c; cb += lanes) {
                F sum = F{} + 0.0f;
                for (auto oh = oh0; oh < oh1; ++oh) {
                    for (auto ow = ow0; ow < ow1; ++ow) {
                        GDAS_LOAD(F, part, share + (oh * g.outW + ow) * c + cb);
                        sum += part;
                    }
                }
                GDAS_STORE(gradIn + (h * g.inW + w) * c + cb, sum);
            }
            ++w;
        }
    }
}

#undef GDAS_LOAD
#undef GDAS_STORE

// Calls kernel with the widest lane that divides the channels.
template <typename Kernel>
void withLane(std::int64_t channels, Kernel &&kernel)
{
    // The lane type travels as a null pointer: a vector argument would change the baseline ABI.
    if (channels % 8 == 0)
        kernel(static_cast<Floats8 *>(nullptr));
    else if (channels % 4 == 0)
        kernel(static_cast<Floats4 *>(nullptr)); // the evaluation network's C=36
    else
        kernel(static_cast<float *>(nullptr));
}

enum class Mode { Max, Average };

// pool(x), or addend + pool(x) where addend is defined (into addend itself with inPlace).
torch::Tensor poolForward(const torch::Tensor &x, std::int64_t stride, Mode mode,
                          const torch::Tensor &addend = torch::Tensor(), bool inPlace = false)
{
    // A profiler range of its own (bench/breakdown.py counts it as pooling).
    RECORD_FUNCTION(mode == Mode::Max ? "gdas::max_pool3x3" : "gdas::avg_pool3x3", std::vector<c10::IValue>({x}));
    const auto g = geometryOf(x, stride);
    const auto batch = x.size(0);
    auto out = addend.defined() && inPlace ? addend
                                           : at::empty({batch, g.channels, g.outH, g.outW},
                                                       x.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float *in = x.data_ptr<float>();
    float *result = out.data_ptr<float>();
    const float *add = addend.defined() ? addend.data_ptr<float>() : nullptr;
    // Rows of all images as one range: a cell's batch splits evenly over the threads.
    const auto grain = std::max<std::int64_t>(1, 4096 / std::max<std::int64_t>(1, g.outW * g.channels));
    at::parallel_for(0, batch * g.outH, grain, [&](std::int64_t begin, std::int64_t end) {
        withLane(g.channels, [&](auto lane) {
            using F = std::remove_pointer_t<decltype(lane)>;
            for (auto row = begin; row < end; ++row) {
                const auto n = row / g.outH, oh = row % g.outH;
                const auto rowStart = n * g.outputImage() + oh * g.outW * g.channels;
                const float *addRow = add != nullptr ? add + rowStart : nullptr;
                if (mode == Mode::Max)
                    maxPoolRow<F>(in + n * g.inputImage(), result + rowStart, addRow, g, oh);
                else
                    avgPoolRow<F>(in + n * g.inputImage(), result + rowStart, addRow, g, oh);
            }
        });
    });
    return out;
}

torch::Tensor poolBackward(const torch::Tensor &x, const torch::Tensor &gradOutput, std::int64_t stride, Mode mode)
{
    RECORD_FUNCTION(mode == Mode::Max ? "gdas::max_pool3x3_backward" : "gdas::avg_pool3x3_backward",
                    std::vector<c10::IValue>({x, gradOutput}));
    const auto g = geometryOf(x, stride);
    const auto batch = x.size(0);
    const auto gradOut = gradOutput.contiguous(at::MemoryFormat::ChannelsLast);
    // A stride-1 average gathers (every input written once); the others scatter into zeros.
    const bool gather = mode == Mode::Average && stride == 1;
    auto gradIn = gather ? at::empty_like(x, x.options().memory_format(at::MemoryFormat::ChannelsLast))
                         : at::zeros_like(x, x.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float *in = x.data_ptr<float>();
    const float *gO = gradOut.data_ptr<float>();
    float *gI = gradIn.data_ptr<float>();
    // Images apart: the windows of neighbouring output rows overlap within an image.
    at::parallel_for(0, batch, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> share(gather ? static_cast<std::size_t>(g.outputImage()) : 0);
        withLane(g.channels, [&](auto lane) {
            using F = std::remove_pointer_t<decltype(lane)>;
            for (auto n = begin; n < end; ++n) {
                if (gather)
                    avgPoolBackwardGatherImage<F>(gO + n * g.outputImage(), gI + n * g.inputImage(), share.data(), g);
                else if (mode == Mode::Max)
                    maxPoolBackwardImage<F>(in + n * g.inputImage(), gO + n * g.outputImage(), gI + n * g.inputImage(),
                                            g);
                else
                    avgPoolBackwardImage<F>(gO + n * g.outputImage(), gI + n * g.inputImage(), g);
            }
        });
    });
    return gradIn;
}

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Keeps the input only. An average pooling's backward needs only its shape, but the input is a
// cell's node (kept anyway by the other edges), so keeping it costs nothing.
template <Mode PoolMode>
class PoolFunction : public torch::autograd::Function<PoolFunction<PoolMode>> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, std::int64_t stride)
    {
        ctx->save_for_backward({x});
        ctx->saved_data["stride"] = stride;
        return poolForward(x, stride, PoolMode);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        torch::Tensor gradInput;
        if (ctx->needs_input_grad(0))
            gradInput =
                poolBackward(ctx->get_saved_variables()[0], grads[0], ctx->saved_data["stride"].toInt(), PoolMode);
        return {gradInput, torch::Tensor()};
    }
};

// ATen's max pooling keeping its input only (NCHW tensors, or with our kernels off): the
// backward finds the indices again instead of keeping a 64-bit index per output element.
class AtenMaxPoolFunction : public torch::autograd::Function<AtenMaxPoolFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, std::int64_t stride)
    {
        ctx->save_for_backward({x});
        ctx->saved_data["stride"] = stride;
        return at::max_pool2d(x, {3, 3}, {stride, stride}, {1, 1});
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto x = ctx->get_saved_variables()[0];
        const auto stride = ctx->saved_data["stride"].toInt();
        torch::Tensor gradInput;
        if (ctx->needs_input_grad(0)) {
            const auto indices = std::get<1>(at::max_pool2d_with_indices(x, {3, 3}, {stride, stride}, {1, 1}));
            gradInput = at::max_pool2d_with_indices_backward(grads[0], x, {3, 3}, {stride, stride}, {1, 1}, {1, 1},
                                                             false, indices);
        }
        return {gradInput, torch::Tensor()};
    }
};

bool needsBackward(const torch::Tensor &x) { return torch::GradMode::is_enabled() && x.requires_grad(); }

} // namespace

bool pooling3x3KernelsEnabled() { return g_fastPooling.on(); }

void setPooling3x3KernelsEnabled(bool enabled) { g_fastPooling.set(enabled); }

bool pooling3x3UsesOwnKernels(const torch::Tensor &x)
{
    return pooling3x3KernelsEnabled() && cpuRunsVectorClones() && x.device().is_cpu() &&
           x.scalar_type() == torch::kFloat && x.dim() == 4 && x.size(2) > 0 && x.size(3) > 0 &&
           x.is_contiguous(at::MemoryFormat::ChannelsLast);
}

namespace {

// A channel slot of a cell's output (an evaluation cell's node) read by a pooling op is copied
// to a dense channels-last tensor first: one pass, where ATen's pooling on its strides is
// several times slower than ours.
torch::Tensor denseIfSlot(const torch::Tensor &x)
{
    return x.device().is_cpu() && isChannelSlot(x) ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

} // namespace

torch::Tensor maxPool3x3(const torch::Tensor &input, int stride)
{
    const auto x = denseIfSlot(input);
    const auto s = static_cast<std::int64_t>(stride);
    if (pooling3x3UsesOwnKernels(x))
        return needsBackward(x) ? PoolFunction<Mode::Max>::apply(x, s) : poolForward(x, s, Mode::Max);
    // A lean backward is for memory on the CPU; on CUDA ATen's indices are the fast way.
    if (needsBackward(x) && x.device().is_cpu() && leanAutogradEnabled())
        return AtenMaxPoolFunction::apply(x, s);
    return torch::max_pool2d(x, 3, stride, 1);
}

bool pool3x3IntoSumApplies(const torch::Tensor &x, int stride, const torch::Tensor &sum)
{
    if (!g_intoSum.on() || !pooling3x3UsesOwnKernels(x))
        return false;
    if (!sum.defined())
        return true;
    const auto g = geometryOf(x, stride);
    return sum.device().is_cpu() && sum.scalar_type() == torch::kFloat &&
           sum.sizes() == at::IntArrayRef({x.size(0), g.channels, g.outH, g.outW}) &&
           sum.is_contiguous(at::MemoryFormat::ChannelsLast);
}

bool pool3x3IntoSumEnabled() { return g_intoSum.on(); }

void setPool3x3IntoSumEnabled(bool enabled) { g_intoSum.set(enabled); }

torch::Tensor pool3x3Forward(const torch::Tensor &x, int stride, bool max, const torch::Tensor &addend, bool inPlace)
{
    return poolForward(x, stride, max ? Mode::Max : Mode::Average, addend, inPlace);
}

torch::Tensor pool3x3Backward(const torch::Tensor &x, const torch::Tensor &grad, int stride, bool max)
{
    return poolBackward(x, grad, stride, max ? Mode::Max : Mode::Average);
}

torch::Tensor avgPool3x3(const torch::Tensor &input, int stride)
{
    const auto x = denseIfSlot(input);
    const auto s = static_cast<std::int64_t>(stride);
    if (pooling3x3UsesOwnKernels(x))
        return needsBackward(x) ? PoolFunction<Mode::Average>::apply(x, s) : poolForward(x, s, Mode::Average);
    return torch::avg_pool2d(x, 3, stride, 1, /*ceil_mode=*/false, /*count_include_pad=*/false);
}

} // namespace gdas::engine
