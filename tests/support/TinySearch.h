#pragma once
// The smallest DARTS-space GDAS search the step tests drive: C=4, one cell per stage, batch 8,
// 4 classes, on 16x16 images.

#include "engine/SearchConfig.h"
#include "engine/nn/Supernet.h"

namespace gdas::testing {

struct TinySearch {
    engine::SearchConfig config;
    engine::SupernetOptions net;
};

inline TinySearch tinySearch(engine::AmpMode amp = engine::AmpMode::Off)
{
    TinySearch t;
    t.config.runDir = "unused";
    t.config.channels = 4;
    t.config.cells = 1;
    t.config.batchSize = 8;
    t.config.amp = amp;
    t.config.resolveDefaults();
    t.net.channels = 4;
    t.net.cells = 1;
    t.net.classes = 4;
    return t;
}

} // namespace gdas::testing
