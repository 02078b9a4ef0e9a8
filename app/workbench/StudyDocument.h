#pragma once

#include "model/Study.h"

#include "widgets/StudyCurvePlot.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gdas::app {

// An open study folder (model/Study.h: study.json and a run directory per seed), apart from any
// window: it reads the folder, then polls it (every 2 s) while `gdas study` may still be running
// seeds, reading only what each seed's files appended (model::RunFollower), and keeps the
// summary (consensus, final metrics) up to date. A seed whose files cannot be read does not stop
// the others: its problem, naming the file, is listed in problems() until the file changes.
class StudyDocument : public QObject {
    Q_OBJECT
public:
    explicit StudyDocument(QObject *parent = nullptr);
    ~StudyDocument() override;

    // False and `error` (naming the file) when `directory` holds no readable study.json.
    bool open(const QString &directory, QString *error);
    QString directory() const { return m_directory; }
    QString name() const; // the plan's name, else the folder's

    const model::StudyRecord &study() const { return m_study; }
    const model::StudySummary &summary() const { return m_summary; }
    int plannedSeeds() const { return static_cast<int>(m_study.seeds.size()); }
    int finishedSeeds() const { return static_cast<int>(m_summary.finishedSeeds.size()); }
    // One line per file that cannot be read, each naming it; empty when all is well.
    QStringList problems() const;
    // What a seed is doing, in words: "finished", "running, epoch 3 of 10", "not started", ...
    QString seedState(std::size_t index) const;
    // The seed's newest cell: genotype.json when finished, else its newest epoch's; none before.
    std::optional<model::Genotype> seedGenotype(std::size_t index, int *epoch = nullptr) const;

    // Per seed (in the plan's order), per epoch, the value of `key`: a value of the epoch rows of
    // metrics.jsonl (a_top1, a_loss, w_top1, w_loss, ...), or bench_test / bench_valid, the
    // benchmark's accuracies of each epoch's cell (epochs.jsonl).
    std::vector<widgets::SeedCurve> curves(const std::string &key) const;
    bool hasBenchmark() const; // some epoch of some seed carries a benchmark score
    std::optional<double> benchmarkBest() const;
    QString benchmarkDataset() const;

    // Reads what the seeds appended since the last poll; true (and changed()) when something did.
    bool poll();
    void setFollowing(bool follow);
    bool isFollowing() const { return m_timer.isActive(); }
    void setPollInterval(int milliseconds) { m_timer.setInterval(milliseconds); }

signals:
    void changed();

private:
    struct SeedFiles;

    bool readPlan(QString *error);
    bool pollSeed(std::size_t index);
    void summarize();

    QString m_directory;
    QString m_planStamp;
    model::StudyRecord m_study;
    model::StudySummary m_summary;
    std::vector<std::unique_ptr<SeedFiles>> m_files; // parallel to m_study.seeds
    QString m_summaryProblem;
    QTimer m_timer;
};

} // namespace gdas::app
