#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace gdas::engine {

// Pause / resume / stop, requested from any thread, honoured by the engine between steps.
class RunControl {
public:
    void requestPause();
    void resume();
    void requestStop(); // also wakes a paused run so it can stop
    bool isPaused() const { return m_paused.load(); }
    bool stopRequested() const { return m_stop.load(); }
    // Engine side: blocks while paused; returns false when a stop was requested.
    bool waitWhilePaused();

private:
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

} // namespace gdas::engine
