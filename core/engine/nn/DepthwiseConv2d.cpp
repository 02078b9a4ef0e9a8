#include "engine/nn/DepthwiseConv2d.h"

#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/autograd.h>

#include <algorithm>
#include <atomic>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace gdas::engine {

namespace {

struct WeightGradShape {
    std::int64_t batch, channels, inH, inW, outH, outW, kernel, stride, padding, dilation;
};

using Lanes16 = float __attribute__((vector_size(64)));
using Lanes8 = float __attribute__((vector_size(32)));
using Lanes4 = float __attribute__((vector_size(16)));

// The output columns [begin, end) whose every tap column lies inside the image:
// wo·s − p >= 0 and wo·s − p + (k − 1)·d <= W − 1.
std::pair<std::int64_t, std::int64_t> interiorColumns(std::int64_t inW, std::int64_t outW, std::int64_t kernel,
                                                      std::int64_t stride, std::int64_t padding, std::int64_t dilation)
{
    const auto last = inW - 1 - (kernel - 1) * dilation + padding;
    const auto end = last >= 0 ? std::min(outW, last / stride + 1) : std::int64_t{0};
    return {std::min((padding + stride - 1) / stride, end), end};
}

// The kernel rows [begin, end) whose input row hiBase + kh·dilation lies inside the image's
// inH rows (an output row's taps above and below the image are left out).
inline std::pair<std::int64_t, std::int64_t> kernelRowsInside(std::int64_t hiBase, std::int64_t kernel,
                                                              std::int64_t dilation, std::int64_t inH)
{
    std::int64_t begin = 0, end = kernel;
    while (begin < end && hiBase + begin * dilation < 0)
        ++begin;
    while (end > begin && hiBase + (end - 1) * dilation >= inH)
        --end;
    return {begin, end};
}

// x = relu(x), as at::relu (NaN stays NaN). By reference: a vector passed by value would change
// the baseline clone's ABI.
template <typename V>
__attribute__((always_inline)) inline void rectify(V &x)
{
    x = x < 0.0f ? V{} : x;
}

// The distance between the input rows of consecutive kernel rows.
inline std::int64_t kernelRowStride(const WeightGradShape &s) { return s.dilation * s.inW * s.channels; }

// One output pixel near the image's side: only its taps inside the image. xRow is the input row
// of the first of the R kernel rows.
template <typename V, int K, int R, bool Relu>
__attribute__((always_inline)) inline void weightGradBorder(const float *xRow, const float *gRow, V (&acc)[R][K],
                                                            const WeightGradShape &s, std::int64_t cb, std::int64_t wo)
{
    const auto C = s.channels;
    const auto rowStride = kernelRowStride(s);
    V grad;
    __builtin_memcpy(&grad, gRow + wo * C + cb, sizeof(V));
    const auto wiBase = wo * s.stride - s.padding;
    for (int kw = 0; kw < K; ++kw) {
        const auto wi = wiBase + kw * s.dilation;
        if (wi < 0 || wi >= s.inW)
            continue;
        for (int r = 0; r < R; ++r) {
            V x;
            __builtin_memcpy(&x, xRow + r * rowStride + wi * C + cb, sizeof(V));
            if constexpr (Relu)
                rectify(x);
            acc[r][kw] += grad * x;
        }
    }
}

// The weight gradient's sums for R kernel rows kh of output row ho, channels [cb, cb + lanes
// of V): acc[r][kw] = Σ over output columns of g[ho][wo][c] · x[hi_r][wo·s − p + kw·d][c], the
// R x K sums in registers while the row goes by (each output gradient loaded once for all R x K
// taps), then added into accumulator[kh_r][kw][c]. xRow and accRow are the input row and the
// accumulator of the first of the R kernel rows (the others follow at kernelRowStride and K·C).
// R kernel rows at once: R x K independent sums, enough to keep the multiply-adds' pipelines
// busy (with one kernel row, K chains each waited on its own previous multiply-add, about a
// multiply-add every 4/K cycles). Each tap's sum is the same chain as with one row at a time,
// and each is added to its own accumulator: the same numbers, bit for bit.
template <typename V, int K, int R, bool Relu>
__attribute__((always_inline)) inline void weightGradRows(const float *xRow, const float *gRow, float *accRow,
                                                          const WeightGradShape &s, std::int64_t cb,
                                                          std::int64_t woBegin, std::int64_t woEnd)
{
    const auto C = s.channels;
    const auto d = s.dilation;
    const auto rowStride = kernelRowStride(s);
    V acc[R][K];
    for (auto &row : acc)
        for (auto &a : row)
            a = V{} + 0.0f;
    for (std::int64_t wo = 0; wo < woBegin; ++wo)
        weightGradBorder<V, K, R, Relu>(xRow, gRow, acc, s, cb, wo);
    for (auto wo = woBegin; wo < woEnd; ++wo) {
        V grad;
        __builtin_memcpy(&grad, gRow + wo * C + cb, sizeof(V));
        const auto first = (wo * s.stride - s.padding) * C + cb;
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
            for (int kw = 0; kw < K; ++kw) {
                V x;
                __builtin_memcpy(&x, xRow + r * rowStride + first + kw * d * C, sizeof(V));
                if constexpr (Relu)
                    rectify(x);
                acc[r][kw] += grad * x;
            }
    }
    for (auto wo = std::max(woBegin, woEnd); wo < s.outW; ++wo)
        weightGradBorder<V, K, R, Relu>(xRow, gRow, acc, s, cb, wo);
    for (int r = 0; r < R; ++r)
        for (int kw = 0; kw < K; ++kw) {
            float *target = accRow + (r * K + kw) * C + cb;
            V sum;
            __builtin_memcpy(&sum, target, sizeof(V));
            sum += acc[r][kw];
            __builtin_memcpy(target, &sum, sizeof(V));
        }
}

// weightGradRows over all channels, in blocks of 16 (the AVX-512 build), 8, 4 and 1. (No
// lambdas: they would be compiled for the baseline CPU, not for the clone's target.)
template <bool Wide, int K, int R, bool Relu>
__attribute__((always_inline)) inline void weightGradChannels(const float *xRow, const float *gRow, float *accRow,
                                                              const WeightGradShape &s, std::int64_t woBegin,
                                                              std::int64_t woEnd)
{
    const auto C = s.channels;
    std::int64_t cb = 0;
    if constexpr (Wide)
        for (; cb + 16 <= C; cb += 16)
            weightGradRows<Lanes16, K, R, Relu>(xRow, gRow, accRow, s, cb, woBegin, woEnd);
    for (; cb + 8 <= C; cb += 8)
        weightGradRows<Lanes8, K, R, Relu>(xRow, gRow, accRow, s, cb, woBegin, woEnd);
    for (; cb + 4 <= C; cb += 4)
        weightGradRows<Lanes4, K, R, Relu>(xRow, gRow, accRow, s, cb, woBegin, woEnd);
    for (; cb < C; ++cb)
        weightGradRows<float, K, R, Relu>(xRow, gRow, accRow, s, cb, woBegin, woEnd);
}

// Kernel rows taken together: R x K sums, a loaded gradient and a loaded input within AVX2's
// 16 registers.
template <int K>
constexpr int kWeightGradRows = K == 3   ? 3
                                : K == 5 ? 2
                                         : 1;

// accumulator[kh·K + kw][c] += Σ over the output pixels of samples [nBegin, nEnd) of
// g[n][ho][wo][c] · x[n][hi][wi][c] (channels-last).
template <bool Wide, int K, bool Relu>
__attribute__((always_inline)) inline void weightGradBody(const float *x, const float *g, float *accumulator,
                                                          const WeightGradShape &s, std::int64_t nBegin,
                                                          std::int64_t nEnd)
{
    constexpr int R = kWeightGradRows<K>;
    const auto C = s.channels;
    const auto [woBegin, woEnd] = interiorColumns(s.inW, s.outW, K, s.stride, s.padding, s.dilation);
    for (auto n = nBegin; n < nEnd; ++n) {
        const float *xSample = x + n * s.inH * s.inW * C;
        const float *gSample = g + n * s.outH * s.outW * C;
        for (std::int64_t ho = 0; ho < s.outH; ++ho) {
            const float *gRow = gSample + ho * s.outW * C;
            // The kernel rows inside the image, R at a time, then one at a time.
            const auto hiBase = ho * s.stride - s.padding;
            auto [kh, khEnd] = kernelRowsInside(hiBase, K, s.dilation, s.inH);
            for (; kh + R <= khEnd; kh += R)
                weightGradChannels<Wide, K, R, Relu>(xSample + (hiBase + kh * s.dilation) * s.inW * C, gRow,
                                                     accumulator + kh * K * C, s, woBegin, woEnd);
            for (; kh < khEnd; ++kh)
                weightGradChannels<Wide, K, 1, Relu>(xSample + (hiBase + kh * s.dilation) * s.inW * C, gRow,
                                                     accumulator + kh * K * C, s, woBegin, woEnd);
        }
    }
}

template <bool Wide, bool Relu>
__attribute__((always_inline)) inline void weightGradKernelOf(const float *x, const float *g, float *accumulator,
                                                              const WeightGradShape &s, std::int64_t nBegin,
                                                              std::int64_t nEnd)
{
    switch (s.kernel) {
    case 1:
        return weightGradBody<Wide, 1, Relu>(x, g, accumulator, s, nBegin, nEnd);
    case 3:
        return weightGradBody<Wide, 3, Relu>(x, g, accumulator, s, nBegin, nEnd);
    case 5:
        return weightGradBody<Wide, 5, Relu>(x, g, accumulator, s, nBegin, nEnd);
    default:
        return weightGradBody<Wide, 7, Relu>(x, g, accumulator, s, nBegin, nEnd);
    }
}

// With relu, the weight gradient of the convolution of relu(x).
template <bool Wide>
__attribute__((always_inline)) inline void weightGradAnyKernel(const float *x, const float *g, float *accumulator,
                                                               const WeightGradShape &s, std::int64_t nBegin,
                                                               std::int64_t nEnd, bool relu)
{
    if (relu)
        return weightGradKernelOf<Wide, true>(x, g, accumulator, s, nBegin, nEnd);
    weightGradKernelOf<Wide, false>(x, g, accumulator, s, nBegin, nEnd);
}

#if GDAS_WIDE_TARGETS
GDAS_TARGET_512 void accumulateWeightGrad512(const float *x, const float *g, float *accumulator,
                                             const WeightGradShape &s, std::int64_t nBegin, std::int64_t nEnd,
                                             bool relu)
{
    weightGradAnyKernel<true>(x, g, accumulator, s, nBegin, nEnd, relu);
}
GDAS_TARGET_256 void accumulateWeightGrad256(const float *x, const float *g, float *accumulator,
                                             const WeightGradShape &s, std::int64_t nBegin, std::int64_t nEnd,
                                             bool relu)
{
    weightGradAnyKernel<false>(x, g, accumulator, s, nBegin, nEnd, relu);
}
#endif

// Kernels of 1, 3, 5 or 7 taps a side (depthwiseConvBackward sends the others to ATen).
void accumulateWeightGrad(const float *x, const float *g, float *accumulator, const WeightGradShape &s,
                          std::int64_t nBegin, std::int64_t nEnd, bool relu)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return accumulateWeightGrad512(x, g, accumulator, s, nBegin, nEnd, relu);
    return accumulateWeightGrad256(x, g, accumulator, s, nBegin, nEnd, relu);
#else
    weightGradAnyKernel<false>(x, g, accumulator, s, nBegin, nEnd, relu);
#endif
}

