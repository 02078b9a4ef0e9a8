#pragma once

#include "engine/SearchConfig.h"
#include "engine/SearchObserver.h"
#include "model/Genotype.h"
#include "model/RunRecord.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace gdas::app {

class RunDirectoryFollower;
class SearchController;

// Where a run stands at its newest step, for a status bar: from the engine's step report while
// the run is live here, from the newest step row of metrics.jsonl while it is followed on disk.
struct RunProgress {
    int epoch = -1;                 // 0-based; -1 when nothing is known yet
    int epochs = 0;                 // the planned number; 0 when unknown
    std::int64_t step = -1;         // within the epoch, 0-based; -1 before the first step
    std::int64_t stepsPerEpoch = 0; // 0 when unknown (a followed run does not say)
    std::optional<double> imagesPerSecond;
    std::optional<double> etaSeconds; // only the engine estimates it
    int permille = -1;                // of the planned run done; -1 when unknown
};

// The open run, apart from any window (as Tiled keeps its open documents in a DocumentManager):
// either a search running in this process (the SearchController's reports) or a run directory
// on disk (followed while another process may still write it). Both feed one model::RunRecord
// through one path: rows are appended and rowsAppended() announces them, whichever the source.
// It also says in words what happens to the run (stateChanged for a status bar, logLine for a
// log); the window listens and draws.
class RunDocument : public QObject {
    Q_OBJECT
public:
    enum class Source { None, Live, Directory };

    explicit RunDocument(QObject *parent = nullptr);
    ~RunDocument() override;

    SearchController *controller() const { return m_controller; }
    RunDirectoryFollower *follower() const { return m_follower; }

    Source source() const { return m_source; }
    const model::RunRecord &record() const;
    QString directory() const;
    // The run's name, else its folder's name.
    QString label() const;
    int plannedEpochs() const { return m_plannedEpochs; }
    const RunProgress &progress() const { return m_progress; }
    QString stateText() const { return m_state; }
    bool isRunning() const;
    // A stopped, failed or paused search read from disk, with a checkpoint to continue from.
    bool isResumable() const;
    // The run's space has a reduction cell and its algorithm searches it (not GDAS-FRC).
    bool searchesReductionCell() const;
    // The genotype of the epoch at `epochIndex` into record().epochs (negative: the newest);
    // the final genotype (genotype.json) when that is the newest epoch and the run has one.
    std::optional<model::Genotype> genotypeAt(int epochIndex) const;

    // False (and `error`) while a search is running here or when `directory` is not a run.
    bool open(const QString &directory, QString *error);
    bool startSearch(const engine::SearchConfig &config, QString *error);
    // Continues the open run directory from its checkpoint; learningRateScale != 1 multiplies
    // both learning rates from there on.
    bool resume(QString *error, double learningRateScale = 1.0);
    void pause();
    void unpause();
    void stop();

    // The live path: the controller's step and epoch reports arrive here (public so that a
    // test can feed reports without an engine). Ignored unless the run is live.
    void appendStep(const engine::StepMetrics &step);
    void appendEpoch(const engine::EpochReport &epoch);

    // The record's last status in the interface's language ("running", "finished", ...; a word
    // this version does not know as written; empty before the first status row).
    static QString statusWord(const model::RunRecord &record);

signals:
    // record() was replaced (a run opened, or a new one started): draw it from scratch.
    void reset();
    // Metric rows from `firstMetric` on and epochs from `firstEpoch` on are new in record().
    void rowsAppended(int firstMetric, int firstEpoch);
    void progressChanged(const gdas::app::RunProgress &progress);
    void plannedEpochsChanged(int epochs);
    void finalGenotypeChanged();
    void stateChanged(const QString &state);
    void logLine(const QString &line);
    // The source, the status or what the run allows (resume, exports) changed.
    void changed();
    // Following the directory failed; the rows read so far stay.
    void followFailed(const QString &message);

private:
    void setState(const QString &state);
    void onStarted(const engine::RunStarted &info);
    void onPaused(bool paused);
    void onFinished(const engine::RunOutcome &outcome);
    void onFollowerAppended(int firstMetric, int firstEpoch);
    void onFollowerStatus();

    SearchController *m_controller = nullptr;
    RunDirectoryFollower *m_follower = nullptr;
    Source m_source = Source::None;
    model::RunRecord m_liveRecord;
    QString m_liveDirectory;
    int m_plannedEpochs = 0;
    RunProgress m_progress;
    QString m_state;
};

} // namespace gdas::app
