#pragma once

#include "engine/SearchConfig.h"

#include <torch/types.h>

namespace gdas::engine {

// Automatic mixed precision for the forward pass of a scope, as `with torch.autocast(...)`:
// LibTorch 1.13's C++ API has no autocast guard, so this sets the thread-local autocast state
// itself and restores it (and drops the cast cache) on exit. bf16 and fp16 run on CUDA; bf16
// also on the CPU (oneDNN). AmpMode::Off, or fp16 on a CPU, leaves everything untouched.
// Backward passes belong outside the guard, as in PyTorch.
class AutocastGuard {
public:
    AutocastGuard(const torch::Device &device, AmpMode mode);
    ~AutocastGuard();
    AutocastGuard(const AutocastGuard &) = delete;
    AutocastGuard &operator=(const AutocastGuard &) = delete;

    // Whether `mode` is usable on `device` (throws nothing; SearchSession reports InputError).
    static bool supported(const torch::Device &device, AmpMode mode);
    // Whether autocast is on for this thread and device type (set by a guard or by a caller).
    static bool active(c10::DeviceType type);

private:
    bool m_active = false;
    bool m_wasEnabled = false;
    c10::DeviceType m_deviceType = c10::DeviceType::CPU;
    c10::ScalarType m_previousDtype = c10::ScalarType::Float;
};

} // namespace gdas::engine
