#pragma once

#include "model/Genotype.h"

#include <QDialog>
#include <QString>

#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace gdas::widgets {
class GenotypeCompareView;
}

namespace gdas::app {

class ParameterCounter;

// 2–4 genotypes side by side -- from runs (genotype.json), files, pasted text or the published
// cells -- with the parameter counts of their evaluation networks at a chosen C and depth.
// The first entry is the reference the others' differences are marked against.
class CompareDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 4;

    explicit CompareDialog(QWidget *parent = nullptr);

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

private:
    struct Entry {
        QString label;
        model::Genotype genotype;
    };

    void addFromRunInteractive();
    void addFromFileInteractive();
    void pasteInteractive();
    void exportFigureInteractive();
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
    widgets::GenotypeCompareView *m_view = nullptr;
};

} // namespace gdas::app
