#include "engine/SearchSession.h"

#include "Checkpoint.h"
#include "DeviceSelection.h"
#include "RunWriter.h"
#include "SearchStepper.h"
#include "engine/CpuMemory.h"
#include "engine/EngineError.h"
#include "engine/data/Batcher.h"
#include "engine/distributed/AutocastGuard.h"
#include "engine/distributed/DistributedContext.h"
#include "engine/distributed/GradientAverager.h"
#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"

#include <nlohmann/json.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace gdas::engine {

namespace {

constexpr const char *kCheckpointFormat = "gdas-search-checkpoint";
constexpr std::int64_t kCheckpointVersion = 2;

double cosineLr(const SearchConfig &c, int epoch)
{
    // The official scheduler: per epoch, eta_min + (base - eta_min)(1 + cos(pi e / T)) / 2.
    return c.lrScale * (c.lrMin + (c.lr - c.lrMin) * (1.0 + std::cos(M_PI * epoch / c.epochs)) / 2.0);
}

model::AlphaTable alphaTable(const model::SearchSpace &space, const torch::Tensor &alpha)
{
    const auto probs = torch::softmax(alpha.detach().to(torch::kCPU, torch::kFloat32), -1).contiguous();
    const float *p = probs.data_ptr<float>();
    return model::AlphaTable(space, std::vector<float>(p, p + probs.numel()));
}

nlohmann::json alphaJson(const model::AlphaTable &t)
{
    nlohmann::json edges = nlohmann::json::array();
    for (const auto &e : t.edges)
        edges.push_back({e.to, e.from});
    nlohmann::json rows = nlohmann::json::array();
    for (int r = 0; r < t.rows(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (int c = 0; c < t.cols(); ++c)
            row.push_back(t.at(r, c));
        rows.push_back(row);
    }
    return {{"ops", t.ops}, {"edges", edges}, {"probs", rows}};
}

std::string uniqueLoggerName()
{
    static std::atomic<int> counter{0};
    return "search-" + std::to_string(++counter);
}

std::string genotypeText(const model::Genotype &g)
{
    return g.space == model::SpaceKind::NasBench201 ? model::toNb201String(g) : model::toDartsLiteral(g);
}

Batch toDevice(Batch b, const torch::Device &device)
{
    if (device.is_cpu())
        return b;
    return {b.images.to(device, /*non_blocking=*/true), b.labels.to(device, true)};
}

} // namespace

struct SearchSession::Impl {
    SearchConfig cfg;
    bool resuming = false;
    double lrScaleChange = 1.0; // resume(..., lrScale): recorded once the checkpoint has loaded
    std::vector<SearchObserver *> observers;

    template <typename F>
    void notify(F &&f)
    {
        for (auto *o : observers)
            f(*o);
    }
    void log(const std::string &line)
    {
        if (logger)
            logger->info(line);
        notify([&](SearchObserver &o) { o.onLog(line); });
    }

    // Built by setup(). In a data-parallel run only rank 0 has a writer and a logger.
    std::shared_ptr<spdlog::logger> logger;
    std::unique_ptr<RunWriter> writer;
    std::unique_ptr<DistributedContext> dist; // null: one process
    std::unique_ptr<GradientAverager> averager;
    bool stopAgreed = false; // data-parallel: some rank was asked to stop (known at report steps)
    const model::SearchSpace *space = nullptr;
    std::unique_ptr<SearchStepper> stepper;
    std::unique_ptr<Batcher> wBatcher;
    std::unique_ptr<Batcher> aBatcher;
    ImageDataset train;
    torch::Device device{torch::kCPU};
    std::string deviceName;
    std::int64_t stepsPerEpoch = 0;

    // Position and running state (checkpointed).
    int epoch = 0;
    std::int64_t stepInEpoch = 0;
    std::int64_t globalStep = 0;
    double elapsedBefore = 0.0; // seconds spent in earlier sessions of this run
    double bestArchTop1 = -1.0;
    torch::Tensor epochSums; // kStatSlots float64 on the device
    torch::Tensor windowSums;

