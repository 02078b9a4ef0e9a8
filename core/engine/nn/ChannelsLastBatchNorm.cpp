#include "engine/nn/ChannelsLastBatchNorm.h"

#include "engine/nn/CellOutput.h"
#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/autograd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gdas::engine {

namespace {

KernelSwitch g_enabled("GDAS_FAST_BATCHNORM");
KernelSwitch g_reluEnabled("GDAS_FUSED_BATCHNORM_RELU");

using Floats4 = float __attribute__((vector_size(16)));
using Doubles4 = double __attribute__((vector_size(32)));

// Unaligned loads and stores of 4 floats (memcpy of a constant size compiles to a move).
// Macros, not functions: a 32-byte vector passed by value would change the baseline clone's ABI.
#define GDAS_LOAD4(name, pointer)                                                                                      \
    Floats4 name;                                                                                                      \
    __builtin_memcpy(&name, (pointer), sizeof(Floats4))
#define GDAS_STORE4(pointer, value) __builtin_memcpy((pointer), &(value), sizeof(Floats4))
// The same for the running sums, 4 doubles in a plain double array: a Doubles4 array would be
// only 16-byte aligned where it is allocated (a vector type's alignment is capped at 16 bytes
// without AVX, in the baseline code that allocates it), while the x86-64-v3 clone reads it with
// aligned 32-byte moves, a crash under glibc's malloc (seen under LibTorch 2.11 without tcmalloc).
#define GDAS_LOAD_SUMS(name, pointer)                                                                                  \
    Doubles4 name;                                                                                                     \
    __builtin_memcpy(&name, (pointer), sizeof(Doubles4))
#define GDAS_STORE_SUMS(pointer, value) __builtin_memcpy((pointer), &(value), sizeof(Doubles4))

// Floats4 y = v·alpha + beta for the quad of channels at alphaPointer and betaPointer: the
// product rounded, then the sum, never a fused multiply-add (mapRows says why). The forward and
// the backward's ReLU masks make y this one way, so a mask is the forward's bit for bit.
#define GDAS_NORMALISE(y, v, alphaPointer, betaPointer)                                                                \
    GDAS_LOAD4(y##Alpha, alphaPointer);                                                                                \
    GDAS_LOAD4(y##Beta, betaPointer);                                                                                  \
    Floats4 y = (v)*y##Alpha;                                                                                          \
    asm("" : "+x"(y));                                                                                                 \
    y += y##Beta

// The backward's running sums of quad q: s += g and p += g·(x - mean), in double (g, x and mean
// Floats4 of the quad's channels).
#define GDAS_ADD_GRADIENT_SUMS(q, g, x, mean)                                                                          \
    do {                                                                                                               \
        GDAS_LOAD_SUMS(sq, s + 4 * (q));                                                                               \
        GDAS_LOAD_SUMS(pq, p + 4 * (q));                                                                               \
        const Doubles4 gd = __builtin_convertvector((g), Doubles4);                                                    \
        sq += gd;                                                                                                      \
        pq += gd * __builtin_convertvector((x) - (mean), Doubles4);                                                    \
        GDAS_STORE_SUMS(s + 4 * (q), sq);                                                                              \
        GDAS_STORE_SUMS(p + 4 * (q), pq);                                                                              \
    } while (false)

// Per channel over rows [begin, end) of x ([rows][c]): sum[k] += Σ a and product[k] += Σ b,
// where a = x and b = x² (forward), or, with g, a = g and b = g·(x - mean) (backward). `lanes`
// is scratch space for 2·c doubles, the running sums of the rows (4·k the sums of channels
// 4·k to 4·k + 3, any alignment).
GDAS_VECTOR_CLONES void sumRows(const float *x, const float *g, const float *mean, double *sum, double *product,
                                double *lanes, std::int64_t c, std::int64_t begin, std::int64_t end)
{
    const auto quads = c / 4;
    double *s = lanes;
    double *p = lanes + 4 * quads;
    for (std::int64_t k = 0; k < 8 * quads; ++k)
        lanes[k] = 0.0;
    for (auto row = begin; row < end; ++row) {
        const float *xRow = x + row * c;
        if (g == nullptr) {
            for (std::int64_t q = 0; q < quads; ++q) {
                GDAS_LOAD4(v, xRow + 4 * q);
                GDAS_LOAD_SUMS(sq, s + 4 * q);
                GDAS_LOAD_SUMS(pq, p + 4 * q);
                const Doubles4 d = __builtin_convertvector(v, Doubles4);
                sq += d;
                pq += d * d;
                GDAS_STORE_SUMS(s + 4 * q, sq);
                GDAS_STORE_SUMS(p + 4 * q, pq);
            }
        } else {
            const float *gRow = g + row * c;
            for (std::int64_t q = 0; q < quads; ++q) {
                GDAS_LOAD4(v, xRow + 4 * q);
                GDAS_LOAD4(m, mean + 4 * q);
                GDAS_LOAD4(gv, gRow + 4 * q);
                GDAS_ADD_GRADIENT_SUMS(q, gv, v, m);
            }
        }
    }
    for (std::int64_t k = 0; k < 4 * quads; ++k) {
        sum[k] += s[k];
        product[k] += p[k];
    }
}

// sumRows's backward sums for a BatchNorm followed by a ReLU: g masked where the ReLU let
// nothing through, i.e. g·[y > 0] with y = x·alpha + beta made as mapRowsRelu made it (so the
// mask is the forward's, bit for bit, and the sums are those of the unfused composition).
GDAS_VECTOR_CLONES void sumRowsMasked(const float *x, const float *g, const float *mean, const float *alpha,
                                      const float *beta, double *sum, double *product, double *lanes, std::int64_t c,
                                      std::int64_t begin, std::int64_t end)
{
    const auto quads = c / 4;
    double *s = lanes;
    double *p = lanes + 4 * quads;
    for (std::int64_t k = 0; k < 8 * quads; ++k)
        lanes[k] = 0.0;
    const Floats4 zero{};
    for (auto row = begin; row < end; ++row) {
        const float *xRow = x + row * c;
        const float *gRow = g + row * c;
        for (std::int64_t q = 0; q < quads; ++q) {
            GDAS_LOAD4(v, xRow + 4 * q);
            GDAS_NORMALISE(y, v, alpha + 4 * q, beta + 4 * q);
            GDAS_LOAD4(m, mean + 4 * q);
            GDAS_LOAD4(gv, gRow + 4 * q);
            const Floats4 masked = y > zero ? gv : zero;
            GDAS_ADD_GRADIENT_SUMS(q, masked, v, m);
        }
    }
    for (std::int64_t k = 0; k < 4 * quads; ++k) {
        sum[k] += s[k];
        product[k] += p[k];
    }
}

// Per channel over rows [begin, end) of x ([rows][c]): squares[k] += Σ (x - mean)², the
// difference in float (exactly 0 in a constant channel whose mean is exact), the sum in double.
GDAS_VECTOR_CLONES void sumSquaredDeviations(const float *x, const float *mean, double *squares, double *lanes,
                                             std::int64_t c, std::int64_t begin, std::int64_t end)
{
    const auto quads = c / 4;
    for (std::int64_t k = 0; k < 4 * quads; ++k)
        lanes[k] = 0.0;
    for (auto row = begin; row < end; ++row)
        for (std::int64_t q = 0; q < quads; ++q) {
            GDAS_LOAD4(v, x + row * c + 4 * q);
            GDAS_LOAD4(m, mean + 4 * q);
            GDAS_LOAD_SUMS(lq, lanes + 4 * q);
            const Doubles4 d = __builtin_convertvector(v - m, Doubles4);
            lq += d * d;
            GDAS_STORE_SUMS(lanes + 4 * q, lq);
        }
    for (std::int64_t k = 0; k < 4 * quads; ++k)
        squares[k] += lanes[k];
}

// y = x·alpha + beta per channel (forward, beta = bias - mean·alpha: the product rounded, then
// the sum, not fused), or dx = (g - k2 - (x - mean)·k3)·alpha (backward, with beta = k2 and g
// given).
//
// The forward's form is LibTorch's and the official code's (x·α + β, not (x - mean)·α). The two
// differ in the last bits, and the search's α gradient follows them somewhere downstream (a
// near tie in a max pooling or a ReLU at 0 would do it): with (x - mean)·α, tst_parity's
// gdas_darts case was 14% of the gradient's RMS off the official code at step 1; with this form
// 6e-10 absolute. In an exactly constant channel the product and β cancel exactly (mean is the
// value, so β = -x·α rounded), as long as the multiply-add is not fused: hence the barrier.
GDAS_VECTOR_CLONES void mapRows(const float *x, const float *g, const float *mean, const float *alpha,
                                const float *beta, const float *k3, float *out, std::int64_t c, std::int64_t begin,
                                std::int64_t end)
{
    for (auto row = begin; row < end; ++row) {
        for (std::int64_t k = 0; k < c; k += 4) {
            GDAS_LOAD4(v, x + row * c + k);
            Floats4 result;
            if (g == nullptr) {
                GDAS_NORMALISE(y, v, alpha + k, beta + k);
                result = y;
            } else {
                GDAS_LOAD4(a, alpha + k);
                GDAS_LOAD4(b, beta + k);
                GDAS_LOAD4(m, mean + k);
                GDAS_LOAD4(gv, g + row * c + k);
                GDAS_LOAD4(q, k3 + k);
                result = (gv - b - (v - m) * q) * a;
            }
            GDAS_STORE4(out + row * c + k, result);
        }
    }
}

// relu(x·alpha + beta) per channel, the normalisation as mapRows's forward makes it. A NaN stays
// NaN and -0 becomes +0, as LibTorch's ReLU has them.
GDAS_VECTOR_CLONES void mapRowsRelu(const float *x, const float *alpha, const float *beta, float *out, std::int64_t c,
                                    std::int64_t begin, std::int64_t end)
{
    const Floats4 zero{};
    for (auto row = begin; row < end; ++row) {
        for (std::int64_t k = 0; k < c; k += 4) {
            GDAS_LOAD4(v, x + row * c + k);
            GDAS_NORMALISE(y, v, alpha + k, beta + k);
            const Floats4 result = y <= zero ? zero : y;
            GDAS_STORE4(out + row * c + k, result);
        }
    }
}

// mapRows's backward for a BatchNorm followed by a ReLU: dx = (g·[y > 0] - k2 - (x - mean)·k3)·scale,
// y = x·alpha + beta as mapRowsRelu made it.
GDAS_VECTOR_CLONES void mapRowsMasked(const float *x, const float *g, const float *mean, const float *alpha,
                                      const float *beta, const float *scale, const float *k2, const float *k3,
                                      float *out, std::int64_t c, std::int64_t begin, std::int64_t end)
{
    const Floats4 zero{};
    for (auto row = begin; row < end; ++row) {
        for (std::int64_t k = 0; k < c; k += 4) {
            GDAS_LOAD4(v, x + row * c + k);
            GDAS_NORMALISE(y, v, alpha + k, beta + k);
            GDAS_LOAD4(gv, g + row * c + k);
            const Floats4 masked = y > zero ? gv : zero;
            GDAS_LOAD4(m, mean + k);
            GDAS_LOAD4(sc, scale + k);
            GDAS_LOAD4(second, k2 + k);
            GDAS_LOAD4(third, k3 + k);
            const Floats4 result = (masked - second - (v - m) * third) * sc;
            GDAS_STORE4(out + row * c + k, result);
        }
    }
}

// out = sum + (x - mean)·alpha per channel: a normalisation added into a node's sum (out may be
// sum itself, or sum null for the normalisation alone).
GDAS_VECTOR_CLONES void normaliseIntoRows(const float *x, const float *mean, const float *alpha, const float *sum,
                                          float *out, std::int64_t c, std::int64_t begin, std::int64_t end)
{
    for (auto row = begin; row < end; ++row) {
        for (std::int64_t k = 0; k < c; k += 4) {
            GDAS_LOAD4(v, x + row * c + k);
            GDAS_LOAD4(m, mean + k);
            GDAS_LOAD4(a, alpha + k);
            Floats4 result = (v - m) * a;
            if (sum != nullptr) {
                GDAS_LOAD4(t, sum + row * c + k);
                result = t + result;
            }
            GDAS_STORE4(out + row * c + k, result);
        }
    }
}

// A node's sum of two terms (batchNormsIntoScaledSum) over the pixels [first, last) of one sample,
// each term's rows read with its own pixel stride: out = ya·fa + yb·fb per channel, where a
// term's y is its BatchNorm's normalisation x·alpha + beta as mapRows makes it (alpha given) or
// its x as it is. The expression of the unfused node sum (scaledSumRun, a factor of 1 where a
// term has none) over the values the unfused BatchNorm would have written: the same bits.
GDAS_VECTOR_CLONES void normalisedPairSumRows(const float *a, std::int64_t aPixel, const float *alphaA,
                                              const float *betaA, float fa, const float *b, std::int64_t bPixel,
                                              const float *alphaB, const float *betaB, float fb, float *out,
                                              std::int64_t outPixel, std::int64_t c, std::int64_t first,
                                              std::int64_t last)
{
    for (auto p = first; p < last; ++p) {
        const float *aRow = a + p * aPixel;
        const float *bRow = b + p * bPixel;
        float *outRow = out + p * outPixel;
        for (std::int64_t k = 0; k < c; k += 4) {
            GDAS_LOAD4(ya, aRow + k);
            if (alphaA != nullptr) {
                GDAS_NORMALISE(na, ya, alphaA + k, betaA + k);
                ya = na;
            }
            GDAS_LOAD4(yb, bRow + k);
            if (alphaB != nullptr) {
                GDAS_NORMALISE(nb, yb, alphaB + k, betaB + k);
                yb = nb;
            }
            const Floats4 result = ya * fa + yb * fb;
            GDAS_STORE4(outRow + k, result);
        }
    }
}

#undef GDAS_LOAD4
#undef GDAS_STORE4
#undef GDAS_LOAD_SUMS
#undef GDAS_STORE_SUMS
#undef GDAS_ADD_GRADIENT_SUMS
#undef GDAS_NORMALISE

// Rows per chunk of chunkedChannelSums: 2,048, or fewer where that leaves under 8 chunks (down
// to 256), so that small tensors (the evaluation network's 8x8 stage, 2,048 rows at batch 32)
// still spread over the threads. A function of the row count alone: the same chunks, and sums,
// for any number of threads.
std::int64_t channelSumChunkRows(std::int64_t rows)
{
    std::int64_t chunkRows = 2048;
    while (chunkRows > 256 && rows < 8 * chunkRows)
        chunkRows /= 2;
    return chunkRows;
}

// Per-channel sums over all rows, `arrays` of them side by side ([arrays][c]), in chunks of rows
// across the threads, each chunk's partial sums added in chunk order afterwards (the same result
// for any number of threads). sumChunk(partial, lanes, begin, end) adds rows [begin, end) into
// partial, with `lanes` as scratch space for arrays·c doubles.
template <typename SumChunk>
std::vector<double> chunkedChannelSums(std::int64_t rows, std::int64_t c, std::int64_t arrays, SumChunk &&sumChunk)
{
    const std::int64_t chunkRows = channelSumChunkRows(rows);
    const auto chunks = (rows + chunkRows - 1) / chunkRows;
    const auto width = arrays * c;
    std::vector<double> partial(static_cast<std::size_t>(chunks * width), 0.0);
    at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<double> lanes(static_cast<std::size_t>(width));
        for (auto i = begin; i < end; ++i)
            sumChunk(partial.data() + i * width, lanes.data(), i * chunkRows, std::min(rows, (i + 1) * chunkRows));
    });
    std::vector<double> total(static_cast<std::size_t>(width), 0.0);
    for (std::int64_t i = 0; i < chunks; ++i)
        for (std::int64_t k = 0; k < width; ++k)
            total[static_cast<std::size_t>(k)] += partial[static_cast<std::size_t>(i * width + k)];
    return total;
}

// The normalisation y = x·alpha + beta of a BatchNorm followed by a ReLU, whose mask its
// backward folds in (sumRowsMasked, mapRowsMasked); null pointers for a BatchNorm alone.
struct ReluMask {
    const float *alpha = nullptr;
    const float *beta = nullptr;
};

// Per channel: sum = Σ a and product = Σ b over all rows (see sumRows; g masked by `mask`'s ReLU
// where it has one, see sumRowsMasked).
void channelSums(const float *x, const float *g, const float *mean, std::int64_t rows, std::int64_t c,
                 std::vector<double> &sum, std::vector<double> &product, ReluMask mask = {})
{
    const auto total =
        chunkedChannelSums(rows, c, 2, [&](double *partial, double *lanes, std::int64_t begin, std::int64_t end) {
            if (mask.alpha != nullptr)
                sumRowsMasked(x, g, mean, mask.alpha, mask.beta, partial, partial + c, lanes, c, begin, end);
            else
                sumRows(x, g, mean, partial, partial + c, lanes, c, begin, end);
        });
    sum.assign(total.begin(), total.begin() + c);
    product.assign(total.begin() + c, total.end());
}

// mapRows(begin, end) and its kin over all rows, in tasks of about 16K floats across the threads.
template <typename MapRows>
void forRowBlocks(std::int64_t rows, std::int64_t c, MapRows &&map)
{
    at::parallel_for(0, rows, std::max<std::int64_t>(1, 16384 / c), map);
}

void mapAllRows(const float *x, const float *g, const float *mean, const float *alpha, const float *beta,
                const float *k3, float *out, std::int64_t rows, std::int64_t c)
{
    forRowBlocks(rows, c, [&](std::int64_t begin, std::int64_t end) {
        mapRows(x, g, mean, alpha, beta, k3, out, c, begin, end);
    });
}

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

KernelSwitch g_intoSumEnabled("GDAS_FUSED_BATCHNORM_SUM");
KernelSwitch g_intoScaledSumEnabled("GDAS_FUSED_NODE_BATCHNORM");

// BatchNorm's input gradient (g - mean(g) - x̂·mean(g·x̂))·(1/σ)·weight from the per-channel sums
// sumG = Σ g and sumGx = Σ g·(x - mean) (channelSums); weight null for none; g masked by `mask`'s
// ReLU where it has one.
// The per-channel coefficients of BatchNorm's input gradient dx = (g - k2 - (x - mean)·k3)·alpha
// over `rows` rows: alpha = (1/σ)·weight, k2 = mean(g), k3 = (1/σ)²·mean(g·(x - mean)).
struct InputGradientCoefficients {
    torch::Tensor alpha, k2, k3;
};

InputGradientCoefficients inputGradientCoefficients(const torch::Tensor &invStd, const float *weight,
                                                    const std::vector<double> &sumG, const std::vector<double> &sumGx,
                                                    std::int64_t rows)
{
    const auto c = invStd.size(0);
    const float *inv = invStd.data_ptr<float>();
    InputGradientCoefficients k{at::empty({c}, invStd.options()), at::empty({c}, invStd.options()),
                                at::empty({c}, invStd.options())};
    for (std::int64_t i = 0; i < c; ++i) {
        const auto j = static_cast<std::size_t>(i);
        const double s = inv[i];
        k.alpha.data_ptr<float>()[i] = static_cast<float>(weight != nullptr ? s * weight[i] : s);
        k.k2.data_ptr<float>()[i] = static_cast<float>(sumG[j] / static_cast<double>(rows));
        k.k3.data_ptr<float>()[i] = static_cast<float>(s * s * sumGx[j] / static_cast<double>(rows));
    }
    return k;
}

torch::Tensor batchNormInputGradient(const torch::Tensor &x, const torch::Tensor &g, const torch::Tensor &mean,
                                     const torch::Tensor &invStd, const float *weight, const std::vector<double> &sumG,
                                     const std::vector<double> &sumGx, ReluMask mask = {})
{
    const auto c = x.size(1);
    const auto rows = x.numel() / c;
    const auto coefficients = inputGradientCoefficients(invStd, weight, sumG, sumGx, rows);
    const auto &alpha = coefficients.alpha;
    const auto &k2 = coefficients.k2;
    const auto &k3 = coefficients.k3;
    auto gradInput = at::empty_like(x, x.options().memory_format(at::MemoryFormat::ChannelsLast));
    if (mask.alpha != nullptr) {
        const float *in = x.data_ptr<float>();
        const float *grad = g.data_ptr<float>();
        forRowBlocks(rows, c, [&](std::int64_t begin, std::int64_t end) {
            mapRowsMasked(in, grad, mean.data_ptr<float>(), mask.alpha, mask.beta, alpha.data_ptr<float>(),
                          k2.data_ptr<float>(), k3.data_ptr<float>(), gradInput.data_ptr<float>(), c, begin, end);
        });
    } else {
        mapAllRows(x.data_ptr<float>(), g.data_ptr<float>(), mean.data_ptr<float>(), alpha.data_ptr<float>(),
                   k2.data_ptr<float>(), k3.data_ptr<float>(), gradInput.data_ptr<float>(), rows, c);
    }
    return gradInput;
}

// The batch's per-channel mean and 1/σ in float (one pass, double sums; the variance
// E[x²] - mean², clamped at 0), with the running statistics updated as BatchNorm2d's (the
// unbiased variance).
struct BatchStatistics {
    torch::Tensor mean, invStd;
    std::vector<double> inverse; // 1/σ before its rounding to float
};

BatchStatistics batchStatistics(const torch::Tensor &x, torch::Tensor &runningMean, torch::Tensor &runningVar,
                                double momentum, double eps)
{
    const auto c = x.size(1);
    const auto rows = x.numel() / c;
    std::vector<double> sum, square;
    channelSums(x.data_ptr<float>(), nullptr, nullptr, rows, c, sum, square);
    BatchStatistics stats{at::empty({c}, x.options()), at::empty({c}, x.options()),
                          std::vector<double>(static_cast<std::size_t>(c))};
    float *mean = stats.mean.data_ptr<float>();
    float *invStd = stats.invStd.data_ptr<float>();
    torch::NoGradGuard noGrad;
    auto *rm = runningMean.data_ptr<float>();
    auto *rv = runningVar.data_ptr<float>();
    const double unbiased = rows > 1 ? static_cast<double>(rows) / static_cast<double>(rows - 1) : 1.0;
    for (std::int64_t k = 0; k < c; ++k) {
        const auto i = static_cast<std::size_t>(k);
        const double m = sum[i] / static_cast<double>(rows);
        const double var = std::max(0.0, square[i] / static_cast<double>(rows) - m * m);
        mean[k] = static_cast<float>(m);
        stats.inverse[i] = 1.0 / std::sqrt(var + eps);
        invStd[k] = static_cast<float>(stats.inverse[i]);
        rm[k] = static_cast<float>(momentum * m + (1.0 - momentum) * rm[k]);
        rv[k] = static_cast<float>(momentum * var * unbiased + (1.0 - momentum) * rv[k]);
    }
    return stats;
}

// sum + bn(x)·w for a BatchNorm without affine parameters in training and a 0-dim w whose value
// is exactly 1 (a GDAS edge's selected weight). Inputs: sum (an empty placeholder without
// hasSum: the normalisation alone; LibTorch 1.13 takes no undefined input), x, w, the running
// statistics (updated in place, no gradient). Keeps x, the batch mean
// and 1/σ, as the unfused BatchNorm keeps x̂ (the same size).
//
// Why: unfused, the normalised output is written, read back by the node's addition, and read
// once more in the backward for w's gradient Σ g·x̂. Here the normalisation goes straight into
// the sum, and the backward takes w's gradient from the sums BatchNorm's backward makes anyway:
// Σ g·x̂ = Σ_k (1/σ_k)·Σ g·(x - mean_k). The sum's gradient is g, x's is BatchNorm's.
class BatchNormIntoSumFunction : public torch::autograd::Function<BatchNormIntoSumFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, torch::Tensor sum, const torch::Tensor &x,
                                 const torch::Tensor &w, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps, bool hasSum, bool inPlace)
    {
        RECORD_FUNCTION("gdas::batch_norm_into_sum", std::vector<c10::IValue>({x}));
        const auto c = x.size(1);
        const auto rows = x.numel() / c;
        const auto stats = batchStatistics(x, runningMean, runningVar, momentum, eps);
        auto out =
            hasSum && inPlace ? sum : at::empty_like(x, x.options().memory_format(at::MemoryFormat::ChannelsLast));
        const float *in = x.data_ptr<float>();
        const float *mean = stats.mean.data_ptr<float>();
        const float *alpha = stats.invStd.data_ptr<float>();
        const float *terms = hasSum ? sum.data_ptr<float>() : nullptr;
        float *result = out.data_ptr<float>();
        forRowBlocks(rows, c, [&](std::int64_t begin, std::int64_t end) {
            normaliseIntoRows(in, mean, alpha, terms, result, c, begin, end);
        });
        ctx->save_for_backward({x, stats.mean, stats.invStd});
        ctx->saved_data["w_sizes"] = w.sizes().vec();
        ctx->saved_data["has_sum"] = hasSum;
        if (hasSum && inPlace)
            ctx->mark_dirty({sum});
        return out;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        RECORD_FUNCTION("gdas::batch_norm_into_sum_backward", std::vector<c10::IValue>({grads[0]}));
        if (!grads[0].defined())
            return variable_list(9);
        const auto saved = ctx->get_saved_variables();
        const auto &x = saved[0];
        const auto &mean = saved[1];
        const auto &invStd = saved[2];
        const auto g = grads[0].contiguous(at::MemoryFormat::ChannelsLast);
        const bool needX = ctx->needs_input_grad(1);
        const bool needW = ctx->needs_input_grad(2);
        torch::Tensor gradX, gradW;
        if (needX || needW) {
            const auto c = x.size(1);
            const auto rows = x.numel() / c;
            std::vector<double> sumG, sumGx;
            channelSums(x.data_ptr<float>(), g.data_ptr<float>(), mean.data_ptr<float>(), rows, c, sumG, sumGx);
            const float *inv = invStd.data_ptr<float>();
            if (needW) {
                double total = 0.0;
                for (std::int64_t k = 0; k < c; ++k)
                    total += static_cast<double>(inv[k]) * sumGx[static_cast<std::size_t>(k)];
                gradW = at::scalar_tensor(total, g.options()).reshape(ctx->saved_data["w_sizes"].toIntVector());
            }
            if (needX)
                gradX = batchNormInputGradient(x, g, mean, invStd, nullptr, sumG, sumGx);
        }
        variable_list result(9);
        if (ctx->saved_data["has_sum"].toBool() && ctx->needs_input_grad(0))
            result[0] = g;
        result[1] = gradX;
        result[2] = gradW;
        return result;
    }
};

