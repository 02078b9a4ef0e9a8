#include "engine/nn/Winograd3x3.h"

#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/LaneSums.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

namespace gdas::engine {

namespace {

KernelSwitch g_winograd("GDAS_WINOGRAD");

// The transforms work on 16-float vectors in the AVX-512 build (32 registers) and 8-float ones in
// the AVX2 build (16 registers), a row of a tile's 4x4 at a time (transformPatch). Loaded and
// stored with memcpy, never passed by value (VectorClones.h).
using Floats16 = float __attribute__((vector_size(64)));
using Floats8 = float __attribute__((vector_size(32)));
constexpr std::int64_t kLanes = 16; // channel counts are multiples of this
constexpr std::int64_t kMaxChannels = 512;
// The 4x4 positions of a transformed tile.
constexpr std::int64_t kPoints = 16;
// Tiles per block: a multiple of the products' row blocks (6, 8 and 12). A convolution's block
// of 24 keeps its transformed inputs and products within a core's L1 at 16 channels (24 KiB
// each) and its L2 at 64; the weight gradient's blocks of 48 add their sums to the doubles half
// as often. Measured with bench/kernel_bench.cpp (docs/ENGINE.md, "Round 15").
constexpr std::int64_t kBlock = 24;
// Floats between a block's transformed inputs v and its products m, one buffer: v and m share a
// layout, and as two allocations (multiples of 4 KiB at 16, 32 and 64 channels) they could sit a
// multiple of 4 KiB apart, where the product's loads of v would wait on its stores to m (4K
// aliasing). With the skew the 16-channel convolution took 1.03-1.06 ms instead of 1.12-1.20
// (gdas-kernel-bench --kernels 3x3, docs/ENGINE.md "Round 18"); the same numbers.
constexpr std::int64_t kSkew = 80;
constexpr std::int64_t kGradientBlock = 48;

// What a padded position reads: zeros for any channel.
alignas(64) const float kZeros[kMaxChannels] = {};

#define GDAS_STORE(pointer, value) __builtin_memcpy((pointer), &(value), sizeof(value))

// The 2x2 output tiles of a channels-last [batch, channels, height, width] map (height and width
// even), numbered image by image, row by row.
struct Tiles {
    std::int64_t batch = 0;
    std::int64_t height = 0;
    std::int64_t width = 0;

