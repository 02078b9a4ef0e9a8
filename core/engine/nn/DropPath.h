#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <cstdint>

namespace gdas::engine {

// DARTS's drop_path: zeroes whole samples of `x` with probability `probability` and scales the
// survivors by 1 / (1 - probability), so the expectation is unchanged. The per-sample mask is
// drawn on the CPU from `generator` (its state goes into checkpoints, and the draw does not
// depend on the device), then moved to x's device. probability <= 0 returns x itself.
torch::Tensor dropPath(const torch::Tensor &x, double probability, at::Generator &generator);

// The per-sample factors dropPath multiplies a batch of `batch` samples by: a float32 CPU
// tensor [batch] of 0 and 1 / (1 - probability), drawn from `generator` as dropPath draws them
// (the same draw, so the two can replace each other without changing a run).
torch::Tensor dropPathScales(std::int64_t batch, double probability, at::Generator &generator);

// factor [batch] shaped to broadcast over x's samples, on x's device and in its type.
torch::Tensor perSample(const torch::Tensor &factor, const torch::Tensor &x);

} // namespace gdas::engine
