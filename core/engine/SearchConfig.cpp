#include "SearchConfig.h"

#include "EngineError.h"
#include "model/AlphaTable.h"
#include "model/RunRecord.h"
#include "model/SearchSpace.h"
#include "run/RunSettingsJson.h"

#include <array>
#include <cmath>
#include <optional>

namespace gdas::engine {

namespace {

// An enum's values with their names: the first is the one config.json and the progress lines
// write, the others are spellings the command line and old config files may use as well.
template <typename Enum>
struct NamedValue {
    Enum value;
    std::array<const char *, 3> names; // unused places: nullptr
};

const NamedValue<Algorithm> kAlgorithms[] = {
    {Algorithm::Gdas, {"gdas"}},
    {Algorithm::GdasFrc, {"gdas-frc", "frc"}},
    {Algorithm::DartsFirstOrder, {"darts", "darts-v1", "darts-first-order"}},
};

const NamedValue<AmpMode> kAmpModes[] = {
    {AmpMode::Off, {"off", "none", "fp32"}},
    {AmpMode::BFloat16, {"bf16", "bfloat16"}},
    {AmpMode::Float16, {"fp16", "float16", "half"}},
};

template <typename Enum, std::size_t N>
std::string nameOf(const NamedValue<Enum> (&table)[N], Enum value)
{
    for (const auto &entry : table)
        if (entry.value == value)
            return entry.names[0];
    return table[0].names[0];
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueNamed(const NamedValue<Enum> (&table)[N], const std::string &name)
{
    for (const auto &entry : table)
        for (const char *spelling : entry.names)
            if (spelling && name == spelling)
                return entry.value;
    return std::nullopt;
}

} // namespace

std::string toString(Algorithm a) { return nameOf(kAlgorithms, a); }

Algorithm algorithmByName(const std::string &name)
{
    if (const auto algorithm = valueNamed(kAlgorithms, name))
        return *algorithm;
    throw InputError("unknown algorithm '" + name + "' (expected gdas, gdas-frc or darts)");
}

std::string toString(AmpMode m) { return nameOf(kAmpModes, m); }

AmpMode ampModeByName(const std::string &name)
{
    if (const auto mode = valueNamed(kAmpModes, name))
        return *mode;
    throw InputError("unknown mixed-precision mode '" + name + "' (expected off, bf16 or fp16)");
}

void SearchConfig::resolveDefaults()
{
    const model::SearchSpace *sp = nullptr;
    try {
        sp = &model::SearchSpace::byName(space);
    } catch (const std::exception &e) {
        throw InputError(e.what());
    }
    space = sp->name;
    const bool darts = sp->kind == model::SpaceKind::Darts;
    if (batchSize == 0)
        batchSize = darts ? 256 : 64;
    if (cells == 0)
        cells = darts ? 2 : 5;
    if (algorithm == Algorithm::GdasFrc && !darts)
        throw InputError("gdas-frc fixes the reduction cell of the DARTS space; NAS-Bench-201 has none");
    auto require = [](bool ok, const std::string &what) {
        if (!ok)
            throw InputError(what);
    };
    require(epochs >= 1, "epochs must be at least 1");
    require(batchSize >= 2, "batch size must be at least 2 (BatchNorm needs two samples)");
    require(channels >= 1 && cells >= 1, "channels and cells must be positive");
    require(channels % 2 == 0 || !darts, "the DARTS space needs an even channel count (factorized reduce)");
    require(algorithm != Algorithm::GdasFrc || channels % 8 == 0,
            "gdas-frc needs a channel count divisible by 8 (its fixed reduction cell uses 8 groups)");
    require(std::isfinite(lr) && lr > 0 && lrMin >= 0 && lrMin <= lr, "learning rates must satisfy 0 <= lr-min <= lr");
    require(archLr > 0 && std::isfinite(archLr), "arch learning rate must be positive");
    require(lrScale > 0 && std::isfinite(lrScale), "the learning-rate scale must be positive");
    require(tauMax > 0 && tauMin > 0 && tauMin <= tauMax, "tau must satisfy 0 < tau-min <= tau-max");
    require(gradClip > 0, "gradient clip must be positive");
    require(logEvery >= 1, "log-every must be at least 1");
    require(microBatches >= 1 && batchSize % microBatches == 0,
            "micro-batches must be at least 1 and divide the batch size (" + std::to_string(batchSize) + ")");
    require(distributedTimeout >= 1, "the distributed timeout must be at least 1 second");
    require(collapseSkipLimit >= 0, "the collapse skip limit must be 0 (off) or more");
    require(!stopOnCollapse || collapseSkipLimit >= 1, "--stop-on-collapse needs a collapse skip limit of 1 or more");
    if (!benchmarkFile.empty()) {
        require(sp->kind == model::SpaceKind::NasBench201,
                "--benchmark looks cells up in NAS-Bench-201: it needs --space nas-bench-201");
        if (benchmarkDataset.empty())
            benchmarkDataset = data.dataset == "cifar100" ? "cifar100" : "cifar10";
        require(benchmarkDataset == "cifar10" || benchmarkDataset == "cifar100" || benchmarkDataset == "ImageNet16-120",
                "the benchmark data set must be cifar10, cifar100 or ImageNet16-120 (got '" + benchmarkDataset + "')");
    }
    try {
        (void)model::deriveRuleByName(deriveRule);
    } catch (const std::exception &e) {
        throw InputError(e.what());
    }
    if (name.empty())
        name = space + "-" + toString(algorithm) + "-seed" + std::to_string(seed);
    require(!runDir.empty(), "a run directory is required (--out)");
}

} // namespace gdas::engine

#include <nlohmann/json.hpp>

namespace gdas::engine {

std::string toJson(const SearchConfig &c)
{
    nlohmann::json j{
        {"kind", std::string(model::toString(model::RunKind::Search))},
        {"name", c.name},
        {"space", c.space},
        {"algorithm", toString(c.algorithm)},
        {"dataset", c.data.dataset},
        {"data_dir", c.data.dataDir},
        {"train_limit", c.data.trainLimit},
        {"synthetic_size", c.data.syntheticSize},
        {"synthetic_channels", c.data.syntheticChannels},
        {"synthetic_side", c.data.syntheticSide},
        {"synthetic_classes", c.data.syntheticClasses},
        {"image_size", c.data.imageSize},
        {"augment", c.data.augment},
        {"epochs", c.epochs},
        {"batch_size", c.batchSize},
        {"channels", c.channels},
        {"cells", c.cells},
        {"lr", c.lr},
        {"lr_min", c.lrMin},
        {"momentum", c.momentum},
        {"nesterov", true},
        {"weight_decay", c.weightDecay},
        {"grad_clip", c.gradClip},
        {"grad_clip_scope", "weights"},
        {"arch_lr", c.archLr},
        {"arch_beta1", c.archBeta1},
        {"arch_beta2", c.archBeta2},
        {"arch_weight_decay", c.archWeightDecay},
        {"lr_scale", c.lrScale},
        {"tau_max", c.tauMax},
        {"tau_min", c.tauMin},
        {"derive_rule", c.deriveRule},
        {"collapse_skip_limit", c.collapseSkipLimit},
        {"stop_on_collapse", c.stopOnCollapse},
        {"benchmark", c.benchmarkFile},
        {"benchmark_dataset", c.benchmarkDataset},
        {"amp", toString(c.amp)},
        {"micro_batches", c.microBatches},
    };
    j.update(runSettingsToJson(c));
    // A name typed in another encoding is written as U+FFFD, not refused by the JSON writer.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

SearchConfig searchConfigFromJson(const std::string &text, const std::string &source)
{
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw InputError(source + ": not a JSON object");
    if (j.value("kind", "") != model::toString(model::RunKind::Search))
        throw InputError(source + ": not the config of a search run (kind is '" + j.value("kind", "") + "')");
    SearchConfig c;
    try {
        c.name = j.at("name").get<std::string>();
        c.space = j.at("space").get<std::string>();
        c.algorithm = algorithmByName(j.at("algorithm").get<std::string>());
        c.data.dataset = j.at("dataset").get<std::string>();
        c.data.dataDir = j.value("data_dir", "");
        c.data.trainLimit = j.value("train_limit", 0LL);
        c.data.syntheticSize = j.value("synthetic_size", c.data.syntheticSize);
        c.data.syntheticChannels = j.value("synthetic_channels", c.data.syntheticChannels);
        c.data.syntheticSide = j.value("synthetic_side", c.data.syntheticSide);
        c.data.syntheticClasses = j.value("synthetic_classes", c.data.syntheticClasses);
        c.data.imageSize = j.value("image_size", c.data.imageSize);
        c.data.augment = j.value("augment", true);
        c.epochs = j.at("epochs").get<int>();
        c.batchSize = j.at("batch_size").get<int>();
        c.channels = j.at("channels").get<int>();
        c.cells = j.at("cells").get<int>();
        c.lr = j.at("lr").get<double>();
        c.lrMin = j.at("lr_min").get<double>();
        c.momentum = j.at("momentum").get<double>();
        c.weightDecay = j.at("weight_decay").get<double>();
        c.gradClip = j.at("grad_clip").get<double>();
        c.archLr = j.at("arch_lr").get<double>();
        c.archBeta1 = j.at("arch_beta1").get<double>();
        c.archBeta2 = j.at("arch_beta2").get<double>();
        c.archWeightDecay = j.at("arch_weight_decay").get<double>();
        c.lrScale = j.value("lr_scale", 1.0);
        c.tauMax = j.at("tau_max").get<double>();
        c.tauMin = j.at("tau_min").get<double>();
        c.deriveRule = j.value("derive_rule", "darts");
        c.collapseSkipLimit = j.value("collapse_skip_limit", 2);
        c.stopOnCollapse = j.value("stop_on_collapse", false);
        c.benchmarkFile = j.value("benchmark", "");
        c.benchmarkDataset = j.value("benchmark_dataset", "");
        c.seed = j.at("seed").get<std::uint64_t>();
        c.device = j.value("device_requested", "auto");
        c.threads = j.value("threads", 0);
        c.logEvery = j.value("log_every", 10);
        c.maxStepsPerEpoch = j.value("max_steps_per_epoch", 0LL);
        c.channelsLast = j.value("channels_last", true);
        c.deterministic = j.value("deterministic", false);
        c.amp = ampModeByName(j.value("amp", std::string("off")));
        c.microBatches = j.value("micro_batches", 1);
        c.distributedTimeout = j.value("distributed_timeout", c.distributedTimeout);
    } catch (const nlohmann::json::exception &e) {
        throw InputError(source + ": " + e.what());
    }
    return c;
}

} // namespace gdas::engine