// The weight gradient [C, 1, k, k] as the sum of runChunk(accumulator, nBegin, nEnd)'s sums
// ([k·k][C], into a zeroed accumulator) over chunks of samples across the threads: one partial
// sum per chunk, added up afterwards (no shared writes).
template <typename RunChunk>
torch::Tensor sumOverSampleChunks(const WeightGradShape &s, RunChunk &&runChunk)
{
    const auto taps = s.kernel * s.kernel;
    const auto threads = static_cast<std::int64_t>(at::get_num_threads());
    const auto chunk = std::max<std::int64_t>(1, (s.batch + threads - 1) / threads);
    const auto chunks = (s.batch + chunk - 1) / chunk;
    std::vector<float> partial(static_cast<std::size_t>(chunks * taps * s.channels), 0.0f);
    at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto i = begin; i < end; ++i)
            runChunk(partial.data() + i * taps * s.channels, i * chunk, std::min(s.batch, (i + 1) * chunk));
    });
    auto sum = torch::zeros({taps, s.channels}, torch::kFloat);
    float *out = sum.data_ptr<float>();
    for (std::int64_t i = 0; i < chunks; ++i)
        for (std::int64_t j = 0; j < taps * s.channels; ++j)
            out[j] += partial[static_cast<std::size_t>(i * taps * s.channels + j)];
    // [k*k, C] -> [C, 1, k, k]
    return sum.t().contiguous().view({s.channels, 1, s.kernel, s.kernel});
}

