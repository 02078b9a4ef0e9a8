#include "AutocastGuard.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

// LibTorch 2.4 made the autocast state per device type and deprecated the CUDA/CPU-specific
// functions that 1.13 offers (and plans to drop them).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define GDAS_AUTOCAST_PER_DEVICE_TYPE 1
#endif

namespace gdas::engine {

namespace {

bool autocastEnabled(c10::DeviceType type)
{
#ifdef GDAS_AUTOCAST_PER_DEVICE_TYPE
    return at::autocast::is_autocast_enabled(type);
#else
    return type == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

void setAutocastEnabled(c10::DeviceType type, bool enabled)
{
#ifdef GDAS_AUTOCAST_PER_DEVICE_TYPE
    at::autocast::set_autocast_enabled(type, enabled);
#else
    if (type == c10::DeviceType::CUDA)
        at::autocast::set_enabled(enabled);
    else
        at::autocast::set_cpu_enabled(enabled);
#endif
}

c10::ScalarType autocastDtype(c10::DeviceType type)
{
#ifdef GDAS_AUTOCAST_PER_DEVICE_TYPE
    return at::autocast::get_autocast_dtype(type);
#else
    return type == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype()
                                         : at::autocast::get_autocast_cpu_dtype();
#endif
}

void setAutocastDtype(c10::DeviceType type, c10::ScalarType dtype)
{
#ifdef GDAS_AUTOCAST_PER_DEVICE_TYPE
    at::autocast::set_autocast_dtype(type, dtype);
#else
    if (type == c10::DeviceType::CUDA)
        at::autocast::set_autocast_gpu_dtype(dtype);
    else
        at::autocast::set_autocast_cpu_dtype(dtype);
#endif
}

} // namespace

bool AutocastGuard::active(c10::DeviceType type) { return autocastEnabled(type); }

bool AutocastGuard::supported(const torch::Device &device, AmpMode mode)
{
    if (mode == AmpMode::Off)
        return true;
    if (device.is_cuda())
        return true;
    return device.is_cpu() && mode == AmpMode::BFloat16;
}

AutocastGuard::AutocastGuard(const torch::Device &device, AmpMode mode)
{
    if (mode == AmpMode::Off || !supported(device, mode))
        return;
    m_deviceType = device.type();
    m_wasEnabled = autocastEnabled(m_deviceType);
    m_previousDtype = autocastDtype(m_deviceType);
    setAutocastEnabled(m_deviceType, true);
    setAutocastDtype(m_deviceType, mode == AmpMode::Float16 ? c10::ScalarType::Half : c10::ScalarType::BFloat16);
    at::autocast::increment_nesting();
    m_active = true;
}

AutocastGuard::~AutocastGuard()
{
    if (!m_active)
        return;
    // The cache holds the low-precision copies of the weights made in this scope; they are
    // stale after the optimiser step, so the outermost scope drops them (as torch.autocast).
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    setAutocastEnabled(m_deviceType, m_wasEnabled);
    setAutocastDtype(m_deviceType, m_previousDtype);
}

} // namespace gdas::engine
