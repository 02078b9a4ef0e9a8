#include "Commands.h"

#include "engine/DataConfig.h"

#include <CLI/CLI.hpp>

namespace gdas::app {

void addDataOptions(CLI::App &cmd, engine::DataConfig &data, const std::string &trainLimitHelp)
{
    cmd.add_option(
           "--dataset", data.dataset,
           "fashion-mnist | cifar10 | cifar100 | synthetic | folder (your PNG/JPEG files, one sub-folder per class)")
        ->capture_default_str();
    cmd.add_option("--data-dir", data.dataDir,
                   "Folder of the data set (default: /usr/share/datasets/fashion-mnist for Fashion-MNIST; "
                   "required for folder)");
    cmd.add_option("--image-size", data.imageSize,
                   "folder: side in pixels each image is brought to (shorter side resized, centre cropped)")
        ->capture_default_str();
    cmd.add_option("--train-limit", data.trainLimit, trainLimitHelp)->capture_default_str();
}

void addRunFolderOptions(CLI::App &cmd, std::string &runDir, std::string &name, std::string &resume, bool &moveAside,
                         const std::string &outHelp)
{
    cmd.add_option("--out,-o", runDir, outHelp);
    cmd.add_option("--name", name, "Run name (default: derived from the settings)");
    cmd.add_option("--resume", resume, "Continue the run in this directory from its checkpoint");
    cmd.add_flag("--move-aside", moveAside,
                 "If --out is not empty, first move what it holds into its sub-folder previous-<date>-<time> "
                 "(nothing is deleted); without it an occupied --out is refused");
}

} // namespace gdas::app
