#include "EngineRecords.h"

namespace gdas::app {

model::MetricRow toMetricRow(const engine::StepMetrics &step)
{
    model::MetricRow row;
    row.type = "step";
    row.epoch = step.epoch;
    row.step = step.step;
    row.globalStep = step.globalStep;
    row.values = {{"w_loss", step.wLoss},
                  {"w_top1", step.wTop1},
                  {"w_top5", step.wTop5},
                  {"a_loss", step.aLoss},
                  {"a_top1", step.aTop1},
                  {"a_top5", step.aTop5},
                  {"lr", step.lr},
                  {"tau", step.tau},
                  {"time", step.elapsedSeconds},
                  {"images_per_s", step.imagesPerSecond}};
    return row;
}

model::MetricRow toMetricRow(const engine::EpochReport &epoch)
{
    model::MetricRow row;
    row.type = "epoch";
    row.epoch = epoch.epoch;
    row.values = {{"w_loss", epoch.wLoss}, {"w_top1", epoch.wTop1}, {"w_top5", epoch.wTop5},
                  {"a_loss", epoch.aLoss}, {"a_top1", epoch.aTop1}, {"a_top5", epoch.aTop5},
                  {"lr", epoch.lr},        {"tau", epoch.tau},      {"seconds", epoch.seconds}};
    return row;
}

model::EpochRecord toEpochRecord(const engine::EpochReport &epoch)
{
    model::EpochRecord record;
    record.epoch = epoch.epoch;
    record.tau = epoch.tau;
    record.normal = epoch.normal;
    record.reduce = epoch.reduce;
    record.genotype = epoch.genotype;
    return record;
}

model::MetricRow toMetricRow(const engine::RetrainStep &step)
{
    model::MetricRow row;
    row.type = "step";
    row.epoch = step.epoch;
    row.step = step.step;
    row.globalStep = step.globalStep;
    row.values = {{"train_loss", step.loss},
                  {"train_top1", step.top1},
                  {"train_top5", step.top5},
                  {"lr", step.lr},
                  {"drop_path", step.dropPath},
                  {"time", step.elapsedSeconds},
                  {"images_per_s", step.imagesPerSecond}};
    return row;
}

model::MetricRow toMetricRow(const engine::RetrainEpoch &epoch)
{
    model::MetricRow row;
    row.type = "epoch";
    row.epoch = epoch.epoch;
    row.values = {{"train_loss", epoch.trainLoss},
                  {"train_top1", epoch.trainTop1},
                  {"train_top5", epoch.trainTop5},
                  {"test_loss", epoch.testLoss},
                  {"test_top1", epoch.testTop1},
                  {"test_top5", epoch.testTop5},
                  {"lr", epoch.lr},
                  {"drop_path", epoch.dropPath},
                  {"seconds", epoch.seconds}};
    return row;
}

} // namespace gdas::app
