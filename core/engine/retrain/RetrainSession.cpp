#include "engine/RetrainSession.h"

#include "RetrainConfigJson.h"
#include "StateDictFile.h"

#include "engine/CpuMemory.h"
#include "engine/EngineError.h"
#include "engine/data/Batcher.h"
#include "engine/data/ImageDataset.h"
#include "engine/distributed/DistributedContext.h"
#include "engine/distributed/GradientAverager.h"
#include "engine/nn/ClassifierNetwork.h"
#include "engine/run/Checkpoint.h"
#include "engine/run/RunEnvironment.h"
#include "engine/run/RunObservers.h"
#include "engine/search/DeviceSelection.h"
#include "engine/search/FusedSgd.h"

#include "model/GenotypeFormats.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <numeric>
#include <sstream>

namespace fs = std::filesystem;

namespace gdas::engine {

namespace {

constexpr const char *kCheckpointFormat = "gdas-retrain-checkpoint";
constexpr std::int64_t kCheckpointVersion = 1;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string defaultRunName(const RetrainConfig &config)
{
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    const std::string genotype = config.network.genotype.name.empty() ? "genotype" : config.network.genotype.name;
    return "retrain-" + genotype + "-" + config.data.dataset + "-" + stamp;
}

// Running sums over the steps of one epoch, checkpointed so a resumed epoch averages the same.
struct EpochMeter {
    double lossSum = 0, top1Sum = 0, top5Sum = 0;
    std::int64_t count = 0;
    void add(double loss, double top1Correct, double top5Correct, std::int64_t n)
    {
        lossSum += loss * static_cast<double>(n);
        top1Sum += top1Correct;
        top5Sum += top5Correct;
        count += n;
    }
    double loss() const { return count ? lossSum / static_cast<double>(count) : 0.0; }
    double top1() const { return count ? 100.0 * top1Sum / static_cast<double>(count) : 0.0; }
    double top5() const { return count ? 100.0 * top5Sum / static_cast<double>(count) : 0.0; }
};

// Mean loss, top-1 and top-5 hits of a batch, fetched from the device in one transfer.
struct BatchScore {
    double loss = 0, top1 = 0, top5 = 0;
};

BatchScore scoreBatch(const torch::Tensor &loss, const torch::Tensor &logits, const torch::Tensor &labels)
{
    const int64_t k = std::min<int64_t>(5, logits.size(1));
    const auto predicted = std::get<1>(logits.topk(k, 1));
    const auto hits = predicted.eq(labels.unsqueeze(1));
    const auto values = torch::stack({loss.detach().to(torch::kFloat64), hits.select(1, 0).sum().to(torch::kFloat64),
                                      hits.any(1).sum().to(torch::kFloat64)})
                            .cpu();
    const double *v = values.data_ptr<double>();
    return {v[0], v[1], v[2]};
}

} // namespace

struct RetrainSession::Impl {
    RetrainConfig config;
    bool resuming = false;
    RunObservers<RetrainObserver> observers; // the run directory's first once setUp() has opened it

    // Set up by run(). In a data-parallel run only rank 0 writes the run directory and log.txt.
    RunEnvironment env;
    ImageDataset trainData;
    ImageDataset testData;
    std::unique_ptr<Batcher> trainBatcher;
    std::unique_ptr<Batcher> testBatcher;
    std::shared_ptr<ClassifierNetwork> network;
    std::unique_ptr<torch::optim::SGD> optimizer;
    std::unique_ptr<TrainingUpdate> update; // the optimizer's step (fused where it applies)
    at::Generator dropPathGenerator;
    bool stopAgreed = false; // data-parallel: some rank was asked to stop (known at log steps)
    NetworkInfo networkInfo;
    std::int64_t stepsPerEpoch = 0;

    // Position and history; all of it goes into the checkpoint.
    int epoch = 0;
    std::int64_t step = 0; // steps done in `epoch`
    EpochMeter meter;
    double bestTop1 = -1.0;
    int bestEpoch = -1;
    double lastTestTop1 = 0.0;
    double elapsedBefore = 0.0; // seconds of earlier sessions of this run
    Clock::time_point sessionStart;

