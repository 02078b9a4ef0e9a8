#pragma once

#include "engine/RunControl.h"
#include "engine/SearchConfig.h"
#include "engine/SearchObserver.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>
#include <vector>

namespace gdas::app {

class QueuedSearchObserver;
class SearchRunner;
class StepThrottle;
struct SearchRequest;

// Runs searches on a worker thread it owns (one at a time) and reports them as signals on its
// own thread. pause(), resume() and stop() act through the run's engine::RunControl, so they
// take effect at the next step boundary even though the worker is busy inside the engine; they
// may be called from any thread. Step reports faster than stepInterval() are coalesced (the
// newest wins); everything else arrives once, in the engine's order:
// started, (stepReported*, epochReported)*, with paused(true)/paused(false) in between, then
// finished -- preceded by failed when the run fails, also when it cannot be set up at all.
class SearchController : public QObject {
    Q_OBJECT
public:
    explicit SearchController(QObject *parent = nullptr);
    // Requests a stop and waits for the worker (at most one engine step).
    ~SearchController() override;

    // False when a run is still going.
    bool start(const engine::SearchConfig &config);
    bool resumeRun(const QString &runDirectory, int newEpochs = 0);
    // Resumes from the run's last checkpoint with both learning rates multiplied by `scale`
    // from there on (recorded in the run's config.json): the way past a non-finite loss.
    bool resumeWithLearningRateScale(const QString &runDirectory, double scale);
    void pause();
    void resume();
    void stop();

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    // The last run failed because a loss became NaN or infinite (its checkpoint before that is
    // kept): resumeWithLearningRateScale() is the remedy to offer.
    bool lastFailureWasNonFiniteLoss() const { return m_lastFailureNonFinite; }
    QString runDirectory() const { return m_runDirectory; }

    // Extra observers called on the engine's thread, for the next runs (not owned).
    void addEngineObserver(engine::SearchObserver *observer);
    void setStepInterval(int milliseconds);
    int stepInterval() const;

signals:
    void started(const gdas::engine::RunStarted &info);
    void stepReported(const gdas::engine::StepMetrics &step);
    void epochReported(const gdas::engine::EpochReport &epoch);
    void paused(bool paused);
    void finished(const gdas::engine::RunOutcome &outcome);
    void failed(const QString &message);
    void logLine(const QString &line);
    void runningChanged(bool running);

private:
    friend class QueuedSearchObserver;

    bool launch(const QString &runDirectory, std::function<void(SearchRequest &)> fill);
    void deliverStarted(const engine::RunStarted &info);
    void deliverStep(const engine::StepMetrics &step);
    void deliverEpoch(const engine::EpochReport &epoch);
    void deliverPaused(bool paused);
    void deliverFinished(const engine::RunOutcome &outcome);
    void deliverLog(const QString &line);

    QThread m_thread;
    SearchRunner *m_runner = nullptr; // lives on m_thread
    StepThrottle *m_throttle = nullptr;
    std::unique_ptr<QueuedSearchObserver> m_bridge;
    std::shared_ptr<engine::RunControl> m_control;
    std::vector<engine::SearchObserver *> m_extraObservers;
    QString m_runDirectory;
    bool m_running = false;
    bool m_paused = false;
    bool m_lastFailureNonFinite = false;
};

} // namespace gdas::app
