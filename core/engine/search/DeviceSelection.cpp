#include "DeviceSelection.h"

#include "engine/EngineError.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <sched.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <utility>

namespace gdas::engine {

namespace {

// Physical cores among the CPUs of this process's affinity mask: distinct (package, core)
// pairs of /sys's topology; a CPU whose topology cannot be read counts as a core of its own.
int physicalCoresAvailable()
{
    cpu_set_t mask;
    CPU_ZERO(&mask);
    if (sched_getaffinity(0, sizeof mask, &mask) != 0)
        return 0;
    std::set<std::pair<long, long>> cores;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &mask))
            continue;
        const std::string topology = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
        long package = -1, core = -1;
        std::ifstream(topology + "physical_package_id") >> package;
        std::ifstream(topology + "core_id") >> core;
        if (package < 0 || core < 0)
            cores.insert({-1 - cpu, 0});
        else
            cores.insert({package, core});
    }
    return static_cast<int>(cores.size());
}

} // namespace

void applyCpuThreads(int requested)
{
    if (requested > 0) {
        at::set_num_threads(requested);
        return;
    }
    if (std::getenv("OMP_NUM_THREADS") || std::getenv("MKL_NUM_THREADS"))
        return;
    const int cores = physicalCoresAvailable();
    if (cores > at::get_num_threads())
        at::set_num_threads(cores);
}

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
