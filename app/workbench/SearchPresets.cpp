#include "SearchPresets.h"

#include "model/SearchSpace.h"

#include <QDir>
#include <QRegularExpression>

namespace gdas::app {

engine::SearchConfig paperSearchConfig() { return engine::SearchConfig{}; }

engine::SearchConfig quickLookSearchConfig(const std::string &space)
{
    engine::SearchConfig config;
    config.space = space;
    config.algorithm = engine::Algorithm::Gdas;
    config.data.dataset = "fashion-mnist";
    config.data.trainLimit = 2000;
    config.data.testLimit = 500;
    config.epochs = 15;
    config.batchSize = 32;
    config.channels = 8;
    config.cells = 1;
    config.maxStepsPerEpoch = 30;
    // Ten times the paper's arch learning rate: in a few hundred steps the paper's rate moves
    // α by a few thousandths, too little to see the cell take shape.
    config.archLr = 3e-3;
    config.logEvery = 2;
    config.device = "cpu";
    return config;
}

namespace {

// The engine's defaults for `space`: a config with nothing else set, resolved.
engine::SearchConfig resolvedDefaults(const std::string &space)
{
    engine::SearchConfig probe;
    probe.space = space;
    probe.runDir = "probe";
    probe.resolveDefaults();
    return probe;
}

} // namespace

int spaceDefaultBatchSize(const std::string &space) { return resolvedDefaults(space).batchSize; }

int spaceDefaultCells(const std::string &space) { return resolvedDefaults(space).cells; }

QString generatedRunName(const engine::SearchConfig &config, const QDateTime &when)
{
    const bool nb201 = model::SearchSpace::byName(config.space).kind == model::SpaceKind::NasBench201;
    return QStringLiteral("%1-%2-%3-%4")
        .arg(nb201 ? QStringLiteral("nb201") : QStringLiteral("darts"),
             QString::fromStdString(engine::toString(config.algorithm)), QString::fromStdString(config.data.dataset),
             when.toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

QString defaultRunsFolder() { return QDir::home().filePath(QStringLiteral("gdas-runs")); }

bool isDeviceName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^(auto|cpu|cuda(:\\d+)?)$"));
    return pattern.match(name).hasMatch();
}

} // namespace gdas::app
