#include "engine/nn/Pointwise.h"

#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/LaneSums.h"
#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cstdint>
#include <variant>
#include <vector>

namespace gdas::engine {

namespace {

KernelSwitch g_fastPointwise("GDAS_FAST_POINTWISE");

// Two builds of each kernel, picked at run time (VectorClones.h): one for CPUs with AVX-512 (a
// 16-float register holds a block's 16 output channels, and 32 registers hold twice the
// accumulators) and one for AVX2 with FMA, on 8-float vectors, its registers' own width. The
// products are bound by their multiply-adds, not by memory, so the wider build pays. (Until
// round 15 the AVX2 build also ran on 16-float vectors: GCC kept those in memory, not in pairs
// of registers, and the build ran about ten times slower than oneDNN; `GDAS_AVX512=0
// gdas-kernel-bench` shows it on any machine.)

// Loaded and stored with memcpy (a move); never passed by value (that would change the baseline
// clone's ABI).
using Floats16 = float __attribute__((vector_size(64)));
using Floats8 = float __attribute__((vector_size(32)));
using Floats4 = float __attribute__((vector_size(16)));
using Doubles8 = double __attribute__((vector_size(64)));
using Doubles4 = double __attribute__((vector_size(32)));
constexpr std::int64_t kLanes = kPointwiseChannelMultiple;

template <typename Vector>
constexpr std::int64_t lanesOf = static_cast<std::int64_t>(sizeof(Vector) / sizeof(float));

#define GDAS_LOAD(name, pointer)                                                                                       \
    Vector name;                                                                                                       \
    __builtin_memcpy(&name, (pointer), sizeof(Vector))
#define GDAS_STORE(pointer, value) __builtin_memcpy((pointer), &(value), sizeof(value))

// The left factor of a product: `count` row-major arrays of the same rows, each `width` columns
// wide, side by side (their concatenation along the columns; one array for a plain matrix).
struct RowParts {
    const float *const *data;
    std::int64_t count;
    std::int64_t width;
};

// out[r][n] = sum over k in order of a[r][k] * m[k][n], plus bias[n] where bias is not null, for
// Rows rows from `first`: a's columns k run through its parts in order, m is K x N (K = parts x
// width), out Rows x N, all row-major; N a multiple of Blocks vectors. Blocks vectors of columns
// go at a time, so their Rows x Blocks accumulators stay in registers while k goes by: Blocks
// loads of m's row and Rows broadcasts per Rows x Blocks multiply-adds, as many independent
// chains (enough to hide a multiply-add's latency). With one block at a time, wider products
// (64 or 128 channels into 32 or 64: the preprocessing of cells after the first) spent as many
// broadcasts as multiply-adds and ran at two thirds of oneDNN's speed; each output's sum is the
// same chain in the same order either way.
// Where mask is not null (of out's layout, from out's first row), each output is zero where its
// mask is <= 0, as at::threshold_backward(out, mask, 0): the input gradient of a product whose
// input was rectified on load.
// Width, where not 0, is a's width known when compiling, for a single part and n of Blocks
// vectors: the loop over k is then unrolled and each broadcast addresses its row at a constant
// offset. At 16 channels (the Winograd products' and the 1x1 convolutions' of the first stage,
// 16 multiply-adds per row) the loop's own instructions and the rows' addresses kept on the
// stack otherwise ran the product at two thirds of the rate of wider ones. The same sums in the
// same order.
template <typename Vector, std::int64_t Rows, std::int64_t Blocks, std::int64_t Width = 0>
__attribute__((always_inline)) inline void productBlock(const RowParts &a, std::int64_t first, const float *m,
                                                        std::int64_t n, const float *bias, const float *mask,
                                                        float *out)
{
    constexpr auto lanes = lanesOf<Vector>;
    const auto width = Width != 0 ? Width : a.width;
    const auto parts = Width != 0 ? 1 : a.count;
    // With Width, n is Blocks vectors (one pass over the columns): known when compiling, so GCC
    // does not keep each row's broadcasts for the next columns (on the stack).
    const auto columns = Width != 0 ? Blocks * lanes : n;
    for (std::int64_t column = 0; column < columns; column += Blocks * lanes) {
        Vector sum[Rows][Blocks];
        for (auto &row : sum)
            for (auto &s : row)
                s = Vector{} + 0.0f;
        for (std::int64_t part = 0; part < parts; ++part) {
            const float *rows = a.data[part] + first * width;
            const float *mPart = m + part * width * n + column;
            const auto step = [&](std::int64_t i) __attribute__((always_inline))
            {
                Vector row[Blocks];
                for (std::int64_t b = 0; b < Blocks; ++b)
                    __builtin_memcpy(&row[b], mPart + i * n + b * lanes, sizeof(Vector));
                for (std::int64_t r = 0; r < Rows; ++r) {
                    const float value = rows[r * width + i];
                    for (std::int64_t b = 0; b < Blocks; ++b)
                        sum[r][b] += value * row[b];
                }
            };
            if constexpr (Width != 0) {
#pragma GCC unroll 16
                for (std::int64_t i = 0; i < Width; ++i)
                    step(i);
            } else {
                for (std::int64_t i = 0; i < width; ++i)
                    step(i);
            }
        }
        if (bias != nullptr) {
            for (std::int64_t b = 0; b < Blocks; ++b) {
                GDAS_LOAD(add, bias + column + b * lanes);
                for (std::int64_t r = 0; r < Rows; ++r)
                    sum[r][b] += add;
            }
        }
        if (mask != nullptr)
            for (std::int64_t r = 0; r < Rows; ++r)
                for (std::int64_t b = 0; b < Blocks; ++b) {
                    GDAS_LOAD(keep, mask + r * n + column + b * lanes);
                    sum[r][b] = keep <= 0.0f ? Vector{} : sum[r][b];
                }
        for (std::int64_t r = 0; r < Rows; ++r)
            for (std::int64_t b = 0; b < Blocks; ++b)
                GDAS_STORE(out + r * n + column + b * lanes, sum[r][b]);
    }
}

// The most rows a product block takes, and the widest left factor (all its parts together): the
// size of a block's rectified copy.
constexpr std::int64_t kMaxBlockRows = 12;
constexpr std::int64_t kMaxWidth = 512;

// relu of rows [first, first + rows) of every part of a, as at::relu (NaN stays NaN), into
// `rectified` ([count][rows][width]); `pointers` then holds its parts.
template <typename Vector>
__attribute__((always_inline)) inline RowParts rectifyRows(const RowParts &a, std::int64_t first, std::int64_t rows,
                                                           float *rectified, const float **pointers)
{
    constexpr auto lanes = lanesOf<Vector>;
    for (std::int64_t part = 0; part < a.count; ++part) {
        const float *from = a.data[part] + first * a.width;
        float *to = rectified + part * rows * a.width;
        for (std::int64_t i = 0; i < rows * a.width; i += lanes) {
            GDAS_LOAD(value, from + i);
            value = value < 0.0f ? Vector{} : value;
            GDAS_STORE(to + i, value);
        }
        pointers[part] = to;
    }
    return RowParts{pointers, a.count, a.width};
}

// A product block whose left factor is rectified on load: the block's rows go through a small
// rectified copy (in L1) first, then the same product, so each output is the same sum as the
// product of relu(a) would give.
template <typename Vector, std::int64_t Rows, std::int64_t Blocks, std::int64_t Width>
__attribute__((always_inline)) inline void rectifiedProductBlock(const RowParts &a, std::int64_t first, const float *m,
                                                                 std::int64_t n, const float *bias, float *out)
{
    static_assert(Rows <= kMaxBlockRows);
    alignas(64) float rectified[kMaxBlockRows * kMaxWidth];
    const float *pointers[kMaxWidth / kLanes];
    const auto parts = rectifyRows<Vector>(a, first, Rows, rectified, pointers);
    productBlock<Vector, Rows, Blocks, Width>(parts, 0, m, n, bias, nullptr, out);
}

// Rows [begin, end) of the product, Rows at a time (the rest one at a time); out points at row
// `begin`'s output. Blocks vectors of columns go together (n a multiple of Blocks vectors).
// With relu, a's rows are rectified on load (rectifiedProductBlock); with mask (from row
// `begin`, out's layout) the outputs are masked (productBlock). Width as productBlock's.
template <typename Vector, std::int64_t Rows, std::int64_t Blocks, std::int64_t Width = 0>
__attribute__((always_inline)) inline void rowsTimesMatrixRows(const RowParts &a, std::int64_t begin, std::int64_t end,
                                                               const float *m, std::int64_t n, const float *bias,
                                                               bool relu, const float *mask, float *out)
{
    const auto maskAt = [&](std::int64_t r) { return mask != nullptr ? mask + (r - begin) * n : nullptr; };
    auto r = begin;
    if (relu) {
        for (; r + Rows <= end; r += Rows)
            rectifiedProductBlock<Vector, Rows, Blocks, Width>(a, r, m, n, bias, out + (r - begin) * n);
        for (; r < end; ++r)
            rectifiedProductBlock<Vector, 1, Blocks, Width>(a, r, m, n, bias, out + (r - begin) * n);
        return;
    }
    for (; r + Rows <= end; r += Rows)
        productBlock<Vector, Rows, Blocks, Width>(a, r, m, n, bias, maskAt(r), out + (r - begin) * n);
    for (; r < end; ++r)
        productBlock<Vector, 1, Blocks, Width>(a, r, m, n, bias, maskAt(r), out + (r - begin) * n);
}

// The same, with a's width fixed at compile time where it is one part of 16 columns and n is
// Blocks vectors.
template <typename Vector, std::int64_t Rows, std::int64_t Blocks>
__attribute__((always_inline)) inline void rowsTimesMatrixBody(const RowParts &a, std::int64_t begin, std::int64_t end,
                                                               const float *m, std::int64_t n, const float *bias,
                                                               bool relu, const float *mask, float *out)
{
    if (a.count == 1 && a.width == 16 && n == Blocks * lanesOf<Vector>)
        return rowsTimesMatrixRows<Vector, Rows, Blocks, 16>(a, begin, end, m, n, bias, relu, mask, out);
    rowsTimesMatrixRows<Vector, Rows, Blocks>(a, begin, end, m, n, bias, relu, mask, out);
}

// The weight gradient's sums over a range of pixels: t[c][n] += sum over p of x[p][c] * g[p][n]
// (x is pixels x C, g pixels x N; t is C x N doubles), and with bias not null bias[n] += sum
// over p of g[p][n]. Pixels go kChunk at a time, summed in float in pixel order per output
// element (Inputs input channels times Blocks vectors of output channels in registers), each
// chunk's sums then added to t in double.
constexpr std::int64_t kChunk = 64;

// t[0..16) += s, in double.
__attribute__((always_inline)) inline void addInDouble(double *t, const Floats16 &s)
{
    const Floats8 low = __builtin_shufflevector(s, s, 0, 1, 2, 3, 4, 5, 6, 7);
    const Floats8 high = __builtin_shufflevector(s, s, 8, 9, 10, 11, 12, 13, 14, 15);
    Doubles8 t0, t1;
    __builtin_memcpy(&t0, t, sizeof(Doubles8));
    __builtin_memcpy(&t1, t + 8, sizeof(Doubles8));
    t0 += __builtin_convertvector(low, Doubles8);
    t1 += __builtin_convertvector(high, Doubles8);
    __builtin_memcpy(t, &t0, sizeof(Doubles8));
    __builtin_memcpy(t + 8, &t1, sizeof(Doubles8));
}

// t[0..8) += s, in double.
__attribute__((always_inline)) inline void addInDouble(double *t, const Floats8 &s)
{
    const Floats4 low = __builtin_shufflevector(s, s, 0, 1, 2, 3);
    const Floats4 high = __builtin_shufflevector(s, s, 4, 5, 6, 7);
    Doubles4 t0, t1;
    __builtin_memcpy(&t0, t, sizeof(Doubles4));
    __builtin_memcpy(&t1, t + 4, sizeof(Doubles4));
    t0 += __builtin_convertvector(low, Doubles4);
    t1 += __builtin_convertvector(high, Doubles4);
    __builtin_memcpy(t, &t0, sizeof(Doubles4));
    __builtin_memcpy(t + 4, &t1, sizeof(Doubles4));
}

template <typename Vector, std::int64_t Inputs, std::int64_t Blocks>
__attribute__((always_inline)) inline void accumulateOuterProductsBody(const float *x, const float *g,
                                                                       std::int64_t pixels, std::int64_t c,
                                                                       std::int64_t n, double *t, double *bias)
{
    constexpr auto lanes = lanesOf<Vector>;
    for (std::int64_t p0 = 0; p0 < pixels; p0 += kChunk) {
        const auto p1 = std::min(pixels, p0 + kChunk);
        for (std::int64_t column = 0; column < n; column += Blocks * lanes) {
            if (bias != nullptr) {
                for (std::int64_t b = 0; b < Blocks; ++b) {
                    Vector sum = Vector{} + 0.0f;
                    for (auto p = p0; p < p1; ++p) {
                        GDAS_LOAD(grad, g + p * n + column + b * lanes);
                        sum += grad;
                    }
                    addInDouble(bias + column + b * lanes, sum);
                }
            }
            if (t == nullptr)
                continue;
            for (std::int64_t input = 0; input < c; input += Inputs) {
                Vector sum[Inputs][Blocks];
                for (auto &row : sum)
                    for (auto &s : row)
                        s = Vector{} + 0.0f;
                for (auto p = p0; p < p1; ++p) {
                    Vector grad[Blocks];
                    for (std::int64_t b = 0; b < Blocks; ++b)
                        __builtin_memcpy(&grad[b], g + p * n + column + b * lanes, sizeof(Vector));
                    const float *row = x + p * c + input;
                    for (std::int64_t i = 0; i < Inputs; ++i) {
                        const float value = row[i];
                        for (std::int64_t b = 0; b < Blocks; ++b)
                            sum[i][b] += value * grad[b];
                    }
                }
                for (std::int64_t i = 0; i < Inputs; ++i)
                    for (std::int64_t b = 0; b < Blocks; ++b)
                        addInDouble(t + (input + i) * n + column + b * lanes, sum[i][b]);
            }
        }
    }
}

#if GDAS_WIDE_TARGETS
GDAS_TARGET_512 void rowsTimesMatrix512(const RowParts &a, std::int64_t begin, std::int64_t end, const float *m,
                                        std::int64_t n, const float *bias, bool relu, const float *mask, float *out)
{
    // Rows x Blocks accumulators, Blocks rows of m and one broadcast: at most 29 of the 32
    // registers.
    if (n % 64 == 0)
        return rowsTimesMatrixBody<Floats16, 6, 4>(a, begin, end, m, n, bias, relu, mask, out);
    if (n % 48 == 0)
        return rowsTimesMatrixBody<Floats16, 8, 3>(a, begin, end, m, n, bias, relu, mask, out);
    if (n % 32 == 0)
        return rowsTimesMatrixBody<Floats16, 12, 2>(a, begin, end, m, n, bias, relu, mask, out);
    rowsTimesMatrixBody<Floats16, 12, 1>(a, begin, end, m, n, bias, relu, mask, out);
}
GDAS_TARGET_256 void rowsTimesMatrix256(const RowParts &a, std::int64_t begin, std::int64_t end, const float *m,
                                        std::int64_t n, const float *bias, bool relu, const float *mask, float *out)
{
    // 16 columns as two 8-float vectors: 6 x 2 accumulators, two rows of m and a broadcast in
    // the 16 registers.
    rowsTimesMatrixBody<Floats8, 6, 2>(a, begin, end, m, n, bias, relu, mask, out);
}
GDAS_TARGET_512 void accumulateOuterProducts512(const float *x, const float *g, std::int64_t pixels, std::int64_t c,
                                                std::int64_t n, double *t, double *bias)
{
    // As the product above: several blocks of 16 output channels share each input's broadcast
    // (c is a multiple of 16, so of 8 and 4).
    if (n % 64 == 0)
        return accumulateOuterProductsBody<Floats16, 4, 4>(x, g, pixels, c, n, t, bias);
    if (n % 48 == 0)
        return accumulateOuterProductsBody<Floats16, 8, 3>(x, g, pixels, c, n, t, bias);
    if (n % 32 == 0)
        return accumulateOuterProductsBody<Floats16, 8, 2>(x, g, pixels, c, n, t, bias);
    accumulateOuterProductsBody<Floats16, 8, 1>(x, g, pixels, c, n, t, bias);
}
GDAS_TARGET_256 void accumulateOuterProducts256(const float *x, const float *g, std::int64_t pixels, std::int64_t c,
                                                std::int64_t n, double *t, double *bias)
{
    accumulateOuterProductsBody<Floats8, 4, 2>(x, g, pixels, c, n, t, bias);
}
#endif

void rowsTimesMatrix(const RowParts &a, std::int64_t begin, std::int64_t end, const float *m, std::int64_t n,
                     const float *bias, bool relu, const float *mask, float *out)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return rowsTimesMatrix512(a, begin, end, m, n, bias, relu, mask, out);
    return rowsTimesMatrix256(a, begin, end, m, n, bias, relu, mask, out);
#else
    rowsTimesMatrixBody<Floats8, 6, 2>(a, begin, end, m, n, bias, relu, mask, out);
#endif
}

// out[i] = relu(in[i]) for i < count (a multiple of 16), as at::relu.
GDAS_VECTOR_CLONES void rectify(const float *in, std::int64_t count, float *out)
{
    for (std::int64_t i = 0; i < count; ++i)
        out[i] = in[i] < 0.0f ? 0.0f : in[i];
}

void accumulateOuterProducts(const float *x, const float *g, std::int64_t pixels, std::int64_t c, std::int64_t n,
                             double *t, double *bias)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return accumulateOuterProducts512(x, g, pixels, c, n, t, bias);
    return accumulateOuterProducts256(x, g, pixels, c, n, t, bias);
#else
    accumulateOuterProductsBody<Floats8, 4, 2>(x, g, pixels, c, n, t, bias);
#endif
}