    std::int64_t across() const { return width / 2; }
    std::int64_t perImage() const { return (height / 2) * across(); }
    std::int64_t count() const { return batch * perImage(); }
    // Tile t's image and top-left output pixel.
    void origin(std::int64_t t, std::int64_t &image, std::int64_t &row, std::int64_t &column) const
    {
        image = t / perImage();
        const auto rest = t % perImage();
        row = 2 * (rest / across());
        column = 2 * (rest % across());
    }
    std::int64_t pixel(std::int64_t image, std::int64_t row, std::int64_t column) const
    {
        return (image * height + row) * width + column;
    }
};

// The tiles of a block in order, from tile `first`: one division for the block, not per tile.
struct TileCursor {
    TileCursor(const Tiles &tiles, std::int64_t first) : tiles(tiles) { tiles.origin(first, image, row, column); }
    void next()
    {
        column += 2;
        if (column == tiles.width) {
            column = 0;
            row += 2;
            if (row == tiles.height) {
                row = 0;
                ++image;
            }
        }
    }
    const Tiles &tiles;
    std::int64_t image = 0;
    std::int64_t row = 0;
    std::int64_t column = 0;
};

// v[p][r][c] = (B^T d B)[p] for tiles first .. first + rows (r = t - first), d the tile's 4x4
// input patch from one row and column before its outputs (zeros outside the map), with
//     B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1];
// with Relu, of relu(d) (as at::relu: NaN stays NaN), so no rectified copy of x is written.
// A tile's 4x4 input patch, channels from c on: inside the map, four rows from `corner`
// (`rowStride` apart) and `channels` between columns; at its sides, a pointer per position
// (kZeros outside the map).
struct InteriorPatch {
    const float *corner;
    std::int64_t rowStride, channels;
    __attribute__((always_inline)) const float *at(std::int64_t i, std::int64_t j) const
    {
        return corner + i * rowStride + j * channels;
    }
};
struct BorderPatch {
    const float *const (*pointers)[4];
    __attribute__((always_inline)) const float *at(std::int64_t i, std::int64_t j) const { return pointers[i][j]; }
};

// d = position (i, j) of the patch, channels [c, c + lanes), rectified with Relu (as at::relu:
// NaN stays NaN; rectifying a value twice gives the same value). By reference: a vector
// returned by value would change the baseline clone's ABI.
template <typename Vector, bool Relu, typename Patch>
__attribute__((always_inline)) inline void patchAt(Vector &d, const Patch &patch, std::int64_t i, std::int64_t j,
                                                   std::int64_t c)
{
    __builtin_memcpy(&d, patch.at(i, j) + c, sizeof(Vector));
    if constexpr (Relu)
        d = d < 0.0f ? Vector{} : d;
}

// Row i of B^T d B from t = row i of B^T d: its 4 positions, out + (4 i + j) * step.
template <typename Vector>
__attribute__((always_inline)) inline void transformedRow(const Vector (&t)[4], float *out, std::int64_t step)
{
    const Vector o0 = t[0] - t[2], o1 = t[1] + t[2], o2 = t[2] - t[1], o3 = t[1] - t[3];
    GDAS_STORE(out, o0);
    GDAS_STORE(out + step, o1);
    GDAS_STORE(out + 2 * step, o2);
    GDAS_STORE(out + 3 * step, o3);
}

// One tile's patch (channels from c) into its 16 positions of v: out + p * step. Row by row of
// B^T d (rows 1 and 2 together: they read the same two rows of d), each d loaded where a row
// needs it: all 16 of d and of B^T d at once took more than AVX2's 16 registers, and GCC kept
// them on the stack, moving each through two 16-byte halves (perf; the transforms then took
// more time than the products at 16 channels). The same sums as before, in the same order.
template <typename Vector, bool Relu, typename Patch>
__attribute__((always_inline)) inline void transformPatch(const Patch &patch, std::int64_t c, float *out,
                                                          std::int64_t step)
{
    Vector t[4], u[4], d1, d2;
#pragma GCC unroll 4
    for (std::int64_t j = 0; j < 4; ++j) {
        patchAt<Vector, Relu>(d1, patch, 0, j, c);
        patchAt<Vector, Relu>(d2, patch, 2, j, c);
        t[j] = d1 - d2;
    }
    transformedRow(t, out, step);
#pragma GCC unroll 4
    for (std::int64_t j = 0; j < 4; ++j) {
        patchAt<Vector, Relu>(d1, patch, 1, j, c);
        patchAt<Vector, Relu>(d2, patch, 2, j, c);
        t[j] = d1 + d2;
        u[j] = d2 - d1;
    }
    transformedRow(t, out + 4 * step, step);
    transformedRow(u, out + 8 * step, step);
#pragma GCC unroll 4
    for (std::int64_t j = 0; j < 4; ++j) {
        patchAt<Vector, Relu>(d1, patch, 1, j, c);
        patchAt<Vector, Relu>(d2, patch, 3, j, c);
        t[j] = d1 - d2;
    }
    transformedRow(t, out + 12 * step, step);
}

template <typename Vector, bool Relu>
__attribute__((always_inline)) inline void transformInputsBody(const float *x, const Tiles &tiles,
                                                               std::int64_t channels, std::int64_t first,
                                                               std::int64_t rows, float *v)
{
    constexpr auto lanes = static_cast<std::int64_t>(sizeof(Vector) / sizeof(float));
    const auto step = rows * channels; // between positions
    const auto rowStride = tiles.width * channels;
    TileCursor tile(tiles, first);
    for (std::int64_t r = 0; r < rows; ++r, tile.next()) {
        const auto row = tile.row, column = tile.column;
        float *out = v + r * channels;
        if (row >= 1 && row + 3 <= tiles.height && column >= 1 && column + 3 <= tiles.width) {
            // Inside the map: four row pointers and column offsets, no table of 16 pointers
            // (GCC built that table in vector registers and took each pointer out again, which
            // cost more than the arithmetic at 16 channels).
            const InteriorPatch patch{x + tiles.pixel(tile.image, row - 1, column - 1) * channels, rowStride, channels};
            for (std::int64_t c = 0; c < channels; c += lanes)
                transformPatch<Vector, Relu>(patch, c, out + c, step);
            continue;
        }
        const float *pointers[4][4];
        for (std::int64_t i = 0; i < 4; ++i)
            for (std::int64_t j = 0; j < 4; ++j) {
                const auto y = row - 1 + i, z = column - 1 + j;
                const bool inside = y >= 0 && y < tiles.height && z >= 0 && z < tiles.width;
                pointers[i][j] = inside ? x + tiles.pixel(tile.image, y, z) * channels : kZeros;
            }
        const BorderPatch patch{pointers};
        for (std::int64_t c = 0; c < channels; c += lanes)
            transformPatch<Vector, Relu>(patch, c, out + c, step);
    }
}

// y's 2x2 tiles first .. first + rows = A^T m A (+ bias where not null), m[p][r][c] the
// products of the tiles' positions, with A^T = [1 1 1 0; 0 1 -1 -1]; zero wherever mask (of y's
// shape, where not null) is <= 0, as at::threshold_backward(y, mask, 0): the input gradient of a
// convolution whose input was rectified on load.
template <typename Vector>
__attribute__((always_inline)) inline void transformOutputsBody(const float *m, const float *bias, const float *mask,
                                                                const Tiles &tiles, std::int64_t channels,
                                                                std::int64_t first, std::int64_t rows, float *y)
{
    constexpr auto lanes = static_cast<std::int64_t>(sizeof(Vector) / sizeof(float));
    const auto step = rows * channels;
    TileCursor tile(tiles, first);
    for (std::int64_t r = 0; r < rows; ++r, tile.next()) {
        const std::int64_t at[2] = {tiles.pixel(tile.image, tile.row, tile.column) * channels,
                                    tiles.pixel(tile.image, tile.row + 1, tile.column) * channels};
        const float *in = m + r * channels;
        for (std::int64_t c = 0; c < channels; c += lanes) {
            // Column by column of A^T m: the 16 products and the 8 sums at once did not fit AVX2's
            // registers (as in transformPatch).
            Vector t[2][4];
#pragma GCC unroll 4
            for (std::int64_t j = 0; j < 4; ++j) {
                Vector a0, a1, a2, a3;
                __builtin_memcpy(&a0, in + j * step + c, sizeof(Vector));
                __builtin_memcpy(&a1, in + (4 + j) * step + c, sizeof(Vector));
                __builtin_memcpy(&a2, in + (8 + j) * step + c, sizeof(Vector));
                __builtin_memcpy(&a3, in + (12 + j) * step + c, sizeof(Vector));
                t[0][j] = a0 + a1 + a2;
                t[1][j] = a1 - a2 - a3;
            }
            Vector b = Vector{} + 0.0f;
            if (bias != nullptr)
                __builtin_memcpy(&b, bias + c, sizeof(Vector));
#pragma GCC unroll 2
            for (std::int64_t i = 0; i < 2; ++i) {
                Vector left = t[i][0] + t[i][1] + t[i][2] + b;
                Vector right = t[i][1] - t[i][2] - t[i][3] + b;
                if (mask != nullptr) {
                    Vector leftMask, rightMask;
                    __builtin_memcpy(&leftMask, mask + at[i] + c, sizeof(Vector));
                    __builtin_memcpy(&rightMask, mask + at[i] + channels + c, sizeof(Vector));
                    left = leftMask <= 0.0f ? Vector{} : left;
                    right = rightMask <= 0.0f ? Vector{} : right;
                }
                GDAS_STORE(y + at[i] + c, left);
                GDAS_STORE(y + at[i] + channels + c, right);
            }
        }
    }
}

// e[p][r][c] = (A g A^T)[p] for the output gradient's tiles first .. first + rows: the gradient
// of the loss with respect to each position's product.
template <typename Vector>
__attribute__((always_inline)) inline void transformGradientsBody(const float *g, const Tiles &tiles,
                                                                  std::int64_t channels, std::int64_t first,
                                                                  std::int64_t rows, float *e)
{
    constexpr auto lanes = static_cast<std::int64_t>(sizeof(Vector) / sizeof(float));
    const auto step = rows * channels;
    TileCursor tile(tiles, first);
    for (std::int64_t r = 0; r < rows; ++r, tile.next()) {
        const float *in[2] = {g + tiles.pixel(tile.image, tile.row, tile.column) * channels,
                              g + tiles.pixel(tile.image, tile.row + 1, tile.column) * channels};
        float *out = e + r * channels;
        for (std::int64_t c = 0; c < channels; c += lanes) {
            Vector a00, a01, a10, a11;
            __builtin_memcpy(&a00, in[0] + c, sizeof(Vector));
            __builtin_memcpy(&a01, in[0] + channels + c, sizeof(Vector));
            __builtin_memcpy(&a10, in[1] + c, sizeof(Vector));
            __builtin_memcpy(&a11, in[1] + channels + c, sizeof(Vector));
            // Row by row of A g: (a0, a0 + a1, a0 - a1, -a1) of g's two rows, then the same
            // along each row, stored as it is made (as in transformPatch).
            const Vector t[4][2] = {{a00, a01}, {a00 + a10, a01 + a11}, {a00 - a10, a01 - a11}, {-a10, -a11}};
#pragma GCC unroll 4
            for (std::int64_t i = 0; i < 4; ++i) {
                const Vector o1 = t[i][0] + t[i][1], o2 = t[i][0] - t[i][1], o3 = -t[i][1];
                GDAS_STORE(out + (i * 4) * step + c, t[i][0]);
                GDAS_STORE(out + (i * 4 + 1) * step + c, o1);
                GDAS_STORE(out + (i * 4 + 2) * step + c, o2);
                GDAS_STORE(out + (i * 4 + 3) * step + c, o3);
            }
        }
    }
}

#undef GDAS_STORE

// Each transform built for AVX-512 and for AVX2, chosen by the CPU (VectorClones.h).
#if GDAS_WIDE_TARGETS
GDAS_TARGET_512 void transformInputs512(const float *x, bool relu, const Tiles &tiles, std::int64_t channels,
                                        std::int64_t first, std::int64_t rows, float *v)
{
    if (relu)
        return transformInputsBody<Floats16, true>(x, tiles, channels, first, rows, v);
    transformInputsBody<Floats16, false>(x, tiles, channels, first, rows, v);
}
GDAS_TARGET_256 void transformInputs256(const float *x, bool relu, const Tiles &tiles, std::int64_t channels,
                                        std::int64_t first, std::int64_t rows, float *v)
{
    if (relu)
        return transformInputsBody<Floats8, true>(x, tiles, channels, first, rows, v);
    transformInputsBody<Floats8, false>(x, tiles, channels, first, rows, v);
}
GDAS_TARGET_512 void transformOutputs512(const float *m, const float *bias, const float *mask, const Tiles &tiles,
                                         std::int64_t channels, std::int64_t first, std::int64_t rows, float *y)
{
    transformOutputsBody<Floats16>(m, bias, mask, tiles, channels, first, rows, y);
}
GDAS_TARGET_256 void transformOutputs256(const float *m, const float *bias, const float *mask, const Tiles &tiles,
                                         std::int64_t channels, std::int64_t first, std::int64_t rows, float *y)
{
    transformOutputsBody<Floats8>(m, bias, mask, tiles, channels, first, rows, y);
}
GDAS_TARGET_512 void transformGradients512(const float *g, const Tiles &tiles, std::int64_t channels,
                                           std::int64_t first, std::int64_t rows, float *e)
{
    transformGradientsBody<Floats16>(g, tiles, channels, first, rows, e);
}
GDAS_TARGET_256 void transformGradients256(const float *g, const Tiles &tiles, std::int64_t channels,
                                           std::int64_t first, std::int64_t rows, float *e)
{
    transformGradientsBody<Floats8>(g, tiles, channels, first, rows, e);
}
#endif

void transformInputs(const float *x, bool relu, const Tiles &tiles, std::int64_t channels, std::int64_t first,
                     std::int64_t rows, float *v)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return transformInputs512(x, relu, tiles, channels, first, rows, v);
    return transformInputs256(x, relu, tiles, channels, first, rows, v);
#else
    if (relu)
        return transformInputsBody<Floats8, true>(x, tiles, channels, first, rows, v);
    transformInputsBody<Floats8, false>(x, tiles, channels, first, rows, v);
#endif
}

void transformOutputs(const float *m, const float *bias, const float *mask, const Tiles &tiles, std::int64_t channels,
                      std::int64_t first, std::int64_t rows, float *y)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return transformOutputs512(m, bias, mask, tiles, channels, first, rows, y);
    return transformOutputs256(m, bias, mask, tiles, channels, first, rows, y);
#else
    transformOutputsBody<Floats8>(m, bias, mask, tiles, channels, first, rows, y);
#endif
}