// The normalisation y = x·alpha + beta of a BatchNorm with these batch statistics: alpha =
// (1/σ)·weight, beta = bias - mean·alpha (in float, as LibTorch; mapRows says why); weight and
// bias empty for none.
Normalisation normalisationOf(const BatchStatistics &stats, const torch::Tensor &weight, const torch::Tensor &bias)
{
    const auto c = stats.mean.size(0);
    Normalisation n{at::empty({c}, stats.mean.options()), at::empty({c}, stats.mean.options())};
    const bool affine = weight.numel() > 0;
    const float *w = affine ? weight.data_ptr<float>() : nullptr;
    const float *b = affine ? bias.data_ptr<float>() : nullptr;
    const float *m = stats.mean.data_ptr<float>();
    for (std::int64_t k = 0; k < c; ++k) {
        const double inv = stats.inverse[static_cast<std::size_t>(k)];
        const float a = static_cast<float>(affine ? inv * w[k] : inv);
        n.alpha.data_ptr<float>()[k] = a;
        const float shift = m[k] * a;
        n.beta.data_ptr<float>()[k] = (affine ? b[k] : 0.0f) - shift;
    }
    return n;
}

// BatchNorm's gradients with respect to x, weight and bias (those asked for in `needed`) from
// its output gradient g (dense channels-last), the batch mean and 1/σ, and `scale` (the weight;
// 1/σ for a BatchNorm without affine parameters, given x̂ as x, zero means and unit 1/σ); g
// masked by `mask`'s ReLU where it has one.
struct BatchNormGradients {
    torch::Tensor input, weight, bias;
};

