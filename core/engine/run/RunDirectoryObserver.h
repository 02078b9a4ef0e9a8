#pragma once

#include "RunWriter.h"
#include "engine/RetrainSession.h"
#include "engine/SearchObserver.h"

namespace gdas::engine {

// The run directory as one observer of a run, beside the CLI's progress line and the
// workbench's queue: every step and epoch report becomes a metrics.jsonl row (and, for a
// search, an epochs.jsonl line) through the metric schema (engine/MetricRows.h), so what is on
// disk is what the other observers were shown. A session adds it before every other observer,
// so a row is on disk before anyone hears of it; a write that fails throws into the session's
// loop, which fails the run.
class RunDirectoryObserver final : public SearchObserver, public RetrainObserver {
public:
    explicit RunDirectoryObserver(RunWriter &writer) : m_writer(writer) {}
    void onStep(const StepMetrics &step) override;
    void onEpoch(const EpochReport &epoch) override;
    void onStep(const RetrainStep &step) override;
    void onEpoch(const RetrainEpoch &epoch) override;

private:
    RunWriter &m_writer;
};

} // namespace gdas::engine
