#include "RunDirectoryObserver.h"

#include "engine/MetricRows.h"

namespace gdas::engine {

void RunDirectoryObserver::onStep(const StepMetrics &step) { m_writer.appendRow(metricRowOf(step)); }

void RunDirectoryObserver::onEpoch(const EpochReport &epoch)
{
    m_writer.appendRow(metricRowOf(epoch));
    m_writer.appendEpochRecord(epochRecordOf(epoch));
}

void RunDirectoryObserver::onStep(const RetrainStep &step) { m_writer.appendRow(metricRowOf(step)); }

void RunDirectoryObserver::onEpoch(const RetrainEpoch &epoch) { m_writer.appendRow(metricRowOf(epoch)); }

} // namespace gdas::engine