BatchNormGradients batchNormGradients(const torch::Tensor &x, const torch::Tensor &g, const torch::Tensor &mean,
                                      const torch::Tensor &invStd, const torch::Tensor &scale, bool affine,
                                      ReluMask mask, std::array<bool, 3> needed)
{
    const auto c = x.size(1);
    const auto rows = x.numel() / c;
    std::vector<double> sumG, sumGx;
    channelSums(x.data_ptr<float>(), g.data_ptr<float>(), mean.data_ptr<float>(), rows, c, sumG, sumGx, mask);
    BatchNormGradients result;
    if (needed[0])
        result.input = batchNormInputGradient(x, g, mean, invStd, scale.data_ptr<float>(), sumG, sumGx, mask);
    const float *inv = invStd.data_ptr<float>();
    if (affine && needed[1]) {
        result.weight = at::empty({c}, x.options());
        for (std::int64_t k = 0; k < c; ++k)
            result.weight.data_ptr<float>()[k] = static_cast<float>(sumGx[static_cast<std::size_t>(k)] * inv[k]);
    }
    if (affine && needed[2]) {
        result.bias = at::empty({c}, x.options());
        for (std::int64_t k = 0; k < c; ++k)
            result.bias.data_ptr<float>()[k] = static_cast<float>(sumG[static_cast<std::size_t>(k)]);
    }
    return result;
}

