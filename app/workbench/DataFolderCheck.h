#pragma once

#include <QString>
#include <QStringList>

namespace gdas::app {

// The files the engine's readers open for `dataset` ("fashion-mnist", "cifar10", "cifar100");
// each entry lists the accepted spellings of one file (Fashion-MNIST may be gzipped or not).
QList<QStringList> expectedDataFiles(const QString &dataset);

// Empty when `folder` holds every expected file of `dataset`; otherwise a sentence naming the
// folder and what is missing. "synthetic" needs no folder; "folder" needs an existing one (its
// layout is the engine's to check: engine::scanImageFolder).
QString checkDataFolder(const QString &dataset, const QString &folder);

// Where the engine looks when no folder is given (empty when it needs one).
QString defaultDataFolder(const QString &dataset);

} // namespace gdas::app
