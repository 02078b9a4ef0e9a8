#include "Commands.h"
#include "OutputFiles.h"
#include "RetrainProgressPrinter.h"
#include "StopOnSignal.h"

#include "engine/Distributed.h"
#include "engine/EngineError.h"
#include "engine/RetrainSession.h"
#include "engine/WeightsExport.h"
#include "model/GenotypeFormats.h"
#include "model/OutputFolder.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iostream>
#include <memory>

namespace gdas::app {

namespace {

struct RetrainArgs {
    engine::RetrainConfig config;
    std::string genotype;
    std::string resume;
    std::string exportPath;
    bool noAuxiliary = false;
    bool quiet = false;
    bool epochsGiven = false;
    bool moveAside = false;
    bool overwrite = false;
};

std::string defaultRunDir(const engine::RetrainConfig &c)
{
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    std::string genotype = c.network.genotype.name.empty() ? "genotype" : c.network.genotype.name;
    std::replace_if(
        genotype.begin(), genotype.end(), [](unsigned char ch) { return !std::isalnum(ch) && ch != '_' && ch != '-'; },
        '_');
    return "runs/retrain-" + genotype + "-" + c.data.dataset + "-" + stamp;
}

int runRetrain(RetrainArgs &args)
{
    if (args.moveAside && !args.resume.empty())
        throw engine::InputError("--move-aside goes with a new run (--out), not with --resume");
    // Refused before hours of training, not after them.
    if (!args.exportPath.empty())
        model::refuseExistingFile(args.exportPath, args.overwrite, "--overwrite");
    std::unique_ptr<engine::RetrainSession> session;
    if (!args.resume.empty()) {
        session = engine::RetrainSession::resume(args.resume, args.epochsGiven ? args.config.epochs : 0);
    } else {
        if (args.genotype.empty())
            throw engine::InputError("--genotype is required (a built-in NAME, a file, or the genotype text)");
        args.config.network.genotype = model::resolveGenotype(args.genotype);
        args.config.genotypeSource = args.genotype;
        args.config.network.auxiliary = !args.noAuxiliary;
        if (args.config.runDir.empty())
            args.config.runDir = defaultRunDir(args.config);
        moveAsideIfAsked(args.config.runDir, args.moveAside);
        session = std::make_unique<engine::RetrainSession>(args.config);
    }
    // Under torchrun every rank runs this command; rank 0 speaks for the job.
    const engine::DistributedInfo job = engine::distributedInfoFromEnvironment();
    RetrainProgressPrinter printer(args.quiet);
    if (job.writesRunDirectory())
        session->addObserver(&printer);
    engine::RunControl control;
    StopOnSignal stopOnSignal(control); // Ctrl+C: stop at the next step, checkpoint kept
    const engine::RetrainOutcome outcome = session->run(control);
    if (outcome.end == engine::RunEnd::Failed) {
        if (!job.writesRunDirectory())
            std::cerr << "gdas: retrain failed on rank " << job.rank << ": " << outcome.message << "\n";
        return 1;
    }
    if (!args.exportPath.empty() && job.writesRunDirectory()) {
        engine::exportRunWeights(session->config().runDir, args.exportPath, engine::RunWeights::Latest);
        std::cout << (outcome.end == engine::RunEnd::Finished ? "final" : "latest (stopped run)")
                  << " weights exported to " << args.exportPath << "\n";
    }
    return 0;
}

} // namespace

void addRetrainCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<RetrainArgs>();
    auto &c = args->config;
    CLI::App *cmd = app.add_subcommand("retrain", "Train a genotype's evaluation network from scratch and test it.");
    cmd->footer(
        "Defaults are DARTS's cnn/train.py with --auxiliary --cutout (GDAS retrains the same way): C=36, "
        "20 cells, 600 epochs,\nbatch 96, SGD lr 0.025 cosine to 0, momentum 0.9, weight decay 3e-4, "
        "auxiliary weight 0.4, drop-path 0.2, cutout 16.\nOn Fashion-MNIST the network defaults to the search "
        "network's size, C=16 and 8 cells (-C 36 --layers 20 for the papers' one).\nA quick look on a CPU: gdas "
        "retrain --genotype GDAS_V1 --epochs 2 --train-limit 2000 --out runs/quick\nInterrupt with Ctrl+C; "
        "continue with gdas retrain --resume runs/quick. Load weights.pt in Python with torch.load.");
    cmd->add_option("--genotype,-g", args->genotype,
                    "Built-in NAME (DARTS_V2, GDAS_V1, ...), a genotype file, or the text");
    cmd->add_option(
           "--dataset", c.data.dataset,
           "fashion-mnist | cifar10 | cifar100 | synthetic | folder (your PNG/JPEG files, one sub-folder per class)")
        ->capture_default_str();
    cmd->add_option("--data-dir", c.data.dataDir,
                    "Folder of the data set (default: /usr/share/datasets/fashion-mnist for Fashion-MNIST; "
                    "required for folder)");
    cmd->add_option("--image-size", c.data.imageSize,
                    "folder: side in pixels each image is brought to (shorter side resized, centre cropped)")
        ->capture_default_str();
    cmd->add_option("--train-limit", c.data.trainLimit, "Train on the first N training images only (0: all)")
        ->capture_default_str();
    cmd->add_option("--test-limit", c.data.testLimit, "Test on the first N test images only (0: all)")
        ->capture_default_str();
    CLI::Option *epochs = cmd->add_option("--epochs", c.epochs, "Epochs (with --resume: extend the run to this many)");
    epochs->capture_default_str();
    cmd->add_option("--batch", c.batchSize, "Batch size")->capture_default_str();
    cmd->add_option("--channels,-C", c.network.channels,
                    "Initial channels C (0: 36; Fashion-MNIST 16; ImageNet layout 48; NAS-Bench-201 16)")
        ->capture_default_str();
    cmd->add_option("--layers", c.network.layers,
                    "Cells (0: 20; Fashion-MNIST 8; ImageNet layout 14; NAS-Bench-201: 5 per stage)")
        ->capture_default_str();
    cmd->add_flag("--imagenet", c.network.imagenet, "NetworkImageNet layout (3-conv stem dividing the side by 8)");
    cmd->add_flag("--no-auxiliary", args->noAuxiliary, "No auxiliary head");
    cmd->add_option("--lr", c.lr, "Initial learning rate (SGD, cosine per epoch)")->capture_default_str();
    cmd->add_option("--lr-min", c.lrMin, "Final learning rate")->capture_default_str();
    cmd->add_option("--momentum", c.momentum, "SGD momentum")->capture_default_str();
    cmd->add_option("--weight-decay", c.weightDecay, "Weight decay")->capture_default_str();
    cmd->add_option("--auxiliary-weight", c.auxiliaryWeight, "Weight of the auxiliary head's loss")
        ->capture_default_str();
    cmd->add_option("--drop-path", c.dropPath,
                    "Drop-path probability reached at the last epoch (rises linearly from 0)")
        ->capture_default_str();
    cmd->add_option("--cutout", c.data.cutout, "Cutout square side (0: off)")->capture_default_str();
    cmd->add_option("--grad-clip", c.gradClip, "Gradient norm clip (0: off)")->capture_default_str();
    cmd->add_option("--seed", c.seed, "Random seed")->capture_default_str();
    cmd->add_option("--device", c.device, "cpu | cuda | cuda:N | auto")->capture_default_str();
    cmd->add_option("--threads", c.threads, "CPU threads (0: LibTorch's default)")->capture_default_str();
    cmd->add_option("--log-every", c.logEvery, "Progress/metrics line every k steps")->capture_default_str();
    cmd->add_flag("--deterministic", c.deterministic,
                  "CUDA: deterministic cuDNN algorithms (slower; CPU runs are reproducible anyway)");
    cmd->add_option("--max-steps", c.maxStepsPerEpoch, "At most this many steps per epoch (0: all)")
        ->capture_default_str();
    cmd->add_option("--dist-timeout", c.distributedTimeout,
                    "Data-parallel runs (torchrun): seconds to wait for the other ranks before failing")
        ->capture_default_str();
    cmd->add_option("--out,-o", c.runDir, "Run directory to write (default: runs/retrain-<genotype>-<dataset>-<time>)");
    cmd->add_option("--name", c.name, "Run name (default: derived from the settings)");
    cmd->add_option("--resume", args->resume, "Continue the run in this directory from its checkpoint");
    cmd->add_flag("--move-aside", args->moveAside,
                  "If --out is not empty, first move what it holds into its sub-folder previous-<date>-<time> "
                  "(nothing is deleted); without it an occupied --out is refused");
    cmd->add_option("--export", args->exportPath, "Also write the final weights (PyTorch state_dict) to this file");
    cmd->add_flag("--overwrite", args->overwrite, "Let --export replace an existing file");
    cmd->add_flag("--quiet,-q", args->quiet, "Only epoch summaries");
    cmd->callback([args, epochs, &exitCode] {
        args->epochsGiven = epochs->count() > 0;
        exitCode = runRetrain(*args);
    });
}

} // namespace gdas::app
