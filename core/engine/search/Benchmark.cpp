#include "engine/Benchmark.h"

#include "DeviceSelection.h"
#include "SearchStepper.h"
#include "engine/CpuMemory.h"
#include "engine/EngineError.h"
#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/ClassifierNetwork.h"
#include "model/GenotypeLibrary.h"
#include "model/SearchSpace.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <numeric>

namespace gdas::engine {

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

namespace {

// Runs the profiler (CPU ranges with input shapes) while it lives, if given a path, and writes
// the ranges there: {"k": "push"|"pop", "n": name, "us": time, "t": thread, "s": shapes}.
class ProfileRecorder {
public:
    explicit ProfileRecorder(std::string path) : m_path(std::move(path))
    {
        namespace prof = torch::autograd::profiler;
        if (!m_path.empty())
            prof::enableProfilerLegacy(prof::ProfilerConfig(prof::ProfilerState::CPU, /*report_input_shapes=*/true));
    }
    ProfileRecorder(const ProfileRecorder &) = delete;
    ProfileRecorder &operator=(const ProfileRecorder &) = delete;
    ~ProfileRecorder()
    {
        if (m_path.empty())
            return;
        const auto lists = torch::autograd::profiler::disableProfilerLegacy();
        std::ofstream out(m_path);
        for (const auto &list : lists)
            for (const auto &e : list) {
                const std::string kind = e.kindStr();
                if (kind != "push" && kind != "pop")
                    continue;
                nlohmann::json j{{"k", kind}, {"n", e.name()}, {"us", e.cpuUs()}, {"t", e.threadId()}};
                if (kind == "push")
                    j["s"] = e.shapes();
                out << j.dump() << "\n";
            }
    }

private:
    std::string m_path;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

void summarise(BenchResult &r, const std::vector<double> &times, const std::vector<double> &cpuTimes,
               std::int64_t imagesPerStep)
{
    r.cpuSecondsMedian = median(cpuTimes);
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    r.stepSeconds = times;
    r.stepSecondsMedian = sorted[sorted.size() / 2];
    r.stepSecondsMean = std::accumulate(times.begin(), times.end(), 0.0) / times.size();
    r.imagesPerSecond = static_cast<double>(imagesPerStep) / r.stepSecondsMedian;
}

// A batch of the case's random images (channels-last when asked) and labels, on `device`.
Batch randomBatch(const BenchCase &c, torch::Device device)
{
    Batch b;
    b.images = torch::randn({c.batch, c.inChannels, c.side, c.side});
    if (c.channelsLast)
        b.images = b.images.contiguous(at::MemoryFormat::ChannelsLast);
    b.images = b.images.to(device);
    b.labels = torch::randint(c.classes, {c.batch}, torch::kLong).to(device);
    return b;
}

// Takes c.warmup untimed steps, then times c.steps (wall and CPU seconds each, inside the
// profile when one is asked for): the result's timings, device and threads.
BenchResult timeSteps(const BenchCase &c, torch::Device device, std::int64_t imagesPerStep,
                      const std::function<void()> &step)
{
    for (int i = 0; i < c.warmup; ++i)
        step();
    std::vector<double> times, cpuTimes;
    {
        ProfileRecorder profile(c.profilePath);
        for (int i = 0; i < c.steps; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            const double cpu0 = processCpuSeconds();
            {
                RECORD_FUNCTION("gdas::step", std::vector<c10::IValue>());
                step();
            }
            times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            cpuTimes.push_back(processCpuSeconds() - cpu0);
        }
    }
    BenchResult r;
    r.config = c;
    r.device = describeDevice(device);
    r.threads = at::get_num_threads();
    summarise(r, times, cpuTimes, imagesPerStep);
    return r;
}

// One training step of the evaluation network as RetrainSession takes it: forward with
// drop-path, loss + 0.4 x auxiliary loss, backward, gradient norm clipped at 5, SGD, and the
// batch's loss and accuracies read back.
BenchResult runEvalCase(const BenchCase &c)
{
    torch::AutoGradMode gradMode(true);
    applyCpuThreads(c.threads);
    const torch::Device device = selectDevice(c.device);
    const auto genotype = model::builtinGenotype(c.genotype);
    if (!genotype)
        throw InputError("bench: unknown genotype " + c.genotype);
    NetworkSpec spec;
    spec.genotype = *genotype;
    spec.channels = c.channels;
    spec.layers = c.cells;
    spec.classes = c.classes;
    spec.inChannels = c.inChannels;
    spec.inputHeight = spec.inputWidth = c.side;
    spec.auxiliary = true;
    spec.resolveDefaults();
    torch::manual_seed(c.seed);
    auto network = makeClassifierNetwork(spec);
    network->to(device);
    if (c.channelsLast)
        for (auto &p : network->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    torch::optim::SGD optimizer(network->parameters(),
                                torch::optim::SGDOptions(0.025).momentum(0.9).weight_decay(3e-4));
    TrainingUpdate update(optimizer);
    network->setDropPath(c.dropPath, at::make_generator<at::CPUGeneratorImpl>(c.seed));
    network->train();

    const Batch batch = randomBatch(c, device);
    const torch::Tensor &images = batch.images, &labels = batch.labels;
    auto step = [&] {
        update.begin();
        const ClassifierOutput out = network->forward(images);
        torch::Tensor loss = torch::nn::functional::cross_entropy(out.logits, labels);
        loss = loss + 0.4 * torch::nn::functional::cross_entropy(out.auxLogits, labels);
        loss.backward();
        update.finish(5.0);
        torch::NoGradGuard noGrad;
        const auto hits = std::get<1>(out.logits.topk(5, 1)).eq(labels.unsqueeze(1));
        (void)torch::stack({loss.detach().to(torch::kFloat64), hits.select(1, 0).sum().to(torch::kFloat64),
                            hits.any(1).sum().to(torch::kFloat64)})
            .cpu();
    };
    BenchResult r = timeSteps(c, device, c.batch, step);
    r.weightParameters = countParameters(*network, true);
    return r;
}

// The stepper's Gumbel noise, paired with the official code's (BenchCase::sampleSeed): at the
// first draw of forward pass k, the generator is seeded with seed + k; each draw is
// -log(exponential), as the official `-torch.empty_like(α).exponential_().log()`, and its
// argmax(log_softmax(α) + g) per edge is appended to `samples` (the hard sample's index, as
// the official forward takes it).
void pairNoise(SearchStepper &stepper, std::uint64_t seed, std::vector<std::vector<std::int64_t>> &samples)
{
    const auto net = stepper.net();
    const int perForward = net->hasReduceAlpha() ? 2 : 1;
    auto generator = at::detail::createCPUGenerator(seed);
    auto draws = std::make_shared<std::int64_t>(0);
    stepper.sampler().setNoiseSource(
        [net, perForward, generator, draws, seed, &samples](at::IntArrayRef shape) mutable {
            const auto within = *draws % perForward;
            if (within == 0) {
                std::lock_guard<std::mutex> lock(generator.mutex());
                generator.set_current_seed(seed + static_cast<std::uint64_t>(*draws / perForward));
                samples.emplace_back();
            }
            ++*draws;
            auto gumbel = torch::empty(shape, torch::TensorOptions().dtype(torch::kFloat));
            gumbel.exponential_(1.0, generator);
            gumbel.log_().neg_();
            torch::NoGradGuard noGrad;
            const auto alpha = (within == 0 ? net->alphaNormal() : net->alphaReduce()).detach().to(torch::kCPU);
            const auto index = (torch::log_softmax(alpha.to(torch::kFloat), 1) + gumbel).argmax(1).contiguous();
            samples.back().insert(samples.back().end(), index.data_ptr<std::int64_t>(),
                                  index.data_ptr<std::int64_t>() + index.numel());
            return gumbel;
        });
}

BenchResult runCase(const BenchCase &c)
{
    if (c.evalNetwork)
        return runEvalCase(c);
    torch::AutoGradMode gradMode(true);
    applyCpuThreads(c.threads);
    const torch::Device device = selectDevice(c.device);
    if (!AutocastGuard::supported(device, c.amp))
        throw InputError("bench: mixed precision " + toString(c.amp) +
                         " needs a CUDA device (bf16 also runs on the CPU)");
    if (device.is_cuda())
        configureCuda(false);

    SearchConfig cfg;
    cfg.space = std::string(model::toString(c.space));
    cfg.algorithm = c.algorithm;
    cfg.channels = c.channels;
    cfg.cells = c.cells;
    cfg.batchSize = c.batch;
    cfg.channelsLast = c.channelsLast;
    cfg.amp = c.amp;
    cfg.seed = c.seed;
    cfg.runDir = "unused";
    cfg.resolveDefaults();

    torch::manual_seed(c.seed);
    SearchStepper stepper(cfg, searchSupernetOptions(cfg, c.space, c.inChannels, c.classes), device);

    const Batch w = randomBatch(c, device), a = randomBatch(c, device);
    std::vector<std::vector<std::int64_t>> samples;
    if (c.sampleSeed >= 0 && c.algorithm == Algorithm::Gdas)
        pairNoise(stepper, static_cast<std::uint64_t>(c.sampleSeed), samples);
    auto sums = torch::zeros({kStatSlots}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    // Each step waits for the device's queued work (sums is written last), so that it is timed whole.
    BenchResult r = timeSteps(c, device, 2 * c.batch, [&] {
        stepper.step(w, a, 5.0, sums);
        (void)sums.sum().item<double>();
    });
    r.config.cells = cfg.cells;
    r.samples = std::move(samples);
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
    if (!stats.measured)
        return stats.allocator;
    constexpr double mib = 1024.0 * 1024.0;
    return {{"name", stats.allocator},
            {"allocated_mib", static_cast<double>(stats.allocatedBytes) / mib},
            {"heap_mib", static_cast<double>(stats.heapBytes) / mib}};
}

} // namespace

std::string toJson(const BenchResult &r)
{
    const auto &c = r.config;
    nlohmann::json j{
        {"name", c.name},
        {"space", std::string(model::toString(c.evalNetwork ? model::SpaceKind::Darts : c.space))},
        {"algorithm", c.evalNetwork ? "train " + c.genotype + " (auxiliary, drop-path " +
                                          std::to_string(c.dropPath).substr(0, 4) + ")"
                                    : toString(c.algorithm)},
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
        {"step_seconds", r.stepSeconds},
        {"cpu_seconds_median", r.cpuSecondsMedian},
        {"images_per_s", r.imagesPerSecond},
        {"peak_rss_mib", peakRssMiB()},
        {"cpu_allocator", cpuAllocatorJson()},
        {"weight_parameters", r.weightParameters},
        {"arch_parameters", r.archParameters}};
    if (c.sampleSeed >= 0)
        j["sample_seed"] = c.sampleSeed;
    if (!r.samples.empty())
        j["samples"] = r.samples;
    return j.dump();
}

} // namespace gdas::engine
