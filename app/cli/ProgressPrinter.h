#pragma once

#include "StopOnSignal.h"

#include "engine/Distributed.h"
#include "engine/RetrainSession.h"
#include "engine/RunControl.h"
#include "engine/SearchObserver.h"

#include <cstdint>
#include <string>

namespace gdas::app {

// The shape of `gdas search`'s and `gdas retrain`'s progress: a step line redrawn in place on a
// terminal (one line per report elsewhere, none when quiet), closed before anything else is
// printed.
class ProgressLine {
protected:
    explicit ProgressLine(bool quiet);
    // The step line: "epoch e/E step s/S | <figures> | N img/s | ETA t", where `figures` are
    // what the run's kind reports of its step.
    void printStep(int epoch, int epochs, std::int64_t step, std::int64_t stepsPerEpoch, const char *figures,
                   double imagesPerSecond, double etaSeconds);
    void closeLine();
    // Ends what onStarted prints: the data set's line, if the engine gave one.
    static void printDataLine(const std::string &data);

private:
    bool m_quiet;
    bool m_tty;
    bool m_lineOpen = false;
};

// `gdas search`: the run, a step line, a summary and the genotype per epoch, the outcome.
class SearchProgressPrinter : public engine::SearchObserver, private ProgressLine {
public:
    explicit SearchProgressPrinter(bool quiet) : ProgressLine(quiet) {}
    void onStarted(const engine::RunStarted &s) override;
    void onStep(const engine::StepMetrics &m) override;
    void onEpoch(const engine::EpochReport &r) override;
    void onFinished(const engine::RunOutcome &o) override;
};

// `gdas retrain`: the run and the network, a step line (epoch, step, loss, top-1, images/s,
// ETA), a summary per epoch, the outcome.
class RetrainProgressPrinter : public engine::RetrainObserver, private ProgressLine {
public:
    explicit RetrainProgressPrinter(bool quiet) : ProgressLine(quiet) {}
    void onStarted(const engine::RetrainStarted &s) override;
    void onStep(const engine::RetrainStep &m) override;
    void onEpoch(const engine::RetrainEpoch &r) override;
    void onFinished(const engine::RetrainOutcome &o) override;
};

// Runs a session as `gdas search` and `gdas retrain` do: under torchrun every rank runs the
// command and rank 0 speaks for the job (its progress printer, a Printer(quiet)); Ctrl+C stops
// at the next step, with a checkpoint kept. Returns the session's outcome.
template <typename Printer, typename Session>
auto runWithProgress(Session &session, bool quiet, const engine::DistributedInfo &job)
{
    Printer printer(quiet);
    if (job.writesRunDirectory())
        session.addObserver(&printer);
    engine::RunControl control;
    StopOnSignal stopOnSignal(control);
    return session.run(control);
}

} // namespace gdas::app
