#pragma once

#include <cstdint>

namespace gdas::engine {

// Σ a[i]·b[i] over [begin, end), or Σ a[i] where b is null: the engine's one-pass reductions
// (an edge weight's gradient Σ g·out, a node's gradient summed for its unsampled term). Float
// terms summed in 16 float lanes per block of 4096 (as ATen's sum keeps float partial sums),
// the blocks' sums in double.
double laneSum(const float *a, const float *b, std::int64_t begin, std::int64_t end);

} // namespace gdas::engine
