#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <mutex>

namespace gdas::app {

// Coalesces step reports that arrive faster than the views can use them. offer() (any thread)
// keeps only the newest pending delivery; this object's thread runs it at most once per
// interval. With an interval of 0 nothing is coalesced: every offer is delivered, in order.
// flush() runs the pending delivery at once, ahead of anything posted to this thread after it,
// so an epoch report never overtakes the steps before it.
class StepThrottle : public QObject {
    Q_OBJECT
public:
    using Delivery = std::function<void()>;

    explicit StepThrottle(QObject *parent = nullptr);

    void setMinimumInterval(int milliseconds); // 0: every step
    int minimumInterval() const { return m_intervalMs.load(); }

    void offer(Delivery delivery); // any thread
    void flush();                  // any thread
    void discardPending();         // any thread

private:
    void scheduleRelease(); // this object's thread
    void releasePending();  // this object's thread
    void deliver(const Delivery &delivery);

    std::mutex m_mutex;
    Delivery m_pending;
    bool m_releasePosted = false;
    std::atomic<int> m_intervalMs{33};
    QTimer m_timer;
    QElapsedTimer m_sinceRelease;
};

} // namespace gdas::app