// Inputs: x, weight and bias (empty tensors for none), the running statistics (updated in
// place, no gradient), and whether a ReLU follows (relu(bn(x)) in one pass: affine parameters
// only). Keeps x, the batch mean, 1/σ and the weight (with the ReLU also the normalisation's
// α and β, to make its mask again); without affine parameters the output and 1/σ.
//
// Why the ReLU: in a separable convolution the first BatchNorm's output goes only to the second
// half's ReLU. Apart, the ReLU is a pass of its own in the forward, made again in the backward
// for the depthwise weight's gradient, and its backward a third pass (threshold_backward); here
// the forward writes relu(y) instead of y, and the backward masks g as it reads it, from y made
// again out of x, α and β exactly as the forward made it. The gradients are those of the
// composition, bit for bit.
class BatchNormFunction : public torch::autograd::Function<BatchNormFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, const torch::Tensor &weight,
                                 const torch::Tensor &bias, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps, bool relu, Normalisation *normalisation)
    {
        RECORD_FUNCTION(relu ? "gdas::batch_norm_relu" : "gdas::batch_norm", std::vector<c10::IValue>({x}));
        const auto c = x.size(1);
        const auto rows = x.numel() / c;
        const float *in = x.data_ptr<float>();
        const auto stats = batchStatistics(x, runningMean, runningVar, momentum, eps);
        const auto &mean = stats.mean;
        const auto &invStd = stats.invStd;
        const bool affine = weight.numel() > 0;
        const auto normalised = normalisationOf(stats, weight, bias);
        const auto &alpha = normalised.alpha;
        const auto &beta = normalised.beta;
        TORCH_CHECK(affine || !relu, "BatchNormFunction: the ReLU is fused for affine BatchNorms only");
        auto y = at::empty_like(x, x.options().memory_format(at::MemoryFormat::ChannelsLast));
        if (relu) {
            float *out = y.data_ptr<float>();
            forRowBlocks(rows, c, [&](std::int64_t begin, std::int64_t end) {
                mapRowsRelu(in, alpha.data_ptr<float>(), beta.data_ptr<float>(), out, c, begin, end);
            });
        } else {
            mapAllRows(in, nullptr, mean.data_ptr<float>(), alpha.data_ptr<float>(), beta.data_ptr<float>(), nullptr,
                       y.data_ptr<float>(), rows, c);
        }
        ctx->saved_data["relu"] = relu;
        if (relu && normalisation != nullptr)
            *normalisation = {alpha, beta};
        if (relu) {
            ctx->save_for_backward({x, mean, invStd, weight, alpha, beta});
        } else if (affine) {
            ctx->save_for_backward({x, mean, invStd, weight});
        } else {
            // Without affine parameters y is x̂ itself: kept instead of x, as LibTorch's layers
            // keep it for the next layer anyway (a separable convolution's first BatchNorm
            // output is its second half's input), so x need not outlive the forward.
            ctx->save_for_backward({y, invStd});
        }
        ctx->saved_data["affine"] = affine;
        return y;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        RECORD_FUNCTION("gdas::batch_norm_backward", std::vector<c10::IValue>({grads[0]}));
        const auto saved = ctx->get_saved_variables();
        const bool affine = ctx->saved_data["affine"].toBool();
        const auto &x = saved[0]; // y = x̂ without affine parameters
        const auto c = x.size(1);
        // Without affine parameters x̂ = y, i.e. x = y with mean 0 and 1/σ 1, and the true 1/σ
        // as the weight: the same gradient (g - mean(g) - x̂·mean(g·x̂))/σ.
        const auto mean = affine ? saved[1] : at::zeros({c}, x.options());
        const auto invStd = affine ? saved[2] : at::ones({c}, x.options());
        const auto &scale = affine ? saved[3] : saved[1];
        const auto g = grads[0].contiguous(at::MemoryFormat::ChannelsLast);
        ReluMask mask;
        if (ctx->saved_data["relu"].toBool())
            mask = {saved[4].data_ptr<float>(), saved[5].data_ptr<float>()};
        const auto gradients =
            batchNormGradients(x, g, mean, invStd, scale, affine, mask,
                               {ctx->needs_input_grad(0), ctx->needs_input_grad(1), ctx->needs_input_grad(2)});
        const auto &[gradInput, gradWeight, gradBias] = gradients;
        return {gradInput,       gradWeight,      gradBias,        torch::Tensor(), torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// A node of the evaluation network: bn_a(a)·fa + bn_b(b)·fb, where a term without a BatchNorm is
// its input as it is and an undefined factor is 1 (drop-path's per-sample factors; an identity
// op has none). Inputs: a and the affine parameters of its BatchNorm (empty tensors for a plain
// term), the same for b, and the rest in Extra (the BatchNorms, for their running statistics;
// the factors; the destination, a cell output's channel slot, or undefined for a fresh tensor).
// Keeps what the unfused BatchNorms keep (each x, its batch mean, 1/σ and weight) and the factors.
//
// Why: unfused, each BatchNorm writes its output and the node's sum reads both back and writes
// the sum. Here the normalisations go straight into the sum (after their statistics): one pass
// for the node, a full-size write and read fewer per BatchNorm term. The backward is the unfused
// one (reading the node's gradient, often a strided channel slot of the cell output's, in each
// BatchNorm's two passes instead of once cost more than the copies it saved: docs/ENGINE.md,
// "Round 25"). The arithmetic is the unfused layers', value for value.
class BatchNormsIntoScaledSumFunction : public torch::autograd::Function<BatchNormsIntoScaledSumFunction> {
public:
    struct Extra {
        std::array<torch::nn::BatchNorm2d *, 2> bn{};
        std::array<torch::Tensor, 2> factor;
        torch::Tensor out;
    };

    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &a, const torch::Tensor &weightA,
                                 const torch::Tensor &biasA, const torch::Tensor &b, const torch::Tensor &weightB,
                                 const torch::Tensor &biasB, const Extra &extra)
    {
        RECORD_FUNCTION("gdas::batch_norms_into_scaled_sum", std::vector<c10::IValue>({a, b}));
        const std::array<torch::Tensor, 2> x{a, b}, weight{weightA, weightB}, bias{biasA, biasB};
        std::array<torch::Tensor, 2> mean, invStd;
        std::array<Normalisation, 2> normalisation;
        for (std::size_t t = 0; t < 2; ++t) {
            auto *bn = extra.bn[t];
            if (bn == nullptr)
                continue;
            const auto stats = batchStatistics(x[t], (*bn)->running_mean, (*bn)->running_var,
                                               *(*bn)->options.momentum(), (*bn)->options.eps());
            mean[t] = stats.mean;
            invStd[t] = stats.invStd;
            normalisation[t] = normalisationOf(stats, weight[t], bias[t]);
        }
        auto out = extra.out.defined() ? extra.out
                                       : at::empty_like(a, a.options().memory_format(at::MemoryFormat::ChannelsLast));
        const auto batch = a.size(0), c = a.size(1), pixels = a.size(2) * a.size(3);
        const float *data[2] = {a.data_ptr<float>(), b.data_ptr<float>()};
        const float *alpha[2], *beta[2], *factor[2];
        for (std::size_t t = 0; t < 2; ++t) {
            const bool normalised = extra.bn[t] != nullptr;
            alpha[t] = normalised ? normalisation[t].alpha.data_ptr<float>() : nullptr;
            beta[t] = normalised ? normalisation[t].beta.data_ptr<float>() : nullptr;
            factor[t] = extra.factor[t].defined() ? extra.factor[t].data_ptr<float>() : nullptr;
        }
        float *result = out.data_ptr<float>();
        forNodeBlocks(batch, pixels, c, [&](std::int64_t n, std::int64_t first, std::int64_t last) {
            normalisedPairSumRows(data[0] + n * a.stride(0), a.stride(3), alpha[0], beta[0],
                                  factor[0] != nullptr ? factor[0][n] : 1.0f, data[1] + n * b.stride(0), b.stride(3),
                                  alpha[1], beta[1], factor[1] != nullptr ? factor[1][n] : 1.0f,
                                  result + n * out.stride(0), out.stride(3), c, first, last);
        });
        // A plain term's x is not needed in the backward: not kept.
        ctx->save_for_backward({extra.bn[0] != nullptr ? a : torch::Tensor(), mean[0], invStd[0], weightA,
                                extra.bn[1] != nullptr ? b : torch::Tensor(), mean[1], invStd[1], weightB});
        ctx->saved_data["factorA"] = extra.factor[0];
        ctx->saved_data["factorB"] = extra.factor[1];
        ctx->saved_data["normalisedA"] = extra.bn[0] != nullptr;
        ctx->saved_data["normalisedB"] = extra.bn[1] != nullptr;
        return out;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        variable_list result(7);
        if (!grads[0].defined())
            return result;
        RECORD_FUNCTION("gdas::batch_norms_into_scaled_sum_backward", std::vector<c10::IValue>({grads[0]}));
        const auto saved = ctx->get_saved_variables();
        // Each term's gradient g·factor as the unfused node sum's backward makes it (both from
        // one read of g where both have factors), then each BatchNorm's backward on its own.
        const auto terms =
            scaledPairGradients(grads[0], ctx->saved_data["factorA"].toTensor(), ctx->saved_data["factorB"].toTensor());
        const std::array<bool, 2> normalised{ctx->saved_data["normalisedA"].toBool(),
                                             ctx->saved_data["normalisedB"].toBool()};
        for (std::size_t t = 0; t < 2; ++t) {
            const auto first = 3 * t; // this term's x, weight and bias among the inputs
            if (!normalised[t]) {
                if (ctx->needs_input_grad(first))
                    result[first] = terms[t];
                continue;
            }
            const auto g = terms[t].contiguous(at::MemoryFormat::ChannelsLast);
            auto gradients = batchNormGradients(
                saved[4 * t], g, saved[4 * t + 1], saved[4 * t + 2], saved[4 * t + 3], true, {},
                {ctx->needs_input_grad(first), ctx->needs_input_grad(first + 1), ctx->needs_input_grad(first + 2)});
            result[first] = std::move(gradients.input);
            result[first + 1] = std::move(gradients.weight);
            result[first + 2] = std::move(gradients.bias);
        }
        return result;
    }
};

} // namespace

