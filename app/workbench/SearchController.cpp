#include "SearchController.h"

#include "QueuedSearchObserver.h"
#include "SearchRunner.h"
#include "StepThrottle.h"
#include "WorkbenchMetaTypes.h"

#include <QMetaObject>

namespace gdas::app {

SearchController::SearchController(QObject *parent)
    : QObject(parent), m_runner(new SearchRunner), m_throttle(new StepThrottle(this)),
      m_bridge(std::make_unique<QueuedSearchObserver>(this, m_throttle))
{
    registerWorkbenchMetaTypes();
    m_thread.setObjectName(QStringLiteral("gdas-search"));
    m_runner->moveToThread(&m_thread);
    m_thread.start();
}

SearchController::~SearchController()
{
    if (m_control)
        m_control->requestStop();
    m_thread.quit();
    m_thread.wait();
    delete m_runner;
}

bool SearchController::start(const engine::SearchConfig &config)
{
    return launch(QString::fromStdString(config.runDir),
                  [&config](SearchRequest &request) { request.config = config; });
}

bool SearchController::resumeRun(const QString &runDirectory, int newEpochs)
{
    return launch(runDirectory, [&](SearchRequest &request) {
        request.resumeDir = runDirectory.toStdString();
        request.newEpochs = newEpochs;
    });
}

bool SearchController::resumeWithLearningRateScale(const QString &runDirectory, double scale)
{
    return launch(runDirectory, [&](SearchRequest &request) {
        request.resumeDir = runDirectory.toStdString();
        request.lrScale = scale;
    });
}

bool SearchController::launch(const QString &runDirectory, std::function<void(SearchRequest &)> fill)
{
    if (m_running)
        return false;
    m_throttle->discardPending();
    // A fresh token per run: a stop requested for the last run must not end this one.
    m_control = std::make_shared<engine::RunControl>();
    m_runDirectory = runDirectory;
    m_running = true;
    m_paused = false;
    m_lastFailureNonFinite = false;

    SearchRequest request;
    fill(request);
    request.control = m_control;
    request.observers.push_back(m_bridge.get());
    request.observers.insert(request.observers.end(), m_extraObservers.begin(), m_extraObservers.end());
    SearchRunner *runner = m_runner;
    QMetaObject::invokeMethod(
        m_runner, [runner, request] { runner->run(request); }, Qt::QueuedConnection);
    emit runningChanged(true);
    return true;
}

void SearchController::pause()
{
    if (auto control = m_control)
        control->requestPause();
}

void SearchController::resume()
{
    if (auto control = m_control)
        control->resume();
}

void SearchController::stop()
{
    if (auto control = m_control)
        control->requestStop();
}

void SearchController::addEngineObserver(engine::SearchObserver *observer) { m_extraObservers.push_back(observer); }

void SearchController::setStepInterval(int milliseconds) { m_throttle->setMinimumInterval(milliseconds); }

int SearchController::stepInterval() const { return m_throttle->minimumInterval(); }

void SearchController::deliverStarted(const engine::RunStarted &info)
{
    if (!info.runDir.empty())
        m_runDirectory = QString::fromStdString(info.runDir);
    emit started(info);
}

void SearchController::deliverStep(const engine::StepMetrics &step) { emit stepReported(step); }

void SearchController::deliverEpoch(const engine::EpochReport &epoch) { emit epochReported(epoch); }

void SearchController::deliverPaused(bool paused)
{
    m_paused = paused;
    emit this->paused(paused);
}

void SearchController::deliverFinished(const engine::RunOutcome &outcome)
{
    m_running = false;
    m_paused = false;
    m_lastFailureNonFinite = outcome.end == engine::RunEnd::Failed && outcome.nonFiniteLoss;
    if (outcome.end == engine::RunEnd::Failed)
        emit failed(QString::fromStdString(outcome.message));
    emit finished(outcome);
    emit runningChanged(false);
}

void SearchController::deliverLog(const QString &line) { emit logLine(line); }

} // namespace gdas::app
