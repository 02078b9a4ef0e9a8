#pragma once

#include "RunControllerBase.h"

#include "engine/RetrainSession.h"

#include <QString>

#include <memory>
#include <optional>

namespace gdas::app {

template <typename Controller>
class QueuedRunObserver;

// Retraining on its worker thread, reported as signals on its own thread; the same contract as
// SearchController (see RunControllerBase).
class RetrainController : public RunControllerBase {
    Q_OBJECT
public:
    using Observer = engine::RetrainObserver;
    using Started = engine::RetrainStarted;
    using Step = engine::RetrainStep;
    using Epoch = engine::RetrainEpoch;
    using Outcome = engine::RetrainOutcome;

    explicit RetrainController(QObject *parent = nullptr);
    ~RetrainController() override;

    bool start(const engine::RetrainConfig &config);
    bool resumeRun(const QString &runDirectory);

signals:
    void started(const gdas::engine::RetrainStarted &info);
    void stepReported(const gdas::engine::RetrainStep &step);
    void epochReported(const gdas::engine::RetrainEpoch &epoch);
    void finished(const gdas::engine::RetrainOutcome &outcome);

private:
    friend class QueuedRunObserver<RetrainController>;

    // With `config`: a new retraining into it; without: the run in `runDirectory` continues.
    bool launchRetrain(const QString &runDirectory, std::optional<engine::RetrainConfig> config);
    void deliverStarted(const engine::RetrainStarted &info);
    void deliverStep(const engine::RetrainStep &step);
    void deliverEpoch(const engine::RetrainEpoch &epoch);
    void deliverFinished(const engine::RetrainOutcome &outcome);

    std::unique_ptr<QueuedRunObserver<RetrainController>> m_bridge;
};

} // namespace gdas::app