void setChannelsLastBatchNormEnabled(bool enabled) { g_enabled.set(enabled); }

std::pair<torch::Tensor, torch::Tensor> channelsLastMeanVariance(const torch::Tensor &x)
{
    TORCH_CHECK(x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 && x.size(1) % 4 == 0 &&
                    x.is_contiguous(at::MemoryFormat::ChannelsLast),
                "channelsLastMeanVariance: a 4-D channels-last float32 CPU tensor with C % 4 == 0 expected");
    const auto c = x.size(1);
    const auto rows = x.numel() / c;
    const float *in = x.data_ptr<float>();
    std::vector<double> sum, square;
    channelSums(in, nullptr, nullptr, rows, c, sum, square);
    auto mean = at::empty({c}, x.options());
    float *m = mean.data_ptr<float>();
    for (std::int64_t k = 0; k < c; ++k)
        m[k] =
            static_cast<float>(sum[static_cast<std::size_t>(k)] / static_cast<double>(std::max<std::int64_t>(rows, 1)));
    // The second pass, over deviations from the mean.
    const auto squares =
        chunkedChannelSums(rows, c, 1, [&](double *partial, double *lanes, std::int64_t begin, std::int64_t end) {
            sumSquaredDeviations(in, m, partial, lanes, c, begin, end);
        });
    auto variance = at::empty({c}, x.options());
    float *v = variance.data_ptr<float>();
    for (std::int64_t k = 0; k < c; ++k)
        v[k] = static_cast<float>(squares[static_cast<std::size_t>(k)] /
                                  static_cast<double>(std::max<std::int64_t>(rows, 1)));
    return {mean, variance};
}

