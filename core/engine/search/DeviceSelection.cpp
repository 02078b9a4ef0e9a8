#include "DeviceSelection.h"

#include "engine/EngineError.h"

#include <ATen/Context.h>
#include <torch/cuda.h>

namespace gdas::engine {

torch::Device selectDevice(const std::string &request)
{
    if (request == "cpu")
        return torch::kCPU;
    const bool cuda = torch::cuda::is_available();
    if (request == "auto" || request.empty())
        return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (request.rfind("cuda", 0) == 0) {
        if (!cuda)
            throw InputError("device '" + request + "': no CUDA device is available to this LibTorch build");
        torch::Device d(torch::kCUDA, 0);
        try {
            d = torch::Device(request);
        } catch (const c10::Error &) {
            throw InputError("device '" + request + "' is not of the form cuda or cuda:N");
        }
        const auto count = static_cast<int>(torch::cuda::device_count());
        if (d.has_index() && d.index() >= count)
            throw InputError("device '" + request + "': only " + std::to_string(count) + " CUDA device(s)");
        return d.has_index() ? d : torch::Device(torch::kCUDA, 0);
    }
    throw InputError("unknown device '" + request + "' (expected cpu, cuda, cuda:N or auto)");
}

std::string describeDevice(const torch::Device &device)
{
    if (device.is_cpu())
        return "cpu (" + std::to_string(at::get_num_threads()) + " threads)";
    return device.str();
}

void configureCuda(bool deterministic)
{
    at::globalContext().setBenchmarkCuDNN(!deterministic);
    at::globalContext().setDeterministicCuDNN(deterministic);
}

} // namespace gdas::engine
