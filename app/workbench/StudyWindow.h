#pragma once

#include "TableFiles.h"

#include "model/TextTable.h"
#include "widgets/StudyCurvePlot.h"

#include <QMainWindow>
#include <QSize>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QTableWidget;
class QTabWidget;

namespace gdas::widgets {
class CellGraphView;
class GenotypeCompareView;
} // namespace gdas::widgets

namespace gdas::app {

class ParameterCounter;
class StudyDocument;

// A study folder (`gdas study`): the consensus cell of the finished seeds, drawn with each
// edge's agreement (the share of seeds that chose that op there); each seed's cell side by side
// (up to four, picked by the user); all seeds' curves overlaid with their mean and a band; the
// consensus and final-metrics tables. It follows the folder while seeds finish. Exports: the
// figures (SVG, PDF, PNG), the study as CSV, the tables as Markdown or LaTeX (files or the
// clipboard). The plain export functions never replace a file unless told to (`replace`: a file
// dialog asked the user).
class StudyWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Table { Consensus, ReductionConsensus, Metrics };
    static constexpr int kMaxComparedSeeds = 4;

    explicit StudyWindow(QWidget *parent = nullptr);
    ~StudyWindow() override;

    // False and `error` (naming the file) when `directory` holds no readable study.json.
    bool open(const QString &directory, QString *error = nullptr);
    StudyDocument *document() const { return m_document; }

    // The views, for tests and tools.
    widgets::CellGraphView *consensusView(bool reduction) const;
    QString consensusCaption() const;
    QString headerText() const;
    QString problemText() const; // the banner naming unreadable files; empty when hidden
    widgets::StudyCurvePlot *curvePlot() const { return m_curves; }
    widgets::GenotypeCompareView *compareView() const { return m_compare; }
    QTableWidget *tableWidget() const { return m_table; }
    QTabWidget *tabs() const { return m_tabs; }

    // The curves: the value plotted per epoch (a_top1, a_loss, w_top1, w_loss, bench_test).
    QStringList curveKeys() const; // those offered (bench_test only where the seeds have it)
    void setCurveKey(const QString &key);
    QString curveKey() const;
    void setBand(widgets::StudyCurvePlot::Band band);

    // The seeds drawn side by side (at most kMaxComparedSeeds; the first is the reference).
    void setComparedSeeds(const std::vector<std::uint64_t> &seeds);
    std::vector<std::uint64_t> comparedSeeds() const { return m_compared; }

    std::vector<Table> tables() const; // the reduction cell's only in the DARTS space
    model::TextTable table(Table which) const;
    void showTable(Table which);
    Table shownTable() const;

    bool exportConsensusFigure(const QString &path, QSize size, QString *error = nullptr, bool replace = false);
    bool exportCurvesFigure(const QString &path, QSize size, QString *error = nullptr, bool replace = false);
    bool exportSeedsFigure(const QString &path, QSize size, QString *error = nullptr, bool replace = false);
    bool exportCsv(const QString &path, QString *error = nullptr, bool replace = false) const;
    // Format by suffix: .md, .tex or .txt.
    bool exportTable(Table which, const QString &path, QString *error = nullptr, bool replace = false) const;
    void copyTable(Table which, TableFormat format) const;

private:
    void createViews();
    void createMenus();
    void refresh();
    void refreshConsensus();
    void refreshSeeds();
    void refreshCompare();
    void refreshCurves();
    void refreshTable();
    void onSeedItemChanged(QListWidgetItem *item);
    QString suggestedPath(const QString &name) const;
    void exportFigureInteractive(const QString &title, const QString &kind,
                                 bool (StudyWindow::*write)(const QString &, QSize, QString *, bool));
    void exportCsvInteractive();
    void exportTableInteractive();
    void announce(bool written, const QString &path, const QString &error);

    StudyDocument *m_document = nullptr;
    ParameterCounter *m_counter = nullptr;
    QLabel *m_header = nullptr;
    QLabel *m_problems = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_normalTitle = nullptr;
    QLabel *m_reductionTitle = nullptr;
    widgets::CellGraphView *m_normal = nullptr;
    widgets::CellGraphView *m_reduction = nullptr;
    QLabel *m_caption = nullptr;
    QString m_consensusSummary; // the caption's first sentence, also under the exported figure
    QComboBox *m_curveKey = nullptr;
    QComboBox *m_band = nullptr;
    widgets::StudyCurvePlot *m_curves = nullptr;
    QListWidget *m_seedList = nullptr;
    QLabel *m_seedNote = nullptr;
    widgets::GenotypeCompareView *m_compare = nullptr;
    QComboBox *m_tableChoice = nullptr;
    QLabel *m_tableCaption = nullptr;
    QTableWidget *m_table = nullptr;
    std::vector<std::uint64_t> m_compared;
    bool m_comparedChosen = false; // the user picked seeds: keep them across refreshes
};

} // namespace gdas::app
