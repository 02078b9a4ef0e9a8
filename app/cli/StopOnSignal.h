#pragma once

#include "engine/RunControl.h"

#include <atomic>
#include <thread>

namespace gdas::app {

// While alive, SIGINT/SIGTERM ask `control` to stop at the next step boundary (so a checkpoint
// is written) instead of killing the process. A second signal restores the default action.
class StopOnSignal {
public:
    explicit StopOnSignal(engine::RunControl &control);
    ~StopOnSignal();

private:
    engine::RunControl &m_control;
    std::atomic<bool> m_done{false};
    std::thread m_watcher;
};

} // namespace gdas::app
