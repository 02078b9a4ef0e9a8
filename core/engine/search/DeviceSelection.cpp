#include "DeviceSelection.h"

#include "engine/EngineError.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <dlfcn.h>
#include <sched.h>

#include <array>
#include <cmath>
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

// The GPU's name and memory, e.g. "NVIDIA H200, 140 GiB", read from the CUDA driver
// (libcuda.so.1, there wherever LibTorch runs on CUDA): LibTorch's C++ API has no call for them,
// and the CUDA headers are not there in a CPU build. Empty when the driver cannot tell.
std::string cudaDeviceLabel(int ordinal)
{
    void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL); // kept loaded: LibTorch uses it
    if (!driver)
        return {};
    using InitFn = int (*)(unsigned);
    using GetFn = int (*)(int *, int);
    using NameFn = int (*)(char *, int, int);
    using MemoryFn = int (*)(std::size_t *, int);
    const auto init = reinterpret_cast<InitFn>(dlsym(driver, "cuInit"));
    const auto get = reinterpret_cast<GetFn>(dlsym(driver, "cuDeviceGet"));
    const auto name = reinterpret_cast<NameFn>(dlsym(driver, "cuDeviceGetName"));
    const auto memory = reinterpret_cast<MemoryFn>(dlsym(driver, "cuDeviceTotalMem_v2"));
    int device = 0;
    std::array<char, 256> text{};
    if (!init || !get || !name || init(0) != 0 || get(&device, ordinal) != 0 ||
        name(text.data(), static_cast<int>(text.size()) - 1, device) != 0)
        return {};
    std::string label(text.data());
    std::size_t bytes = 0;
    if (memory && memory(&bytes, device) == 0 && bytes > 0)
        label += ", " +
                 std::to_string(static_cast<long long>(std::llround(static_cast<double>(bytes) / (1ULL << 30)))) +
                 " GiB";
    return label;
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
    if (device.is_cuda()) {
        const std::string label = cudaDeviceLabel(device.has_index() ? device.index() : 0);
        if (!label.empty())
            return device.str() + " (" + label + ")";
    }
    return device.str();
}

void configureCuda(bool deterministic)
{
    at::globalContext().setBenchmarkCuDNN(!deterministic);
    at::globalContext().setDeterministicCuDNN(deterministic);
}

} // namespace gdas::engine