namespace {

// What both kernels need: a BatchNorm in training with running statistics and a momentum, on a
// 4-D channels-last float32 CPU x with C % 4 == 0, on a CPU with AVX2.
bool kernelsFit(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn)
{
    const auto &options = bn->options;
    return cpuRunsVectorClones() && bn->is_training() && options.track_running_stats() &&
           options.momentum().has_value() && bn->running_mean.defined() &&
           bn->running_mean.scalar_type() == torch::kFloat && x.device().is_cpu() && x.scalar_type() == torch::kFloat &&
           x.dim() == 4 && x.size(1) % 4 == 0 && x.numel() > 0 && x.is_contiguous(at::MemoryFormat::ChannelsLast);
}

} // namespace

bool batchNormIntoSumApplies(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn, const torch::Tensor &sum)
{
    const bool sumFits =
        !sum.defined() || (sum.device().is_cpu() && sum.scalar_type() == torch::kFloat && sum.sizes() == x.sizes() &&
                           sum.is_contiguous(at::MemoryFormat::ChannelsLast));
    return g_intoSumEnabled.on() && kernelsFit(x, bn) && !bn->options.affine() && sumFits;
}

void setBatchNormIntoSumEnabled(bool enabled) { g_intoSumEnabled.set(enabled); }

torch::Tensor batchNormIntoSum(const torch::Tensor &sum, bool inPlace, const torch::Tensor &x,
                               torch::nn::BatchNorm2d &bn, const torch::Tensor &w)
{
    const auto &options = bn->options;
    {
        torch::NoGradGuard noGrad;
        if (bn->num_batches_tracked.defined())
            bn->num_batches_tracked += 1; // as BatchNorm2d's forward counts
    }
    const bool hasSum = sum.defined();
    return BatchNormIntoSumFunction::apply(hasSum ? sum : at::empty({0}, x.options()), x, w, bn->running_mean,
                                           bn->running_var, *options.momentum(), options.eps(), hasSum,
                                           inPlace && hasSum);
}