// With relu, the weight gradient of the convolution of relu(input), input rectified as it is read.
torch::Tensor depthwiseWeightGrad(const torch::Tensor &input, const torch::Tensor &gradOutput, std::int64_t kernel,
                                  std::int64_t stride, std::int64_t padding, std::int64_t dilation, bool relu)
{
    const auto x = input.contiguous(torch::MemoryFormat::ChannelsLast);
    const auto g = gradOutput.contiguous(torch::MemoryFormat::ChannelsLast);
    const WeightGradShape s{x.size(0), x.size(1), x.size(2), x.size(3), g.size(2),
                            g.size(3), kernel,    stride,    padding,   dilation};
    const float *xData = x.data_ptr<float>();
    const float *gData = g.data_ptr<float>();
    return sumOverSampleChunks(s, [&](float *accumulator, std::int64_t nBegin, std::int64_t nEnd) {
        accumulateWeightGrad(xData, gData, accumulator, s, nBegin, nEnd, relu);
    });
}

// ---------------------------------------------------------------------------------------------
// The forward convolution, channels-last: out[n][ho][wo][c] = Σ over taps (kh, kw), in row-major
// order, of x[n][ho·s − p + kh·d][wo·s − p + kw·d][c] · w[c][kh][kw], taps outside the image
// left out (or added as +0, which leaves the sum's bits as they are: PaddedRows), in that order
// (oneDNN's, whose sums these equal). Vectorised over contiguous channels, several output
// pixels' sums in registers at once; tasks of whole output rows. On an AVX-512 machine (round 5)
// oneDNN 2.6's undilated kernel (brdgmm_dw) took 0.43 ms a call on 64x16x32x32 (5x5) within a
// search step, this one 0.27 ms; 0.14 against 0.11 ms (3x3) and 0.30 against 0.21 ms (5x5) on
// the same tensor over and over (2 threads). On AVX2 (round 22, one thread, warm) ours took
// 0.57-0.61 ms against oneDNN's 0.39-0.46 (3x3) and 1.02-1.06 against 0.82-0.89 (5x5).

KernelSwitch g_fastForward("GDAS_FAST_DEPTHWISE");
// Set by tests only: our kernel for every plain forward it applies to, not only where it pays.
std::atomic<bool> g_ownForwardEverywhere{false};

struct ForwardShape {
    std::int64_t channels, inH, inW, outH, outW, kernel, stride, padding, dilation;
};

// How the forward writes: Masked, the outputs zero where `mask` (of the output's layout) is
// <= 0, as at::threshold_backward (the input gradient of a convolution of relu(x), masked by x
// as it is stored).
template <bool Masked>
struct Stores {
    template <typename V>
    __attribute__((always_inline)) static void store(float *out, const float *mask, V &sum)
    {
        if constexpr (Masked) {
            V keep;
            __builtin_memcpy(&keep, mask, sizeof(V));
            sum = keep <= 0.0f ? V{} : sum;
        }
        __builtin_memcpy(out, &sum, sizeof(V));
    }
};

