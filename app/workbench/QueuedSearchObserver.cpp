#include "QueuedSearchObserver.h"

#include "SearchController.h"
#include "StepThrottle.h"

#include <QMetaObject>
#include <QString>

namespace gdas::app {

QueuedSearchObserver::QueuedSearchObserver(SearchController *controller, StepThrottle *throttle)
    : m_controller(controller), m_throttle(throttle)
{}

template <typename Call>
void QueuedSearchObserver::post(Call &&call)
{
    m_throttle->flush();
    QMetaObject::invokeMethod(m_controller, std::forward<Call>(call), Qt::QueuedConnection);
}

void QueuedSearchObserver::onStarted(const engine::RunStarted &started)
{
    SearchController *controller = m_controller;
    post([controller, started] { controller->deliverStarted(started); });
}

void QueuedSearchObserver::onStep(const engine::StepMetrics &step)
{
    SearchController *controller = m_controller;
    m_throttle->offer([controller, step] { controller->deliverStep(step); });
}

void QueuedSearchObserver::onEpoch(const engine::EpochReport &epoch)
{
    SearchController *controller = m_controller;
    post([controller, epoch] { controller->deliverEpoch(epoch); });
}

void QueuedSearchObserver::onPaused(bool paused)
{
    SearchController *controller = m_controller;
    post([controller, paused] { controller->deliverPaused(paused); });
}

void QueuedSearchObserver::onFinished(const engine::RunOutcome &outcome)
{
    SearchController *controller = m_controller;
    post([controller, outcome] { controller->deliverFinished(outcome); });
}

void QueuedSearchObserver::onLog(const std::string &line)
{
    SearchController *controller = m_controller;
    post([controller, text = QString::fromStdString(line)] { controller->deliverLog(text); });
}

} // namespace gdas::app
