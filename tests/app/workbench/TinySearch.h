#pragma once

#include "engine/SearchConfig.h"

#include <QString>

namespace gdas::test {

// A search that runs in about a second on one CPU thread: NAS-Bench-201 on 128 synthetic
// images (64 per half: 4 batches of 16, capped at 3 steps an epoch), every step logged.
inline engine::SearchConfig tinySearch(const QString &runDir, int epochs = 3)
{
    engine::SearchConfig c;
    c.runDir = runDir.toStdString();
    c.name = "tiny";
    c.space = "nas-bench-201";
    c.data.dataset = "synthetic";
    c.data.syntheticSize = 128;
    c.channels = 4;
    c.cells = 1;
    c.batchSize = 16;
    c.epochs = epochs;
    c.maxStepsPerEpoch = 3;
    c.logEvery = 1;
    c.device = "cpu";
    c.threads = 1;
    return c;
}

} // namespace gdas::test
