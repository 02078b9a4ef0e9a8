#include "engine/WeightsExport.h"

#include "RetrainConfigJson.h"
#include "StateDictFile.h"

#include "engine/EngineError.h"
#include "engine/nn/ClassifierNetwork.h"
#include "engine/search/Checkpoint.h"
#include "engine/search/RunWriter.h"

#include <torch/serialize/input-archive.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace gdas::engine {

namespace {

std::string dtypeName(const torch::Tensor &t)
{
    switch (t.scalar_type()) {
    case torch::kFloat32:
        return "float32";
    case torch::kFloat64:
        return "float64";
    case torch::kFloat16:
        return "float16";
    case torch::kBFloat16:
        return "bfloat16";
    case torch::kInt64:
        return "int64";
    case torch::kInt32:
        return "int32";
    case torch::kUInt8:
        return "uint8";
    case torch::kBool:
        return "bool";
    default:
        return std::string(c10::toString(t.scalar_type()));
    }
}

} // namespace

void exportRunWeights(const std::string &runDir, const std::string &outPath, RunWeights which)
{
    const std::string configPath = (fs::path(runDir) / "config.json").string();
    const nlohmann::json json = nlohmann::json::parse(readWholeFile(configPath), nullptr, false);
    if (json.is_discarded())
        throw InputError(configPath + ": not valid JSON");
    RetrainConfig config = retrainConfigFromJson(json, configPath);
    config.network.resolveDefaults();
    const auto network = makeClassifierNetwork(config.network);

    const std::string statePath =
        (fs::path(runDir) / (which == RunWeights::Best ? "best.pt" : "checkpoint.pt")).string();
    torch::serialize::InputArchive archive;
    loadArchive(archive, statePath);
    try {
        torch::serialize::InputArchive modelArchive;
        archive.read("model", modelArchive);
        network->load(modelArchive);
    } catch (const c10::Error &e) {
        throw InputError(statePath + ": its model does not fit " + configPath + " (" + e.what_without_backtrace() +
                         ")");
    }
    writeStateDictFile(stateDictOf(*network), outPath);
    // The classifier's outputs in label order, for a run on an image folder: OUT.classes.txt.
    const auto names = json.find("class_names");
    if (names != json.end() && names->is_array()) {
        const std::string classesPath = outPath + ".classes.txt";
        std::string text;
        for (const auto &name : *names)
            text += (name.is_string() ? name.get<std::string>() : name.dump()) + "\n";
        writeFileAtomically(classesPath, text);
    }
}

std::vector<WeightsEntry> readWeightsEntries(const std::string &path)
{
    std::vector<WeightsEntry> entries;
    for (const auto &[name, tensor] : readStateDictFile(path))
        entries.push_back({name, tensor.sizes().vec(), dtypeName(tensor)});
    return entries;
}

} // namespace gdas::engine
