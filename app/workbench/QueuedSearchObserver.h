#pragma once

#include "engine/SearchObserver.h"

namespace gdas::app {

class SearchController;
class StepThrottle;

// Turns engine callbacks (on the engine's thread) into calls queued to the controller's thread.
// Steps go through the throttle; every other report first flushes the pending step, so the
// controller sees reports in the order the engine made them.
class QueuedSearchObserver : public engine::SearchObserver {
public:
    QueuedSearchObserver(SearchController *controller, StepThrottle *throttle);

    void onStarted(const engine::RunStarted &started) override;
    void onStep(const engine::StepMetrics &step) override;
    void onEpoch(const engine::EpochReport &epoch) override;
    void onPaused(bool paused) override;
    void onFinished(const engine::RunOutcome &outcome) override;
    void onLog(const std::string &line) override;

private:
    template <typename Call>
    void post(Call &&call);

    SearchController *m_controller;
    StepThrottle *m_throttle;
};

} // namespace gdas::app
