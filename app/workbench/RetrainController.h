#pragma once

#include "engine/RetrainSession.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace gdas::app {

class QueuedRetrainObserver;
class RetrainRunner;
class StepThrottle;
struct RetrainRequest;

// Retraining on a worker thread it owns, reported as signals on its own thread; the same
// contract as SearchController (pause/resume/stop through the RunControl, coalesced steps,
// failed before finished when a run fails).
class RetrainController : public QObject {
    Q_OBJECT
public:
    explicit RetrainController(QObject *parent = nullptr);
    ~RetrainController() override;

    bool start(const engine::RetrainConfig &config);
    bool resumeRun(const QString &runDirectory);
    void pause();
    void resume();
    void stop();

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    void setStepInterval(int milliseconds);

signals:
    void started(const gdas::engine::RetrainStarted &info);
    void stepReported(const gdas::engine::RetrainStep &step);
    void epochReported(const gdas::engine::RetrainEpoch &epoch);
    void paused(bool paused);
    void finished(const gdas::engine::RetrainOutcome &outcome);
    void failed(const QString &message);
    void logLine(const QString &line);
    void runningChanged(bool running);

private:
    friend class QueuedRetrainObserver;

    bool launch(RetrainRequest &&request);
    void deliverStarted(const engine::RetrainStarted &info);
    void deliverStep(const engine::RetrainStep &step);
    void deliverEpoch(const engine::RetrainEpoch &epoch);
    void deliverPaused(bool paused);
    void deliverFinished(const engine::RetrainOutcome &outcome);
    void deliverLog(const QString &line);

    QThread m_thread;
    RetrainRunner *m_runner = nullptr; // lives on m_thread
    StepThrottle *m_throttle = nullptr;
    std::unique_ptr<QueuedRetrainObserver> m_bridge;
    std::shared_ptr<engine::RunControl> m_control;
    bool m_running = false;
    bool m_paused = false;
};

} // namespace gdas::app
