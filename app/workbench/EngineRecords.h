#pragma once

#include "engine/RetrainSession.h"
#include "engine/SearchObserver.h"
#include "model/RunRecord.h"

namespace gdas::app {

// The live engine reports as the rows a run directory holds (metrics.jsonl / epochs.jsonl keys),
// so the views take the same values whether a run is watched live or read back from disk.
model::MetricRow toMetricRow(const engine::StepMetrics &step);
model::MetricRow toMetricRow(const engine::EpochReport &epoch);
model::EpochRecord toEpochRecord(const engine::EpochReport &epoch);
model::MetricRow toMetricRow(const engine::RetrainStep &step);
model::MetricRow toMetricRow(const engine::RetrainEpoch &epoch);

} // namespace gdas::app
