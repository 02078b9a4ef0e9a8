#pragma once

#include "engine/RunControl.h"
#include "engine/SearchObserver.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gdas::app {

class StepThrottle;

// What a search and a retraining controller share: a worker thread it owns that runs one
// engine session at a time, the RunControl through which pause(), resume() and stop() reach the
// session at its next step boundary (callable from any thread), the throttle that coalesces
// step reports, and the signals whose meaning does not depend on the kind of run. The derived
// controllers add their session's report signals (started, stepReported, epochReported,
// finished); QueuedRunObserver carries the engine's callbacks to them on this object's thread.
// Every run ends in: failed (when it failed, also when it could not be set up), finished,
// runningChanged(false).
class RunControllerBase : public QObject {
    Q_OBJECT
public:
    // Requests a stop and waits for the worker (at most one engine step).
    ~RunControllerBase() override;

    void pause();
    void resume();
    void stop();

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    // The run directory of the current or last run (the engine's, once it has started).
    QString runDirectory() const { return m_runDirectory; }

    void setStepInterval(int milliseconds);
    int stepInterval() const;

signals:
    void paused(bool paused);
    void failed(const QString &message);
    void logLine(const QString &line);
    void runningChanged(bool running);

protected:
    RunControllerBase(const QString &threadName, QObject *parent);

    // Runs `job` on the worker thread with a fresh RunControl; false while a run is going.
    bool launch(const QString &runDirectory, std::function<void(engine::RunControl &)> job);
    // Derived destructors call this first: the worker may still be inside an observer that the
    // derived class owns.
    void stopWorker();
    StepThrottle *throttle() const { return m_throttle; }

    // Called on this object's thread, in the engine's order.
    void noteStarted(const std::string &runDirectory);
    void deliverPaused(bool paused);
    void deliverLog(const QString &line);
    // failed (for RunEnd::Failed), then `emitFinished`, then runningChanged(false).
    void endRun(engine::RunEnd end, const std::string &message, const std::function<void()> &emitFinished);

private:
    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread; the jobs run in its context
    StepThrottle *m_throttle = nullptr;
    std::shared_ptr<engine::RunControl> m_control;
    QString m_runDirectory;
    bool m_running = false;
    bool m_paused = false;
};

// Runs one engine session on the calling (worker) thread: `open` builds it (new or resumed),
// every observer is added, and it runs under `control`. Whatever way the run ends -- also when
// the session cannot even be set up -- every observer gets onFinished exactly once.
template <typename Session, typename Outcome, typename Observer>
void runSessionJob(const std::function<std::unique_ptr<Session>()> &open, const std::vector<Observer *> &observers,
                   engine::RunControl &control)
{
    auto failSetup = [&observers](const std::string &message) {
        for (Observer *observer : observers)
            observer->onLog("cannot start: " + message);
        Outcome outcome;
        outcome.end = engine::RunEnd::Failed;
        outcome.message = message;
        for (Observer *observer : observers)
            observer->onFinished(outcome);
    };
    try {
        std::unique_ptr<Session> session = open();
        for (Observer *observer : observers)
            session->addObserver(observer);
        // The session reports onFinished itself once it has set up; failures before that throw.
        session->run(control);
    } catch (const std::exception &e) {
        failSetup(e.what());
    } catch (...) {
        failSetup("unknown error");
    }
}

} // namespace gdas::app
