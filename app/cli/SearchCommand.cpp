#include "Commands.h"
#include "OutputFiles.h"
#include "ProgressPrinter.h"

#include "engine/Distributed.h"
#include "engine/EngineError.h"
#include "engine/SearchSession.h"
#include "model/GenotypeFormats.h"
#include "model/OutputFolder.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>

namespace gdas::app {

namespace {

struct SearchArgs {
    SearchSettings settings;
    std::string resume;
    double lrScale = 1.0; // with --resume: multiplies both learning rates from the checkpoint on
    bool lrScaleGiven = false;
    bool quiet = false;
    bool epochsGiven = false;
    bool moveAside = false;
};

std::string defaultRunDir(const engine::SearchConfig &c, const std::string &algorithm)
{
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    return "runs/" + c.space + "-" + algorithm + "-" + stamp;
}

int runSearch(SearchArgs &args)
{
    if (args.moveAside && !args.resume.empty())
        throw engine::InputError("--move-aside goes with a new run (--out), not with --resume");
    std::unique_ptr<engine::SearchSession> session;
    if (!args.resume.empty()) {
        session = engine::SearchSession::resume(args.resume, args.epochsGiven ? args.settings.config.epochs : 0,
                                                args.lrScale);
    } else {
        if (args.lrScaleGiven)
            throw engine::InputError("--lr-scale goes with --resume (a new run sets --lr and --arch-lr)");
        resolveSearchSettings(args.settings);
        engine::SearchConfig &config = args.settings.config;
        if (config.runDir.empty())
            config.runDir = defaultRunDir(config, args.settings.algorithm);
        moveAsideIfAsked(config.runDir, args.moveAside);
        session = std::make_unique<engine::SearchSession>(config);
    }
    // Under torchrun every rank runs this command; rank 0 speaks for the job.
    const engine::DistributedInfo job = engine::distributedInfoFromEnvironment();
    const engine::RunOutcome outcome = runWithProgress<SearchProgressPrinter>(*session, args.quiet, job);
    switch (outcome.end) {
    case engine::RunEnd::Finished:
        if (job.writesRunDirectory())
            std::cout << "genotype " << model::toSpaceText(outcome.genotype) << "\n"
                      << "written to " << session->config().runDir << "/genotype.json\n";
        return 0;
    case engine::RunEnd::Stopped:
        return 0;
    case engine::RunEnd::Failed:
        if (!job.writesRunDirectory())
            std::cerr << "gdas: search failed on rank " << job.rank << ": " << outcome.message << "\n";
        else if (outcome.nonFiniteLoss)
            std::cerr << "gdas: to continue from the last good checkpoint with halved learning rates: gdas search "
                         "--resume "
                      << session->config().runDir << " --lr-scale 0.5\n";
        return 1;
    }
    return 1;
}

} // namespace

CLI::Option *addSearchSettingsOptions(CLI::App &cmd, SearchSettings &settings, bool withSeed)
{
    engine::SearchConfig &c = settings.config;
    cmd.add_option("--space", c.space, "Search space: darts | nas-bench-201")->capture_default_str();
    cmd.add_option("--algorithm", settings.algorithm, "gdas | gdas-frc | darts (first-order baseline)")
        ->capture_default_str();
    addDataOptions(cmd, c.data, "Search on the first N training images only (0: all)");
    cmd.add_option("--epochs", c.epochs, "Epochs (with --resume: extend the run to this many)")->capture_default_str();
    cmd.add_option("--batch", c.batchSize, "Batch size of each half (0: the space's default)")->capture_default_str();
    cmd.add_option("--channels,-C", c.channels, "Initial channels C")->capture_default_str();
    cmd.add_option("--cells,-N", c.cells, "Cells per stage N (0: the space's default, 2 or 5)")->capture_default_str();
    cmd.add_option("--lr", c.lr, "Weights learning rate (SGD, cosine)")->capture_default_str();
    cmd.add_option("--lr-min", c.lrMin, "Final weights learning rate")->capture_default_str();
    cmd.add_option("--weight-decay", c.weightDecay, "Weights weight decay")->capture_default_str();
    cmd.add_option("--grad-clip", c.gradClip, "Gradient norm clip (weights only)")->capture_default_str();
    cmd.add_option("--arch-lr", c.archLr, "Architecture learning rate (Adam)")->capture_default_str();
    cmd.add_option("--arch-weight-decay", c.archWeightDecay, "Architecture weight decay")->capture_default_str();
    cmd.add_option("--tau-max", c.tauMax, "Gumbel-softmax temperature at the first epoch")->capture_default_str();
    cmd.add_option("--tau-min", c.tauMin, "... and at the last epoch")->capture_default_str();
    cmd.add_option("--collapse-skips", c.collapseSkipLimit,
                   "Warn at each epoch whose normal cell holds this many skip connections or more (0: never)")
        ->capture_default_str();
    cmd.add_flag("--stop-on-collapse", c.stopOnCollapse,
                 "End the search at the first such epoch, its cell the result (DARTS+'s early stopping)");
    cmd.add_option("--benchmark", c.benchmarkFile,
                   "NAS-Bench-201: look each epoch's cell up in this database (`gdas benchmark import`) and "
                   "print and record its accuracy");
    cmd.add_option("--benchmark-dataset", c.benchmarkDataset,
                   "The benchmark's data set for --benchmark: cifar10 | cifar100 | ImageNet16-120 (default: "
                   "cifar100 for a CIFAR-100 search, else cifar10)");
    cmd.add_option("--derive", c.deriveRule, "Genotype rule: darts (2 distinct inputs) | gdas (official code)")
        ->capture_default_str();
    if (withSeed)
        cmd.add_option("--seed", c.seed, "Random seed")->capture_default_str();
    cmd.add_option("--device", c.device, "cpu | cuda | cuda:N | auto")->capture_default_str();
    cmd.add_option("--threads", c.threads, "CPU threads (0: LibTorch's default)")->capture_default_str();
    cmd.add_option("--log-every", c.logEvery, "Progress/metrics line every k steps")->capture_default_str();
    cmd.add_flag("--deterministic", c.deterministic,
                 "CUDA: deterministic cuDNN algorithms (slower; CPU runs are reproducible anyway)");
    cmd.add_option("--max-steps", c.maxStepsPerEpoch, "At most this many steps per epoch (0: all)")
        ->capture_default_str();
    cmd.add_option("--amp", settings.amp, "Mixed precision: off | bf16 | fp16 (CUDA; bf16 also on the CPU)")
        ->capture_default_str();
    cmd.add_option("--micro-batches", c.microBatches,
                   "Process each batch as k slices (own BatchNorm statistics, averaged gradients): what k "
                   "data-parallel ranks compute")
        ->capture_default_str();
    cmd.add_option("--dist-timeout", c.distributedTimeout,
                   "Data-parallel runs (torchrun): seconds to wait for the other ranks before failing")
        ->capture_default_str();
    return cmd.get_option("--epochs");
}

void resolveSearchSettings(SearchSettings &settings)
{
    settings.config.algorithm = engine::algorithmByName(settings.algorithm);
    settings.config.amp = engine::ampModeByName(settings.amp);
}

void addSearchCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<SearchArgs>();
    auto &c = args->settings.config;
    CLI::App *cmd = app.add_subcommand("search", "Search a cell with GDAS (or GDAS-FRC, or DARTS first-order).");
    cmd->footer("Defaults are the official GDAS settings (250 epochs; batch 256 in the DARTS space, 64 in "
                "NAS-Bench-201).\nA quick look on a CPU: gdas search --space nas-bench-201 --epochs 5 "
                "--train-limit 2000 --out runs/quick\nInterrupt with Ctrl+C; continue with "
                "gdas search --resume runs/quick");
    CLI::Option *epochs = addSearchSettingsOptions(*cmd, args->settings, true);
    addRunFolderOptions(*cmd, c.runDir, c.name, args->resume, args->moveAside,
                        "Run directory to write (default: runs/<space>-<algorithm>-<time>)");
    CLI::Option *lrScale = cmd->add_option(
        "--lr-scale", args->lrScale,
        "With --resume: multiply both learning rates (weights and architecture) by this from the checkpoint on, "
        "e.g. 0.5 after a non-finite loss; recorded in config.json");
    cmd->add_flag("--quiet,-q", args->quiet, "Only epoch summaries");
    cmd->callback([args, epochs, lrScale, &exitCode] {
        args->epochsGiven = epochs->count() > 0;
        args->lrScaleGiven = lrScale->count() > 0;
        exitCode = runSearch(*args);
    });
}

} // namespace gdas::app
