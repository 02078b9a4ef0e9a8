#include "RunControllerBase.h"

#include "StepThrottle.h"
#include "WorkbenchMetaTypes.h"

#include <QMetaObject>

namespace gdas::app {

RunControllerBase::RunControllerBase(const QString &threadName, QObject *parent)
    : QObject(parent), m_worker(new QObject), m_throttle(new StepThrottle(this))
{
    registerWorkbenchMetaTypes();
    m_thread.setObjectName(threadName);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

RunControllerBase::~RunControllerBase() { stopWorker(); }

void RunControllerBase::stopWorker()
{
    if (!m_worker)
        return;
    if (m_control)
        m_control->requestStop();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
    m_worker = nullptr;
}

bool RunControllerBase::launch(const QString &runDirectory, std::function<void(engine::RunControl &)> job)
{
    if (m_running || !m_worker)
        return false;
    m_throttle->discardPending();
    // A fresh token per run: a stop requested for the last run must not end this one.
    m_control = std::make_shared<engine::RunControl>();
    m_runDirectory = runDirectory;
    m_running = true;
    m_paused = false;
    QMetaObject::invokeMethod(
        m_worker, [control = m_control, job = std::move(job)] { job(*control); }, Qt::QueuedConnection);
    emit runningChanged(true);
    return true;
}

void RunControllerBase::pause()
{
    if (auto control = m_control)
        control->requestPause();
}

void RunControllerBase::resume()
{
    if (auto control = m_control)
        control->resume();
}

void RunControllerBase::stop()
{
    if (auto control = m_control)
        control->requestStop();
}

void RunControllerBase::setStepInterval(int milliseconds) { m_throttle->setMinimumInterval(milliseconds); }

int RunControllerBase::stepInterval() const { return m_throttle->minimumInterval(); }

void RunControllerBase::noteStarted(const std::string &runDirectory)
{
    if (!runDirectory.empty())
        m_runDirectory = QString::fromStdString(runDirectory);
}

void RunControllerBase::deliverPaused(bool paused)
{
    m_paused = paused;
    emit this->paused(paused);
}

void RunControllerBase::deliverLog(const QString &line) { emit logLine(line); }

void RunControllerBase::endRun(engine::RunEnd end, const std::string &message,
                               const std::function<void()> &emitFinished)
{
    m_running = false;
    m_paused = false;
    if (end == engine::RunEnd::Failed)
        emit failed(QString::fromStdString(message));
    emitFinished();
    emit runningChanged(false);
}

} // namespace gdas::app
