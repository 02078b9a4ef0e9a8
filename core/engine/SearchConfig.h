#pragma once

#include "DataConfig.h"

#include <cstdint>
#include <string>

namespace gdas::engine {

enum class Algorithm { Gdas, GdasFrc, DartsFirstOrder };

std::string toString(Algorithm a);
Algorithm algorithmByName(const std::string &name); // "gdas" | "gdas-frc" | "darts"; throws InputError

// Mixed precision of the forward passes: bf16 (CUDA, or the CPU through oneDNN) or fp16 (CUDA,
// with dynamic loss scaling).
enum class AmpMode { Off, BFloat16, Float16 };

std::string toString(AmpMode m);
AmpMode ampModeByName(const std::string &name); // "off" | "bf16" | "fp16"; throws InputError

// Every setting of a search. Defaults are the official GDAS scripts' values; 0 in batchSize
// and cells means "the space's default" (DARTS: 256 and N=2, NAS-Bench-201: 64 and N=5).
struct SearchConfig {
    std::string name;            // run name (default: derived from space/algorithm/time)
    std::string runDir;          // the run directory to write (required)
    std::string space = "darts"; // "darts" | "nas-bench-201"
    Algorithm algorithm = Algorithm::Gdas;
    DataConfig data;
    int epochs = 250;
    int batchSize = 0;
    int channels = 16; // C
    int cells = 0;     // N
    // Weights: SGD + Nesterov, cosine from lr to lrMin.
    double lr = 0.025;
    double lrMin = 0.001;
    double momentum = 0.9;
    double weightDecay = 5e-4;
    double gradClip = 5.0;
    // Architecture: Adam.
    double archLr = 3e-4;
    double archBeta1 = 0.5;
    double archBeta2 = 0.999;
    double archWeightDecay = 1e-3;
    // Both learning rates (the weights' cosine schedule, lr-min included, and α's Adam) are
    // multiplied by this. 1 for a new run; `gdas search --resume DIR --lr-scale k` multiplies
    // it by k from the checkpoint on (e.g. after a non-finite loss), recorded in config.json.
    double lrScale = 1.0;
    double tauMax = 10.0;
    double tauMin = 0.1;
    std::string deriveRule = "darts"; // "darts" | "gdas" (see model::DeriveRule)
    // The collapse criterion of P-DARTS and DARTS+ (model::CollapseRule): a warning at each epoch
    // whose normal cell holds this many skip connections or more (0: no warning), and with
    // stopOnCollapse DARTS+'s early stopping: the search ends there, its genotype the result.
    int collapseSkipLimit = 2;
    bool stopOnCollapse = false;
    // NAS-Bench-201 only: a database written by `gdas benchmark import`; each epoch's derived
    // cell is looked up in it (EpochReport::benchmark) on this data set of the benchmark:
    // "cifar10", "cifar100" or "ImageNet16-120" (empty: cifar100 for a search on CIFAR-100,
    // else cifar10).
    std::string benchmarkFile;
    std::string benchmarkDataset;
    std::uint64_t seed = 0;
    std::string device = "auto";       // "cpu" | "cuda" | "cuda:N" | "auto"
    int threads = 0;                   // intra-op threads (0: LibTorch's default)
    int logEvery = 10;                 // a metrics line every k steps
    std::int64_t maxStepsPerEpoch = 0; // cap steps per epoch (0: the whole half-split)
    bool channelsLast = true;          // NHWC activations (oneDNN convolutions on CPU)
    bool deterministic = false;        // deterministic algorithms (CPU results reproducible anyway)
    AmpMode amp = AmpMode::Off;
    // Each batch (each rank's shard in a data-parallel run) is processed as this many equal
    // slices, each with its own BatchNorm statistics, their gradients averaged: what as many
    // data-parallel ranks compute, in one process and less memory.
    int microBatches = 1;
    // Data-parallel runs (torchrun's RANK, WORLD_SIZE, ...): seconds a rank waits for the
    // others at a collective before the run fails.
    int distributedTimeout = 600;

    // Fills the 0 defaults from the space; throws InputError on impossible values.
    void resolveDefaults();
};

// config.json of a run: every setting above (plus what the writer adds: versions, device).
std::string toJson(const SearchConfig &config);
// Reads the settings back; `source` names the file in errors (InputError).
SearchConfig searchConfigFromJson(const std::string &text, const std::string &source);

} // namespace gdas::engine
