#pragma once

#include "engine/SearchObserver.h"
#include "model/Genotype.h"

#include <cstdio>
#include <string>

namespace gdas::app {

std::string formatDuration(double seconds); // "1h02m", "3m05s", "12s"
// The genotype in its space's usual text form (DARTS literal or NAS-Bench-201 string).
std::string genotypeText(const model::Genotype &g);

// The progress line of `gdas search`: one line per report, redrawn in place on a terminal.
class SearchProgressPrinter : public engine::SearchObserver {
public:
    explicit SearchProgressPrinter(bool quiet);
    void onStarted(const engine::RunStarted &s) override;
    void onStep(const engine::StepMetrics &m) override;
    void onEpoch(const engine::EpochReport &r) override;
    void onFinished(const engine::RunOutcome &o) override;

private:
    bool m_quiet;
    bool m_tty;
    bool m_lineOpen = false;
};

} // namespace gdas::app