bool batchNormsIntoScaledSumApplies(const std::array<ScaledSumTerm, 2> &terms, const torch::Tensor &out)
{
    if (!g_intoScaledSumEnabled.on() || (terms[0].bn == nullptr && terms[1].bn == nullptr))
        return false;
    const auto &like = terms[0].x;
    auto fits = [&](const torch::Tensor &t) {
        return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat && t.sizes() == like.sizes() &&
               channelsLastRows(t);
    };
    if (!fits(like) || like.size(1) % 4 != 0 || like.numel() == 0 || (out.defined() && !fits(out)))
        return false;
    for (const auto &term : terms) {
        if (!fits(term.x))
            return false;
        if (term.bn != nullptr && !((*term.bn)->options.affine() && channelsLastBatchNormApplies(term.x, *term.bn)))
            return false;
        const auto &f = term.factor;
        if (f.defined() && !(f.device().is_cpu() && f.scalar_type() == torch::kFloat && f.dim() == 1 &&
                             f.size(0) == like.size(0) && f.is_contiguous()))
            return false;
    }
    return true;
}

void setBatchNormsIntoScaledSumEnabled(bool enabled) { g_intoScaledSumEnabled.set(enabled); }

torch::Tensor batchNormsIntoScaledSum(const std::array<ScaledSumTerm, 2> &terms, const torch::Tensor &out)
{
    BatchNormsIntoScaledSumFunction::Extra extra;
    std::array<torch::Tensor, 2> weight, bias;
    const auto none = at::empty({0}, terms[0].x.options().requires_grad(false));
    for (std::size_t t = 0; t < 2; ++t) {
        auto *bn = terms[t].bn;
        extra.bn[t] = bn;
        extra.factor[t] = terms[t].factor;
        weight[t] = bn != nullptr ? (*bn)->weight : none;
        bias[t] = bn != nullptr ? (*bn)->bias : none;
        if (bn != nullptr && (*bn)->num_batches_tracked.defined()) {
            torch::NoGradGuard noGrad;
            (*bn)->num_batches_tracked += 1; // as BatchNorm2d's forward counts
        }
    }
    extra.out = out;
    return BatchNormsIntoScaledSumFunction::apply(terms[0].x, weight[0], bias[0], terms[1].x, weight[1], bias[1],
                                                  extra);
}

