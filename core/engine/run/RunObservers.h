#pragma once

#include "RunDirectoryObserver.h"
#include "RunEnvironment.h"

#include <vector>

namespace gdas::engine {

// A session's observers (SearchObserver or RetrainObserver), in the order the facts reach them:
// the run directory first once attach() has seen it opened, then the caller's in the order they
// were added. The environment's log lines go to every observer's onLog.
template <typename Observer>
class RunObservers {
public:
    void add(Observer *observer) { m_observers.push_back(observer); } // not owned

    // After env.openRunDirectory(): the run directory (rank 0) becomes the first observer.
    void attach(RunEnvironment &env)
    {
        if (RunDirectoryObserver *runDirectory = env.runDirectory())
            m_observers.insert(m_observers.begin(), runDirectory);
        env.setLogListener([this](const std::string &line) { notify([&](Observer &o) { o.onLog(line); }); });
    }

    template <typename F>
    void notify(F &&f) const
    {
        for (Observer *o : m_observers)
            f(*o);
    }

private:
    std::vector<Observer *> m_observers;
};

} // namespace gdas::engine
