#include "RetrainController.h"

#include "QueuedRunObserver.h"

namespace gdas::app {

RetrainController::RetrainController(QObject *parent)
    : RunControllerBase(QStringLiteral("gdas-retrain"), parent),
      m_bridge(std::make_unique<QueuedRunObserver<RetrainController>>(this, throttle()))
{}

RetrainController::~RetrainController() { stopWorker(); }

bool RetrainController::start(const engine::RetrainConfig &config)
{
    return launchRetrain(QString::fromStdString(config.runDir), config);
}

bool RetrainController::resumeRun(const QString &runDirectory) { return launchRetrain(runDirectory, std::nullopt); }

bool RetrainController::launchRetrain(const QString &runDirectory, std::optional<engine::RetrainConfig> config)
{
    std::vector<engine::RetrainObserver *> observers{m_bridge.get()};
    auto open = [config = std::move(config), resumeDir = runDirectory.toStdString()] {
        if (config)
            return std::make_unique<engine::RetrainSession>(*config);
        return engine::RetrainSession::resume(resumeDir);
    };
    return launch(runDirectory, [open = std::move(open), observers](engine::RunControl &control) {
        runSessionJob<engine::RetrainSession, engine::RetrainOutcome, engine::RetrainObserver>(open, observers,
                                                                                               control);
    });
}

void RetrainController::deliverStarted(const engine::RetrainStarted &info)
{
    noteStarted(info.runDir);
    emit started(info);
}

void RetrainController::deliverStep(const engine::RetrainStep &step) { emit stepReported(step); }

void RetrainController::deliverEpoch(const engine::RetrainEpoch &epoch) { emit epochReported(epoch); }

void RetrainController::deliverFinished(const engine::RetrainOutcome &outcome)
{
    endRun(outcome.end, outcome.message, [this, &outcome] { emit finished(outcome); });
}

} // namespace gdas::app
