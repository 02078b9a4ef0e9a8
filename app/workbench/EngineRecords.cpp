#include "EngineRecords.h"

namespace gdas::app {

model::MetricRow toMetricRow(const engine::StepMetrics &step) { return engine::metricRowOf(step); }

model::MetricRow toMetricRow(const engine::EpochReport &epoch) { return engine::metricRowOf(epoch); }

model::EpochRecord toEpochRecord(const engine::EpochReport &epoch) { return engine::epochRecordOf(epoch); }

model::MetricRow toMetricRow(const engine::RetrainStep &step) { return engine::metricRowOf(step); }

model::MetricRow toMetricRow(const engine::RetrainEpoch &epoch) { return engine::metricRowOf(epoch); }

} // namespace gdas::app
