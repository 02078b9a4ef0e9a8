#pragma once

#include "StepThrottle.h"

#include <QMetaObject>
#include <QString>

#include <string>
#include <utility>

namespace gdas::app {

// Turns a session's callbacks (on the engine's thread) into calls queued to the controller's
// thread. Steps go through the throttle; every other report first flushes the pending step, so
// the controller sees reports in the order the engine made them. `Controller` names its
// session's types (Observer, Started, Step, Epoch, Outcome) and has deliverStarted, deliverStep,
// deliverEpoch, deliverPaused, deliverFinished and deliverLog for them.
template <typename Controller>
class QueuedRunObserver final : public Controller::Observer {
public:
    QueuedRunObserver(Controller *controller, StepThrottle *throttle) : m_controller(controller), m_throttle(throttle)
    {}

    void onStarted(const typename Controller::Started &started) override
    {
        post([controller = m_controller, started] { controller->deliverStarted(started); });
    }
    void onStep(const typename Controller::Step &step) override
    {
        m_throttle->offer([controller = m_controller, step] { controller->deliverStep(step); });
    }
    void onEpoch(const typename Controller::Epoch &epoch) override
    {
        post([controller = m_controller, epoch] { controller->deliverEpoch(epoch); });
    }
    void onPaused(bool paused) override
    {
        post([controller = m_controller, paused] { controller->deliverPaused(paused); });
    }
    void onFinished(const typename Controller::Outcome &outcome) override
    {
        post([controller = m_controller, outcome] { controller->deliverFinished(outcome); });
    }
    void onLog(const std::string &line) override
    {
        post([controller = m_controller, text = QString::fromStdString(line)] { controller->deliverLog(text); });
    }

private:
    template <typename Call>
    void post(Call &&call)
    {
        m_throttle->flush();
        QMetaObject::invokeMethod(m_controller, std::forward<Call>(call), Qt::QueuedConnection);
    }

    Controller *m_controller;
    StepThrottle *m_throttle;
};

} // namespace gdas::app