#undef GDAS_LOAD
#undef GDAS_STORE

// At most kMaxWidth: a product's left factor, all its parts together, fits a block's rectified copy.
bool channelCountFits(std::int64_t channels) { return channels > 0 && channels % kLanes == 0 && channels <= kMaxWidth; }

// Rows of a channels-last tensor's pixels: a range of pixels per task, at least a few blocks.
std::int64_t grainFor(std::int64_t k, std::int64_t n) { return std::max<std::int64_t>(48, 65536 / (k + n)); }

// A [N, C, H, W] channels-last float tensor.
torch::Tensor channelsLastEmpty(const torch::Tensor &like, std::int64_t channels)
{
    return at::empty({like.size(0), channels, like.size(2), like.size(3)},
                     like.options().memory_format(at::MemoryFormat::ChannelsLast));
}

// out = cat(parts, channels) (pixels x K) times m (K x N), plus bias, over the pixels in parallel;
// of relu(cat(parts)) where relu, and masked by `mask` (pixels x N, where not null) as
// productBlock does.
void product(const std::vector<torch::Tensor> &parts, const torch::Tensor &m, std::int64_t n, const float *bias,
             torch::Tensor &out, bool relu = false, const float *mask = nullptr)
{
    std::vector<const float *> data;
    for (const auto &part : parts)
        data.push_back(part.data_ptr<float>());
    const auto width = parts.front().size(1);
    const RowParts a{data.data(), static_cast<std::int64_t>(data.size()), width};
    const auto k = a.count * width;
    const float *matrix = m.data_ptr<float>();
    float *result = out.data_ptr<float>();
    const auto pixels = parts.front().numel() / width;
    at::parallel_for(0, pixels, grainFor(k, n), [&](std::int64_t begin, std::int64_t end) {
        rowsTimesMatrix(a, begin, end, matrix, n, bias, relu, mask != nullptr ? mask + begin * n : nullptr,
                        result + begin * n);
    });
}

} // namespace

