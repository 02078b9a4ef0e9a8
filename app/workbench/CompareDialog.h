#pragma once

#include "TableFiles.h"

#include "model/Genotype.h"
#include "model/TextTable.h"

#include <QDialog>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace gdas::benchmark {
class BenchmarkDatabase;
}

namespace gdas::widgets {
class GenotypeCompareView;
}

namespace gdas::app {

class ParameterCounter;

// 2–4 genotypes side by side -- from runs (genotype.json), files, pasted text or the published
// cells -- with the parameter counts of their evaluation networks at a chosen C and depth.
// The first entry is the reference the others' differences are marked against. The cells shown
// also make a table for papers (Markdown or LaTeX): name, parameters, multiply-adds and, with a
// NAS-Bench-201 database chosen (remembered), the benchmark's test accuracy of each cell.
class CompareDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 4;

    explicit CompareDialog(QWidget *parent = nullptr);
    ~CompareDialog() override;

    // False (and `error`) when the list is full or the genotype is not valid.
    bool addGenotype(const QString &label, const model::Genotype &genotype, QString *error = nullptr);
    bool addFromText(const QString &text, QString *error = nullptr);
    bool addFromFile(const QString &path, QString *error = nullptr);
    bool addFromRun(const QString &runDirectory, QString *error = nullptr);
    bool addBuiltin(const QString &name, QString *error = nullptr);
    // A published name, a run directory, a genotype file or the text itself.
    bool addAny(const QString &nameDirectoryFileOrText, QString *error = nullptr);
    void removeEntry(int index);
    int entryCount() const { return static_cast<int>(m_entries.size()); }

    // 0: the space's default (DARTS C=36 and 20 cells, NAS-Bench-201 C=16 and N=5).
    void setEvaluationNetwork(int channels, int layers);
    widgets::GenotypeCompareView *compareView() const { return m_view; }

    // The NAS-Bench-201 database (gdas benchmark import) the table's accuracies come from, and
    // its data set (cifar10, cifar100, ImageNet16-120, cifar10-valid); both remembered. An empty
    // path forgets it. False and `error` (naming the file) when it cannot be opened.
    bool setBenchmarkDatabase(const QString &path, QString *error = nullptr);
    QString benchmarkDatabase() const { return m_benchmarkPath; }
    void setBenchmarkDataset(const QString &dataset);
    QString benchmarkDataset() const;
    // The benchmark's test accuracy (200 epochs) of a cell; none outside NAS-Bench-201, without a
    // database, or for a cell it does not hold.
    std::optional<double> benchmarkTest(const model::Genotype &genotype) const;

    // The cells shown, one row each: name, parameters and multiply-adds (as far as counted),
    // the benchmark's test accuracy where known.
    model::TextTable cellTable() const;
    // Format by suffix (.md, .tex, .txt); an existing file only with `replace`.
    bool exportTable(const QString &path, QString *error = nullptr, bool replace = false) const;
    void copyTable(TableFormat format) const;
    // True once every entry's sizes are counted (or cannot be).
    bool sizesKnown() const;

private:
    struct Entry {
        QString label;
        model::Genotype genotype;
    };

    void addFromRunInteractive();
    void addFromFileInteractive();
    void pasteInteractive();
    void exportFigureInteractive();
    void exportTableInteractive();
    void chooseBenchmarkInteractive();
    void showBenchmark();
    void refresh();
    void updateButtons();
    void report(const QString &error);

    std::vector<Entry> m_entries;
    ParameterCounter *m_counter = nullptr;
    QListWidget *m_list = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_fileButton = nullptr;
    QPushButton *m_pasteButton = nullptr;
    QToolButton *m_builtinButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_referenceButton = nullptr;
    QSpinBox *m_channels = nullptr;
    QSpinBox *m_layers = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_benchmarkLabel = nullptr;
    QComboBox *m_benchmarkDataset = nullptr;
    std::unique_ptr<benchmark::BenchmarkDatabase> m_benchmark;
    QString m_benchmarkPath;
    widgets::GenotypeCompareView *m_view = nullptr;
};

} // namespace gdas::app
