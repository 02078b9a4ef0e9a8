#pragma once

#include <cstdint>
#include <functional>

namespace gdas::engine {

// Σ a[i]·b[i] over [begin, end), or Σ a[i] where b is null: the engine's one-pass reductions
// (an edge weight's gradient Σ g·out, a node's gradient summed for its unsampled term). Float
// terms summed in 16 float lanes per block of 4096 (as ATen's sum keeps float partial sums),
// the blocks' sums in double.
double laneSum(const float *a, const float *b, std::int64_t begin, std::int64_t end);

// Σ of part(begin, end) over [0, n) cut into chunks of 65536, the chunks run in parallel and their
// results added in chunk order: the same number for any thread count.
double chunkedSum(std::int64_t n, const std::function<double(std::int64_t begin, std::int64_t end)> &part);

} // namespace gdas::engine
