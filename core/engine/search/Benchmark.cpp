#include "engine/Benchmark.h"

#include "DeviceSelection.h"
#include "SearchStepper.h"
#include "engine/CpuMemory.h"
#include "engine/EngineError.h"
#include "engine/distributed/AutocastGuard.h"
#include "model/SearchSpace.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <numeric>

namespace gdas::engine {

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

namespace {

BenchResult runCase(const BenchCase &c)
{
    torch::AutoGradMode gradMode(true);
    applyCpuThreads(c.threads);
    const torch::Device device = selectDevice(c.device);
    if (!AutocastGuard::supported(device, c.amp))
        throw InputError("bench: mixed precision " + toString(c.amp) + " needs a CUDA device (bf16 also runs on the CPU)");
    if (device.is_cuda())
        configureCuda(false);

    SearchConfig cfg;
    cfg.space = c.space;
    cfg.algorithm = c.algorithm;
    cfg.channels = c.channels;
    cfg.cells = c.cells;
    cfg.batchSize = c.batch;
    cfg.channelsLast = c.channelsLast;
    cfg.amp = c.amp;
    cfg.seed = c.seed;
    cfg.runDir = "unused";
    cfg.resolveDefaults();

    SupernetOptions net;
    net.space = model::SearchSpace::byName(c.space).kind;
    net.algorithm = c.algorithm;
    net.channels = c.channels;
    net.cells = cfg.cells;
    net.inChannels = c.inChannels;
    net.classes = c.classes;
    torch::manual_seed(c.seed);
    SearchStepper stepper(cfg, net, device);

    auto makeBatch = [&]() {
        Batch b;
        b.images = torch::randn({c.batch, c.inChannels, c.side, c.side});
        if (c.channelsLast)
            b.images = b.images.contiguous(at::MemoryFormat::ChannelsLast);
        b.images = b.images.to(device);
        b.labels = torch::randint(c.classes, {c.batch}, torch::kLong).to(device);
        return b;
    };
    const Batch w = makeBatch(), a = makeBatch();
    auto sums = torch::zeros({kStatSlots}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    auto sync = [&] { (void)sums.sum().item<double>(); };  // waits for queued device work

    for (int i = 0; i < c.warmup; ++i)
        stepper.step(w, a, 5.0, sums);
    sync();
    std::vector<double> times;
    for (int i = 0; i < c.steps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        stepper.step(w, a, 5.0, sums);
        sync();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    BenchResult r;
    r.config = c;
    r.config.cells = cfg.cells;
    r.device = describeDevice(device);
    r.threads = at::get_num_threads();
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    r.stepSecondsMedian = sorted[sorted.size() / 2];
    r.stepSecondsMean = std::accumulate(times.begin(), times.end(), 0.0) / times.size();
    r.imagesPerSecond = 2.0 * c.batch / r.stepSecondsMedian;
    for (const auto &p : stepper.net()->weightParameters())
        r.weightParameters += p.numel();
    for (const auto &p : stepper.net()->archParameters())
        r.archParameters += p.numel();
    return r;
}

} // namespace

BenchResult runSearchBenchmark(const BenchCase &c)
{
    try {
        return runCase(c);
    } catch (const c10::Error &e) {
        // LibTorch's what() appends a C++ stack trace: the message is enough for the user.
        throw RuntimeFailure(e.what_without_backtrace());
    }
}

namespace {

nlohmann::json cpuAllocatorJson()
{
    const auto stats = cpuMemoryStats();
    if (!stats.installed)
        return "system";
    constexpr double mib = 1024.0 * 1024.0;
    return {{"caching", true},
            {"peak_live_mib", static_cast<double>(stats.peakLiveBytes) / mib},
            {"peak_mapped_mib", static_cast<double>(stats.peakMappedBytes) / mib},
            {"hits", stats.hits},
            {"misses", stats.misses}};
}

} // namespace

std::string toJson(const BenchResult &r)
{
    const auto &c = r.config;
    nlohmann::json j{{"name", c.name},
                     {"space", c.space},
                     {"algorithm", toString(c.algorithm)},
                     {"C", c.channels},
                     {"N", c.cells},
                     {"batch", c.batch},
                     {"input", std::to_string(c.inChannels) + "x" + std::to_string(c.side) + "x" + std::to_string(c.side)},
                     {"channels_last", c.channelsLast},
                     {"amp", toString(c.amp)},
                     {"device", r.device},
                     {"threads", r.threads},
                     {"steps", c.steps},
                     {"step_seconds_median", r.stepSecondsMedian},
                     {"step_seconds_mean", r.stepSecondsMean},
                     {"images_per_s", r.imagesPerSecond},
                     {"peak_rss_mib", peakRssMiB()},
                     {"cpu_allocator", cpuAllocatorJson()},
                     {"weight_parameters", r.weightParameters},
                     {"arch_parameters", r.archParameters}};
    return j.dump();
}

} // namespace gdas::engine
