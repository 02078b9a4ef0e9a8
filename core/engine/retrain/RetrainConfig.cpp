#include "RetrainConfigJson.h"

#include "engine/EngineError.h"
#include "engine/run/RunSettingsJson.h"

#include "model/GenotypeFormats.h"
#include "model/RunRecord.h"

#include <string>

namespace gdas::engine {

void RetrainConfig::resolveDefaults()
{
    // The papers' network (C=36, 20 cells) is CIFAR's. On the bundled Fashion-MNIST (1x28x28),
    // the data set of a quick look on a CPU, it trains at about 22 images/s on 2 cores (45 min an
    // epoch) and is still at chance after 2 epochs on 2,000 images (10.00% test top-1, as
    // quark0/darts' own code with the same recipe); the search network's size (C=16, 8 cells)
    // reaches 46% there and trains ten times faster. Explicit values always win.
    const bool dartsSpace = network.genotype.space == model::SpaceKind::Darts;
    if (data.dataset == "fashion-mnist" && dartsSpace && !network.imagenet) {
        if (network.channels == 0)
            network.channels = kFashionMnistChannels;
        if (network.layers == 0)
            network.layers = kFashionMnistLayers;
    }
    network.resolveDefaults();
    if (evalBatchSize == 0)
        evalBatchSize = batchSize;
    auto require = [](bool ok, const std::string &what) {
        if (!ok)
            throw InputError("retrain setting: " + what);
    };
    require(epochs >= 1, "epochs must be at least 1, got " + std::to_string(epochs));
    require(batchSize >= 2, "batch size must be at least 2 (BatchNorm), got " + std::to_string(batchSize));
    require(evalBatchSize >= 1, "test batch size must be at least 1, got " + std::to_string(evalBatchSize));
    require(lr > 0.0, "learning rate must be positive");
    require(lrMin >= 0.0 && lrMin <= lr, "minimum learning rate must be in [0, lr]");
    require(momentum >= 0.0 && momentum < 1.0, "momentum must be in [0, 1)");
    require(weightDecay >= 0.0, "weight decay must not be negative");
    require(auxiliaryWeight >= 0.0, "auxiliary weight must not be negative");
    require(dropPath >= 0.0 && dropPath < 1.0, "drop-path probability must be in [0, 1)");
    require(data.cutout >= 0, "cutout must not be negative");
    require(logEvery >= 1, "log interval must be at least 1 step");
    require(maxStepsPerEpoch >= 0, "steps per epoch cap must not be negative");
    require(distributedTimeout >= 1, "the distributed timeout must be at least 1 second");
    require(threads >= 0, "threads must not be negative");
    require(!runDir.empty(), "a run directory is required");
}

nlohmann::json retrainConfigToJson(const RetrainConfig &c)
{
    const NetworkSpec &n = c.network;
    const DataConfig &d = c.data;
    nlohmann::json j{
        {"kind", std::string(model::toString(model::RunKind::Retrain))},
        {"algorithm", "retrain"},
        {"name", c.name},
        {"space", std::string(model::toString(n.genotype.space))},
        {"genotype", nlohmann::json::parse(model::toJson(n.genotype, -1))},
        {"genotype_source", c.genotypeSource},
        {"network",
         {{"layout", n.layoutName()},
          {"channels", n.channels},
          {"layers", n.layers},
          {"classes", n.classes},
          {"in_channels", n.inChannels},
          {"input_height", n.inputHeight},
          {"input_width", n.inputWidth},
          {"auxiliary", n.auxiliary},
          {"imagenet", n.imagenet}}},
        {"data",
         {{"dataset", d.dataset},
          {"data_dir", d.dataDir},
          {"train_limit", d.trainLimit},
          {"test_limit", d.testLimit},
          {"synthetic_size", d.syntheticSize},
          {"synthetic_channels", d.syntheticChannels},
          {"synthetic_side", d.syntheticSide},
          {"synthetic_classes", d.syntheticClasses},
          {"image_size", d.imageSize},
          {"augment", d.augment},
          {"cutout", d.cutout}}},
        {"epochs", c.epochs},
        {"batch_size", c.batchSize},
        {"eval_batch_size", c.evalBatchSize},
        {"lr", c.lr},
        {"lr_min", c.lrMin},
        {"momentum", c.momentum},
        {"weight_decay", c.weightDecay},
        {"grad_clip", c.gradClip},
        {"auxiliary_weight", c.auxiliaryWeight},
        {"drop_path", c.dropPath},
    };
    j.update(runSettingsToJson(c));
    return j;
}

namespace {

template <typename T>
T field(const nlohmann::json &object, const char *key, const std::string &where)
{
    const auto it = object.find(key);
    if (it == object.end())
        throw InputError(where + ": missing \"" + key + "\"");
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception &) {
        throw InputError(where + ": \"" + key + "\" has the wrong type (" + it->type_name() + ")");
    }
}

const nlohmann::json &object(const nlohmann::json &parent, const char *key, const std::string &where)
{
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_object())
        throw InputError(where + ": missing object \"" + key + "\"");
    return *it;
}

} // namespace

