#pragma once

#include "model/Genotype.h"

#include <QObject>
#include <QStringList>

#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace gdas::app {

class MainWindow;
class RunExports;

// What the open run allows, for enabling the actions.
struct RunActionState {
    bool running = false;
    bool resumable = false;
    std::optional<model::Genotype> genotype;
    bool hasMetrics = false;
    bool hasNormalWeights = false;
    bool hasReductionWeights = false;
    bool hasBenchmark = false; // some epoch carries the benchmark's score of its cell
    int epochs = 0;            // epochs on record: frames of the cell animation
};

// The main window's actions with their icons, shortcuts and tool tips, its toolbar and its
// menus. Each action is connected to the window's slot or the export that does it.
class WorkbenchActions : public QObject {
    Q_OBJECT
public:
    // The views the View menu's "Go to" entries focus, in the order of Alt+1…5.
    struct FocusTargets {
        QWidget *cells;
        QWidget *curves;
        QWidget *weights;
        QWidget *genotype;
        QWidget *log;
    };

    WorkbenchActions(MainWindow *window, RunExports *exports, const FocusTargets &focusTargets);

    void update(const RunActionState &state);
    // Pause reads "Resume" while the run is paused.
    void showPaused(bool paused);
    // Fills File › Recent Runs; its entries emit recentRunRequested, "Clear List" clearRecentRequested.
    void setRecentRuns(const QStringList &directories);

signals:
    void recentRunRequested(const QString &directory);
    void clearRecentRequested();

private:
    void createActions(MainWindow *window, RunExports *exports);
    void createToolBar(MainWindow *window);
    void createMenus(MainWindow *window, const FocusTargets &focusTargets);

    QAction *m_new = nullptr;
    QAction *m_open = nullptr;
    QAction *m_openStudy = nullptr;
    QAction *m_start = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_exportJson = nullptr;
    QAction *m_exportDarts = nullptr;
    QAction *m_exportNb201 = nullptr;
    QAction *m_copyGenotype = nullptr;
    QAction *m_exportCell = nullptr;
    QAction *m_exportAnimation = nullptr;
    QAction *m_exportCurves = nullptr;
    QAction *m_exportNormalHeatmap = nullptr;
    QAction *m_exportReduceHeatmap = nullptr;
    QAction *m_exportCsv = nullptr;
    QAction *m_exportBenchmark = nullptr;
    QAction *m_compare = nullptr;
    QAction *m_retrain = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_help = nullptr;
    QAction *m_about = nullptr;
    QMenu *m_recentMenu = nullptr;
};

} // namespace gdas::app