void transformGradients(const float *g, const Tiles &tiles, std::int64_t channels, std::int64_t first,
                        std::int64_t rows, float *e)
{
#if GDAS_WIDE_TARGETS
    if (cpuHasAvx512())
        return transformGradients512(g, tiles, channels, first, rows, e);
    return transformGradients256(g, tiles, channels, first, rows, e);
#else
    transformGradientsBody<Floats8>(g, tiles, channels, first, rows, e);
#endif
}

// G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1], applied by its structure: (G v) for a 3-vector
// v is (v0, (v0 + v1 + v2) / 2, (v0 - v1 + v2) / 2, v2), and G^T e for a 4-vector e is (e0 +
// e1/2 + e2/2, e1/2 - e2/2, e1/2 + e2/2 + e3). In double, the halves are exact, so these are the
// sums of the matrix products' nonzero terms in the same order: the numbers of the products with
// G written out (as until round 16), without their multiplications by 0 and 1.
inline void timesG(double v0, double v1, double v2, double *out)
{
    out[0] = v0;
    out[1] = (0.5 * v0 + 0.5 * v1) + 0.5 * v2;
    out[2] = (0.5 * v0 - 0.5 * v1) + 0.5 * v2;
    out[3] = v2;
}

inline void timesGTransposed(double e0, double e1, double e2, double e3, double *out)
{
    out[0] = (e0 + 0.5 * e1) + 0.5 * e2;
    out[1] = 0.5 * e1 - 0.5 * e2;
    out[2] = (0.5 * e1 + 0.5 * e2) + e3;
}

