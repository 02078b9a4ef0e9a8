#pragma once

#include "RetrainSession.h"
#include "SearchObserver.h"
#include "model/RunRecord.h"

namespace gdas::engine {

// The engine's reports as the rows of the metric schema (model::metric, docs/RUN_DIRECTORY.md).
// The run directory's writer writes exactly these rows, and the workbench shows them live, so a
// row seen live and the same row read back from metrics.jsonl / epochs.jsonl are equal.
model::MetricRow metricRowOf(const StepMetrics &step);
model::MetricRow metricRowOf(const EpochReport &epoch);
model::EpochRecord epochRecordOf(const EpochReport &epoch);
model::MetricRow metricRowOf(const RetrainStep &step);
model::MetricRow metricRowOf(const RetrainEpoch &epoch);

} // namespace gdas::engine
