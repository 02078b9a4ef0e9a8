#include "SearchController.h"

#include "QueuedRunObserver.h"

#include "engine/SearchSession.h"

namespace gdas::app {

SearchController::SearchController(QObject *parent)
    : RunControllerBase(QStringLiteral("gdas-search"), parent),
      m_bridge(std::make_unique<QueuedRunObserver<SearchController>>(this, throttle()))
{}

SearchController::~SearchController() { stopWorker(); }

bool SearchController::start(const engine::SearchConfig &config)
{
    return launchSearch(QString::fromStdString(config.runDir), config, 0, 1.0);
}

bool SearchController::resumeRun(const QString &runDirectory, int newEpochs)
{
    return launchSearch(runDirectory, std::nullopt, newEpochs, 1.0);
}

bool SearchController::resumeWithLearningRateScale(const QString &runDirectory, double scale)
{
    return launchSearch(runDirectory, std::nullopt, 0, scale);
}

bool SearchController::launchSearch(const QString &runDirectory, std::optional<engine::SearchConfig> config,
                                    int newEpochs, double lrScale)
{
    if (isRunning())
        return false;
    m_lastFailureNonFinite = false;
    std::vector<engine::SearchObserver *> observers{m_bridge.get()};
    observers.insert(observers.end(), m_extraObservers.begin(), m_extraObservers.end());
    auto open = [config = std::move(config), resumeDir = runDirectory.toStdString(), newEpochs, lrScale] {
        if (config)
            return std::make_unique<engine::SearchSession>(*config);
        return engine::SearchSession::resume(resumeDir, newEpochs, lrScale);
    };
    return launch(runDirectory, [open = std::move(open), observers](engine::RunControl &control) {
        runSessionJob<engine::SearchSession, engine::RunOutcome, engine::SearchObserver>(open, observers, control);
    });
}

void SearchController::addEngineObserver(engine::SearchObserver *observer) { m_extraObservers.push_back(observer); }

void SearchController::deliverStarted(const engine::RunStarted &info)
{
    noteStarted(info.runDir);
    emit started(info);
}

void SearchController::deliverStep(const engine::StepMetrics &step) { emit stepReported(step); }

void SearchController::deliverEpoch(const engine::EpochReport &epoch) { emit epochReported(epoch); }

void SearchController::deliverFinished(const engine::RunOutcome &outcome)
{
    m_lastFailureNonFinite = outcome.end == engine::RunEnd::Failed && outcome.nonFiniteLoss;
    endRun(outcome.end, outcome.message, [this, &outcome] { emit finished(outcome); });
}

} // namespace gdas::app