// The input rows a task's output rows read, each copied once (rectified where the forward is
// of relu(x)) into a row with the padding's zero columns on both sides, so that every output
// pixel, at the sides too, is the same loop over its taps: `rows` padded rows of `width` pixels
// of all channels, input row hi in slot hi mod rows (a kernel's rows are consecutive, so they
// never share a slot). Until round 22 the pixels at the sides went one at a time, each tap a
// multiply-add waiting on the one before; with AVX2 (8-float vectors, two or more per pixel at
// 16 channels) that made our 3x3 forward 2.5 times oneDNN's time (docs/ENGINE.md, "Round 22").
// A padded column adds its tap's +0 * w to a sum that starts at +0: the sum is unchanged, bit
// for bit (finite weights), so the outputs are those of the taps inside the image, in order.
class PaddedRows {
public:
    PaddedRows(const ForwardShape &s)
        : s_(s), rows_((s.kernel - 1) * s.dilation + 1),
          width_(std::max((s.outW - 1) * s.stride + (s.kernel - 1) * s.dilation + 1, s.padding + s.inW)),
          data_(static_cast<std::size_t>(rows_ * width_ * s.channels), 0.0f),
          stored_(static_cast<std::size_t>(rows_), std::pair<std::int64_t, std::int64_t>{-1, -1})
    {}

    // Input row hi of image n (inside the image), padded: its column -padding.
    template <bool Relu>
    __attribute__((always_inline)) const float *row(const float *x, std::int64_t n, std::int64_t hi)
    {
        const auto slot = hi % rows_;
        float *to = data_.data() + slot * width_ * s_.channels;
        auto &tag = stored_[static_cast<std::size_t>(slot)];
        if (tag.first != n || tag.second != hi) {
            const float *from = x + (n * s_.inH + hi) * s_.inW * s_.channels;
            float *inside = to + s_.padding * s_.channels;
            const auto count = std::min(s_.inW, width_ - s_.padding) * s_.channels;
            if constexpr (Relu) {
                for (std::int64_t i = 0; i < count; ++i)
                    inside[i] = from[i] < 0.0f ? 0.0f : from[i];
            } else {
                std::copy(from, from + count, inside);
            }
            tag = {n, hi};
        }
        return to;
    }

private:
    const ForwardShape &s_;
    std::int64_t rows_, width_;
    std::vector<float> data_;
    std::vector<std::pair<std::int64_t, std::int64_t>> stored_;
};

// Channels [c0, c0 + lanes of V) of output pixels [wo, wo + Block) of one row, their sums in
// registers across the taps. rows[kh - khBegin] is the padded input row of kernel row kh
// (PaddedRows) from channel c0, for kh in [khBegin, khEnd) (the rows inside the image); wt the
// weights as [tap][channel] from channel c0; `out` the first pixel's (and `mask` its mask's,
// where S masks).
template <typename S, typename V, int Block>
__attribute__((always_inline)) inline void rowPixels(const float *const *rows, std::int64_t khBegin, std::int64_t khEnd,
                                                     const float *wt, float *out, const float *mask,
                                                     const ForwardShape &s, std::int64_t wo)
{
    const auto C = s.channels;
    const auto k = s.kernel;
    V sum[Block];
    for (auto &v : sum)
        v = V{} + 0.0f;
    for (auto kh = khBegin; kh < khEnd; ++kh) {
        const float *inRow = rows[kh - khBegin] + wo * s.stride * C;
        for (std::int64_t kw = 0; kw < k; ++kw) {
            V w;
            __builtin_memcpy(&w, wt + (kh * k + kw) * C, sizeof(V));
            const float *tap = inRow + kw * s.dilation * C;
            for (int j = 0; j < Block; ++j) {
                V x;
                __builtin_memcpy(&x, tap + j * s.stride * C, sizeof(V));
                sum[j] += w * x;
            }
        }
    }
    for (int j = 0; j < Block; ++j)
        S::store(out + j * C, mask + j * C, sum[j]);
}

// rowPixels for a K x K kernel at stride 1, undilated: along each kernel row, each input pixel
// is loaded once and multiplied into every output of the block that reads it (Block + K - 1
// loads for Block x K multiply-adds, where rowPixels loads Block x K). Output j receives input
// pixel j + kw for kw = 0, 1, ... as the pixels go by, so each sum is the same chain, in the
// same order, as rowPixels's.
template <typename S, typename V, int Block, int K>
__attribute__((always_inline)) inline void rowPixelsSliding(const float *const *rows, std::int64_t khBegin,
                                                            std::int64_t khEnd, const float *wt, float *out,
                                                            const float *mask, std::int64_t C, std::int64_t wo)
{
    V sum[Block];
    for (auto &v : sum)
        v = V{} + 0.0f;
    for (auto kh = khBegin; kh < khEnd; ++kh) {
        const float *in = rows[kh - khBegin] + wo * C;
        V w[K];
#pragma GCC unroll 8
        for (int kw = 0; kw < K; ++kw)
            __builtin_memcpy(&w[kw], wt + (kh * K + kw) * C, sizeof(V));
            // Unrolled, so that the sums and weights stay in registers.
#pragma GCC unroll 16
        for (int i = 0; i < Block + K - 1; ++i) {
            V x;
            __builtin_memcpy(&x, in + i * C, sizeof(V));
#pragma GCC unroll 8
            for (int kw = 0; kw < K; ++kw) {
                const int j = i - kw;
                if (j >= 0 && j < Block)
                    sum[j] += w[kw] * x;
            }
        }
    }
    for (int j = 0; j < Block; ++j)
        S::store(out + j * C, mask + j * C, sum[j]);
}

