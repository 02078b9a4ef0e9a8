#include "RuntimeInfo.h"

#include "search/DeviceSelection.h"

#include <torch/cuda.h>
#include <torch/version.h>

namespace gdas::engine {

RuntimeInfo runtimeInfo()
{
    RuntimeInfo info;
    info.libtorchVersion = TORCH_VERSION;
    info.defaultDevice = describeDevice(selectDevice("auto"));
    if (torch::cuda::is_available())
        info.cudaDeviceCount = static_cast<int>(torch::cuda::device_count());
    return info;
}

} // namespace gdas::engine