void rowsTimesMatrixInto(const float *a, std::int64_t rows, std::int64_t width, const float *m, std::int64_t n,
                         float *out)
{
    const RowParts parts{&a, 1, width};
    rowsTimesMatrix(parts, 0, rows, m, n, nullptr, false, nullptr, out);
}

void accumulateTransposedProduct(const float *a, const float *g, std::int64_t rows, std::int64_t width, std::int64_t n,
                                 double *t, double *columnSums)
{
    accumulateOuterProducts(a, g, rows, width, n, t, columnSums);
}

bool pointwiseKernelsEnabled() { return g_fastPointwise.on(); }

void setPointwiseKernelsEnabled(bool enabled) { g_fastPointwise.set(enabled); }

bool pointwiseApplies(const torch::Tensor &x, const torch::Tensor &weight)
{
    return g_fastPointwise.on() && cpuRunsVectorClones() && x.device().is_cpu() && weight.device().is_cpu() &&
           x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat && x.dim() == 4 &&
           weight.dim() == 4 && weight.size(2) == 1 && weight.size(3) == 1 && weight.size(1) == x.size(1) &&
           channelCountFits(weight.size(0)) && channelCountFits(weight.size(1)) &&
           x.is_contiguous(at::MemoryFormat::ChannelsLast) && x.numel() > 0 &&
           !AutocastGuard::active(c10::DeviceType::CPU); // under autocast, LibTorch's in the narrower type
}