    void setup();
    // Writes the state at position (atEpoch, atStep): the step the resumed run takes first.
    void saveCheckpoint(const std::string &file, int atEpoch, std::int64_t atStep, double elapsedSeconds);
    void loadCheckpoint();
    EpochReport epochReport(double seconds);
    bool reduceWindow(const RunControl &control);
    RunOutcome loop(RunControl &control);
};

void SearchSession::Impl::setup()
{
    cfg.resolveDefaults();
    space = &model::SearchSpace::byName(cfg.space);
    const DistributedInfo job = distributedInfoFromEnvironment();
    device = selectDevice(cfg.device);
    // torchrun starts one process per GPU: "cuda" and "auto" mean this rank's own device.
    if (job.active() && device.is_cuda() && cfg.device.find(':') == std::string::npos)
        device = selectDevice("cuda:" + std::to_string(job.localRank));
    if (!AutocastGuard::supported(device, cfg.amp))
        throw InputError("mixed precision " + toString(cfg.amp) + " needs a CUDA device (bf16 also runs on the CPU)");
    if (job.active() && cfg.batchSize % (job.worldSize * cfg.microBatches) != 0)
        throw InputError("batch size " + std::to_string(cfg.batchSize) + " does not split into " +
                         std::to_string(job.worldSize) + " ranks x " + std::to_string(cfg.microBatches) +
                         " micro-batches of equal size");
    if (job.writesRunDirectory() && !resuming)
        refuseOccupiedRunFolder(cfg.runDir, "search");
    applyCpuThreads(cfg.threads);
    deviceName = describeDevice(device);
    if (device.is_cuda())
        configureCuda(cfg.deterministic);
    if (job.active()) {
        dist = std::make_unique<DistributedContext>(job, device, std::chrono::seconds(cfg.distributedTimeout));
        averager = std::make_unique<GradientAverager>(*dist);
        deviceName += ", " + std::to_string(job.worldSize) + " ranks over " + dist->backendName();
    }

    train = loadDataset(cfg.data, /*train=*/true);
    const SplitIndices halves = splitHalves(train.size(), cfg.seed);
    BatcherOptions opts;
    opts.batchSize = cfg.batchSize;
    opts.augment = cfg.data.augment;
    opts.channelsLast = cfg.channelsLast;
    opts.pinMemory = device.is_cuda();
    if (dist) {
        // Global batch B: each rank takes its B / world rows of every batch (see docs/ENGINE.md).
        opts.shardIndex = dist->rank();
        opts.shardCount = dist->worldSize();
    }
    opts.seed = cfg.seed * 1000003ULL + 1;
    wBatcher = std::make_unique<Batcher>(train, halves.weights, opts);
    opts.seed = cfg.seed * 1000003ULL + 2;
    aBatcher = std::make_unique<Batcher>(train, halves.arch, opts);
    stepsPerEpoch = std::min(wBatcher->batchesPerEpoch(), aBatcher->batchesPerEpoch());
    if (cfg.maxStepsPerEpoch > 0)
        stepsPerEpoch = std::min(stepsPerEpoch, cfg.maxStepsPerEpoch);
    if (stepsPerEpoch < 1)
        throw InputError(train.source + ": " + std::to_string(train.size()) +
                         " training images give each half fewer than one batch of " + std::to_string(cfg.batchSize));

    SupernetOptions net;
    net.space = space->kind;
    net.algorithm = cfg.algorithm;
    net.channels = cfg.channels;
    net.cells = cfg.cells;
    net.inChannels = train.channels();
    net.classes = train.classes;
    torch::manual_seed(cfg.seed);
    stepper = std::make_unique<SearchStepper>(cfg, net, device);
    stepper->setGradientAverager(averager.get());

    // The run directory is written only once the settings and the data have passed their checks:
    // a refused start leaves no folder behind that the next try would find occupied.
    if (job.writesRunDirectory()) {
        writer = std::make_unique<RunWriter>(cfg.runDir);
        logger = std::make_shared<spdlog::logger>(
            uniqueLoggerName(), std::make_shared<spdlog::sinks::basic_file_sink_mt>(writer->path("log.txt")));
        logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
        logger->flush_on(spdlog::level::info);
    }

    auto sumsOptions = torch::TensorOptions().dtype(torch::kFloat64).device(device);
    epochSums = torch::zeros({kStatSlots}, sumsOptions);
    windowSums = torch::zeros({kStatSlots}, sumsOptions);

    if (resuming) {
        loadCheckpoint();
        if (writer)
            writer->truncateAfter(epoch, stepInEpoch);
        // A window in progress holds the whole job's sums (a checkpoint is rank-independent):
        // one rank carries them on, or the next reduction would count them once per rank.
        if (dist && dist->rank() != 0)
            windowSums.zero_();
        log("resumed from checkpoint at epoch " + std::to_string(epoch) + ", step " + std::to_string(stepInEpoch));
        if (lrScaleChange != 1.0 && writer)
            log(writer->recordLearningRateScale(lrScaleChange, cfg.lrScale, epoch, stepInEpoch));
    } else if (writer) {
        nlohmann::json config = nlohmann::json::parse(toJson(cfg));
        config["program_version"] = GDAS_VERSION;
        config["libtorch_version"] = TORCH_VERSION;
        config["device"] = deviceName;
        config["dataset_source"] = train.source;
        config["in_channels"] = train.channels();
        config["classes"] = train.classes;
        config["image_side"] = train.side();
        if (!train.classNames.empty())
            config["class_names"] = train.classNames;
        config["steps_per_epoch"] = stepsPerEpoch;
        config["world_size"] = dist ? dist->worldSize() : 1; // a record only: resume takes any size
        writer->writeConfig(config);
        // A run killed before its first epoch ends can still be resumed.
        saveCheckpoint("checkpoint.pt", 0, 0, 0.0);
    }
    if (dist) {
        std::vector<torch::Tensor> state = stepper->net()->parameters();
        for (const auto &b : stepper->net()->buffers())
            state.push_back(b);
        dist->broadcastFromRank0(state, "the initial parameters");
    }
}

void SearchSession::Impl::saveCheckpoint(const std::string &file, int atEpoch, std::int64_t atStep,
                                         double elapsedSeconds)
{
    if (!writer)
        return; // rank 0 writes for the job; the state is the same on every rank
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("version", c10::IValue(kCheckpointVersion));
    archive.write("space", c10::IValue(cfg.space));
    archive.write("algorithm", c10::IValue(toString(cfg.algorithm)));
    archive.write("channels", c10::IValue(static_cast<std::int64_t>(cfg.channels)));
    archive.write("cells", c10::IValue(static_cast<std::int64_t>(cfg.cells)));
    archive.write("classes", c10::IValue(static_cast<std::int64_t>(train.classes)));
    archive.write("in_channels", c10::IValue(static_cast<std::int64_t>(train.channels())));
    archive.write("batch_size", c10::IValue(static_cast<std::int64_t>(cfg.batchSize)));
    archive.write("seed", c10::IValue(static_cast<std::int64_t>(cfg.seed)));
    archive.write("epoch", c10::IValue(static_cast<std::int64_t>(atEpoch)));
    archive.write("step", c10::IValue(atStep));
    archive.write("global_step", c10::IValue(globalStep));
    archive.write("elapsed", c10::IValue(elapsedSeconds));
    archive.write("best_arch_top1", c10::IValue(bestArchTop1));
    archive.write("epoch_sums", epochSums.to(torch::kCPU), /*is_buffer=*/true);
    archive.write("window_sums", windowSums.to(torch::kCPU), true);
    archive.write("sampler_state", stepper->sampler().state(), true);
    archive.write("loss_scale", c10::IValue(stepper->lossScaler().scale()));
    archive.write("loss_scale_good_steps", c10::IValue(stepper->lossScaler().goodSteps()));
    torch::serialize::OutputArchive model, optimizers;
    stepper->net()->save(model);
    stepper->saveOptimizerState(optimizers);
    archive.write("model", model);
    archive.write("optimizers", optimizers);
    saveArchiveAtomically(archive, writer->path(file));
}

void SearchSession::Impl::loadCheckpoint()
{
    // Every rank of a data-parallel run reads it (the run directory is shared or local).
    const std::string path = (std::filesystem::path(cfg.runDir) / "checkpoint.pt").string();
    torch::serialize::InputArchive archive;
    loadArchive(archive, path);
    auto expectString = [&](const char *key, const std::string &want) {
        const std::string got = readValue(archive, key, path).toStringRef();
        if (got != want)
            throw InputError(path + ": checkpoint " + key + " is '" + got + "' but the run's config says '" + want +
                             "'");
    };
    auto expectInt = [&](const char *key, std::int64_t want) {
        const std::int64_t got = readValue(archive, key, path).toInt();
        if (got != want)
            throw InputError(path + ": checkpoint " + key + " is " + std::to_string(got) + " but the run needs " +
                             std::to_string(want));
    };
    expectString("format", kCheckpointFormat);
    expectInt("version", kCheckpointVersion);
    expectString("space", cfg.space);
    expectString("algorithm", toString(cfg.algorithm));
    expectInt("channels", cfg.channels);
    expectInt("cells", cfg.cells);
    expectInt("classes", train.classes);
    expectInt("in_channels", train.channels());
    expectInt("batch_size", cfg.batchSize);
    epoch = static_cast<int>(readValue(archive, "epoch", path).toInt());
    stepInEpoch = readValue(archive, "step", path).toInt();
    globalStep = readValue(archive, "global_step", path).toInt();
    elapsedBefore = readValue(archive, "elapsed", path).toDouble();
    bestArchTop1 = readValue(archive, "best_arch_top1", path).toDouble();
    c10::IValue scale, goodSteps;
    if (archive.try_read("loss_scale", scale) && archive.try_read("loss_scale_good_steps", goodSteps))
        stepper->lossScaler().setState(scale.toDouble(), goodSteps.toInt());
    try {
        // A fresh tensor per read: reading into a defined tensor would set_() it in place.
        auto readBuffer = [&](const char *key) {
            torch::Tensor t;
            archive.read(key, t, /*is_buffer=*/true);
            return t;
        };
        epochSums.copy_(readBuffer("epoch_sums"));
        windowSums.copy_(readBuffer("window_sums"));
        stepper->sampler().setState(readBuffer("sampler_state"));
        torch::serialize::InputArchive model, optimizers;
        archive.read("model", model);
        archive.read("optimizers", optimizers);
        stepper->net()->load(model);
        stepper->applyMemoryFormat();
        stepper->loadOptimizerState(optimizers);
    } catch (const c10::Error &e) {
        throw InputError(path + ": checkpoint does not match this network: " + e.what_without_backtrace());
    }
    stepper->net()->to(device);
    stepper->applyMemoryFormat();
    if (epoch > cfg.epochs || stepInEpoch >= stepsPerEpoch)
        throw InputError(path + ": checkpoint position (epoch " + std::to_string(epoch) + ", step " +
                         std::to_string(stepInEpoch) + ") lies outside this run's schedule");
}

EpochReport SearchSession::Impl::epochReport(double seconds)
{
    const StepSums s = StepSums::fromTensor(epochSums);
    EpochReport r;
    r.epoch = epoch;
    r.epochs = cfg.epochs;
    r.wLoss = s.avg(s.wLoss, s.wImages);
    r.wTop1 = 100.0 * s.avg(s.wTop1, s.wImages);
    r.wTop5 = 100.0 * s.avg(s.wTop5, s.wImages);
    r.aLoss = s.avg(s.aLoss, s.aImages);
    r.aTop1 = 100.0 * s.avg(s.aTop1, s.aImages);
    r.aTop5 = 100.0 * s.avg(s.aTop5, s.aImages);
    r.lr = cosineLr(cfg, epoch);
    r.tau = tauForEpoch(cfg.tauMax, cfg.tauMin, epoch, cfg.epochs);
    r.seconds = seconds;
    auto &net = stepper->net();
    r.normal = alphaTable(*space, net->alphaNormal());
    if (net->hasReduceAlpha())
        r.reduce = alphaTable(*space, net->alphaReduce());
    r.genotype = model::deriveGenotype(*space, r.normal, r.reduce, model::deriveRuleByName(cfg.deriveRule));
    r.genotype.name = cfg.name + " epoch " + std::to_string(epoch);
    return r;
}

bool SearchSession::Impl::reduceWindow(const RunControl &control)
{
    // The window's sums over all ranks, so every rank logs and checks the same numbers,
    // together with the ranks' stop requests (a stop takes effect when all ranks know of it).
    auto packed = torch::cat({windowSums, torch::full({1}, control.stopRequested() ? 1.0 : 0.0, windowSums.options())});
    dist->allreduceSum(packed, "the step statistics");
    windowSums.copy_(packed.narrow(0, 0, kStatSlots));
    return packed[kStatSlots].item<double>() > 0;
}

RunOutcome SearchSession::Impl::loop(RunControl &control)
{
    using Clock = std::chrono::steady_clock;
    const auto sessionStart = Clock::now();
    double pausedThisSession = 0.0; // seconds; neither search time nor a part of the ETA's rate
    auto elapsed = [&] { return elapsedBefore + std::chrono::duration<double>(Clock::now() - sessionStart).count(); };
    const std::int64_t startGlobal = globalStep;
    const std::int64_t totalSteps = static_cast<std::int64_t>(cfg.epochs) * stepsPerEpoch;

    RunStarted started;
    started.runDir = cfg.runDir;
    started.device = deviceName;
    for (const auto &p : stepper->net()->weightParameters())
        started.weightParameters += p.numel();
    for (const auto &p : stepper->net()->archParameters())
        started.archParameters += p.numel();
    started.startEpoch = epoch;
    started.epochs = cfg.epochs;
    started.stepsPerEpoch = stepsPerEpoch;
    started.data = train.notes;
    notify([&](SearchObserver &o) { o.onStarted(started); });
    log("search " + cfg.name + " on " + deviceName + ": " + cfg.space + "/" + toString(cfg.algorithm) + ", " +
        std::to_string(started.weightParameters) + " weight and " + std::to_string(started.archParameters) +
        " architecture parameters, " + std::to_string(stepsPerEpoch) + " steps per epoch");
    if (!train.notes.empty())
        log(train.notes);
    if (writer)
        writer->appendStatus("running");

    RunOutcome outcome;
    model::Genotype lastGenotype;
    auto stopHere = [&](RunEnd end, const std::string &message) {
        outcome.end = end;
        outcome.message = message;
        outcome.epochsDone = epoch;
        outcome.genotype = epochReport(0).genotype;
        return outcome;
    };

    for (; epoch < cfg.epochs; ++epoch) {
        const double lr = cosineLr(cfg, epoch);
        const double tau = tauForEpoch(cfg.tauMax, cfg.tauMin, epoch, cfg.epochs);
        stepper->setLearningRate(lr);
        wBatcher->startEpoch(epoch, stepInEpoch);
        aBatcher->startEpoch(epoch, stepInEpoch);
        const auto epochStart = Clock::now();
        auto windowStart = Clock::now();
        if (stepInEpoch == 0) {
            epochSums.zero_();
            windowSums.zero_();
        }
        for (; stepInEpoch < stepsPerEpoch; ++stepInEpoch) {
            // Pausing one rank would stall the others into their timeout: not in a data-parallel run.
            if (!dist && control.isPaused()) {
                const auto pauseStart = Clock::now();
                writer->appendStatus("paused");
                notify([](SearchObserver &o) { o.onPaused(true); });
                const bool go = control.waitWhilePaused();
                // Paused time is not search time, nor part of this window's images per second.
                const auto pause = Clock::now() - pauseStart;
                elapsedBefore -= std::chrono::duration<double>(pause).count();
                pausedThisSession += std::chrono::duration<double>(pause).count();
                windowStart += std::chrono::duration_cast<Clock::duration>(pause);
                notify([](SearchObserver &o) { o.onPaused(false); });
                if (go)
                    writer->appendStatus("running");
            }
            if (dist ? stopAgreed : control.stopRequested()) {
                saveCheckpoint("checkpoint.pt", epoch, stepInEpoch, elapsed());
                if (writer)
                    writer->appendStatus("stopped", "stopped at epoch " + std::to_string(epoch) + " step " +
                                                        std::to_string(stepInEpoch) + "; resume with --resume");
                log("stopped at epoch " + std::to_string(epoch) + ", step " + std::to_string(stepInEpoch));
                return stopHere(RunEnd::Stopped, "stopped by request");
            }

            const Batch wb = toDevice(wBatcher->next(), device);
            const Batch ab = toDevice(aBatcher->next(), device);
            auto [wLoss, aLoss] = stepper->step(wb, ab, tau, windowSums);
            ++globalStep;

            const bool report = (stepInEpoch + 1) % cfg.logEvery == 0 || stepInEpoch + 1 == stepsPerEpoch;
            if (dist && report)
                stopAgreed = reduceWindow(control);
            // Every step: the check is two scalars, and a GDAS step already waits for the
            // sampled op indices on the host; so the message names the step where the loss
            // turned non-finite, before the next step samples from α. Ranks decide together, at report steps,
            // from the summed losses (non-finite when any rank's was), so that no rank leaves
            // the job alone.
            if (!dist || report) {
                const StepSums reduced = dist ? StepSums::fromTensor(windowSums) : StepSums{};
                const double wl = dist ? reduced.wLoss : wLoss.item<double>();
                const double al = dist ? reduced.aLoss : aLoss.item<double>();
                if (!std::isfinite(wl) || !std::isfinite(al)) {
                    const std::string which = !std::isfinite(wl) ? "weights" : "arch";
                    const std::string message = "non-finite " + which + " loss (" +
                                                std::to_string(!std::isfinite(wl) ? wl : al) + ") at epoch " +
                                                std::to_string(epoch) + " step " + std::to_string(stepInEpoch) +
                                                "; the last good checkpoint is kept";
                    if (writer)
                        writer->appendStatus("failed", message);
                    log(message);
                    outcome.end = RunEnd::Failed;
                    outcome.message = message;
                    outcome.nonFiniteLoss = true;
                    outcome.epochsDone = epoch;
                    outcome.genotype = lastGenotype;
                    return outcome;
                }
            }
            if (report) {
                const StepSums w = StepSums::fromTensor(windowSums);
                epochSums.add_(windowSums);
                windowSums.zero_();
                const double now = elapsed();
                const double windowSeconds = std::chrono::duration<double>(Clock::now() - windowStart).count();
                windowStart = Clock::now();
                StepMetrics m;
                m.epoch = epoch;
                m.epochs = cfg.epochs;
                m.step = stepInEpoch;
                m.stepsPerEpoch = stepsPerEpoch;
                m.globalStep = globalStep;
                m.wLoss = w.avg(w.wLoss, w.wImages);
                m.wTop1 = 100.0 * w.avg(w.wTop1, w.wImages);
                m.wTop5 = 100.0 * w.avg(w.wTop5, w.wImages);
                m.aLoss = w.avg(w.aLoss, w.aImages);
                m.aTop1 = 100.0 * w.avg(w.aTop1, w.aImages);
                m.aTop5 = 100.0 * w.avg(w.aTop5, w.aImages);
                m.lr = lr;
                m.tau = tau;
                m.imagesPerSecond = windowSeconds > 0 ? (w.wImages + w.aImages) / windowSeconds : 0.0;
                m.elapsedSeconds = now;
                const double sessionSeconds =
                    std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedThisSession;
                const std::int64_t doneThisSession = globalStep - startGlobal;
                m.etaSeconds = doneThisSession > 0 ? sessionSeconds / doneThisSession * (totalSteps - globalStep) : 0.0;
                if (writer)
                    writer->appendMetric({{"type", "step"},
                                          {"epoch", epoch},
                                          {"step", stepInEpoch},
                                          {"global_step", globalStep},
                                          {"w_loss", m.wLoss},
                                          {"w_top1", m.wTop1},
                                          {"w_top5", m.wTop5},
                                          {"a_loss", m.aLoss},
                                          {"a_top1", m.aTop1},
                                          {"a_top5", m.aTop5},
                                          {"lr", lr},
                                          {"tau", tau},
                                          {"time", now},
                                          {"images_per_s", m.imagesPerSecond}});
                notify([&](SearchObserver &o) { o.onStep(m); });
            }
        }

        const double epochSeconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        EpochReport r = epochReport(epochSeconds);
        lastGenotype = r.genotype;
        if (writer)
            writer->appendMetric({{"type", "epoch"},
                                  {"epoch", epoch},
                                  {"w_loss", r.wLoss},
                                  {"w_top1", r.wTop1},
                                  {"w_top5", r.wTop5},
                                  {"a_loss", r.aLoss},
                                  {"a_top1", r.aTop1},
                                  {"a_top5", r.aTop5},
                                  {"lr", r.lr},
                                  {"tau", r.tau},
                                  {"time", elapsed()},
                                  {"seconds", epochSeconds}});
        nlohmann::json epochRow{{"epoch", epoch},
                                {"tau", r.tau},
                                {"normal", alphaJson(r.normal)},
                                {"genotype", nlohmann::json::parse(model::toJson(r.genotype))}};
        if (!r.reduce.empty())
            epochRow["reduce"] = alphaJson(r.reduce);
        // The epoch line first, the checkpoint last: a crash in between leaves a checkpoint of the
        // previous epoch, the resume redoes this one and truncateAfter drops its rows.
        if (writer)
            writer->appendEpoch(epochRow);
        const bool best = r.aTop1 > bestArchTop1;
        if (best)
            bestArchTop1 = r.aTop1;
        if (best)
            saveCheckpoint("best.pt", epoch + 1, 0, elapsed());
        saveCheckpoint("checkpoint.pt", epoch + 1, 0, elapsed());
        log(fmt::format("epoch {}: weights loss {:.4f}, arch top-1 {:.2f}%, tau {:.3f}, genotype {}", epoch, r.wLoss,
                        r.aTop1, r.tau, genotypeText(r.genotype)));
        notify([&](SearchObserver &o) { o.onEpoch(r); });
        stepInEpoch = 0;
    }

    outcome.end = RunEnd::Finished;
    outcome.epochsDone = cfg.epochs;
    // A resumed run that had already finished trains no epoch here: derive from its α.
    outcome.genotype = lastGenotype.normal.empty() ? epochReport(0).genotype : lastGenotype;
    outcome.genotype.name = cfg.name;
    if (writer) {
        writer->writeGenotype(model::toJson(outcome.genotype));
        writer->appendStatus("finished");
    }
    log("finished: " + genotypeText(outcome.genotype));
    return outcome;
}

SearchSession::SearchSession(SearchConfig config) : m_impl(std::make_unique<Impl>())
{
    m_impl->cfg = std::move(config);
}

SearchSession::SearchSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SearchSession::~SearchSession()
{
    // The network, optimiser state and data go back to the CPU allocator's cache here; hand
    // them to the kernel, so an application that runs one session after another (the
    // workbench) does not hold the last one's peak.
    m_impl.reset();
    releaseFreeCpuMemory();
}

std::unique_ptr<SearchSession> SearchSession::resume(const std::string &runDir, int newEpochs, double lrScale)
{
    if (!(lrScale > 0) || !std::isfinite(lrScale))
        throw InputError("the learning-rate scale must be positive (got " + std::to_string(lrScale) + ")");
    const std::string configPath = (std::filesystem::path(runDir) / "config.json").string();
    auto impl = std::make_unique<Impl>();
    impl->cfg = searchConfigFromJson(readWholeFile(configPath), configPath);
    impl->cfg.runDir = runDir;
    if (newEpochs > 0)
        impl->cfg.epochs = newEpochs;
    impl->cfg.lrScale *= lrScale;
    impl->lrScaleChange = lrScale;
    impl->resuming = true;
    return std::unique_ptr<SearchSession>(new SearchSession(std::move(impl)));
}

void SearchSession::addObserver(SearchObserver *observer) { m_impl->observers.push_back(observer); }

const SearchConfig &SearchSession::config() const { return m_impl->cfg; }

RunOutcome SearchSession::run(RunControl &control)
{
    // Grad mode is thread-local: the session may run on any thread.
    torch::AutoGradMode gradMode(true);
    m_impl->setup();
    RunOutcome outcome;
    const auto fail = [&](const std::string &message) {
        outcome.end = RunEnd::Failed;
        outcome.message = message;
        outcome.epochsDone = m_impl->epoch;
        m_impl->log("failed: " + message);
        try {
            if (m_impl->writer)
                m_impl->writer->appendStatus("failed", message);
        } catch (const std::exception &) {
            // The disk may be the problem; the outcome still carries the message.
        }
    };
    try {
        outcome = m_impl->loop(control);
    } catch (const c10::Error &e) {
        fail(e.what_without_backtrace()); // LibTorch's what() appends a C++ stack trace
    } catch (const std::exception &e) {
        fail(e.what());
    }
    m_impl->notify([&](SearchObserver &o) { o.onFinished(outcome); });
    return outcome;
}

} // namespace gdas::engine
