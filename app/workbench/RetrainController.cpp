#include "RetrainController.h"

#include "QueuedRetrainObserver.h"
#include "RetrainRunner.h"
#include "StepThrottle.h"
#include "WorkbenchMetaTypes.h"

namespace gdas::app {

RetrainController::RetrainController(QObject *parent)
    : QObject(parent), m_runner(new RetrainRunner), m_throttle(new StepThrottle(this)),
      m_bridge(std::make_unique<QueuedRetrainObserver>(this, m_throttle))
{
    registerWorkbenchMetaTypes();
    m_thread.setObjectName(QStringLiteral("gdas-retrain"));
    m_runner->moveToThread(&m_thread);
    m_thread.start();
}

RetrainController::~RetrainController()
{
    if (m_control)
        m_control->requestStop();
    m_thread.quit();
    m_thread.wait();
    delete m_runner;
}

bool RetrainController::start(const engine::RetrainConfig &config)
{
    RetrainRequest request;
    request.config = config;
    return launch(std::move(request));
}

bool RetrainController::resumeRun(const QString &runDirectory)
{
    RetrainRequest request;
    request.resumeDir = runDirectory.toStdString();
    return launch(std::move(request));
}

bool RetrainController::launch(RetrainRequest &&request)
{
    if (m_running)
        return false;
    m_throttle->discardPending();
    m_control = std::make_shared<engine::RunControl>();
    m_running = true;
    m_paused = false;
    request.control = m_control;
    request.observers.push_back(m_bridge.get());
    RetrainRunner *runner = m_runner;
    QMetaObject::invokeMethod(
        m_runner, [runner, request] { runner->run(request); }, Qt::QueuedConnection);
    emit runningChanged(true);
    return true;
}

void RetrainController::pause()
{
    if (auto control = m_control)
        control->requestPause();
}

void RetrainController::resume()
{
    if (auto control = m_control)
        control->resume();
}

void RetrainController::stop()
{
    if (auto control = m_control)
        control->requestStop();
}

void RetrainController::setStepInterval(int milliseconds) { m_throttle->setMinimumInterval(milliseconds); }

void RetrainController::deliverStarted(const engine::RetrainStarted &info) { emit started(info); }

void RetrainController::deliverStep(const engine::RetrainStep &step) { emit stepReported(step); }

void RetrainController::deliverEpoch(const engine::RetrainEpoch &epoch) { emit epochReported(epoch); }

void RetrainController::deliverPaused(bool paused)
{
    m_paused = paused;
    emit this->paused(paused);
}

void RetrainController::deliverFinished(const engine::RetrainOutcome &outcome)
{
    m_running = false;
    m_paused = false;
    if (outcome.end == engine::RunEnd::Failed)
        emit failed(QString::fromStdString(outcome.message));
    emit finished(outcome);
    emit runningChanged(false);
}

void RetrainController::deliverLog(const QString &line) { emit logLine(line); }

} // namespace gdas::app