bool channelsLastBatchNormApplies(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn)
{
    const auto &options = bn->options;
    return g_enabled.on() && kernelsFit(x, bn) &&
           (!options.affine() || (bn->weight.scalar_type() == torch::kFloat && bn->weight.is_contiguous()));
}

namespace {

torch::Tensor applyBatchNorm(const torch::Tensor &x, torch::nn::BatchNorm2d &bn, bool relu,
                             Normalisation *normalisation = nullptr)
{
    const auto &options = bn->options;
    {
        torch::NoGradGuard noGrad;
        if (bn->num_batches_tracked.defined())
            bn->num_batches_tracked += 1; // as BatchNorm2d's forward counts
    }
    const auto none = at::empty({0}, x.options().requires_grad(false));
    return BatchNormFunction::apply(x, options.affine() ? bn->weight : none, options.affine() ? bn->bias : none,
                                    bn->running_mean, bn->running_var, *options.momentum(), options.eps(), relu,
                                    normalisation);
}

} // namespace

torch::Tensor channelsLastBatchNorm(const torch::Tensor &x, torch::nn::BatchNorm2d &bn)
{
    return applyBatchNorm(x, bn, false);
}

bool channelsLastBatchNormReluApplies(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn)
{
    return g_reluEnabled.on() && bn->options.affine() && channelsLastBatchNormApplies(x, bn);
}

void setChannelsLastBatchNormReluEnabled(bool enabled) { g_reluEnabled.set(enabled); }

void normaliseReluRows(const float *x, const float *alpha, const float *beta, float *out, std::int64_t c,
                       std::int64_t rows)
{
    TORCH_CHECK(c % 4 == 0, "normaliseReluRows: the channels must be a multiple of 4");
    mapRowsRelu(x, alpha, beta, out, c, 0, rows);
}

torch::Tensor channelsLastBatchNormRelu(const torch::Tensor &x, torch::nn::BatchNorm2d &bn,
                                        Normalisation *normalisation)
{
    return applyBatchNorm(x, bn, true, normalisation);
}

} // namespace gdas::engine