torch::Tensor pointwiseForward(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                               bool reluInput)
{
    RECORD_FUNCTION("gdas::pointwise", std::vector<c10::IValue>({x, weight}));
    const auto outputs = weight.size(0), inputs = weight.size(1);
    // m[k][n] = weight[n][k]: the input channels down, the output channels across.
    const auto m = weight.reshape({outputs, inputs}).t().contiguous();
    const auto b = bias.defined() && bias.numel() > 0 ? bias.contiguous() : torch::Tensor();
    auto out = channelsLastEmpty(x, outputs);
    product({x}, m, outputs, b.defined() ? b.data_ptr<float>() : nullptr, out, reluInput);
    return out;
}

bool pointwiseAppliesToParts(const std::vector<torch::Tensor> &parts, const torch::Tensor &weight)
{
    if (parts.empty() || weight.dim() != 4)
        return false;
    const auto &first = parts.front();
    std::int64_t channels = 0;
    for (const auto &part : parts) {
        if (part.dim() != 4 || part.scalar_type() != torch::kFloat || !part.device().is_cpu() ||
            part.size(0) != first.size(0) || part.size(1) != first.size(1) || part.size(2) != first.size(2) ||
            part.size(3) != first.size(3) || !part.is_contiguous(at::MemoryFormat::ChannelsLast))
            return false;
        channels += part.size(1);
    }
    // Each part's input gradient is a product with 16-lane columns of its own.
    return weight.size(1) == channels && channelCountFits(first.size(1)) &&
           pointwiseApplies(first, weight.narrow(1, 0, first.size(1)));
}