// Filters per block of the weights' transforms: a block's 16 positions are gathered in a small
// array and written (or read) a run of kFilterBlock values per position. Written one value at a
// time to 16 planes 4 KiB apart (32 channels) or 16 KiB (64), which likely share L1 sets, a
// 64-channel transform took 0.20 ms, a fifth of the convolution it prepared; now 0.09 ms.
constexpr std::int64_t kFilterBlock = 16;

// Rows per task of the weights' transforms: about 1,024 filters each.
std::int64_t transformGrain(std::int64_t columns) { return std::max<std::int64_t>(1, 1024 / columns); }

// u[p][c][k] = (G w[k][c] G^T)[p] for a [K, C, 3, 3] weight, in double, rounded once: [16, C, K].
// Turned: for w[c][k] rotated by 180 degrees instead ([16, K, C]), the input gradient's weights.
// Each task writes whole rows of the 16 planes.
torch::Tensor transformWeights(const torch::Tensor &weight, bool turned)
{
    const auto w = weight.contiguous();
    const float *in = w.data_ptr<float>();
    const auto outputs = weight.size(0), inputs = weight.size(1);
    const auto rows = turned ? outputs : inputs, columns = turned ? inputs : outputs;
    const auto plane = rows * columns;
    auto u = at::empty({kPoints, rows, columns}, weight.options().memory_format(at::MemoryFormat::Contiguous));
    float *out = u.data_ptr<float>();
    at::parallel_for(0, rows, transformGrain(columns), [&](std::int64_t begin, std::int64_t end) {
        float block[kPoints][kFilterBlock];
        for (auto row = begin; row < end; ++row)
            for (std::int64_t first = 0; first < columns; first += kFilterBlock) {
                const auto count = std::min(kFilterBlock, columns - first);
                for (std::int64_t i = 0; i < count; ++i) {
                    const auto column = first + i;
                    const auto k = turned ? row : column, c = turned ? column : row;
                    const float *f = in + (k * inputs + c) * 9;
                    const auto tap = [&](int y, int x) {
                        return static_cast<double>(turned ? f[(2 - y) * 3 + (2 - x)] : f[y * 3 + x]);
                    };
                    double t[3][4]; // t[x][a] = (G g)[a][x]
                    for (int x = 0; x < 3; ++x)
                        timesG(tap(0, x), tap(1, x), tap(2, x), t[x]);
                    for (int a = 0; a < 4; ++a) {
                        double v[4];
                        timesG(t[0][a], t[1][a], t[2][a], v);
                        for (int b = 0; b < 4; ++b)
                            block[a * 4 + b][i] = static_cast<float>(v[b]);
                    }
                }
                for (std::int64_t p = 0; p < kPoints; ++p)
                    std::copy(block[p], block[p] + count, out + p * plane + row * columns + first);
            }
    });
    return u;
}

