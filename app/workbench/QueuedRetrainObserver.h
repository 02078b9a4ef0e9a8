#pragma once

#include "engine/RetrainSession.h"

namespace gdas::app {

class RetrainController;
class StepThrottle;

// RetrainSession's callbacks (on the engine's thread) as calls queued to the controller's
// thread, steps coalesced by the throttle; see QueuedSearchObserver.
class QueuedRetrainObserver : public engine::RetrainObserver {
public:
    QueuedRetrainObserver(RetrainController *controller, StepThrottle *throttle);

    void onStarted(const engine::RetrainStarted &started) override;
    void onStep(const engine::RetrainStep &step) override;
    void onEpoch(const engine::RetrainEpoch &epoch) override;
    void onPaused(bool paused) override;
    void onFinished(const engine::RetrainOutcome &outcome) override;
    void onLog(const std::string &line) override;

private:
    template <typename Call>
    void post(Call &&call);

    RetrainController *m_controller;
    StepThrottle *m_throttle;
};

} // namespace gdas::app
