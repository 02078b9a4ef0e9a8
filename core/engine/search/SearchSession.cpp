#include "engine/SearchSession.h"

#include "DeviceSelection.h"
#include "SearchStepper.h"
#include "engine/CpuMemory.h"
#include "engine/EngineError.h"
#include "engine/data/Batcher.h"
#include "engine/distributed/AutocastGuard.h"
#include "engine/distributed/DistributedContext.h"
#include "engine/run/Checkpoint.h"
#include "engine/run/RunEnvironment.h"
#include "engine/run/RunObservers.h"
#include "engine/search/BenchmarkJudge.h"
#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"
#include "model/RunRecord.h"
#include "model/SearchHealth.h"

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

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
    double lrScaleChange = 1.0;             // resume(..., lrScale): recorded once the checkpoint has loaded
    RunObservers<SearchObserver> observers; // the run directory's first once setup() has opened it

    void log(const std::string &line) { env.log(line); }

    // Built by setup(). In a data-parallel run only rank 0 writes the run directory and log.txt.
    RunEnvironment env;
    bool stopAgreed = false; // data-parallel: some rank was asked to stop (known at report steps)
    const model::SearchSpace *space = nullptr;
    std::unique_ptr<SearchStepper> stepper;
    std::unique_ptr<Batcher> wBatcher;
    std::unique_ptr<Batcher> aBatcher;
    ImageDataset train;
    std::string deviceName;
    std::int64_t stepsPerEpoch = 0;

    // Position and running state (checkpointed).
    int epoch = 0;
    std::int64_t stepInEpoch = 0;
    std::int64_t globalStep = 0;
    double elapsedBefore = 0.0; // seconds spent in earlier sessions of this run
    double bestArchTop1 = -1.0;
    // The last epoch's α, for the health's "edges whose strongest op changed" (empty before
    // the first epoch, or after a resume in the middle of an epoch whose predecessor could not
    // be read back).
    model::AlphaTable previousNormal;
    model::AlphaTable previousReduce;
    void recallPreviousEpoch();
    void addHealth(EpochReport &r);
    std::unique_ptr<BenchmarkJudge> judge; // with SearchConfig::benchmarkFile
    torch::Tensor epochSums;               // kStatSlots float64 on the device
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
    // Opened before anything is written: a bad database stops the run with the file's name.
    if (!cfg.benchmarkFile.empty())
        judge = std::make_unique<BenchmarkJudge>(cfg.benchmarkFile, cfg.benchmarkDataset);
    const DistributedInfo &job = env.job();
    env.chooseDevice(cfg.device);
    const torch::Device device = env.device();
    if (!AutocastGuard::supported(device, cfg.amp))
        throw InputError("mixed precision " + toString(cfg.amp) + " needs a CUDA device (bf16 also runs on the CPU)");
    if (job.active() && cfg.batchSize % (job.worldSize * cfg.microBatches) != 0)
        throw InputError("batch size " + std::to_string(cfg.batchSize) + " does not split into " +
                         std::to_string(job.worldSize) + " ranks x " + std::to_string(cfg.microBatches) +
                         " micro-batches of equal size");
    if (!resuming)
        env.refuseOccupiedFolder(cfg.runDir, model::RunKind::Search);
    env.start(cfg.threads, cfg.deterministic, std::chrono::seconds(cfg.distributedTimeout));
    DistributedContext *dist = env.dist();
    deviceName = describeDevice(device);
    if (dist)
        deviceName += ", " + std::to_string(job.worldSize) + " ranks over " + dist->backendName();

    train = loadDataset(cfg.data, /*train=*/true);
    const SplitIndices halves = splitHalves(train.size(), cfg.seed);
    BatcherOptions opts = env.batcherOptions(cfg.batchSize, cfg.channelsLast);
    opts.augment = cfg.data.augment;
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

    torch::manual_seed(cfg.seed);
    stepper = std::make_unique<SearchStepper>(
        cfg, searchSupernetOptions(cfg, space->kind, train.channels(), train.classes), device);
    stepper->setGradientAverager(env.averager());

    // The run directory is written only once the settings and the data have passed their checks:
    // a refused start leaves no folder behind that the next try would find occupied.
    env.openRunDirectory(cfg.runDir, "[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
    observers.attach(env);
    RunWriter *writer = env.writer();

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
        recallPreviousEpoch();
        if (lrScaleChange != 1.0 && writer)
            log(writer->recordLearningRateScale(lrScaleChange, cfg.lrScale, epoch, stepInEpoch));
    } else if (writer) {
        nlohmann::json config = nlohmann::json::parse(toJson(cfg));
        config["device"] = deviceName;
        config["dataset_source"] = train.source;
        config["in_channels"] = train.channels();
        config["classes"] = train.classes;
        config["image_side"] = train.side();
        if (!train.classNames.empty())
            config["class_names"] = train.classNames;
        config["steps_per_epoch"] = stepsPerEpoch;
        env.writeConfig(config);
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
    RunWriter *writer = env.writer();
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
    stepper->net()->to(env.device());
    stepper->applyMemoryFormat();
    if (epoch > cfg.epochs || stepInEpoch >= stepsPerEpoch)
        throw InputError(path + ": checkpoint position (epoch " + std::to_string(epoch) + ", step " +
                         std::to_string(stepInEpoch) + ") lies outside this run's schedule");
}

