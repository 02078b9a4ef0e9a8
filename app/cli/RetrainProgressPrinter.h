#pragma once

#include "engine/RetrainSession.h"

namespace gdas::app {

// The progress line of `gdas retrain` (epoch, step, loss, top-1, images/s, ETA), redrawn in
// place on a terminal, and one summary line per epoch.
class RetrainProgressPrinter : public engine::RetrainObserver {
public:
    explicit RetrainProgressPrinter(bool quiet);
    void onStarted(const engine::RetrainStarted &s) override;
    void onStep(const engine::RetrainStep &m) override;
    void onEpoch(const engine::RetrainEpoch &r) override;
    void onFinished(const engine::RetrainOutcome &o) override;

private:
    void closeLine();
    bool m_quiet;
    bool m_tty;
    bool m_lineOpen = false;
};

} // namespace gdas::app
