#pragma once

#include "widgets/CellAnimation.h"

#include <QString>

namespace gdas::app {

// What `gdas-workbench --export-animation RUN_DIR --output FILE.gif [--overwrite]` does, without
// a window: reads the run directory and writes its cell animation (widgets::CellAnimation). False
// and `error` ("<file>: <problem>") when the folder is missing or not a readable run, when it has
// no epoch on record, when `output` exists and `overwrite` is false (nothing is drawn then), or
// when the write fails (the file that was at `output` stays as it was). `frames`: how many were
// written.
bool exportRunAnimation(const QString &runDirectory, const QString &output, bool overwrite, QString *error,
                        int *frames = nullptr, const widgets::CellAnimation::Progress &progress = {});

} // namespace gdas::app