// One output row's channels [c0, c0 + lanes of V) (rows, wt, out and mask from channel c0).
// K is the kernel's size where it is 3 or 5 and the convolution is of stride 1 and undilated
// (rowPixelsSliding), 0 otherwise.
template <typename S, typename V, int K>
__attribute__((always_inline)) inline void forwardRow(const float *const *rows, std::int64_t khBegin,
                                                      std::int64_t khEnd, const float *wt, float *out,
                                                      const float *mask, const ForwardShape &s)
{
    const auto C = s.channels;
    std::int64_t wo = 0;
    if constexpr (K > 0) {
        // Blocks of 4 at K = 5 (all sums, weights and the loaded pixel in AVX2's 16 registers)
        // took 1.6 times as long as blocks of 8 (some of whose sums GCC keeps on the stack).
        for (; wo + 8 <= s.outW; wo += 8)
            rowPixelsSliding<S, V, 8, K>(rows, khBegin, khEnd, wt, out + wo * C, mask + wo * C, C, wo);
        for (; wo + 4 <= s.outW; wo += 4)
            rowPixelsSliding<S, V, 4, K>(rows, khBegin, khEnd, wt, out + wo * C, mask + wo * C, C, wo);
    }
    for (; wo + 8 <= s.outW; wo += 8)
        rowPixels<S, V, 8>(rows, khBegin, khEnd, wt, out + wo * C, mask + wo * C, s, wo);
    for (; wo + 4 <= s.outW; wo += 4)
        rowPixels<S, V, 4>(rows, khBegin, khEnd, wt, out + wo * C, mask + wo * C, s, wo);
    for (; wo + 2 <= s.outW; wo += 2)
        rowPixels<S, V, 2>(rows, khBegin, khEnd, wt, out + wo * C, mask + wo * C, s, wo);
    for (; wo < s.outW; ++wo)
        rowPixels<S, V, 1>(rows, khBegin, khEnd, wt, out + wo * C, mask + wo * C, s, wo);
}

// Channels from c0 on, lanesOf<V> at a time while they last: forwardRow for each group, the
// padded rows' pointers (at channel c0 on entry) moved on with them. Returns the next channel.
template <typename S, typename V, int K>
__attribute__((always_inline)) inline std::int64_t
forwardGroups(const float **rows, std::int64_t khBegin, std::int64_t khEnd, const float *wt, float *out,
              const float *mask, const ForwardShape &s, std::int64_t c0)
{
    constexpr auto lanes = static_cast<std::int64_t>(sizeof(V) / sizeof(float));
    for (; c0 + lanes <= s.channels; c0 += lanes) {
        forwardRow<S, V, K>(rows, khBegin, khEnd, wt + c0, out + c0, mask + c0, s);
        for (auto kh = khBegin; kh < khEnd; ++kh)
            rows[kh - khBegin] += lanes;
    }
    return c0;
}

// Output rows [first, last) of the batch (row r is row r % outH of image r / outH), x rectified
// as it is read where Relu; `mask`, of the output's layout, is read only where S masks.
template <bool Wide, bool Relu, typename S, int K>
__attribute__((always_inline)) inline void forwardRowsOf(const float *x, const float *wt, float *out, const float *mask,
                                                         const ForwardShape &s, std::int64_t first, std::int64_t last)
{
    const auto C = s.channels;
    PaddedRows padded(s);
    std::vector<const float *> rows(static_cast<std::size_t>(s.kernel));
    for (auto row = first; row < last; ++row) {
        const auto n = row / s.outH;
        const auto hiBase = (row % s.outH) * s.stride - s.padding;
        // The kernel rows inside the image; the others are left out.
        const auto [khBegin, khEnd] = kernelRowsInside(hiBase, s.kernel, s.dilation, s.inH);
        for (auto kh = khBegin; kh < khEnd; ++kh)
            rows[static_cast<std::size_t>(kh - khBegin)] = padded.row<Relu>(x, n, hiBase + kh * s.dilation);
        float *o = out + row * s.outW * C;
        const float *m = mask + row * s.outW * C;
        // Channel groups of 16 (AVX-512), 8, 4 and 1 lanes. (No lambdas here: they would be
        // compiled for the baseline CPU, not for this clone's target.)
        std::int64_t c0 = 0;
        if constexpr (Wide)
            c0 = forwardGroups<S, Lanes16, K>(rows.data(), khBegin, khEnd, wt, o, m, s, c0);
        c0 = forwardGroups<S, Lanes8, K>(rows.data(), khBegin, khEnd, wt, o, m, s, c0);
        c0 = forwardGroups<S, Lanes4, K>(rows.data(), khBegin, khEnd, wt, o, m, s, c0);
        forwardGroups<S, float, K>(rows.data(), khBegin, khEnd, wt, o, m, s, c0);
    }
}

