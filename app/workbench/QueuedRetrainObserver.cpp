#include "QueuedRetrainObserver.h"

#include "RetrainController.h"
#include "StepThrottle.h"

#include <QMetaObject>
#include <QString>

namespace gdas::app {

QueuedRetrainObserver::QueuedRetrainObserver(RetrainController *controller, StepThrottle *throttle)
    : m_controller(controller), m_throttle(throttle)
{}

template <typename Call>
void QueuedRetrainObserver::post(Call &&call)
{
    m_throttle->flush();
    QMetaObject::invokeMethod(m_controller, std::forward<Call>(call), Qt::QueuedConnection);
}

void QueuedRetrainObserver::onStarted(const engine::RetrainStarted &started)
{
    RetrainController *controller = m_controller;
    post([controller, started] { controller->deliverStarted(started); });
}

void QueuedRetrainObserver::onStep(const engine::RetrainStep &step)
{
    RetrainController *controller = m_controller;
    m_throttle->offer([controller, step] { controller->deliverStep(step); });
}

void QueuedRetrainObserver::onEpoch(const engine::RetrainEpoch &epoch)
{
    RetrainController *controller = m_controller;
    post([controller, epoch] { controller->deliverEpoch(epoch); });
}

void QueuedRetrainObserver::onPaused(bool paused)
{
    RetrainController *controller = m_controller;
    post([controller, paused] { controller->deliverPaused(paused); });
}

void QueuedRetrainObserver::onFinished(const engine::RetrainOutcome &outcome)
{
    RetrainController *controller = m_controller;
    post([controller, outcome] { controller->deliverFinished(outcome); });
}

void QueuedRetrainObserver::onLog(const std::string &line)
{
    RetrainController *controller = m_controller;
    post([controller, text = QString::fromStdString(line)] { controller->deliverLog(text); });
}

} // namespace gdas::app