void SearchSession::Impl::recallPreviousEpoch()
{
    if (epoch == 0)
        return;
    if (stepInEpoch == 0) {
        // Checkpointed at an epoch's end: α is the previous epoch's, exactly.
        const EpochReport r = epochReport(0);
        previousNormal = r.normal;
        previousReduce = r.reduce;
        return;
    }
    // Stopped inside an epoch: the previous epoch's α is its line in epochs.jsonl (the run
    // directory is on this machine for the rank that prints and writes; elsewhere "changed" stays
    // unknown for this one epoch).
    try {
        const model::RunRecord record = model::readRunDirectory(cfg.runDir);
        for (const model::EpochRecord &e : record.epochs) {
            if (e.epoch == epoch - 1) {
                previousNormal = e.normal;
                previousReduce = e.reduce;
            }
        }
    } catch (const std::exception &) {
        previousNormal = {};
        previousReduce = {};
    }
}

void SearchSession::Impl::addHealth(EpochReport &r)
{
    const bool known =
        !previousNormal.empty() && previousNormal.rows() == r.normal.rows() && previousNormal.cols() == r.normal.cols();
    r.normalHealth = model::cellHealth(r.normal, known ? &previousNormal : nullptr, r.genotype.normal);
    if (!r.reduce.empty()) {
        const bool knownReduce = known && previousReduce.rows() == r.reduce.rows() &&
                                 previousReduce.cols() == r.reduce.cols() && !previousReduce.empty();
        r.reduceHealth = model::cellHealth(r.reduce, knownReduce ? &previousReduce : nullptr, r.genotype.reduce);
    }
    r.collapsed = model::collapsed(*r.normalHealth, model::CollapseRule{cfg.collapseSkipLimit, cfg.stopOnCollapse});
    previousNormal = r.normal;
    previousReduce = r.reduce;
}

