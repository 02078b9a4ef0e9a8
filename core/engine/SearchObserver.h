#pragma once

#include "model/AlphaTable.h"
#include "model/Genotype.h"
#include "model/RunRecord.h"
#include "model/SearchHealth.h"

#include <cstdint>
#include <optional>
#include <string>

namespace gdas::engine {

// Averages over the steps since the previous report (logEvery steps), and the schedule values.
struct StepMetrics {
    int epoch = 0;
    int epochs = 0;
    std::int64_t step = 0; // within the epoch, 0-based
    std::int64_t stepsPerEpoch = 0;
    std::int64_t globalStep = 0;
    double wLoss = 0, wTop1 = 0, wTop5 = 0; // weights step (train half)
    double aLoss = 0, aTop1 = 0, aTop5 = 0; // arch step (valid half)
    double lr = 0, tau = 0;
    double imagesPerSecond = 0;
    double elapsedSeconds = 0;
    double etaSeconds = 0;
};

struct EpochReport {
    int epoch = 0;
    int epochs = 0;
    double wLoss = 0, wTop1 = 0, wTop5 = 0;
    double aLoss = 0, aTop1 = 0, aTop5 = 0;
    double lr = 0, tau = 0;
    double seconds = 0; // this epoch
    model::AlphaTable normal;
    model::AlphaTable reduce; // empty for NAS-Bench-201
    model::Genotype genotype;
    double elapsedSeconds = 0; // of the whole run at the epoch's end, resumed parts included
    // Signs of a collapse (model/SearchHealth.h), per cell type; reduceHealth only where the
    // space has a reduction cell. `collapsed`: the normal cell meets SearchConfig's
    // collapseSkipLimit.
    std::optional<model::CellHealth> normalHealth;
    std::optional<model::CellHealth> reduceHealth;
    bool collapsed = false;
    // What NAS-Bench-201 knows of `genotype` (SearchConfig::benchmarkFile); absent without one.
    std::optional<model::BenchmarkScore> benchmark;
};

struct RunStarted {
    std::string runDir;
    std::string device;
    std::int64_t weightParameters = 0;
    std::int64_t archParameters = 0;
    int startEpoch = 0;
    int epochs = 0;
    std::int64_t stepsPerEpoch = 0;
    std::string data; // how the data set was read (image folders: classes, cache); often empty
};

enum class RunEnd { Finished, Stopped, Failed };

struct RunOutcome {
    RunEnd end = RunEnd::Finished;
    int epochsDone = 0;
    model::Genotype genotype;
    std::string message; // the error for Failed; why a search that stopped early ended (Finished)
    // Failed because a loss became NaN or infinite: the checkpoint before it is kept, and a
    // resume with lower learning rates (SearchSession::resume's lrScale) may get past it.
    bool nonFiniteLoss = false;
};

// Callbacks run on the engine's thread; keep them short (queue to another thread).
class SearchObserver {
public:
    virtual ~SearchObserver() = default;
    virtual void onStarted(const RunStarted &) {}
    virtual void onStep(const StepMetrics &) {}
    virtual void onEpoch(const EpochReport &) {}
    virtual void onPaused(bool /*paused*/) {}
    virtual void onFinished(const RunOutcome &) {}
    virtual void onLog(const std::string & /*line*/) {}
};

} // namespace gdas::engine
