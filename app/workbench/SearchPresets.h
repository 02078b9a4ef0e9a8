#pragma once

#include "engine/SearchConfig.h"

#include <QDateTime>
#include <QString>

namespace gdas::app {

// The paper's search (the official GDAS scripts' values; engine::SearchConfig's defaults).
engine::SearchConfig paperSearchConfig();

// A search small enough to watch a cell evolve within a few minutes on two CPU cores:
// C=8, N=1, batch 32 on 2000 Fashion-MNIST images, 30 steps in each of 15 epochs, arch
// learning rate 3e-3. About a minute in NAS-Bench-201; about two in DARTS (both cells).
engine::SearchConfig quickLookSearchConfig(const std::string &space = "nas-bench-201");

// The space's default batch size and cell count (what 0 means in SearchConfig).
int spaceDefaultBatchSize(const std::string &space);
int spaceDefaultCells(const std::string &space);

// "nb201-gdas-fashion-mnist-20261128-142501"
QString generatedRunName(const engine::SearchConfig &config, const QDateTime &when = QDateTime::currentDateTime());
QString defaultRunsFolder(); // ~/gdas-runs

// Whether `name` is a device a search or retrain can ask for: cpu, cuda, cuda:N or auto.
bool isDeviceName(const QString &name);

} // namespace gdas::app
