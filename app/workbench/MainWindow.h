#pragma once

#include "RunDocument.h"
#include "RunViews.h"

#include "engine/SearchConfig.h"
#include "model/GenotypeFormats.h"
#include "model/RunRecord.h"

#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class QPlainTextEdit;
class QSplitter;
class QStackedWidget;

namespace gdas::app {

class CompareDialog;
class HelpDialog;
class RecentRuns;
class RunExports;
class RunStatusBar;
class SearchController;
class StudyWindow;
class WelcomePage;
class WorkbenchActions;

// The workbench window: it draws the open run (a RunDocument: a search running here or a run
// directory followed on disk) in its views -- curves, the cell of each epoch, the α heat maps,
// the genotype and the log -- and wires the actions, the exports and the status bar to it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    using Source = RunDocument::Source;

    explicit MainWindow(QWidget *parent = nullptr);

    // False (and `error`) when a search is running here or `directory` is not a readable run.
    bool openRunDirectory(const QString &directory, QString *error = nullptr);
    // A study folder (study.json and a run directory per seed) in a window of its own; nullptr
    // (and `error`, naming the file) when it is not a readable study.
    StudyWindow *openStudy(const QString &directory, QString *error = nullptr);
    // A study folder when `directory` holds study.json, else a run directory.
    bool openDirectory(const QString &directory, QString *error = nullptr);
    bool startSearch(const engine::SearchConfig &config, QString *error = nullptr);
    // The quick-look preset (SearchPresets) on `dataset`, into `runDirectory` or, when empty,
    // a new folder under ~/gdas-runs; on `device` (cpu, cuda, cuda:N or auto) when it is not empty.
    bool startQuickLook(const QString &dataset, const QString &runDirectory, QString *error = nullptr,
                        const QString &device = {});
    // Continues the open run directory from its checkpoint.
    // learningRateScale != 1: both learning rates multiplied by it from the checkpoint on (after
    // a non-finite loss).
    bool resumeOpenRun(QString *error = nullptr, double learningRateScale = 1.0);

    RunDocument *document() const { return m_document; }
    Source source() const { return m_document->source(); }
    const model::RunRecord &record() const { return m_document->record(); }
    // The genotype exports use: the epoch the cell panel shows, or the final one when it
    // follows the newest epoch and the run has finished.
    std::optional<model::Genotype> currentGenotype() const;

    bool exportGenotype(const QString &path, model::GenotypeFormat format, QString *error = nullptr) const;
    bool exportCellFigure(const QString &path, QSize size, QString *error = nullptr);
    bool exportCellAnimation(const QString &path, bool overwrite, QString *error = nullptr) const;
    bool exportCurvesFigure(const QString &path, QSize size, QString *error = nullptr);
    bool exportMetricsCsv(const QString &path, QString *error = nullptr) const;
    bool exportBenchmarkFigure(const QString &path, QSize size, QString *error = nullptr);

    widgets::CurvePanel *curvePanel() const { return m_views->curves(); }
    widgets::CellGraphPanel *cellPanel() const { return m_views->cells(); }
    widgets::AlphaHeatmap *normalHeatmap() const { return m_views->normalHeatmap(); }
    widgets::AlphaHeatmap *reduceHeatmap() const { return m_views->reduceHeatmap(); }
    widgets::BenchmarkPlot *benchmarkPlot() const { return m_views->benchmark(); }
    SearchController *searchController() const { return m_document->controller(); }
    QPlainTextEdit *logView() const { return m_log; }
    WelcomePage *welcomePage() const { return m_welcome; }
    // True while no run is open and the welcome page fills the window.
    bool welcomeShown() const;
    QString statusText() const; // the status bar's labels, joined, for tests and screenshots

    // Shows errors as non-modal message boxes (off: only the log), e.g. for unattended runs.
    void setErrorDialogsEnabled(bool enabled) { m_errorDialogs = enabled; }

public slots:
    void newSearch();
    void openRunDirectoryDialog();
    void openStudyDialog();
    void startOrResume();
    void setPaused(bool paused);
    void stopSearch();
    void showCompare();
    // The compare dialog, created on first use (non-modal).
    CompareDialog *compareDialog();
    void showRetrain();
    void quickLook();             // the welcome page's one-click live search
    void comparePublishedCells(); // DARTS_V2 and GDAS_V1 in the compare dialog
    void showHelp();
    void showAbout();
    void showSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createViews();
    void connectDocument();
    void restoreWindowState();
    void updateActions();
    void updateTitle();
    void onSearchFailed(const QString &message);
    void appendLog(const QString &line);
    void reportError(const QString &title, const QString &message);
    // Asks for a folder (starting where the last one was opened, remembering this one) and
    // opens it with `open`; a failure is reported under `errorTitle`.
    void openChosenFolder(const QString &dialogTitle, const QString &errorTitle,
                          const std::function<bool(const QString &, QString *)> &open);

    RunDocument *m_document = nullptr;
    RecentRuns *m_recent = nullptr;
    RunExports *m_exports = nullptr;
    WorkbenchActions *m_actions = nullptr;
    RunStatusBar *m_status = nullptr;
    bool m_errorDialogs = true;

    RunViews *m_views = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QSplitter *m_centralSplitter = nullptr;
    QStackedWidget *m_centralStack = nullptr;
    WelcomePage *m_welcome = nullptr;

    QPointer<CompareDialog> m_compare;
    QPointer<HelpDialog> m_help;
};

} // namespace gdas::app
