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
// LibTorch's intra-op threads: `requested` when > 0; else, unless OMP_NUM_THREADS or
// MKL_NUM_THREADS decides, at least one per physical core this process may run on (LibTorch's
// own default counts cores with cpuinfo, which sees one core on some virtual machines).
void applyCpuThreads(int requested);

} // namespace gdas::engine