// dw[k][c] = G^T du[c][k] G for du [16, C, K] in double: the weight gradient, [K, C, 3, 3].
torch::Tensor weightsBack(const double *du, const torch::Tensor &weight)
{
    const auto outputs = weight.size(0), inputs = weight.size(1);
    auto gradient = at::empty({outputs, inputs, 3, 3}, weight.options().memory_format(at::MemoryFormat::Contiguous));
    float *out = gradient.data_ptr<float>();
    const auto plane = inputs * outputs;
    at::parallel_for(0, inputs, transformGrain(outputs), [&](std::int64_t begin, std::int64_t end) {
        double block[kPoints][kFilterBlock];
        for (auto c = begin; c < end; ++c)
            for (std::int64_t first = 0; first < outputs; first += kFilterBlock) {
                const auto count = std::min(kFilterBlock, outputs - first);
                for (std::int64_t p = 0; p < kPoints; ++p) {
                    const double *from = du + p * plane + c * outputs + first;
                    std::copy(from, from + count, block[p]);
                }
                for (std::int64_t i = 0; i < count; ++i) {
                    const auto k = first + i;
                    double t[4][3]; // t[b][y] = (G^T du)[y][b]
                    for (int b = 0; b < 4; ++b)
                        timesGTransposed(block[b][i], block[4 + b][i], block[8 + b][i], block[12 + b][i], t[b]);
                    float *f = out + (k * inputs + c) * 9;
                    for (int y = 0; y < 3; ++y) {
                        double v[3];
                        timesGTransposed(t[0][y], t[1][y], t[2][y], t[3][y], v);
                        for (int x = 0; x < 3; ++x)
                            f[y * 3 + x] = static_cast<float>(v[x]);
                    }
                }
            }
    });
    return gradient.contiguous(weight.suggest_memory_format());
}