EpochReport SearchSession::Impl::epochReport(double seconds)
{
    const StepSums s = StepSums::fromTensor(epochSums);
    EpochReport r;
    r.epoch = epoch;
    r.epochs = cfg.epochs;
    s.averagesInto(r);
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
    env.dist()->allreduceSum(packed, "the step statistics");
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
    const torch::Device device = env.device();
    const bool dist = env.dist() != nullptr;

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
    observers.notify([&](SearchObserver &o) { o.onStarted(started); });
    log("search " + cfg.name + " on " + deviceName + ": " + cfg.space + "/" + toString(cfg.algorithm) + ", " +
        std::to_string(started.weightParameters) + " weight and " + std::to_string(started.archParameters) +
        " architecture parameters, " + std::to_string(stepsPerEpoch) + " steps per epoch");
    if (!train.notes.empty())
        log(train.notes);
    env.status(model::RunStatus::Running);

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
                env.status(model::RunStatus::Paused);
                observers.notify([](SearchObserver &o) { o.onPaused(true); });
                const bool go = control.waitWhilePaused();
                // Paused time is not search time, nor part of this window's images per second.
                const auto pause = Clock::now() - pauseStart;
                elapsedBefore -= std::chrono::duration<double>(pause).count();
                pausedThisSession += std::chrono::duration<double>(pause).count();
                windowStart += std::chrono::duration_cast<Clock::duration>(pause);
                observers.notify([](SearchObserver &o) { o.onPaused(false); });
                if (go)
                    env.status(model::RunStatus::Running);
            }
            if (dist ? stopAgreed : control.stopRequested()) {
                saveCheckpoint("checkpoint.pt", epoch, stepInEpoch, elapsed());
                env.status(model::RunStatus::Stopped, "stopped at epoch " + std::to_string(epoch) + " step " +
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
                    env.status(model::RunStatus::Failed, message);
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
                w.averagesInto(m);
                m.lr = lr;
                m.tau = tau;
                m.imagesPerSecond = windowSeconds > 0 ? (w.wImages + w.aImages) / windowSeconds : 0.0;
                m.elapsedSeconds = now;
                const double sessionSeconds =
                    std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedThisSession;
                const std::int64_t doneThisSession = globalStep - startGlobal;
                m.etaSeconds = doneThisSession > 0 ? sessionSeconds / doneThisSession * (totalSteps - globalStep) : 0.0;
                observers.notify([&](SearchObserver &o) { o.onStep(m); });
            }
        }

        const double epochSeconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        EpochReport r = epochReport(epochSeconds);
        r.elapsedSeconds = elapsed();
        addHealth(r);
        if (judge)
            r.benchmark = judge->score(r.genotype);
        lastGenotype = r.genotype;
        const bool best = r.aTop1 > bestArchTop1;
        if (best)
            bestArchTop1 = r.aTop1;
        log(fmt::format("epoch {}: weights loss {:.4f}, arch top-1 {:.2f}%, tau {:.3f}, genotype {}", epoch, r.wLoss,
                        r.aTop1, r.tau, model::toSpaceText(r.genotype)));
        // The epoch's rows first (the run directory is the first observer), the checkpoint last:
        // a crash in between leaves a checkpoint of the previous epoch, the resume redoes this
        // one and truncateAfter drops its rows.
        if (r.benchmark)
            log(r.benchmark->index < 0
                    ? fmt::format("benchmark: the cell is not in {}", cfg.benchmarkFile)
                    : fmt::format("benchmark {} (arch {}): test {:.2f}%, best {:.2f}%", r.benchmark->dataset,
                                  r.benchmark->index, r.benchmark->test.value_or(0.0),
                                  r.benchmark->bestTest.value_or(0.0)));
        if (r.collapsed)
            log(fmt::format("warning: the normal cell holds {} skip connections (collapse criterion: {} or more)",
                            r.normalHealth->skipConnections, cfg.collapseSkipLimit));
        observers.notify([&](SearchObserver &o) { o.onEpoch(r); });
        if (best)
            saveCheckpoint("best.pt", epoch + 1, 0, elapsed());
        saveCheckpoint("checkpoint.pt", epoch + 1, 0, elapsed());
        stepInEpoch = 0;
        if (r.collapsed && cfg.stopOnCollapse) {
            // DARTS+'s early stopping: this epoch's cell is the result.
            ++epoch;
            outcome.end = RunEnd::Finished;
            outcome.epochsDone = epoch;
            outcome.genotype = r.genotype;
            outcome.genotype.name = cfg.name;
            outcome.message = fmt::format("stopped early after epoch {}: the normal cell holds {} skip connections "
                                          "(--stop-on-collapse, limit {})",
                                          epoch, r.normalHealth->skipConnections, cfg.collapseSkipLimit);
            if (RunWriter *writer = env.writer())
                writer->writeGenotype(model::toJson(outcome.genotype));
            env.status(model::RunStatus::Finished, outcome.message);
            log(outcome.message + ": " + model::toSpaceText(outcome.genotype));
            return outcome;
        }
    }

    outcome.end = RunEnd::Finished;
    outcome.epochsDone = cfg.epochs;
    // A resumed run that had already finished trains no epoch here: derive from its α.
    outcome.genotype = lastGenotype.normal.empty() ? epochReport(0).genotype : lastGenotype;
    outcome.genotype.name = cfg.name;
    if (RunWriter *writer = env.writer())
        writer->writeGenotype(model::toJson(outcome.genotype));
    env.status(model::RunStatus::Finished);
    log("finished: " + model::toSpaceText(outcome.genotype));
    return outcome;
}

SearchSession::SearchSession(SearchConfig config) : m_impl(std::make_unique<Impl>())
{
    m_impl->cfg = std::move(config);
}

SearchSession::SearchSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SearchSession::~SearchSession() { destroyAndReleaseCpuMemory(m_impl); }

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

void SearchSession::addObserver(SearchObserver *observer) { m_impl->observers.add(observer); }

const SearchConfig &SearchSession::config() const { return m_impl->cfg; }

RunOutcome SearchSession::run(RunControl &control)
{
    // Grad mode is thread-local: the session may run on any thread.
    torch::AutoGradMode gradMode(true);
    m_impl->setup();
    RunOutcome outcome;
    if (const auto error = failureOf([&] { outcome = m_impl->loop(control); })) {
        outcome.end = RunEnd::Failed;
        outcome.message = *error;
        outcome.epochsDone = m_impl->epoch;
        m_impl->env.recordFailure(*error);
    }
    m_impl->observers.notify([&](SearchObserver &o) { o.onFinished(outcome); });
    return outcome;
}

} // namespace gdas::engine
