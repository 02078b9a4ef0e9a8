#pragma once

#include "SearchConfig.h"
#include "model/SearchSpace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gdas::engine {

// One timed configuration of `gdas bench`: full search steps (weights step + arch step) on
// random images of the given shape, after warm-up steps; or (evalNetwork) training steps of
// DARTS's evaluation network, as `gdas retrain` takes them.
struct BenchCase {
    std::string name;
    // The evaluation network instead of a supernet: genotype, C = channels, cells = layers,
    // auxiliary head (weight 0.4), drop-path, SGD with weight decay 3e-4, gradient clip 5.
    bool evalNetwork = false;
    std::string genotype = "DARTS_V2";
    double dropPath = 0.2;
    model::SpaceKind space = model::SpaceKind::Darts;
    Algorithm algorithm = Algorithm::Gdas;
    int channels = 16;
    int cells = 2;
    int batch = 64;
    int inChannels = 3;
    int side = 32;
    int classes = 10;
    int warmup = 2;
    int steps = 5;
    std::string device = "cpu";
    bool channelsLast = true;
    AmpMode amp = AmpMode::Off; // mixed precision of the forward passes (CUDA; bf16 also CPU)
    int threads = 0;
    std::uint64_t seed = 0;
    // GDAS search cases, >= 0: forward pass k (warm-up included; the weights step's, then the
    // arch step's) draws its Gumbel noise from a generator seeded with sampleSeed + k, as
    // `torch.manual_seed(sampleSeed + k)` before the official code's forward draws it: both
    // sides then sample the same cells and time the same work (bench/compare-official). -1:
    // the search's own sampler.
    std::int64_t sampleSeed = -1;
    // Non-empty: the timed steps run under LibTorch's profiler (CPU, input shapes) and every
    // range is written to this file, one JSON object per line (bench/breakdown.py reads it).
    std::string profilePath;
};

struct BenchResult {
    BenchCase config;
    std::string device;
    int threads = 0;
    double stepSecondsMedian = 0; // one weights step + one arch step
    double stepSecondsMean = 0;
    std::vector<double> stepSeconds; // every timed step
    double cpuSecondsMedian = 0;     // CPU time of the process (all threads) per step
    double imagesPerSecond = 0;      // (weights batch + arch batch) / step time
    std::int64_t weightParameters = 0;
    std::int64_t archParameters = 0;
    // With sampleSeed: per forward pass, argmax(log_softmax(α) + g) of every edge, the normal
    // cell's edges first, then the reduction cell's.
    std::vector<std::vector<std::int64_t>> samples;
};

BenchResult runSearchBenchmark(const BenchCase &c);
std::string toJson(const BenchResult &r); // one JSON object
// Peak resident set size of this process so far, in MiB (getrusage).
double peakRssMiB();

} // namespace gdas::engine
