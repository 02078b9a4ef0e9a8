#include "engine/nn/LaneSums.h"

#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace gdas::engine {

namespace {

using Floats8 = float __attribute__((vector_size(32)));

// One block's sum: b's factors where Dot, none where not.
template <bool Dot>
__attribute__((always_inline)) inline double blockSum(const float *a, const float *b, std::int64_t start,
                                                      std::int64_t stop)
{
    Floats8 s0{}, s1{};
    auto i = start;
    for (; i + 16 <= stop; i += 16) {
        Floats8 a0, a1;
        __builtin_memcpy(&a0, a + i, sizeof(Floats8));
        __builtin_memcpy(&a1, a + i + 8, sizeof(Floats8));
        if constexpr (Dot) {
            Floats8 b0, b1;
            __builtin_memcpy(&b0, b + i, sizeof(Floats8));
            __builtin_memcpy(&b1, b + i + 8, sizeof(Floats8));
            s0 += a0 * b0;
            s1 += a1 * b1;
        } else {
            s0 += a0;
            s1 += a1;
        }
    }
    float tail = 0.0f;
    for (; i < stop; ++i)
        tail += Dot ? a[i] * b[i] : a[i];
    const Floats8 s = s0 + s1;
    double part = tail;
    for (int j = 0; j < 8; ++j)
        part += s[j];
    return part;
}

} // namespace

GDAS_VECTOR_CLONES double laneSum(const float *a, const float *b, std::int64_t begin, std::int64_t end)
{
    constexpr std::int64_t block = 4096;
    double total = 0.0;
    for (auto start = begin; start < end; start += block) {
        const auto stop = std::min(end, start + block);
        total += b != nullptr ? blockSum<true>(a, b, start, stop) : blockSum<false>(a, nullptr, start, stop);
    }
    return total;
}

double chunkedSum(std::int64_t n, const std::function<double(std::int64_t begin, std::int64_t end)> &part)
{
    constexpr std::int64_t chunk = 1 << 16;
    const auto chunks = (n + chunk - 1) / chunk;
    std::vector<double> parts(static_cast<std::size_t>(chunks), 0.0);
    at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
        for (auto k = first; k < last; ++k)
            parts[static_cast<std::size_t>(k)] = part(k * chunk, std::min(n, (k + 1) * chunk));
    });
    double total = 0.0;
    for (const double value : parts)
        total += value;
    return total;
}

PartSums::PartSums(std::int64_t parts, std::int64_t width)
    : m_parts(parts), m_width(width), m_sums(new double[static_cast<std::size_t>(parts * width)])
{}

double *PartSums::zeroed(std::int64_t part)
{
    double *sums = m_sums.get() + part * m_width;
    std::memset(sums, 0, static_cast<std::size_t>(m_width) * sizeof(double));
    return sums;
}

void PartSums::addUp(double *total) const
{
    if (m_parts == 0) {
        std::fill(total, total + m_width, 0.0);
        return;
    }
    const double *sums = m_sums.get();
    // Columns in ranges of 4 KiB per part read, each range through the parts in order.
    at::parallel_for(0, m_width, 512, [&](std::int64_t begin, std::int64_t end) {
        std::copy(sums + begin, sums + end, total + begin);
        for (std::int64_t part = 1; part < m_parts; ++part) {
            const double *from = sums + part * m_width;
            for (auto i = begin; i < end; ++i)
                total[i] += from[i];
        }
    });
}

} // namespace gdas::engine
