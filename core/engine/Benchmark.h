#pragma once

#include "SearchConfig.h"

#include <cstdint>
#include <string>

namespace gdas::engine {

// One timed configuration of `gdas bench`: full search steps (weights step + arch step) on
// random images of the given shape, after warm-up steps.
struct BenchCase {
    std::string name;
    std::string space = "darts";
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
    AmpMode amp = AmpMode::Off;  // mixed precision of the forward passes (CUDA; bf16 also CPU)
    int threads = 0;
    std::uint64_t seed = 0;
};

struct BenchResult {
    BenchCase config;
    std::string device;
    int threads = 0;
    double stepSecondsMedian = 0;  // one weights step + one arch step
    double stepSecondsMean = 0;
    double imagesPerSecond = 0;    // (weights batch + arch batch) / step time
    std::int64_t weightParameters = 0;
    std::int64_t archParameters = 0;
};

BenchResult runSearchBenchmark(const BenchCase &c);
std::string toJson(const BenchResult &r);  // one JSON object
// Peak resident set size of this process so far, in MiB (getrusage).
double peakRssMiB();

} // namespace gdas::engine
