#pragma once

#include <torch/types.h>

#include <string>

namespace gdas::engine {

// "cpu", "cuda", "cuda:N" or "auto" (CUDA when available). Throws InputError for a device
// that this LibTorch build or machine does not have.
torch::Device selectDevice(const std::string &request);
std::string describeDevice(const torch::Device &device);
// cuDNN autotuning on (or deterministic algorithms when asked).
void configureCuda(bool deterministic);

} // namespace gdas::engine