Tiles tilesOf(const torch::Tensor &x) { return {x.size(0), x.size(2), x.size(3)}; }

// The convolution of channels-last x (rectified on load with relu) with the transformed weights
// u ([16, C, K]), plus bias where not null, zero where mask (where not null) is <= 0: K channels
// out.
torch::Tensor convolve(const torch::Tensor &x, bool relu, const torch::Tensor &u, const float *bias, const float *mask,
                       std::int64_t outputs)
{
    const auto inputs = x.size(1);
    const auto tiles = tilesOf(x);
    auto y = at::empty({x.size(0), outputs, x.size(2), x.size(3)},
                       x.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float *in = x.data_ptr<float>();
    const float *transformed = u.data_ptr<float>();
    float *out = y.data_ptr<float>();
    const auto count = tiles.count();
    const auto blocks = (count + kBlock - 1) / kBlock;
    at::parallel_for(0, blocks, 1, [&](std::int64_t begin, std::int64_t end) {
        const auto vSize = kPoints * kBlock * inputs;
        std::vector<float> buffer(static_cast<std::size_t>(vSize + kSkew + kPoints * kBlock * outputs));
        float *v = buffer.data();
        float *m = v + vSize + kSkew;
        for (auto block = begin; block < end; ++block) {
            const auto first = block * kBlock;
            const auto rows = std::min(kBlock, count - first);
            transformInputs(in, relu, tiles, inputs, first, rows, v);
            for (std::int64_t p = 0; p < kPoints; ++p)
                rowsTimesMatrixInto(v + p * rows * inputs, rows, inputs, transformed + p * inputs * outputs, outputs,
                                    m + p * rows * outputs);
            transformOutputs(m, bias, mask, tiles, outputs, first, rows, out);
        }
    });
    return y;
}

bool channelCountFits(std::int64_t channels)
{
    return channels > 0 && channels % kLanes == 0 && channels <= kMaxChannels;
}

bool all(at::IntArrayRef values, std::int64_t value)
{
    return values.size() == 2 && values[0] == value && values[1] == value;
}

} // namespace

