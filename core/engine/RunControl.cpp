#include "RunControl.h"

namespace gdas::engine {

void RunControl::requestPause()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
}

void RunControl::resume()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_paused = false;
    }
    m_cv.notify_all();
}

void RunControl::requestStop()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
}

bool RunControl::waitWhilePaused()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [this] { return !m_paused.load() || m_stop.load(); });
    return !m_stop.load();
}

} // namespace gdas::engine
