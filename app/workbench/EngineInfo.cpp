#include "EngineInfo.h"

#include "engine/search/DeviceSelection.h"

#include <torch/cuda.h>
#include <torch/version.h>

namespace gdas::app {

EngineInfo engineInfo()
{
    EngineInfo info;
    info.libtorchVersion = TORCH_VERSION;
    info.defaultDevice = engine::describeDevice(engine::selectDevice("auto"));
    if (torch::cuda::is_available())
        info.cudaDeviceCount = static_cast<int>(torch::cuda::device_count());
    return info;
}

} // namespace gdas::app
