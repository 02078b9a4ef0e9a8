#include "StepThrottle.h"

namespace gdas::app {

StepThrottle::StepThrottle(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StepThrottle::releasePending);
}

void StepThrottle::setMinimumInterval(int milliseconds) { m_intervalMs.store(qMax(0, milliseconds)); }

void StepThrottle::offer(Delivery delivery)
{
    if (m_intervalMs.load() == 0) {
        // Every step: queue this one behind any still pending from a non-zero interval.
        flush();
        QMetaObject::invokeMethod(
            this, [this, delivery = std::move(delivery)] { deliver(delivery); }, Qt::QueuedConnection);
        return;
    }
    bool post = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending = std::move(delivery);
        if (!m_releasePosted) {
            m_releasePosted = true;
            post = true;
        }
    }
    if (post)
        QMetaObject::invokeMethod(
            this, [this] { scheduleRelease(); }, Qt::QueuedConnection);
}

void StepThrottle::flush()
{
    Delivery pending;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        pending.swap(m_pending);
    }
    if (pending) {
        // Queued even on this thread: callers post their next report right after flushing.
        QMetaObject::invokeMethod(
            this, [this, pending] { deliver(pending); }, Qt::QueuedConnection);
    }
}

void StepThrottle::discardPending()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending = nullptr;
}

void StepThrottle::scheduleRelease()
{
    const int interval = m_intervalMs.load();
    const qint64 since = m_sinceRelease.isValid() ? m_sinceRelease.elapsed() : interval;
    if (since >= interval)
        releasePending();
    else
        m_timer.start(static_cast<int>(interval - since));
}

void StepThrottle::releasePending()
{
    Delivery pending;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        pending.swap(m_pending);
        m_releasePosted = false;
    }
    if (pending)
        deliver(pending);
}

void StepThrottle::deliver(const Delivery &delivery)
{
    m_sinceRelease.restart();
    delivery();
}

} // namespace gdas::app