    double elapsed() const { return elapsedBefore + secondsSince(sessionStart); }
    double lrForEpoch(int e) const
    {
        // DARTS's CosineAnnealingLR stepped once per epoch before training (epoch 0 at lr).
        const double progress = static_cast<double>(e) / static_cast<double>(config.epochs);
        constexpr double pi = 3.14159265358979323846;
        return config.lrMin + (config.lr - config.lrMin) * 0.5 * (1.0 + std::cos(pi * progress));
    }
    double dropPathForEpoch(int e) const
    {
        return config.dropPath * static_cast<double>(e) / static_cast<double>(config.epochs);
    }

    void log(const std::string &line) { env.log(line); }

    // The meter summed over all ranks (the job's averages); with `stop`, also whether any rank
    // was asked to stop. One process: the meter itself.
    EpochMeter jobMeter(const EpochMeter &local, bool stop = false, bool *anyStop = nullptr);
    void setUp();
    void writeConfig();
    void saveCheckpoint();
    void loadCheckpoint();
    void saveBest();
    RetrainEpoch evaluate(int e, double epochStartElapsed);
    RetrainOutcome loop(RunControl &control);
    RetrainOutcome finish();
};

EpochMeter RetrainSession::Impl::jobMeter(const EpochMeter &local, bool stop, bool *anyStop)
{
    if (anyStop)
        *anyStop = stop;
    if (!env.dist())
        return local;
    auto packed =
        torch::tensor({local.lossSum, local.top1Sum, local.top5Sum, static_cast<double>(local.count), stop ? 1.0 : 0.0},
                      torch::TensorOptions().dtype(torch::kFloat64).device(env.device()));
    env.dist()->allreduceSum(packed, "the training statistics");
    packed = packed.cpu();
    const double *v = packed.data_ptr<double>();
    if (anyStop)
        *anyStop = v[4] > 0;
    EpochMeter job;
    job.lossSum = v[0];
    job.top1Sum = v[1];
    job.top5Sum = v[2];
    job.count = static_cast<std::int64_t>(std::llround(v[3]));
    return job;
}

void RetrainSession::Impl::setUp()
{
    const DistributedInfo &job = env.job();
    if (!resuming)
        env.refuseOccupiedFolder(config.runDir, model::RunKind::Retrain); // before anything is written
    env.chooseDevice(config.device);
    if (job.active() && config.batchSize % job.worldSize != 0)
        throw InputError("batch size " + std::to_string(config.batchSize) + " does not split into " +
                         std::to_string(job.worldSize) + " ranks of equal size");
    env.start(config.threads, config.deterministic, std::chrono::seconds(config.distributedTimeout));
    if (config.name.empty())
        config.name = defaultRunName(config);

    trainData = loadDataset(config.data, /*train=*/true);
    testData = loadDataset(config.data, /*train=*/false);
    if (trainData.size() < config.batchSize)
        throw InputError(trainData.source + ": " + std::to_string(trainData.size()) +
                         " training images, fewer than one batch of " + std::to_string(config.batchSize));
    if (testData.size() == 0)
        throw InputError(testData.source + ": no test images");
    NetworkSpec &spec = config.network;
    spec.classes = trainData.classes;
    spec.inChannels = trainData.channels();
    spec.inputHeight = static_cast<int>(trainData.images.size(2));
    spec.inputWidth = static_cast<int>(trainData.images.size(3));
    config.resolveDefaults();

    // The initial weights depend only on the seed (a resumed run loads them anyway).
    torch::manual_seed(config.seed);
    network = makeClassifierNetwork(spec);
    networkInfo = measureNetwork(*network);
    network->to(env.device());
    if (config.channelsLast)
        for (auto &p : network->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    optimizer = std::make_unique<torch::optim::SGD>(
        network->parameters(),
        torch::optim::SGDOptions(config.lr).momentum(config.momentum).weight_decay(config.weightDecay));
    update = std::make_unique<TrainingUpdate>(*optimizer);
    dropPathGenerator = at::make_generator<at::CPUGeneratorImpl>(config.seed ^ 0x9e3779b97f4a7c15ULL);
    if (env.dist())
        env.dist()->broadcastFromRank0(network->parameters(), "the initial weights");

    std::vector<std::int64_t> trainIndices(static_cast<std::size_t>(trainData.size()));
    std::iota(trainIndices.begin(), trainIndices.end(), 0);
    BatcherOptions trainOptions = env.batcherOptions(config.batchSize, config.channelsLast);
    trainOptions.shuffle = true;
    trainOptions.augment = config.data.augment;
    trainOptions.cutout = config.data.cutout;
    trainOptions.dropLast = true; // a batch of one would break BatchNorm
    trainOptions.seed = config.seed;
    trainBatcher = std::make_unique<Batcher>(trainData, std::move(trainIndices), trainOptions);

    std::vector<std::int64_t> testIndices(static_cast<std::size_t>(testData.size()));
    std::iota(testIndices.begin(), testIndices.end(), 0);
    BatcherOptions testOptions = env.batcherOptions(config.evalBatchSize, config.channelsLast);
    testOptions.shuffle = false;
    testOptions.augment = false;
    testOptions.cutout = 0;
    testOptions.dropLast = false;
    testOptions.seed = config.seed;
    testBatcher = std::make_unique<Batcher>(testData, std::move(testIndices), testOptions);

    stepsPerEpoch = trainBatcher->batchesPerEpoch();
    if (config.maxStepsPerEpoch > 0)
        stepsPerEpoch = std::min(stepsPerEpoch, config.maxStepsPerEpoch);

    env.openRunDirectory(config.runDir, "%Y-%m-%d %H:%M:%S.%e %v");
    observers.attach(env);
}

void RetrainSession::Impl::writeConfig()
{
    if (!env.writer())
        return;
    nlohmann::json json = retrainConfigToJson(config);
    json["device"] = env.device().str();
    json["parameters"] = networkInfo.parameters;
    json["parameters_with_auxiliary"] = networkInfo.parametersWithAuxiliary;
    json["multiply_adds"] = networkInfo.multiplyAdds;
    json["train_images"] = trainData.size();
    json["test_images"] = testData.size();
    if (!trainData.classNames.empty())
        json["class_names"] = trainData.classNames;
    json["steps_per_epoch"] = stepsPerEpoch;
    env.writeConfig(json);
    env.writer()->writeGenotype(model::toJson(config.network.genotype));
}

void RetrainSession::Impl::saveCheckpoint()
{
    // The job's meter, not rank 0's share: a checkpoint holds nothing rank-specific. Every rank
    // takes part in the sum; rank 0 writes.
    const EpochMeter saved = jobMeter(meter);
    if (!env.writer())
        return;
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("version", c10::IValue(kCheckpointVersion));
    torch::serialize::OutputArchive modelArchive;
    network->save(modelArchive);
    archive.write("model", modelArchive);
    torch::serialize::OutputArchive optimizerArchive;
    optimizer->save(optimizerArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("epoch", c10::IValue(static_cast<std::int64_t>(epoch)));
    archive.write("step", c10::IValue(step));
    archive.write("meter", torch::tensor({saved.lossSum, saved.top1Sum, saved.top5Sum}, torch::kFloat64));
    archive.write("meter_count", c10::IValue(saved.count));
    archive.write("best_top1", c10::IValue(bestTop1));
    archive.write("best_epoch", c10::IValue(static_cast<std::int64_t>(bestEpoch)));
    archive.write("last_test_top1", c10::IValue(lastTestTop1));
    archive.write("elapsed", c10::IValue(elapsed()));
    archive.write("drop_path_rng", dropPathGenerator.get_state());
    saveArchiveAtomically(archive, env.writer()->path("checkpoint.pt"));
}

void RetrainSession::Impl::loadCheckpoint()
{
    // Every rank of a data-parallel run reads it (the run directory is shared or local).
    const std::string path = (fs::path(config.runDir) / "checkpoint.pt").string();
    torch::serialize::InputArchive archive;
    loadArchive(archive, path);
    if (readValue(archive, "format", path).toStringRef() != kCheckpointFormat)
        throw InputError(path + ": not a retrain checkpoint");
    if (readValue(archive, "version", path).toInt() != kCheckpointVersion)
        throw InputError(path + ": checkpoint version " + std::to_string(readValue(archive, "version", path).toInt()) +
                         " is not supported");
    try {
        torch::serialize::InputArchive modelArchive;
        archive.read("model", modelArchive);
        network->load(modelArchive);
        torch::serialize::InputArchive optimizerArchive;
        archive.read("optimizer", optimizerArchive);
        optimizer->load(optimizerArchive);
        update->resetCache();
    } catch (const c10::Error &e) {
        throw InputError(path + ": the checkpoint does not fit this network (" + e.what_without_backtrace() + ")");
    }
    network->to(env.device());
    epoch = static_cast<int>(readValue(archive, "epoch", path).toInt());
    step = readValue(archive, "step", path).toInt();
    const torch::Tensor sums = readTensor(archive, "meter", path).to(torch::kFloat64).cpu();
    if (sums.numel() < 3)
        throw InputError(path + ": checkpoint 'meter' holds " + std::to_string(sums.numel()) + " values, expected 3");
    meter.lossSum = sums[0].item<double>();
    meter.top1Sum = sums[1].item<double>();
    meter.top5Sum = sums[2].item<double>();
    meter.count = readValue(archive, "meter_count", path).toInt();
    if (env.dist() && env.dist()->rank() != 0)
        meter = EpochMeter(); // the job's sums continue on one rank only
    bestTop1 = readValue(archive, "best_top1", path).toDouble();
    bestEpoch = static_cast<int>(readValue(archive, "best_epoch", path).toInt());
    lastTestTop1 = readValue(archive, "last_test_top1", path).toDouble();
    elapsedBefore = readValue(archive, "elapsed", path).toDouble();
    try {
        dropPathGenerator.set_state(readTensor(archive, "drop_path_rng", path));
    } catch (const c10::Error &e) {
        throw InputError(path + ": checkpoint 'drop_path_rng' is not a generator state: " + e.what_without_backtrace());
    }
    if (step >= stepsPerEpoch && epoch < config.epochs)
        throw InputError(path + ": step " + std::to_string(step) + " is past the " + std::to_string(stepsPerEpoch) +
                         " steps of an epoch (the data or batch settings changed?)");
}

void RetrainSession::Impl::saveBest()
{
    if (!env.writer())
        return;
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string("gdas-retrain-best")));
    archive.write("version", c10::IValue(kCheckpointVersion));
    torch::serialize::OutputArchive modelArchive;
    network->save(modelArchive);
    archive.write("model", modelArchive);
    archive.write("epoch", c10::IValue(static_cast<std::int64_t>(bestEpoch)));
    archive.write("test_top1", c10::IValue(bestTop1));
    saveArchiveAtomically(archive, env.writer()->path("best.pt"));
}

RetrainEpoch RetrainSession::Impl::evaluate(int e, double epochStartElapsed)
{
    RetrainEpoch report;
    report.epoch = e;
    report.epochs = config.epochs;
    const EpochMeter train = jobMeter(meter);
    report.trainLoss = train.loss();
    report.trainTop1 = train.top1();
    report.trainTop5 = train.top5();
    report.lr = lrForEpoch(e);
    report.dropPath = dropPathForEpoch(e);

    torch::NoGradGuard noGrad;
    // Every rank tests its shard of the test set with rank 0's BatchNorm statistics, so the
    // summed result is that of the checkpointed network on the whole set.
    if (env.dist())
        env.dist()->broadcastFromRank0(network->buffers(), "the BatchNorm statistics");
    network->eval();
    EpochMeter test;
    testBatcher->startEpoch(0);
    for (std::int64_t b = 0; b < testBatcher->batchesPerEpoch(); ++b) {
        Batch batch = testBatcher->next();
        const auto images = batch.images.to(env.device(), /*non_blocking=*/true);
        const auto labels = batch.labels.to(env.device(), /*non_blocking=*/true);
        const auto logits = network->forward(images).logits;
        const auto loss = torch::nn::functional::cross_entropy(logits, labels);
        const BatchScore s = scoreBatch(loss, logits, labels);
        test.add(s.loss, s.top1, s.top5, labels.size(0));
    }
    network->train();
    test = jobMeter(test);
    report.testLoss = test.loss();
    report.testTop1 = test.top1();
    report.testTop5 = test.top5();
    report.seconds = elapsed() - epochStartElapsed;
    return report;
}

RetrainOutcome RetrainSession::Impl::loop(RunControl &control)
{
    RetrainOutcome outcome;
    auto notifyPause = [&](bool paused) {
        env.status(paused ? model::RunStatus::Paused : model::RunStatus::Running);
        log(paused ? "paused" : "resumed");
        observers.notify([&](RetrainObserver &o) { o.onPaused(paused); });
    };
    auto stopHere = [&]() {
        saveCheckpoint();
        env.status(model::RunStatus::Stopped,
                   "stopped in epoch " + std::to_string(epoch + 1) + " after step " + std::to_string(step));
        log("stopped in epoch " + std::to_string(epoch + 1) + " after step " + std::to_string(step) +
            "; checkpoint saved");
        outcome.end = RunEnd::Stopped;
        outcome.epochsDone = epoch;
        outcome.bestTestTop1 = std::max(0.0, bestTop1);
        outcome.bestEpoch = bestEpoch;
        outcome.finalTestTop1 = lastTestTop1;
        return outcome;
    };

    network->train();
    while (epoch < config.epochs) {
        const double lr = lrForEpoch(epoch);
        const double drop = dropPathForEpoch(epoch);
        for (auto &group : optimizer->param_groups())
            static_cast<torch::optim::SGDOptions &>(group.options()).lr(lr);
        network->setDropPath(drop, dropPathGenerator);
        if (step == 0)
            log("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(config.epochs) + " lr " +
                std::to_string(lr) + " drop_path " + std::to_string(drop));
        const double epochStart = elapsed();
        trainBatcher->startEpoch(epoch, step);
        Clock::time_point windowStart = Clock::now();
        std::int64_t windowImages = 0;
        for (; step < stepsPerEpoch; ++step) {
            // Pausing one rank would stall the others into their timeout: not in a data-parallel run.
            if (!env.dist() && control.isPaused() && !control.stopRequested()) {
                const Clock::time_point pauseStart = Clock::now();
                saveCheckpoint();
                notifyPause(true);
                const bool goOn = control.waitWhilePaused();
                elapsedBefore -= secondsSince(pauseStart); // paused time is not training time
                if (goOn)
                    notifyPause(false);
                windowStart = Clock::now();
                windowImages = 0;
            }
            if (env.dist() ? stopAgreed : control.stopRequested())
                return stopHere();

            Batch batch = trainBatcher->next();
            const auto images = batch.images.to(env.device(), /*non_blocking=*/true);
            const auto labels = batch.labels.to(env.device(), /*non_blocking=*/true);
            update->begin(/*fusedAllowed=*/env.averager() == nullptr);
            const ClassifierOutput out = network->forward(images);
            torch::Tensor loss = torch::nn::functional::cross_entropy(out.logits, labels);
            if (out.auxLogits.defined() && config.auxiliaryWeight > 0.0)
                loss = loss + config.auxiliaryWeight * torch::nn::functional::cross_entropy(out.auxLogits, labels);
            loss.backward();
            if (env.averager())
                env.averager()->average(network->parameters(), "weight gradients");
            update->finish(config.gradClip);

            const BatchScore s = scoreBatch(loss, out.logits, labels);
            if (!std::isfinite(s.loss))
                throw RuntimeFailure("the training loss became " + std::to_string(s.loss) + " at epoch " +
                                     std::to_string(epoch) + ", step " + std::to_string(step));
            meter.add(s.loss, s.top1, s.top5, labels.size(0));
            windowImages += labels.size(0);

            const bool lastStep = step + 1 == stepsPerEpoch;
            if ((step + 1) % config.logEvery == 0 || lastStep) {
                // Data-parallel: the job's averages, and the ranks agree on a stop here.
                const EpochMeter job = jobMeter(meter, control.stopRequested(), &stopAgreed);
                RetrainStep report;
                report.epoch = epoch;
                report.epochs = config.epochs;
                report.step = step;
                report.stepsPerEpoch = stepsPerEpoch;
                report.globalStep = static_cast<std::int64_t>(epoch) * stepsPerEpoch + step;
                report.loss = job.loss();
                report.top1 = job.top1();
                report.top5 = job.top5();
                report.lr = lr;
                report.dropPath = drop;
                const double window = secondsSince(windowStart);
                const double jobImages = static_cast<double>(windowImages) * env.worldSize();
                report.imagesPerSecond = window > 0 ? jobImages / window : 0.0;
                report.elapsedSeconds = elapsed();
                const std::int64_t stepsLeft =
                    (static_cast<std::int64_t>(config.epochs) - epoch) * stepsPerEpoch - (step + 1);
                report.etaSeconds = report.imagesPerSecond > 0
                                        ? static_cast<double>(stepsLeft * config.batchSize) / report.imagesPerSecond
                                        : 0.0;
                observers.notify([&](RetrainObserver &o) { o.onStep(report); });
                windowStart = Clock::now();
                windowImages = 0;
            }
        }

        RetrainEpoch report = evaluate(epoch, epochStart);
        lastTestTop1 = report.testTop1;
        const bool improved = report.testTop1 > bestTop1;
        if (improved) {
            bestTop1 = report.testTop1;
            bestEpoch = epoch;
        }
        report.bestTestTop1 = bestTop1;
        report.bestEpoch = bestEpoch;
        report.elapsedSeconds = elapsed();
        std::ostringstream line;
        line << "epoch " << epoch + 1 << "/" << config.epochs << " train loss " << report.trainLoss << " top-1 "
             << report.trainTop1 << "% | test loss " << report.testLoss << " top-1 " << report.testTop1 << "% top-5 "
             << report.testTop5 << "% | best " << bestTop1 << "% (epoch " << bestEpoch + 1 << ") | " << report.seconds
             << " s";
        log(line.str());
        observers.notify([&](RetrainObserver &o) { o.onEpoch(report); });

        // The checkpoint's position: the next epoch, from its first step.
        meter = EpochMeter();
        step = 0;
        ++epoch;
        if (improved)
            saveBest();
        saveCheckpoint();
    }
    return finish();
}

RetrainOutcome RetrainSession::Impl::finish()
{
    RetrainOutcome outcome;
    outcome.end = RunEnd::Finished;
    outcome.epochsDone = epoch;
    outcome.bestTestTop1 = std::max(0.0, bestTop1);
    outcome.bestEpoch = bestEpoch;
    outcome.finalTestTop1 = lastTestTop1;
    outcome.weightsPath = (fs::path(config.runDir) / "weights.pt").string();
    if (env.writer())
        writeStateDictFile(stateDictOf(*network), outcome.weightsPath);
    std::ostringstream line;
    line << "finished: best test error " << 100.0 - outcome.bestTestTop1 << "% (epoch " << bestEpoch + 1 << "), final "
         << 100.0 - lastTestTop1 << "%; weights in " << outcome.weightsPath;
    log(line.str());
    env.status(model::RunStatus::Finished, line.str());
    return outcome;
}

RetrainSession::RetrainSession(RetrainConfig config) : m_impl(std::make_unique<Impl>())
{
    m_impl->config = std::move(config);
}

RetrainSession::RetrainSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

RetrainSession::~RetrainSession() { destroyAndReleaseCpuMemory(m_impl); }

std::unique_ptr<RetrainSession> RetrainSession::resume(const std::string &runDir, int newEpochs)
{
    const std::string path = (fs::path(runDir) / "config.json").string();
    nlohmann::json json = nlohmann::json::parse(readWholeFile(path), nullptr, false);
    if (json.is_discarded())
        throw InputError(path + ": not valid JSON");
    auto impl = std::make_unique<Impl>();
    impl->config = retrainConfigFromJson(json, path);
    impl->config.runDir = runDir;
    if (newEpochs > 0)
        impl->config.epochs = newEpochs;
    impl->resuming = true;
    return std::unique_ptr<RetrainSession>(new RetrainSession(std::move(impl)));
}

void RetrainSession::addObserver(RetrainObserver *observer) { m_impl->observers.add(observer); }

const RetrainConfig &RetrainSession::config() const { return m_impl->config; }

RetrainOutcome RetrainSession::run(RunControl &control)
{
    Impl &d = *m_impl;
    d.setUp(); // InputError goes to the caller: nothing has been written yet
    d.sessionStart = Clock::now();
    if (d.resuming) {
        d.loadCheckpoint();
        if (d.epoch > d.config.epochs)
            throw InputError((fs::path(d.config.runDir) / "checkpoint.pt").string() + ": the run already has " +
                             std::to_string(d.epoch) + " epochs, more than the " + std::to_string(d.config.epochs) +
                             " asked for");
        if (d.env.writer())
            d.env.writer()->truncateAfter(d.epoch, d.step);
    }
    d.writeConfig();
    // A run killed before its first epoch ends can still be resumed.
    if (!d.resuming)
        d.saveCheckpoint();

    RetrainStarted started;
    started.runDir = d.config.runDir;
    started.device = describeDevice(d.env.device());
    started.network = d.networkInfo;
    started.startEpoch = d.epoch;
    started.startStep = d.step;
    started.epochs = d.config.epochs;
    started.stepsPerEpoch = d.stepsPerEpoch;
    started.trainImages = d.trainData.size();
    started.testImages = d.testData.size();
    started.data = d.trainData.notes;
    d.env.status(model::RunStatus::Running, d.resuming ? "resumed in epoch " + std::to_string(d.epoch + 1) +
                                                             " after step " + std::to_string(d.step)
                                                       : "started");
    std::ostringstream line;
    line << (d.resuming ? "resuming " : "retraining ") << d.config.network.layoutName() << " of "
         << (d.config.network.genotype.name.empty() ? "the genotype" : d.config.network.genotype.name) << " on "
         << d.config.data.dataset << " (" << d.trainData.size() << " train / " << d.testData.size() << " test images), "
         << d.networkInfo.parameters / 1e6 << "M parameters without the auxiliary head, device "
         << describeDevice(d.env.device()) << ", from epoch " << d.epoch + 1 << "/" << d.config.epochs;
    d.log(line.str());
    if (!d.trainData.notes.empty())
        d.log(d.trainData.notes);
    d.observers.notify([&](RetrainObserver &o) { o.onStarted(started); });

    RetrainOutcome outcome;
    if (const auto error = failureOf([&] { outcome = d.loop(control); })) {
        outcome.end = RunEnd::Failed;
        outcome.epochsDone = d.epoch;
        outcome.bestTestTop1 = std::max(0.0, d.bestTop1);
        outcome.bestEpoch = d.bestEpoch;
        outcome.finalTestTop1 = d.lastTestTop1;
        outcome.message = *error;
        d.env.recordFailure(*error);
    }
    d.observers.notify([&](RetrainObserver &o) { o.onFinished(outcome); });
    return outcome;
}

} // namespace gdas::engine
