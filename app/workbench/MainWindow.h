#pragma once

#include "engine/SearchConfig.h"
#include "engine/SearchObserver.h"
#include "model/GenotypeFormats.h"
#include "model/RunRecord.h"

#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <optional>

class QAction;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSplitter;
class QStackedWidget;

namespace gdas::widgets {
class AlphaHeatmap;
class CellGraphPanel;
class CurvePanel;
} // namespace gdas::widgets

namespace gdas::app {

class CompareDialog;
class HelpDialog;
class RecentRuns;
class RunDirectoryFollower;
class SearchController;
class WelcomePage;

// The workbench: one run at a time, either a search running here (live through the
// SearchController) or a run directory opened from disk (followed while another process,
// e.g. a GPU server, keeps writing it). Curves, the cell of each epoch, the α heat maps, the
// genotype and the log are rebuilt from whichever it is; exports read the same record.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Source { None, Live, Directory };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // False (and `error`) when a search is running here or `directory` is not a readable run.
    bool openRunDirectory(const QString &directory, QString *error = nullptr);
    bool startSearch(const engine::SearchConfig &config, QString *error = nullptr);
    // The quick-look preset (SearchPresets) on `dataset`, into `runDirectory` or, when empty,
    // a new folder under ~/gdas-runs.
    bool startQuickLook(const QString &dataset, const QString &runDirectory, QString *error = nullptr);
    // Continues the open run directory from its checkpoint.
    // learningRateScale != 1: both learning rates multiplied by it from the checkpoint on (after
    // a non-finite loss).
    bool resumeOpenRun(QString *error = nullptr, double learningRateScale = 1.0);

    Source source() const { return m_source; }
    const model::RunRecord &record() const;
    // The genotype exports use: the epoch the cell panel shows, or the final one when it
    // follows the newest epoch and the run has finished.
    std::optional<model::Genotype> currentGenotype() const;

    bool exportGenotype(const QString &path, model::GenotypeFormat format, QString *error = nullptr) const;
    bool exportCellFigure(const QString &path, QSize size, QString *error = nullptr);
    bool exportCurvesFigure(const QString &path, QSize size, QString *error = nullptr);
    bool exportMetricsCsv(const QString &path, QString *error = nullptr) const;

    widgets::CurvePanel *curvePanel() const { return m_curves; }
    widgets::CellGraphPanel *cellPanel() const { return m_cells; }
    widgets::AlphaHeatmap *normalHeatmap() const { return m_normalHeatmap; }
    widgets::AlphaHeatmap *reduceHeatmap() const { return m_reduceHeatmap; }
    SearchController *searchController() const { return m_controller; }
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
    void createActions();
    void createMenus();
    void restoreWindowState();
    void updateActions();
    void updateTitle();
    void rebuildRecentMenu();
    void clearViews();
    void rebuildViewsFromRecord();
    void appendFromFollower(int firstMetric, int firstEpoch);
    void showEpochTables(int epoch);
    void updateGenotypeText();
    void setStatusFromRow(const model::MetricRow &row);
    void setStateText(const QString &state);

    void onStarted(const engine::RunStarted &info);
    void onStep(const engine::StepMetrics &step);
    void onEpoch(const engine::EpochReport &epoch);
    void onPausedChanged(bool paused);
    void onFinished(const engine::RunOutcome &outcome);
    void onFollowerStatus(const QString &status, const QString &message);

    void appendLog(const QString &line);
    void reportError(const QString &title, const QString &message);
    void exportGenotypeInteractive(model::GenotypeFormat format);
    void exportFigureInteractive(const QString &title, const QString &kind,
                                 const std::function<bool(const QString &, QSize, QString *)> &write);
    void exportMetricsInteractive();
    void copyGenotype();
    QString suggestedExportPath(const QString &stem, const QString &suffix) const;
    QString runLabel() const;
    bool resumable() const;

    SearchController *m_controller = nullptr;
    RunDirectoryFollower *m_follower = nullptr;
    RecentRuns *m_recent = nullptr;
    Source m_source = Source::None;
    model::RunRecord m_liveRecord;
    QString m_liveDirectory;
    int m_plannedEpochs = 0;
    bool m_errorDialogs = true;

    widgets::CurvePanel *m_curves = nullptr;
    widgets::CellGraphPanel *m_cells = nullptr;
    widgets::AlphaHeatmap *m_normalHeatmap = nullptr;
    widgets::AlphaHeatmap *m_reduceHeatmap = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPlainTextEdit *m_genotypeText = nullptr;
    QLabel *m_genotypeTitle = nullptr;
    QSplitter *m_centralSplitter = nullptr;
    QStackedWidget *m_centralStack = nullptr;
    WelcomePage *m_welcome = nullptr;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_epochLabel = nullptr;
    QLabel *m_stepLabel = nullptr;
    QLabel *m_speedLabel = nullptr;
    QLabel *m_etaLabel = nullptr;
    QProgressBar *m_progress = nullptr;

    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_exportJsonAction = nullptr;
    QAction *m_exportDartsAction = nullptr;
    QAction *m_exportNb201Action = nullptr;
    QAction *m_copyGenotypeAction = nullptr;
    QAction *m_exportCellAction = nullptr;
    QAction *m_exportCurvesAction = nullptr;
    QAction *m_exportNormalHeatmapAction = nullptr;
    QAction *m_exportReduceHeatmapAction = nullptr;
    QAction *m_exportCsvAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_retrainAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_helpAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QMenu *m_exportMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;

    QPointer<CompareDialog> m_compare;
    QPointer<HelpDialog> m_help;
};

} // namespace gdas::app
