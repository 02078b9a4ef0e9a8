#include "SearchConfigSettings.h"

#include "engine/EngineError.h"

#include <QSettings>

namespace gdas::app {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

std::string readString(const QSettings &s, const char *key, const std::string &fallback)
{
    return s.value(QLatin1String(key), str(fallback)).toString().toStdString();
}

template <typename T>
T readNumber(const QSettings &s, const char *key, T fallback)
{
    const QVariant v = s.value(QLatin1String(key));
    if (!v.isValid())
        return fallback;
    bool ok = false;
    if constexpr (std::is_floating_point_v<T>) {
        const double d = v.toDouble(&ok);
        return ok ? static_cast<T>(d) : fallback;
    } else if constexpr (std::is_unsigned_v<T>) {
        const qulonglong u = v.toULongLong(&ok);
        return ok ? static_cast<T>(u) : fallback;
    } else {
        const qlonglong i = v.toLongLong(&ok);
        return ok ? static_cast<T>(i) : fallback;
    }
}

bool readBool(const QSettings &s, const char *key, bool fallback)
{
    return s.value(QLatin1String(key), fallback).toBool();
}

} // namespace

void writeSearchConfig(QSettings &s, const engine::SearchConfig &c)
{
    s.setValue(QStringLiteral("space"), str(c.space));
    s.setValue(QStringLiteral("algorithm"), str(engine::toString(c.algorithm)));
    s.setValue(QStringLiteral("dataset"), str(c.data.dataset));
    s.setValue(QStringLiteral("dataDir"), str(c.data.dataDir));
    s.setValue(QStringLiteral("trainLimit"), qlonglong(c.data.trainLimit));
    s.setValue(QStringLiteral("testLimit"), qlonglong(c.data.testLimit));
    s.setValue(QStringLiteral("syntheticSize"), qlonglong(c.data.syntheticSize));
    s.setValue(QStringLiteral("syntheticChannels"), c.data.syntheticChannels);
    s.setValue(QStringLiteral("syntheticSide"), c.data.syntheticSide);
    s.setValue(QStringLiteral("syntheticClasses"), c.data.syntheticClasses);
    s.setValue(QStringLiteral("imageSize"), c.data.imageSize);
    s.setValue(QStringLiteral("augment"), c.data.augment);
    s.setValue(QStringLiteral("cutout"), c.data.cutout);
    s.setValue(QStringLiteral("epochs"), c.epochs);
    s.setValue(QStringLiteral("batchSize"), c.batchSize);
    s.setValue(QStringLiteral("channels"), c.channels);
    s.setValue(QStringLiteral("cells"), c.cells);
    s.setValue(QStringLiteral("lr"), c.lr);
    s.setValue(QStringLiteral("lrMin"), c.lrMin);
    s.setValue(QStringLiteral("momentum"), c.momentum);
    s.setValue(QStringLiteral("weightDecay"), c.weightDecay);
    s.setValue(QStringLiteral("gradClip"), c.gradClip);
    s.setValue(QStringLiteral("archLr"), c.archLr);
    s.setValue(QStringLiteral("archBeta1"), c.archBeta1);
    s.setValue(QStringLiteral("archBeta2"), c.archBeta2);
    s.setValue(QStringLiteral("archWeightDecay"), c.archWeightDecay);
    s.setValue(QStringLiteral("tauMax"), c.tauMax);
    s.setValue(QStringLiteral("tauMin"), c.tauMin);
    s.setValue(QStringLiteral("deriveRule"), str(c.deriveRule));
    s.setValue(QStringLiteral("seed"), qulonglong(c.seed));
    s.setValue(QStringLiteral("device"), str(c.device));
    s.setValue(QStringLiteral("threads"), c.threads);
    s.setValue(QStringLiteral("logEvery"), c.logEvery);
    s.setValue(QStringLiteral("maxStepsPerEpoch"), qlonglong(c.maxStepsPerEpoch));
    s.setValue(QStringLiteral("channelsLast"), c.channelsLast);
    s.setValue(QStringLiteral("deterministic"), c.deterministic);
}

engine::SearchConfig readSearchConfig(const QSettings &s, const engine::SearchConfig &fallback)
{
    engine::SearchConfig c = fallback;
    c.space = readString(s, "space", c.space);
    try {
        c.algorithm = engine::algorithmByName(readString(s, "algorithm", engine::toString(c.algorithm)));
    } catch (const engine::InputError &) {
        c.algorithm = fallback.algorithm;
    }
    c.data.dataset = readString(s, "dataset", c.data.dataset);
    c.data.dataDir = readString(s, "dataDir", c.data.dataDir);
    c.data.trainLimit = readNumber(s, "trainLimit", c.data.trainLimit);
    c.data.testLimit = readNumber(s, "testLimit", c.data.testLimit);
    c.data.syntheticSize = readNumber(s, "syntheticSize", c.data.syntheticSize);
    c.data.syntheticChannels = readNumber(s, "syntheticChannels", c.data.syntheticChannels);
    c.data.syntheticSide = readNumber(s, "syntheticSide", c.data.syntheticSide);
    c.data.syntheticClasses = readNumber(s, "syntheticClasses", c.data.syntheticClasses);
    c.data.imageSize = readNumber(s, "imageSize", c.data.imageSize);
    c.data.augment = readBool(s, "augment", c.data.augment);
    c.data.cutout = readNumber(s, "cutout", c.data.cutout);
    c.epochs = readNumber(s, "epochs", c.epochs);
    c.batchSize = readNumber(s, "batchSize", c.batchSize);
    c.channels = readNumber(s, "channels", c.channels);
    c.cells = readNumber(s, "cells", c.cells);
    c.lr = readNumber(s, "lr", c.lr);
    c.lrMin = readNumber(s, "lrMin", c.lrMin);
    c.momentum = readNumber(s, "momentum", c.momentum);
    c.weightDecay = readNumber(s, "weightDecay", c.weightDecay);
    c.gradClip = readNumber(s, "gradClip", c.gradClip);
    c.archLr = readNumber(s, "archLr", c.archLr);
    c.archBeta1 = readNumber(s, "archBeta1", c.archBeta1);
    c.archBeta2 = readNumber(s, "archBeta2", c.archBeta2);
    c.archWeightDecay = readNumber(s, "archWeightDecay", c.archWeightDecay);
    c.tauMax = readNumber(s, "tauMax", c.tauMax);
    c.tauMin = readNumber(s, "tauMin", c.tauMin);
    c.deriveRule = readString(s, "deriveRule", c.deriveRule);
    c.seed = readNumber(s, "seed", c.seed);
    c.device = readString(s, "device", c.device);
    c.threads = readNumber(s, "threads", c.threads);
    c.logEvery = readNumber(s, "logEvery", c.logEvery);
    c.maxStepsPerEpoch = readNumber(s, "maxStepsPerEpoch", c.maxStepsPerEpoch);
    c.channelsLast = readBool(s, "channelsLast", c.channelsLast);
    c.deterministic = readBool(s, "deterministic", c.deterministic);
    return c;
}

} // namespace gdas::app