torch::Tensor pointwiseForwardParts(const std::vector<torch::Tensor> &parts, const torch::Tensor &weight,
                                    const torch::Tensor &bias, bool reluInput)
{
    RECORD_FUNCTION("gdas::pointwise", std::vector<c10::IValue>({parts.front(), weight}));
    const auto outputs = weight.size(0), inputs = weight.size(1);
    const auto m = weight.reshape({outputs, inputs}).t().contiguous();
    const auto b = bias.defined() && bias.numel() > 0 ? bias.contiguous() : torch::Tensor();
    auto out = channelsLastEmpty(parts.front(), outputs);
    product(parts, m, outputs, b.defined() ? b.data_ptr<float>() : nullptr, out, reluInput);
    return out;
}

torch::Tensor pointwiseInputGradient(const torch::Tensor &grad, const torch::Tensor &weight,
                                     const torch::Tensor &reluInput)
{
    RECORD_FUNCTION("gdas::pointwise_backward_input", std::vector<c10::IValue>({grad, weight}));
    const auto outputs = weight.size(0), inputs = weight.size(1);
    const auto g = grad.contiguous(at::MemoryFormat::ChannelsLast);
    // dx[p][i] = sum over o of g[p][o] * weight[o][i]: the weight as it is is m.
    const auto m = weight.reshape({outputs, inputs}).contiguous();
    auto gradInput = channelsLastEmpty(g, inputs);
    const auto mask = reluInput.defined() ? reluInput.contiguous(at::MemoryFormat::ChannelsLast) : torch::Tensor();
    product({g}, m, inputs, nullptr, gradInput, false, mask.defined() ? mask.data_ptr<float>() : nullptr);
    return gradInput;
}