template <bool Wide, int K>
__attribute__((always_inline)) inline void forwardRowsWith(const float *x, const float *wt, float *out, bool relu,
                                                           const float *mask, const ForwardShape &s, std::int64_t first,
                                                           std::int64_t last)
{
    if (mask != nullptr)
        return forwardRowsOf<Wide, false, Stores<true>, K>(x, wt, out, mask, s, first, last);
    if (relu)
        return forwardRowsOf<Wide, true, Stores<false>, K>(x, wt, out, out, s, first, last);
    forwardRowsOf<Wide, false, Stores<false>, K>(x, wt, out, out, s, first, last);
}

// The forward of x (rectified on load where relu), masked where mask is not null.
template <bool Wide>
__attribute__((always_inline)) inline void forwardRowsBody(const float *x, const float *wt, float *out, bool relu,
                                                           const float *mask, const ForwardShape &s, std::int64_t first,
                                                           std::int64_t last)
{
    const bool sliding = s.stride == 1 && s.dilation == 1;
    if (sliding && s.kernel == 3)
        return forwardRowsWith<Wide, 3>(x, wt, out, relu, mask, s, first, last);
    if (sliding && s.kernel == 5)
        return forwardRowsWith<Wide, 5>(x, wt, out, relu, mask, s, first, last);
    forwardRowsWith<Wide, 0>(x, wt, out, relu, mask, s, first, last);
}

#if GDAS_WIDE_TARGETS
GDAS_TARGET_512 void forwardRows512(const float *x, const float *wt, float *out, bool relu, const float *mask,
                                    const ForwardShape &s, std::int64_t first, std::int64_t last)
{
    forwardRowsBody<true>(x, wt, out, relu, mask, s, first, last);
}
GDAS_TARGET_256 void forwardRows256(const float *x, const float *wt, float *out, bool relu, const float *mask,
                                    const ForwardShape &s, std::int64_t first, std::int64_t last)
{
    forwardRowsBody<false>(x, wt, out, relu, mask, s, first, last);
}
#endif

void forwardRows(const float *x, const float *wt, float *out, bool relu, const float *mask, const ForwardShape &s,
                 std::int64_t first, std::int64_t last)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return forwardRows512(x, wt, out, relu, mask, s, first, last);
    return forwardRows256(x, wt, out, relu, mask, s, first, last);
#else
    forwardRowsBody<false>(x, wt, out, relu, mask, s, first, last);
#endif
}

bool ownForwardApplies(const torch::Tensor &x, const torch::Tensor &weight)
{
    return g_fastForward.on() && cpuRunsVectorClones() && x.device().is_cpu() && x.scalar_type() == torch::kFloat &&
           weight.device().is_cpu() && weight.scalar_type() == torch::kFloat && x.dim() == 4 && weight.dim() == 4 &&
           weight.size(0) == x.size(1) && weight.size(1) == 1 && weight.size(2) == weight.size(3) &&
           x.is_contiguous(torch::MemoryFormat::ChannelsLast) && !AutocastGuard::active(c10::DeviceType::CPU);
}

// Whether our kernel is the faster one for a plain forward (no ReLU on load, no mask) on a shape
// ownForwardApplies takes; oneDNN's sums are the same bit for bit (tst_operations), so the
// choice moves only time. oneDNN's 3x3 kernel is faster on channel counts that leave our
// kernel a narrower vector at the end (36 = 16 + 16 + 4, 72 = 4·16 + 8: the evaluation
// network's) and on maps 8 pixels wide or narrower (their border pixels go one at a time here):
// `gdas-kernel-bench --kernels dw`, 64 samples, ms ours against oneDNN's, 36 channels at 32x32
// 0.73 / 0.59, 72 at 16x16 0.28 / 0.21, 144 at 8x8 0.18 / 0.10, 64 at 8x8 0.072 / 0.060; ours
// is as fast or faster at 16 and 32 channels on the wider maps and at every 5x5 (oneDNN's
// brdgmm kernel: 0.40 / 0.46 at 16 channels, 32x32).
bool ownForwardPays(std::int64_t channels, std::int64_t kernel, std::int64_t outW)
{
    if (kernel != 3 || g_ownForwardEverywhere.load(std::memory_order_relaxed))
        return true;
    return channels % 16 == 0 && outW > 8;
}

} // namespace

bool depthwiseForwardKernelEnabled() { return g_fastForward.on(); }

void setDepthwiseForwardKernelEnabled(bool enabled) { g_fastForward.set(enabled); }

void setDepthwiseForwardEverywhere(bool everywhere) { g_ownForwardEverywhere.store(everywhere); }

bool depthwiseRectifiesOnLoad(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride,
                              std::int64_t dilation)
{
    return stride == 1 && dilation == 1 && ownForwardApplies(x, weight);
}

