#pragma once

#include "engine/MetricRows.h"
#include "engine/RetrainSession.h"
#include "engine/SearchObserver.h"
#include "model/RunRecord.h"

namespace gdas::app {

// The live engine reports as the rows a run directory holds. They are the engine's own rows
// (engine/MetricRows.h), the ones its run-directory writer puts on disk, so the views take the
// same values whether a run is watched live or read back from disk.
model::MetricRow toMetricRow(const engine::StepMetrics &step);
model::MetricRow toMetricRow(const engine::EpochReport &epoch);
model::EpochRecord toEpochRecord(const engine::EpochReport &epoch);
model::MetricRow toMetricRow(const engine::RetrainStep &step);
model::MetricRow toMetricRow(const engine::RetrainEpoch &epoch);

} // namespace gdas::app