std::pair<torch::Tensor, torch::Tensor> pointwiseParameterGradients(const torch::Tensor &grad, const torch::Tensor &x,
                                                                    const torch::Tensor &weight, bool needWeight,
                                                                    bool needBias, bool reluInput)
{
    if (!needWeight && !needBias)
        return {};
    RECORD_FUNCTION("gdas::pointwise_backward_weight", std::vector<c10::IValue>({grad, x}));
    const auto outputs = weight.size(0), inputs = weight.size(1);
    const auto g = grad.contiguous(at::MemoryFormat::ChannelsLast);
    const auto xc = x.contiguous(at::MemoryFormat::ChannelsLast); // x itself where pointwiseApplies(x, weight)
    const float *in = xc.data_ptr<float>();
    const float *gradOut = g.data_ptr<float>();
    const auto pixels = xc.numel() / inputs;
    // The pixels in parts of a size that depends only on their number (whole chunks of kChunk,
    // about 1,024 pixels or more, at most 64 parts and 8 MiB of sums), one set of double sums per
    // part, added up in the parts' order: the same numbers for any thread count and scheduling,
    // and no shared writes whatever threads OpenMP runs (a GPU build's torch may bring its own
    // OpenMP runtime, with another thread count than at::get_num_threads()).
    const auto weightSize = static_cast<std::size_t>(needWeight ? inputs * outputs : 0);
    const auto biasSize = static_cast<std::size_t>(needBias ? outputs : 0);
    const auto width = static_cast<std::int64_t>(weightSize + biasSize);
    const auto chunks = (pixels + kChunk - 1) / kChunk;
    const auto maxParts = std::max<std::int64_t>(1, std::min<std::int64_t>(64, (std::int64_t{1} << 20) / width));
    const auto parts = std::max<std::int64_t>(1, std::min({maxParts, chunks / 16, chunks}));
    const auto chunksPerPart = (chunks + parts - 1) / parts;
    PartSums partial(parts, width);
    const bool rectified = reluInput && needWeight;
    at::parallel_for(0, parts, 1, [&](std::int64_t first, std::int64_t last) {
        // With reluInput, each chunk of x goes through a rectified copy first: the chunks' sums
        // are the same as over relu(x), chunk by chunk in the same order.
        std::vector<float> copy(rectified ? static_cast<std::size_t>(kChunk * inputs) : 0);
        for (auto part = first; part < last; ++part) {
            const auto begin = std::min(pixels, part * chunksPerPart * kChunk);
            const auto end = std::min(pixels, (part + 1) * chunksPerPart * kChunk);
            double *sums = partial.zeroed(part);
            double *biasSums = needBias ? sums + weightSize : nullptr;
            if (!rectified) {
                accumulateOuterProducts(in + begin * inputs, gradOut + begin * outputs, end - begin, inputs, outputs,
                                        needWeight ? sums : nullptr, biasSums);
                continue;
            }
            for (auto chunk = begin; chunk < end; chunk += kChunk) {
                const auto count = std::min(kChunk, end - chunk);
                rectify(in + chunk * inputs, count * inputs, copy.data());
                accumulateOuterProducts(copy.data(), gradOut + chunk * outputs, count, inputs, outputs, sums, biasSums);
            }
        }
    });
    std::vector<double> total(weightSize + biasSize);
    partial.addUp(total.data());
    torch::Tensor gradWeight, gradBias;
    if (needWeight) {
        // total[i][o] -> gradWeight[o][i]
        gradWeight = at::empty({outputs, inputs, 1, 1}, weight.options());
        float *w = gradWeight.data_ptr<float>();
        for (std::int64_t o = 0; o < outputs; ++o)
            for (std::int64_t i = 0; i < inputs; ++i)
                w[o * inputs + i] = static_cast<float>(total[static_cast<std::size_t>(i * outputs + o)]);
    }
    if (needBias) {
        gradBias = at::empty({outputs}, weight.options());
        float *b = gradBias.data_ptr<float>();
        for (std::int64_t o = 0; o < outputs; ++o)
            b[o] = static_cast<float>(total[weightSize + static_cast<std::size_t>(o)]);
    }
    return {gradWeight, gradBias};
}

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The plain layer: keeps its input, as LibTorch's convolution does.
class PointwiseFunction : public torch::autograd::Function<PointwiseFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, const torch::Tensor &weight,
                                 const torch::Tensor &bias)
    {
        ctx->save_for_backward({x, weight});
        ctx->saved_data["bias"] = bias.numel() > 0;
        return pointwiseForward(x, weight, bias);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        torch::Tensor gradInput;
        if (ctx->needs_input_grad(0))
            gradInput = pointwiseInputGradient(grads[0], saved[1]);
        auto [gradWeight, gradBias] =
            pointwiseParameterGradients(grads[0], saved[0], saved[1], ctx->needs_input_grad(1),
                                        ctx->saved_data["bias"].toBool() && ctx->needs_input_grad(2));
        return {gradInput, gradWeight, gradBias};
    }
};

} // namespace

