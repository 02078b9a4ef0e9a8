#pragma once

#include "RunControllerBase.h"

#include "engine/SearchConfig.h"
#include "engine/SearchObserver.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace gdas::app {

template <typename Controller>
class QueuedRunObserver;

// Runs searches on its worker thread (one at a time) and reports them as signals on its own
// thread (see RunControllerBase). Step reports faster than stepInterval() are coalesced (the
// newest wins); everything else arrives once, in the engine's order:
// started, (stepReported*, epochReported)*, with paused(true)/paused(false) in between, then
// finished -- preceded by failed when the run fails, also when it cannot be set up at all.
class SearchController : public RunControllerBase {
    Q_OBJECT
public:
    using Observer = engine::SearchObserver;
    using Started = engine::RunStarted;
    using Step = engine::StepMetrics;
    using Epoch = engine::EpochReport;
    using Outcome = engine::RunOutcome;

    explicit SearchController(QObject *parent = nullptr);
    ~SearchController() override;

    // False when a run is still going.
    bool start(const engine::SearchConfig &config);
    bool resumeRun(const QString &runDirectory, int newEpochs = 0);
    // Resumes from the run's last checkpoint with both learning rates multiplied by `scale`
    // from there on (recorded in the run's config.json): the way past a non-finite loss.
    bool resumeWithLearningRateScale(const QString &runDirectory, double scale);

    // The last run failed because a loss became NaN or infinite (its checkpoint before that is
    // kept): resumeWithLearningRateScale() is the remedy to offer.
    bool lastFailureWasNonFiniteLoss() const { return m_lastFailureNonFinite; }

    // Extra observers called on the engine's thread, for the next runs (not owned).
    void addEngineObserver(engine::SearchObserver *observer);

signals:
    void started(const gdas::engine::RunStarted &info);
    void stepReported(const gdas::engine::StepMetrics &step);
    void epochReported(const gdas::engine::EpochReport &epoch);
    void finished(const gdas::engine::RunOutcome &outcome);

private:
    friend class QueuedRunObserver<SearchController>;

    // With `config`: a new search into it; without: the run in `runDirectory` continues.
    bool launchSearch(const QString &runDirectory, std::optional<engine::SearchConfig> config, int newEpochs,
                      double lrScale);
    void deliverStarted(const engine::RunStarted &info);
    void deliverStep(const engine::StepMetrics &step);
    void deliverEpoch(const engine::EpochReport &epoch);
    void deliverFinished(const engine::RunOutcome &outcome);

    std::unique_ptr<QueuedRunObserver<SearchController>> m_bridge;
    std::vector<engine::SearchObserver *> m_extraObservers;
    bool m_lastFailureNonFinite = false;
};

} // namespace gdas::app