bool winogradKernelsEnabled() { return g_winograd.on(); }

void setWinogradKernelsEnabled(bool enabled) { g_winograd.set(enabled); }

bool winogradApplies(const torch::Tensor &x, const torch::Tensor &weight, at::IntArrayRef stride,
                     at::IntArrayRef padding, at::IntArrayRef dilation, std::int64_t groups)
{
    // On any CPU with AVX2 and FMA (the AVX2 build computes the AVX-512 build's numbers,
    // tst_winograd). Until round 22 the AVX2 build applied only from 32 channels on: at 16 it was
    // level with oneDNN's AVX2 kernels (round 20). With its transforms no longer kept on the stack
    // ("Round 22" in docs/ENGINE.md), NAS-Bench-201's 16-channel 3x3 convolutions took 74-88 ms
    // per profiled step on ours against 86-116 on oneDNN's (three alternating profiles each).
    return g_winograd.on() && groups == 1 && all(stride, 1) && all(padding, 1) && all(dilation, 1) &&
           x.device().is_cpu() && weight.device().is_cpu() && x.scalar_type() == torch::kFloat &&
           weight.scalar_type() == torch::kFloat && x.dim() == 4 && weight.dim() == 4 && weight.size(2) == 3 &&
           weight.size(3) == 3 && weight.size(1) == x.size(1) && channelCountFits(weight.size(0)) &&
           channelCountFits(weight.size(1)) && cpuRunsVectorClones() && x.size(2) % 2 == 0 && x.size(3) % 2 == 0 &&
           x.numel() > 0 && x.is_contiguous(at::MemoryFormat::ChannelsLast) &&
           !AutocastGuard::active(c10::DeviceType::CPU); // under autocast, LibTorch's in the narrower type
}

torch::Tensor winogradForward(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                              bool reluInput)
{
    RECORD_FUNCTION("gdas::winograd", std::vector<c10::IValue>({x, weight}));
    const auto b = bias.defined() && bias.numel() > 0 ? bias.contiguous() : torch::Tensor();
    return convolve(x, reluInput, transformWeights(weight, false), b.defined() ? b.data_ptr<float>() : nullptr, nullptr,
                    weight.size(0));
}

torch::Tensor winogradInputGradient(const torch::Tensor &grad, const torch::Tensor &weight,
                                    const torch::Tensor &reluInput)
{
    RECORD_FUNCTION("gdas::winograd_backward_input", std::vector<c10::IValue>({grad, weight}));
    // dx = the same convolution of the gradient with w[k][c] turned by 180 degrees, as [C, K].
    const auto mask = reluInput.defined() ? reluInput.contiguous(at::MemoryFormat::ChannelsLast) : torch::Tensor();
    return convolve(grad.contiguous(at::MemoryFormat::ChannelsLast), false, transformWeights(weight, true), nullptr,
                    mask.defined() ? mask.data_ptr<float>() : nullptr, weight.size(1));
}