torch::Tensor depthwiseForward(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride,
                               std::int64_t padding, std::int64_t dilation, bool reluInput, const torch::Tensor &mask)
{
    // Undilated only: oneDNN's dilated kernel (jit_dw) leaves out the taps in the padding, which
    // at a search cell's sizes (8x8, padding 4) are most of them.
    const auto extent = [&](std::int64_t in) {
        return (in + 2 * padding - dilation * (weight.size(2) - 1) - 1) / stride + 1;
    };
    const bool plain = !reluInput && !mask.defined();
    if (dilation != 1 || !ownForwardApplies(x, weight) ||
        (plain && !ownForwardPays(x.size(1), weight.size(2), extent(x.size(3))))) {
        auto out = at::conv2d(reluInput ? at::relu(x) : x, weight, {}, stride, padding, dilation, x.size(1));
        return mask.defined() ? at::threshold_backward(out, mask, 0) : out;
    }
    RECORD_FUNCTION("gdas::depthwise", std::vector<c10::IValue>({x, weight}));
    const auto k = weight.size(2);
    const ForwardShape s{x.size(1), x.size(2), x.size(3), extent(x.size(2)), extent(x.size(3)),
                         k,         stride,    padding,   dilation};
    TORCH_CHECK(s.outH > 0 && s.outW > 0, "depthwiseForward: the kernel does not fit the input");
    auto out =
        at::empty({x.size(0), s.channels, s.outH, s.outW}, x.options().memory_format(at::MemoryFormat::ChannelsLast));
    TORCH_CHECK(!mask.defined() || mask.sizes() == out.sizes(),
                "depthwiseForward: the mask is not of the output's shape");
    const auto m = mask.defined() ? mask.contiguous(at::MemoryFormat::ChannelsLast) : torch::Tensor();
    // [C, 1, k, k] -> [k·k, C]: a tap's weights for consecutive channels side by side.
    const auto wt = weight.detach().reshape({s.channels, k * k}).t().contiguous();
    const float *xData = x.data_ptr<float>();
    const float *wData = wt.data_ptr<float>();
    float *oData = out.data_ptr<float>();
    // Tasks of whole rows, about 32K multiply-adds or more each.
    const auto perRow = std::max<std::int64_t>(1, s.outW * s.channels * k * k);
    const auto grain = std::max<std::int64_t>(1, (std::int64_t{1} << 15) / perRow);
    const float *mData = m.defined() ? m.data_ptr<float>() : nullptr;
    at::parallel_for(0, x.size(0) * s.outH, grain, [&](std::int64_t first, std::int64_t last) {
        forwardRows(xData, wData, oData, reluInput, mData, s, first, last);
    });
    return out;
}

