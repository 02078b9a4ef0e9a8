#include "engine/MetricRows.h"

namespace gdas::engine {

namespace {

namespace m = model::metric;

model::MetricRow stepRow(int epoch, std::int64_t step, std::int64_t globalStep, std::map<std::string, double> values)
{
    model::MetricRow row;
    row.type = m::kStep;
    row.epoch = epoch;
    row.step = step;
    row.globalStep = globalStep;
    row.values = std::move(values);
    return row;
}

model::MetricRow epochRow(int epoch, std::map<std::string, double> values)
{
    model::MetricRow row;
    row.type = m::kEpoch;
    row.epoch = epoch;
    row.values = std::move(values);
    return row;
}

} // namespace

model::MetricRow metricRowOf(const StepMetrics &s)
{
    return stepRow(s.epoch, s.step, s.globalStep,
                   {{m::kWLoss, s.wLoss},
                    {m::kWTop1, s.wTop1},
                    {m::kWTop5, s.wTop5},
                    {m::kALoss, s.aLoss},
                    {m::kATop1, s.aTop1},
                    {m::kATop5, s.aTop5},
                    {m::kLr, s.lr},
                    {m::kTau, s.tau},
                    {m::kTime, s.elapsedSeconds},
                    {m::kImagesPerSecond, s.imagesPerSecond}});
}

model::MetricRow metricRowOf(const EpochReport &e)
{
    return epochRow(e.epoch, {{m::kWLoss, e.wLoss},
                              {m::kWTop1, e.wTop1},
                              {m::kWTop5, e.wTop5},
                              {m::kALoss, e.aLoss},
                              {m::kATop1, e.aTop1},
                              {m::kATop5, e.aTop5},
                              {m::kLr, e.lr},
                              {m::kTau, e.tau},
                              {m::kTime, e.elapsedSeconds},
                              {m::kSeconds, e.seconds}});
}

model::EpochRecord epochRecordOf(const EpochReport &e)
{
    model::EpochRecord record;
    record.epoch = e.epoch;
    record.tau = e.tau;
    record.normal = e.normal;
    record.reduce = e.reduce;
    record.genotype = e.genotype;
    record.normalHealth = e.normalHealth;
    record.reduceHealth = e.reduceHealth;
    record.benchmark = e.benchmark;
    return record;
}

model::MetricRow metricRowOf(const RetrainStep &s)
{
    return stepRow(s.epoch, s.step, s.globalStep,
                   {{m::kTrainLoss, s.loss},
                    {m::kTrainTop1, s.top1},
                    {m::kTrainTop5, s.top5},
                    {m::kLr, s.lr},
                    {m::kDropPath, s.dropPath},
                    {m::kTime, s.elapsedSeconds},
                    {m::kImagesPerSecond, s.imagesPerSecond}});
}

model::MetricRow metricRowOf(const RetrainEpoch &e)
{
    return epochRow(e.epoch, {{m::kTrainLoss, e.trainLoss},
                              {m::kTrainTop1, e.trainTop1},
                              {m::kTrainTop5, e.trainTop5},
                              {m::kTestLoss, e.testLoss},
                              {m::kTestTop1, e.testTop1},
                              {m::kTestTop5, e.testTop5},
                              {m::kLr, e.lr},
                              {m::kDropPath, e.dropPath},
                              {m::kTime, e.elapsedSeconds},
                              {m::kSeconds, e.seconds}});
}

} // namespace gdas::engine
