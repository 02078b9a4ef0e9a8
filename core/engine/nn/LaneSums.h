#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace gdas::engine {

// Σ a[i]·b[i] over [begin, end), or Σ a[i] where b is null: the engine's one-pass reductions
// (an edge weight's gradient Σ g·out, a node's gradient summed for its unsampled term). Float
// terms summed in 16 float lanes per block of 4096 (as ATen's sum keeps float partial sums),
// the blocks' sums in double.
double laneSum(const float *a, const float *b, std::int64_t begin, std::int64_t end);

// Σ of part(begin, end) over [0, n) cut into chunks of 65536, the chunks run in parallel and their
// results added in chunk order: the same number for any thread count.
double chunkedSum(std::int64_t n, const std::function<double(std::int64_t begin, std::int64_t end)> &part);

// Sums made in parts, each part's `width` doubles its own (no shared writes between threads), then
// added up in part order: the same numbers for any number of threads (the weight gradients of
// engine/nn/Pointwise.cpp and Winograd3x3.cpp). Each part's sums are zeroed by whoever fills
// them, inside the parallel region, and the parts are added up in parallel over the columns:
// until round 16 both were serial loops over all parts x width doubles (2 MiB at 64 channels),
// about a quarter of a Winograd weight gradient's time at NAS-Bench-201's sizes.
class PartSums {
public:
    PartSums(std::int64_t parts, std::int64_t width);
    std::int64_t parts() const { return m_parts; }
    std::int64_t width() const { return m_width; }
    // Part `part`'s sums, set to zero.
    double *zeroed(std::int64_t part);
    // total[i] = the sum over the parts, in order, of their sums[i].
    void addUp(double *total) const;

private:
    std::int64_t m_parts;
    std::int64_t m_width;
    std::unique_ptr<double[]> m_sums;
};

} // namespace gdas::engine