std::pair<torch::Tensor, torch::Tensor> winogradParameterGradients(const torch::Tensor &grad, const torch::Tensor &x,
                                                                   const torch::Tensor &weight, bool needWeight,
                                                                   bool needBias, bool reluInput)
{
    if (!needWeight && !needBias)
        return {};
    RECORD_FUNCTION("gdas::winograd_backward_weight", std::vector<c10::IValue>({grad, x}));
    const auto outputs = weight.size(0), inputs = weight.size(1);
    const auto g = grad.contiguous(at::MemoryFormat::ChannelsLast);
    const auto xc = x.contiguous(at::MemoryFormat::ChannelsLast);
    const auto tiles = tilesOf(xc);
    const auto count = tiles.count();
    const auto blocks = (count + kGradientBlock - 1) / kGradientBlock;
    // The blocks in parts that depend only on the shapes (about four blocks or more each, an
    // even number of parts where there are two or more, at most 64 parts and 16 MiB of sums),
    // one set of double sums per part, added up in the parts' order: the same numbers for any
    // thread count and scheduling (as pointwiseParameterGradients), and the parts' sums no more
    // memory than the work warrants (at 64 channels, one part's sums are 512 KiB).
    // The bias gradient, the sum of the output gradient, is each tile's sum: position (1, 1) of
    // A g A^T.
    const auto weightSize = needWeight ? kPoints * inputs * outputs : 0;
    const auto width = weightSize + (needBias ? outputs : 0);
    const auto maxParts = std::max<std::int64_t>(1, std::min<std::int64_t>(64, (std::int64_t{1} << 21) / width));
    auto parts = std::max<std::int64_t>(1, std::min(maxParts, blocks / 4));
    if (parts > 1)
        parts -= parts % 2;
    const auto firstBlock = [&](std::int64_t part) { return part * blocks / parts; };
    constexpr std::int64_t kTileSum = 5;
    PartSums partial(parts, width);
    const float *in = xc.data_ptr<float>();
    const float *gradOut = g.data_ptr<float>();
    at::parallel_for(0, parts, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> v(needWeight ? static_cast<std::size_t>(kPoints * kGradientBlock * inputs) : 0);
        std::vector<float> e(static_cast<std::size_t>(kPoints * kGradientBlock * outputs));
        for (auto part = begin; part < end; ++part) {
            double *sums = partial.zeroed(part);
            double *biasSums = needBias ? sums + weightSize : nullptr;
            for (auto block = firstBlock(part); block < firstBlock(part + 1); ++block) {
                const auto first = block * kGradientBlock;
                const auto rows = std::min(kGradientBlock, count - first);
                if (needWeight)
                    transformInputs(in, reluInput, tiles, inputs, first, rows, v.data());
                transformGradients(gradOut, tiles, outputs, first, rows, e.data());
                for (std::int64_t p = 0; p < kPoints; ++p) {
                    if (!needWeight && p != kTileSum)
                        continue;
                    accumulateTransposedProduct(needWeight ? v.data() + p * rows * inputs : nullptr,
                                                e.data() + p * rows * outputs, rows, inputs, outputs,
                                                needWeight ? sums + p * inputs * outputs : nullptr,
                                                p == kTileSum ? biasSums : nullptr);
                }
            }
        }
    });
    std::vector<double> total(static_cast<std::size_t>(width));
    partial.addUp(total.data());
    torch::Tensor gradWeight, gradBias;
    if (needWeight)
        gradWeight = weightsBack(total.data(), weight);
    if (needBias)
        gradBias = torch::from_blob(total.data() + weightSize, {outputs}, torch::kDouble).to(weight.scalar_type());
    return {gradWeight, gradBias};
}

} // namespace gdas::engine