torch::Tensor pointwiseConv2d(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias)
{
    const bool hasBias = bias.defined() && bias.numel() > 0;
    const bool backward = torch::GradMode::is_enabled() &&
                          (x.requires_grad() || weight.requires_grad() || (hasBias && bias.requires_grad()));
    if (!backward)
        return pointwiseForward(x, weight, bias);
    return PointwiseFunction::apply(x, weight, hasBias ? bias : at::empty({0}, weight.options()));
}

bool stridedPointwiseOnCpu(const torch::Tensor &x, const torch::Tensor &weight, at::IntArrayRef stride,
                           at::IntArrayRef padding)
{
    return x.device().is_cpu() && x.dim() == 4 && x.size(1) < kStridedPointwiseGridChannels &&
           x.suggest_memory_format() == at::MemoryFormat::ChannelsLast && weight.dim() == 4 && weight.size(2) == 1 &&
           weight.size(3) == 1 && stride.size() == 2 && padding.size() == 2 && padding[0] == 0 && padding[1] == 0 &&
           (stride[0] > 1 || stride[1] > 1);
}

torch::Tensor stridedPointwiseGrid(const torch::Tensor &x, at::IntArrayRef stride)
{
    return x.slice(2, 0, c10::nullopt, stride[0])
        .slice(3, 0, c10::nullopt, stride[1])
        .contiguous(x.suggest_memory_format());
}

torch::Tensor conv2dOwnPointwise(const torch::Tensor &x, torch::nn::Conv2d &conv)
{
    const auto &options = conv->options;
    // LibTorch 1.13 keeps the padding in c10::variant, 2.x in std::variant: found by argument lookup.
    using std::get_if;
    const auto *padding = get_if<torch::ExpandingArray<2>>(&options.padding());
    if (padding != nullptr && !options.transposed() &&
        stridedPointwiseOnCpu(x, conv->weight, *options.stride(), **padding))
        return at::conv2d(stridedPointwiseGrid(x, *options.stride()), conv->weight, conv->bias, at::IntArrayRef{1, 1},
                          at::IntArrayRef{0, 0}, at::IntArrayRef{1, 1}, options.groups());
    const bool plainPointwise = padding != nullptr && (**padding)[0] == 0 && (**padding)[1] == 0 &&
                                (*options.stride())[0] == 1 && (*options.stride())[1] == 1 && options.groups() == 1 &&
                                !options.transposed();
    if (!plainPointwise || !pointwiseApplies(x, conv->weight))
        return conv(x);
    return pointwiseConv2d(x, conv->weight, conv->bias);
}

} // namespace gdas::engine