namespace {

class DepthwiseConvFunction : public torch::autograd::Function<DepthwiseConvFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x,
                                 const torch::Tensor &weight, std::int64_t stride, std::int64_t padding,
                                 std::int64_t dilation)
    {
        ctx->save_for_backward({x, weight});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["dilation"] = dilation;
        return depthwiseForward(x, weight, stride, padding, dilation);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        auto [gradInput, gradWeight] = depthwiseConvBackward(
            saved[0], saved[1], grads[0], ctx->saved_data["stride"].toInt(), ctx->saved_data["padding"].toInt(),
            ctx->saved_data["dilation"].toInt(), ctx->needs_input_grad(0), ctx->needs_input_grad(1));
        return {gradInput, gradWeight, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

namespace {

// The input gradient of a strided depthwise convolution as a stride-1 forward convolution:
// the output gradient spread onto the input's grid (zeros between its rows and columns, and
// after the last where the forward convolution's window did not reach the input's end), then
// convolved with the flipped kernel. LibTorch 1.13's own CPU path for a dilated kernel takes
// 110-160 ms per call at a search cell's sizes (64x32x32x32 in, dil_conv 3x3 and 5x5), this
// one about 16 ms.
torch::Tensor stridedDepthwiseInputGrad(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &grad,
                                        std::int64_t stride, std::int64_t padding, std::int64_t dilation)
{
    const auto kernel = weight.size(2);
    const auto transposedPadding = dilation * (kernel - 1) - padding;
    const auto spread = [&](std::int64_t in, std::int64_t out) {
        // The forward convolution's window missed the last (in + 2p - d(k-1) - 1) mod s rows.
        return (out - 1) * stride + 1 + (in + 2 * padding - dilation * (kernel - 1) - 1) % stride;
    };
    const auto format = grad.suggest_memory_format();
    // empty + zero_: torch::zeros would drop the memory format.
    auto spreadGrad =
        torch::empty({grad.size(0), grad.size(1), spread(x.size(2), grad.size(2)), spread(x.size(3), grad.size(3))},
                     grad.options().memory_format(format))
            .zero_();
    spreadGrad.slice(2, 0, c10::nullopt, stride)
        .slice(3, 0, c10::nullopt, stride)
        .narrow(2, 0, grad.size(2))
        .narrow(3, 0, grad.size(3))
        .copy_(grad);
    return depthwiseForward(spreadGrad, weight.flip({2, 3}), 1, transposedPadding, dilation);
}

bool cpuFloat(const torch::Tensor &x, const torch::Tensor &weight)
{
    return x.device().is_cpu() && x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
           x.dim() == 4;
}

} // namespace

std::pair<torch::Tensor, torch::Tensor> depthwiseConvBackward(const torch::Tensor &x, const torch::Tensor &weight,
                                                              const torch::Tensor &grad, std::int64_t stride,
                                                              std::int64_t padding, std::int64_t dilation,
                                                              bool needInput, bool needWeight, bool reluInput)
{
    // With reluInput: the gradients of the convolution of relu(x), the input gradient masked by
    // x (as at::threshold_backward) where our forward kernel computes it, afterwards elsewhere.
    const auto activated = [&] { return reluInput ? at::relu(x) : x; };
    const auto aten = [&](bool input, bool weights) {
        return at::convolution_backward(grad, reluInput && weights ? activated() : x, weight, c10::nullopt,
                                        {stride, stride}, {padding, padding}, {dilation, dilation}, false, {0, 0},
                                        weight.size(0), {input, weights, false});
    };
    const auto masked = [&](const torch::Tensor &gradInput) {
        return reluInput && gradInput.defined() ? at::threshold_backward(gradInput, x, 0) : gradInput;
    };
    if (!cpuFloat(x, weight)) {
        auto result = aten(needInput, needWeight);
        return {masked(std::get<0>(result)), std::get<1>(result)};
    }
    const auto kernel = weight.size(2);
    const auto transposedPadding = dilation * (kernel - 1) - padding;
    torch::Tensor gradInput;
    if (needInput) {
        // oneDNN's own backward is fast for undilated 3x3 kernels; for the others LibTorch takes
        // a slow path (8-12 ms at 64x16x32x32).
        const bool atenFast = kernel == 3 && dilation == 1;
        if (stride == 1 && transposedPadding >= 0 && (!atenFast || ownForwardApplies(grad, weight)))
            // The transposed convolution of a stride-1 convolution is a convolution with the
            // spatially flipped kernel (ours where undilated, oneDNN's forward where dilated),
            // masked by x as it is stored.
            gradInput = depthwiseForward(grad, weight.flip({2, 3}), 1, transposedPadding, dilation, false,
                                         reluInput ? x : torch::Tensor());
        else if (stride > 1 && dilation > 1 && transposedPadding >= 0)
            gradInput = masked(stridedDepthwiseInputGrad(x, weight, grad, stride, padding, dilation));
        else
            gradInput = masked(std::get<0>(aten(true, false)));
    }
    torch::Tensor gradWeight;
    if (needWeight)
        gradWeight = kernel % 2 == 1 && kernel <= 7 // the kernel sizes accumulateWeightGrad is built for
                         ? depthwiseWeightGrad(x, grad, kernel, stride, padding, dilation, reluInput)
                         : std::get<1>(aten(false, true));
    return {gradInput, gradWeight};
}

namespace {

// A source and kernel size that depthwiseWeightGradNormalised takes.
bool normalisedSourceFits(const torch::Tensor &source, std::int64_t kernel)
{
    return cpuFloat(source, source) && kernel % 2 == 1 && kernel <= 7 && source.size(1) % 4 == 0 &&
           source.is_contiguous(at::MemoryFormat::ChannelsLast);
}

} // namespace

bool depthwiseWeightGradNormalisedApplies(const torch::Tensor &source, const torch::Tensor &weight)
{
    return weight.scalar_type() == torch::kFloat && weight.size(2) == weight.size(3) &&
           normalisedSourceFits(source, weight.size(2));
}

torch::Tensor depthwiseWeightGradNormalised(const torch::Tensor &source, const torch::Tensor &alpha,
                                            const torch::Tensor &beta, const torch::Tensor &grad, std::int64_t kernel,
                                            std::int64_t stride, std::int64_t padding, std::int64_t dilation)
{
    TORCH_CHECK(normalisedSourceFits(source, kernel) && alpha.is_contiguous() && beta.is_contiguous() &&
                    alpha.numel() == source.size(1) && beta.numel() == source.size(1),
                "depthwiseWeightGradNormalised: a channels-last float32 source with C % 4 == 0 and one alpha "
                "and beta per channel expected");
    const auto g = grad.contiguous(torch::MemoryFormat::ChannelsLast);
    const WeightGradShape s{source.size(0), source.size(1), source.size(2), source.size(3), g.size(2),
                            g.size(3),      kernel,         stride,         padding,        dilation};
    const auto sampleIn = s.inH * s.inW * s.channels;
    const auto sampleOut = s.outH * s.outW * s.channels;
    const float *x = source.data_ptr<float>();
    const float *gData = g.data_ptr<float>();
    const float *a = alpha.data_ptr<float>();
    const float *b = beta.data_ptr<float>();
    // Each sample's normalisation made into a scratch sample (L2-sized) just before the kernel
    // reads it (its taps read each element K times); samples in the order depthwiseWeightGrad
    // takes them, so the same sums.
    return sumOverSampleChunks(s, [&](float *accumulator, std::int64_t nBegin, std::int64_t nEnd) {
        std::vector<float> sample(static_cast<std::size_t>(sampleIn));
        for (auto n = nBegin; n < nEnd; ++n) {
            normaliseReluRows(x + n * sampleIn, a, b, sample.data(), s.channels, s.inH * s.inW);
            accumulateWeightGrad(sample.data(), gData + n * sampleOut, accumulator, s, 0, 1, false);
        }
    });
}

torch::Tensor depthwiseConv2d(const torch::Tensor &x, const torch::Tensor &weight, int stride, int padding,
                              int dilation)
{
    if (!cpuFloat(x, weight))
        return torch::conv2d(x, weight, {}, stride, padding, dilation, x.size(1));
    return DepthwiseConvFunction::apply(x, weight, static_cast<std::int64_t>(stride),
                                        static_cast<std::int64_t>(padding), static_cast<std::int64_t>(dilation));
}

} // namespace gdas::engine
