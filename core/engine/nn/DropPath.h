#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

namespace gdas::engine {

// DARTS's drop_path: zeroes whole samples of `x` with probability `probability` and scales the
// survivors by 1 / (1 - probability), so the expectation is unchanged. The per-sample mask is
// drawn on the CPU from `generator` (its state goes into checkpoints, and the draw does not
// depend on the device), then moved to x's device. probability <= 0 returns x itself.
torch::Tensor dropPath(const torch::Tensor &x, double probability, at::Generator &generator);

} // namespace gdas::engine