RetrainConfig retrainConfigFromJson(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object())
        throw InputError(source + ": not a JSON object");
    if (json.value("kind", std::string()) != model::toString(model::RunKind::Retrain))
        throw InputError(source + ": not a retrain run (kind is \"" + json.value("kind", std::string()) + "\")");
    RetrainConfig c;
    c.name = field<std::string>(json, "name", source);
    c.genotypeSource = json.value("genotype_source", std::string());
    try {
        c.network.genotype = model::fromJson(object(json, "genotype", source).dump());
    } catch (const model::GenotypeError &e) {
        throw InputError(source + ": genotype: " + e.what());
    }
    const std::string networkWhere = source + " (network)";
    const auto &n = object(json, "network", source);
    c.network.channels = field<int>(n, "channels", networkWhere);
    c.network.layers = field<int>(n, "layers", networkWhere);
    c.network.classes = field<int>(n, "classes", networkWhere);
    c.network.inChannels = field<int>(n, "in_channels", networkWhere);
    c.network.inputHeight = field<int>(n, "input_height", networkWhere);
    c.network.inputWidth = field<int>(n, "input_width", networkWhere);
    c.network.auxiliary = field<bool>(n, "auxiliary", networkWhere);
    c.network.imagenet = field<bool>(n, "imagenet", networkWhere);
    const std::string dataWhere = source + " (data)";
    const auto &d = object(json, "data", source);
    c.data.dataset = field<std::string>(d, "dataset", dataWhere);
    c.data.dataDir = field<std::string>(d, "data_dir", dataWhere);
    c.data.trainLimit = field<std::int64_t>(d, "train_limit", dataWhere);
    c.data.testLimit = field<std::int64_t>(d, "test_limit", dataWhere);
    c.data.syntheticSize = field<std::int64_t>(d, "synthetic_size", dataWhere);
    c.data.syntheticChannels = field<int>(d, "synthetic_channels", dataWhere);
    c.data.syntheticSide = field<int>(d, "synthetic_side", dataWhere);
    c.data.syntheticClasses = field<int>(d, "synthetic_classes", dataWhere);
    c.data.augment = field<bool>(d, "augment", dataWhere);
    if (d.contains("image_size"))
        c.data.imageSize = field<int>(d, "image_size", dataWhere);
    c.data.cutout = field<int>(d, "cutout", dataWhere);
    c.epochs = field<int>(json, "epochs", source);
    c.batchSize = field<int>(json, "batch_size", source);
    c.evalBatchSize = field<int>(json, "eval_batch_size", source);
    c.lr = field<double>(json, "lr", source);
    c.lrMin = field<double>(json, "lr_min", source);
    c.momentum = field<double>(json, "momentum", source);
    c.weightDecay = field<double>(json, "weight_decay", source);
    c.gradClip = field<double>(json, "grad_clip", source);
    c.auxiliaryWeight = field<double>(json, "auxiliary_weight", source);
    c.dropPath = field<double>(json, "drop_path", source);
    c.seed = field<std::uint64_t>(json, "seed", source);
    c.device = json.contains("device_requested") ? field<std::string>(json, "device_requested", source)
                                                 : field<std::string>(json, "device", source);
    c.threads = field<int>(json, "threads", source);
    c.logEvery = field<int>(json, "log_every", source);
    c.maxStepsPerEpoch = field<std::int64_t>(json, "max_steps_per_epoch", source);
    c.channelsLast = field<bool>(json, "channels_last", source);
    if (json.contains("deterministic"))
        c.deterministic = field<bool>(json, "deterministic", source);
    if (json.contains("distributed_timeout"))
        c.distributedTimeout = field<int>(json, "distributed_timeout", source);
    return c;
}

} // namespace gdas::engine
