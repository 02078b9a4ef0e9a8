#include "ImageDataset.h"
#include "UserFolders.h"

#include "engine/EngineError.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace gdas::engine {

namespace {

namespace fs = std::filesystem;

// Sample seeds of the synthetic sets: fixed, so every run and machine sees the same images.
constexpr std::uint64_t kSyntheticTrainSeed = 1;
constexpr std::uint64_t kSyntheticTestSeed = 2;

ImageDataset firstImages(ImageDataset data, std::int64_t limit, const char *what)
{
    if (limit < 0)
        throw InputError(data.source + ": " + what + " limit " + std::to_string(limit) + " is negative");
    if (limit == 0 || limit >= data.size())
        return data;
    // clone(): a small subset should not pin the whole set's memory.
    data.images = data.images.narrow(0, 0, limit).clone();
    data.labels = data.labels.narrow(0, 0, limit).clone();
    return data;
}

std::string userDataRoot()
{
    const std::string folder = xdgUserFolder("GDAS_DATA_DIR", "XDG_DATA_HOME", ".local/share", "datasets");
    return folder.empty() ? "datasets" : folder;
}

[[noreturn]] void throwUnknownDataset(const std::string &dataset)
{
    std::string valid;
    for (const auto &name : datasetNames())
        valid += (valid.empty() ? "" : ", ") + name;
    throw InputError("unknown dataset \"" + dataset + "\" (valid: " + valid + ")");
}

} // namespace

const std::vector<std::string> &datasetNames()
{
    static const std::vector<std::string> names{"fashion-mnist", "cifar10", "cifar100", "synthetic", "folder"};
    return names;
}

std::string defaultDataDir(const std::string &dataset)
{
    const char *root = std::getenv("GDAS_DATA_DIR");
    const bool rootGiven = root && *root;
    if (dataset == "fashion-mnist")
        return rootGiven ? (fs::path(root) / "fashion-mnist").string()
                         : std::string("/usr/share/datasets/fashion-mnist");
    if (dataset == "cifar10")
        return (fs::path(userDataRoot()) / "cifar-10-batches-bin").string();
    if (dataset == "cifar100")
        return (fs::path(userDataRoot()) / "cifar-100-binary").string();
    if (dataset == "synthetic" || dataset == "folder")
        return {};
    throwUnknownDataset(dataset);
}

ImageDataset loadDataset(const DataConfig &config, bool train)
{
    const std::string dir = config.dataDir.empty() ? defaultDataDir(config.dataset) : config.dataDir;
    ImageDataset data;
    if (config.dataset == "fashion-mnist") {
        data = readFashionMnist(dir, train);
    } else if (config.dataset == "cifar10") {
        data = readCifar10(dir, train);
    } else if (config.dataset == "cifar100") {
        data = readCifar100(dir, train);
    } else if (config.dataset == "folder") {
        data = readImageFolder(config.dataDir, config.imageSize, train);
    } else if (config.dataset == "synthetic") {
        const std::int64_t count =
            train ? config.syntheticSize : std::max<std::int64_t>(config.syntheticClasses, config.syntheticSize / 4);
        data = makeSynthetic(count, config.syntheticChannels, config.syntheticSide, config.syntheticClasses,
                             train ? kSyntheticTrainSeed : kSyntheticTestSeed);
    } else {
        throwUnknownDataset(config.dataset);
    }
    return train ? firstImages(std::move(data), config.trainLimit, "training")
                 : firstImages(std::move(data), config.testLimit, "test");
}

} // namespace gdas::engine
