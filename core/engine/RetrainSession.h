#pragma once

#include "DataConfig.h"
#include "NetworkInfo.h"
#include "RunControl.h"
#include "SearchObserver.h" // RunEnd

#include <cstdint>
#include <memory>
#include <string>

namespace gdas::engine {

// Every setting of a retraining (training a genotype's evaluation network from scratch).
// Defaults are DARTS's cnn/train.py (with --auxiliary --cutout), which GDAS uses too.
struct RetrainConfig {
    // The network a DARTS-space genotype gets on Fashion-MNIST when channels/layers are left
    // at 0 (elsewhere: the papers' C=36, 20 cells; see resolveDefaults()).
    static constexpr int kFashionMnistChannels = 16;
    static constexpr int kFashionMnistLayers = 8;

    std::string name;           // run name (default: derived from the genotype and the time)
    std::string runDir;         // the run directory to write (required)
    std::string genotypeSource; // what the user gave (NAME, file or text), for the record
    // genotype, channels, layers, auxiliary and imagenet are used; classes, inChannels and the
    // input size are taken from the data set.
    NetworkSpec network;
    DataConfig data = [] {
        DataConfig d;
        d.cutout = 16;
        return d;
    }();
    int epochs = 600;
    int batchSize = 96;
    int evalBatchSize = 0; // 0: batchSize
    // SGD (no Nesterov, as DARTS), lr cosine-annealed per epoch from lr to lrMin.
    double lr = 0.025;
    double lrMin = 0.0;
    double momentum = 0.9;
    double weightDecay = 3e-4;
    double gradClip = 5.0; // max L2 norm of all weight gradients; <= 0: off
    double auxiliaryWeight = 0.4;
    double dropPath = 0.2; // epoch e uses dropPath * e / epochs
    std::uint64_t seed = 0;
    std::string device = "auto";       // "cpu" | "cuda" | "cuda:N" | "auto"
    int threads = 0;                   // intra-op threads (0: LibTorch's default)
    int logEvery = 10;                 // a metrics step row every k steps
    std::int64_t maxStepsPerEpoch = 0; // cap steps per epoch (0: the whole training set)
    bool channelsLast = true;          // NHWC activations (oneDNN convolutions on CPU)
    bool deterministic = false;        // CUDA: deterministic cuDNN algorithms instead of benchmark mode
    // Data-parallel runs (torchrun's RANK, WORLD_SIZE, ...): seconds a rank waits for the
    // others at a collective before the run fails.
    int distributedTimeout = 600;

    // Fills defaults (network, evalBatchSize); throws InputError on impossible values.
    void resolveDefaults();
};

// Averages over the steps of this epoch so far, and the step's own schedule values.
struct RetrainStep {
    int epoch = 0;
    int epochs = 0;
    std::int64_t step = 0; // within the epoch, 0-based
    std::int64_t stepsPerEpoch = 0;
    std::int64_t globalStep = 0;
    double loss = 0, top1 = 0, top5 = 0; // loss includes auxiliaryWeight * auxiliary loss (DARTS)
    double lr = 0, dropPath = 0;
    double imagesPerSecond = 0;
    double elapsedSeconds = 0; // of the whole run, resumed parts included
    double etaSeconds = 0;
};

struct RetrainEpoch {
    int epoch = 0; // 0-based
    int epochs = 0;
    double trainLoss = 0, trainTop1 = 0, trainTop5 = 0;
    double testLoss = 0, testTop1 = 0, testTop5 = 0;
    double lr = 0, dropPath = 0;
    double seconds = 0;      // this epoch, training and test
    double bestTestTop1 = 0; // best so far, this epoch included
    int bestEpoch = -1;
};

struct RetrainStarted {
    std::string runDir;
    std::string device;
    NetworkInfo network;
    int startEpoch = 0;
    std::int64_t startStep = 0;
    int epochs = 0;
    std::int64_t stepsPerEpoch = 0;
    std::int64_t trainImages = 0;
    std::int64_t testImages = 0;
    std::string data; // how the data set was read (image folders: classes, cache); often empty
};

struct RetrainOutcome {
    RunEnd end = RunEnd::Finished;
    int epochsDone = 0;
    double bestTestTop1 = 0;
    int bestEpoch = -1;
    double finalTestTop1 = 0; // of the last finished epoch
    std::string weightsPath;  // weights.pt, written when the run finished
    std::string message;      // the error for Failed
};

// Callbacks run on the engine's thread; keep them short (queue to another thread).
class RetrainObserver {
public:
    virtual ~RetrainObserver() = default;
    virtual void onStarted(const RetrainStarted &) {}
    virtual void onStep(const RetrainStep &) {}
    virtual void onEpoch(const RetrainEpoch &) {}
    virtual void onPaused(bool /*paused*/) {}
    virtual void onFinished(const RetrainOutcome &) {}
    virtual void onLog(const std::string & /*line*/) {}
};

// Trains a genotype's evaluation network from scratch on a data set's training split and
// tests it on the test split after every epoch, writing the run directory (config.json,
// metrics.jsonl, checkpoint.pt, best.pt, weights.pt, genotype.json, log.txt).
// run() works on the calling thread and honours the RunControl between steps; a stop leaves
// a checkpoint from which resume() continues exactly (same metrics as an uninterrupted run).
class RetrainSession {
public:
    explicit RetrainSession(RetrainConfig config);
    // Continues the run in `runDir` with the config stored there (epochs may be raised with
    // `newEpochs` > 0; the lr and drop-path schedules then stretch to the new length).
    static std::unique_ptr<RetrainSession> resume(const std::string &runDir, int newEpochs = 0);
    ~RetrainSession();
    RetrainSession(const RetrainSession &) = delete;
    RetrainSession &operator=(const RetrainSession &) = delete;

    void addObserver(RetrainObserver *observer); // not owned
    const RetrainConfig &config() const;

    // Runs to the end, a stop request or a failure. Throws InputError for bad input found
    // while setting up (data, device, genotype); later failures are reported in the outcome.
    RetrainOutcome run(RunControl &control);

private:
    struct Impl;
    explicit RetrainSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace gdas::engine
