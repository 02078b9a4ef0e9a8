#include "MainWindow.h"

#include "AboutDialog.h"
#include "CompareDialog.h"
#include "DurationText.h"
#include "EngineRecords.h"
#include "FigureExportDialog.h"
#include "GenotypeFiles.h"
#include "HelpDialog.h"
#include "MetricsCsv.h"
#include "NewSearchDialog.h"
#include "RecentRuns.h"
#include "RetrainDialog.h"
#include "RetrainWindow.h"
#include "RunDirectoryFollower.h"
#include "RunFailureDialog.h"
#include "SearchController.h"
#include "SearchPresets.h"
#include "SettingsDialog.h"
#include "WelcomePage.h"
#include "WorkbenchMetaTypes.h"

#include "model/OutputFolder.h"
#include "model/SearchSpace.h"
#include "widgets/AlphaHeatmap.h"
#include "widgets/CellGraphPanel.h"
#include "widgets/CurvePanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

// Resources live in the static library: make sure the linker keeps them.
static void initWorkbenchResources() { Q_INIT_RESOURCE(workbench); }

namespace gdas::app {

namespace {

QIcon icon(const char *name) { return QIcon(QStringLiteral(":/gdas/icons/%1.svg").arg(QLatin1String(name))); }

// A run's status word from metrics.jsonl ("running", "finished", ...) in the interface's language.
QString runStatusText(const QString &status)
{
    static const char *const words[][2] = {
        {"running", QT_TRANSLATE_NOOP("gdas::app::MainWindow", "running")},
        {"paused", QT_TRANSLATE_NOOP("gdas::app::MainWindow", "paused")},
        {"stopped", QT_TRANSLATE_NOOP("gdas::app::MainWindow", "stopped")},
        {"finished", QT_TRANSLATE_NOOP("gdas::app::MainWindow", "finished")},
        {"failed", QT_TRANSLATE_NOOP("gdas::app::MainWindow", "failed")},
    };
    for (const auto &word : words)
        if (status == QLatin1String(word[0]))
            return QCoreApplication::translate("gdas::app::MainWindow", word[1]);
    return status;
}

// Toolbar buttons show an action's text without its mnemonic; Qt drops the '&' but would keep
// the "(&N)" that CJK translations append, so drop that too.
QString toolbarText(QString text)
{
    static const QRegularExpression cjkMnemonic(QStringLiteral("\\(&[^)]\\)"));
    text.remove(cjkMnemonic);
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text.trimmed();
}

// Keyboard focus into a view: the view itself when it takes focus, else its first child that does.
void focusView(QWidget *view)
{
    for (QWidget *dock = view; dock; dock = dock->parentWidget()) {
        if (auto *d = qobject_cast<QDockWidget *>(dock)) {
            d->show();
            d->raise();
            break;
        }
    }
    if (view->focusPolicy() & Qt::TabFocus) {
        view->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    for (QWidget *child : view->findChildren<QWidget *>()) {
        if ((child->focusPolicy() & Qt::TabFocus) && child->isVisibleTo(view)) {
            child->setFocus(Qt::ShortcutFocusReason);
            return;
        }
    }
}

int plannedEpochsOf(const model::RunRecord &record)
{
    const QJsonObject config = QJsonDocument::fromJson(QByteArray::fromStdString(record.configJson)).object();
    return config.value(QStringLiteral("epochs")).toInt(0);
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    initWorkbenchResources();
    registerWorkbenchMetaTypes();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(icon("gdas-workbench"));

    m_controller = new SearchController(this);
    m_follower = new RunDirectoryFollower(this);
    m_recent = new RecentRuns(this);

    createViews();
    createActions();
    createMenus();

    connect(m_controller, &SearchController::started, this, &MainWindow::onStarted);
    connect(m_controller, &SearchController::stepReported, this, &MainWindow::onStep);
    connect(m_controller, &SearchController::epochReported, this, &MainWindow::onEpoch);
    connect(m_controller, &SearchController::paused, this, &MainWindow::onPausedChanged);
    connect(m_controller, &SearchController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &SearchController::logLine, this, &MainWindow::appendLog);
    connect(m_controller, &SearchController::failed, this, [this](const QString &message) {
        if (!m_controller->lastFailureWasNonFiniteLoss() || !m_errorDialogs) {
            reportError(tr("Search Failed"), message);
            return;
        }
        // A diverged loss: offer to resume from the kept checkpoint with lower learning rates.
        appendLog(tr("Error: %1").arg(message));
        auto *dialog = new RunFailureDialog(m_liveDirectory, message, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &RunFailureDialog::resumeWithLearningRateScaleRequested, this, [this](const QString &, double scale) {
            QString error;
            if (!resumeOpenRun(&error, scale))
                reportError(tr("Cannot Resume the Run"), error);
        });
        dialog->open();
    });
    connect(m_controller, &SearchController::runningChanged, this, &MainWindow::updateActions);

    connect(m_follower, &RunDirectoryFollower::appended, this, &MainWindow::appendFromFollower);
    connect(m_follower, &RunDirectoryFollower::statusChanged, this, &MainWindow::onFollowerStatus);
    connect(m_follower, &RunDirectoryFollower::finalGenotypeChanged, this, [this] {
        updateGenotypeText();
        updateActions();
    });
    connect(m_follower, &RunDirectoryFollower::failed, this, [this](const QString &message) {
        reportError(tr("Cannot Follow the Run"), message);
        setStateText(tr("Not following"));
    });
    connect(m_recent, &RecentRuns::changed, this, &MainWindow::rebuildRecentMenu);
    connect(m_welcome, &WelcomePage::quickLookRequested, this, &MainWindow::quickLook);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::openRunDirectoryDialog);
    connect(m_welcome, &WelcomePage::compareRequested, this, &MainWindow::comparePublishedCells);
    connect(m_welcome, &WelcomePage::recentRunRequested, this, [this](const QString &dir) {
        QString error;
        if (!openRunDirectory(dir, &error))
            reportError(tr("Cannot Open the Run"), error);
    });
    connect(m_cells, &widgets::CellGraphPanel::shownEpochChanged, this, [this](int epoch) {
        showEpochTables(epoch);
        updateGenotypeText();
    });

    rebuildRecentMenu();
    restoreWindowState();
    clearViews();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------------------------------------
// Construction

void MainWindow::createViews()
{
    m_cells = new widgets::CellGraphPanel(this);
    m_curves = new widgets::CurvePanel(this);
    m_centralSplitter = new QSplitter(Qt::Vertical, this);
    m_centralSplitter->setObjectName(QStringLiteral("centralSplitter"));
    m_centralSplitter->addWidget(m_cells);
    m_centralSplitter->addWidget(m_curves);
    m_centralSplitter->setStretchFactor(0, 3);
    m_centralSplitter->setStretchFactor(1, 2);
    // Names for screen readers; the views have no label of their own.
    m_cells->setAccessibleName(tr("Cells"));
    m_curves->setAccessibleName(tr("Curves"));
    m_welcome = new WelcomePage(this);
    m_centralStack = new QStackedWidget(this);
    m_centralStack->addWidget(m_welcome);
    m_centralStack->addWidget(m_centralSplitter);
    setCentralWidget(m_centralStack);

    auto *weights = new QWidget(this);
    auto *weightsLayout = new QVBoxLayout(weights);
    weightsLayout->setContentsMargins(0, 0, 0, 0);
    m_normalHeatmap = new widgets::AlphaHeatmap(weights);
    m_reduceHeatmap = new widgets::AlphaHeatmap(weights);
    m_normalHeatmap->setAccessibleName(tr("Normal cell architecture weights"));
    m_reduceHeatmap->setAccessibleName(tr("Reduction cell architecture weights"));
    weightsLayout->addWidget(m_normalHeatmap, 1);
    weightsLayout->addWidget(m_reduceHeatmap, 1);
    auto *weightsDock = new QDockWidget(tr("Architecture Weights"), this);
    weightsDock->setObjectName(QStringLiteral("weightsDock"));
    weightsDock->setWidget(weights);
    addDockWidget(Qt::RightDockWidgetArea, weightsDock);

    auto *genotypeBox = new QWidget(this);
    auto *genotypeLayout = new QVBoxLayout(genotypeBox);
    genotypeLayout->setContentsMargins(4, 4, 4, 4);
    m_genotypeTitle = new QLabel(genotypeBox);
    m_genotypeText = new QPlainTextEdit(genotypeBox);
    m_genotypeText->setReadOnly(true);
    m_genotypeText->setAccessibleName(tr("Genotype"));
    m_genotypeText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    genotypeLayout->addWidget(m_genotypeTitle);
    genotypeLayout->addWidget(m_genotypeText, 1);
    auto *genotypeDock = new QDockWidget(tr("Genotype"), this);
    genotypeDock->setObjectName(QStringLiteral("genotypeDock"));
    genotypeDock->setWidget(genotypeBox);
    addDockWidget(Qt::BottomDockWidgetArea, genotypeDock);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setAccessibleName(tr("Log"));
    m_log->setMaximumBlockCount(20000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    tabifyDockWidget(genotypeDock, logDock);
    genotypeDock->raise();

    m_stateLabel = new QLabel(this);
    m_epochLabel = new QLabel(this);
    m_stepLabel = new QLabel(this);
    m_speedLabel = new QLabel(this);
    m_etaLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(240);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_epochLabel);
    statusBar()->addPermanentWidget(m_stepLabel);
    statusBar()->addPermanentWidget(m_speedLabel);
    statusBar()->addPermanentWidget(m_etaLabel);
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::createActions()
{
    m_newAction = new QAction(icon("new-search"), tr("&New Search…"), this);
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setToolTip(tr("Set up and start a new architecture search (Ctrl+N)"));
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newSearch);

    m_openAction = new QAction(icon("open-run"), tr("&Open Run Directory…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a run directory, also one that another process is still writing (Ctrl+O)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openRunDirectoryDialog);

    m_startAction = new QAction(icon("start"), tr("&Start"), this);
    m_startAction->setShortcut(Qt::Key_F5);
    m_startAction->setToolTip(tr("Resume the open run from its checkpoint, or set up a new search (F5)"));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startOrResume);

    m_pauseAction = new QAction(icon("pause"), tr("&Pause"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(Qt::Key_Space);
    m_pauseAction->setToolTip(tr("Pause or resume the search at the next step (Space)"));
    connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setPaused);

    m_stopAction = new QAction(icon("stop"), tr("S&top"), this);
    m_stopAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stopAction->setToolTip(tr("Stop at the next step, keeping a checkpoint to resume from (Shift+F5)"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopSearch);

    m_exportJsonAction = new QAction(tr("Genotype as &JSON…"), this);
    connect(m_exportJsonAction, &QAction::triggered, this,
            [this] { exportGenotypeInteractive(model::GenotypeFormat::Json); });
    m_exportDartsAction = new QAction(tr("Genotype as &DARTS Literal…"), this);
    connect(m_exportDartsAction, &QAction::triggered, this,
            [this] { exportGenotypeInteractive(model::GenotypeFormat::DartsLiteral); });
    m_exportNb201Action = new QAction(tr("Genotype as &NAS-Bench-201 String…"), this);
    connect(m_exportNb201Action, &QAction::triggered, this,
            [this] { exportGenotypeInteractive(model::GenotypeFormat::Nb201String); });
    m_copyGenotypeAction = new QAction(icon("copy"), tr("&Copy Genotype"), this);
    m_copyGenotypeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyGenotypeAction->setToolTip(tr("Copy the genotype as a DARTS literal or NAS-Bench-201 string"));
    connect(m_copyGenotypeAction, &QAction::triggered, this, &MainWindow::copyGenotype);

    m_exportCellAction = new QAction(icon("export"), tr("C&ell Figure…"), this);
    m_exportCellAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportCellAction->setToolTip(tr("Export the shown cells as SVG, PDF or PNG (Ctrl+E)"));
    connect(m_exportCellAction, &QAction::triggered, this, [this] {
        exportFigureInteractive(tr("Export Cell Figure"), QStringLiteral("cells"),
                                [this](const QString &p, QSize s, QString *e) { return exportCellFigure(p, s, e); });
    });
    m_exportCurvesAction = new QAction(tr("C&urves Figure…"), this);
    connect(m_exportCurvesAction, &QAction::triggered, this, [this] {
        exportFigureInteractive(tr("Export Curves Figure"), QStringLiteral("curves"),
                                [this](const QString &p, QSize s, QString *e) { return exportCurvesFigure(p, s, e); });
    });
    m_exportNormalHeatmapAction = new QAction(tr("Normal Cell &Heat Map…"), this);
    connect(m_exportNormalHeatmapAction, &QAction::triggered, this, [this] {
        exportFigureInteractive(tr("Export Heat Map"), QStringLiteral("heatmap-normal"),
                                [this](const QString &p, QSize s, QString *e) {
                                    return m_normalHeatmap->exportFigure(p, s, e);
                                });
    });
    m_exportReduceHeatmapAction = new QAction(tr("&Reduction Cell Heat Map…"), this);
    connect(m_exportReduceHeatmapAction, &QAction::triggered, this, [this] {
        exportFigureInteractive(tr("Export Heat Map"), QStringLiteral("heatmap-reduce"),
                                [this](const QString &p, QSize s, QString *e) {
                                    return m_reduceHeatmap->exportFigure(p, s, e);
                                });
    });
    m_exportCsvAction = new QAction(tr("&Metrics as CSV…"), this);
    connect(m_exportCsvAction, &QAction::triggered, this, &MainWindow::exportMetricsInteractive);

    m_compareAction = new QAction(icon("compare"), tr("Co&mpare Genotypes…"), this);
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_compareAction->setToolTip(tr("Compare 2–4 genotypes side by side with their parameter counts (Ctrl+M)"));
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::showCompare);

    m_retrainAction = new QAction(icon("retrain"), tr("&Retrain…"), this);
    m_retrainAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_retrainAction->setToolTip(tr("Train a genotype's evaluation network from scratch (Ctrl+R)"));
    connect(m_retrainAction, &QAction::triggered, this, &MainWindow::showRetrain);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::close);

    m_settingsAction = new QAction(tr("&Configure GDAS Workbench…"), this);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setToolTip(tr("Language and colours (applied at the next start)"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    m_helpAction = new QAction(tr("GDAS Workbench &User Guide"), this);
    m_helpAction->setShortcut(QKeySequence::HelpContents);
    m_helpAction->setToolTip(tr("A short guide to searches, runs, exports and the command line (F1)"));
    connect(m_helpAction, &QAction::triggered, this, &MainWindow::showHelp);
    m_aboutAction = new QAction(tr("&About GDAS Workbench"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_newAction);
    toolbar->addAction(m_openAction);
    toolbar->addSeparator();
    toolbar->addAction(m_startAction);
    toolbar->addAction(m_pauseAction);
    toolbar->addAction(m_stopAction);
    toolbar->addSeparator();
    toolbar->addAction(m_copyGenotypeAction);
    toolbar->addAction(m_exportCellAction);
    toolbar->addAction(m_compareAction);
    toolbar->addAction(m_retrainAction);
    for (QAction *action : toolbar->actions()) {
        if (action->isSeparator())
            continue;
        action->setIconText(toolbarText(action->text()));
        // Start and Pause change their text with the run's state.
        connect(action, &QAction::changed, this, [action] {
            const QString text = toolbarText(action->text());
            if (action->iconText() != text)
                action->setIconText(text);
        });
    }
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Recent &Runs"));
    file->addSeparator();
    m_exportMenu = file->addMenu(icon("export"), tr("&Export"));
    m_exportMenu->addAction(m_exportJsonAction);
    m_exportMenu->addAction(m_exportDartsAction);
    m_exportMenu->addAction(m_exportNb201Action);
    m_exportMenu->addAction(m_copyGenotypeAction);
    m_exportMenu->addSeparator();
    m_exportMenu->addAction(m_exportCellAction);
    m_exportMenu->addAction(m_exportCurvesAction);
    m_exportMenu->addAction(m_exportNormalHeatmapAction);
    m_exportMenu->addAction(m_exportReduceHeatmapAction);
    m_exportMenu->addSeparator();
    m_exportMenu->addAction(m_exportCsvAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *search = menuBar()->addMenu(tr("&Search"));
    search->addAction(m_startAction);
    search->addAction(m_pauseAction);
    search->addAction(m_stopAction);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_compareAction);
    tools->addAction(m_retrainAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    for (QToolBar *bar : findChildren<QToolBar *>())
        m_viewMenu->addAction(bar->toggleViewAction());
    // Alt+1…5 move the keyboard focus between the views, as IDEs do with their panes.
    m_viewMenu->addSeparator();
    const std::pair<QString, QWidget *> focusTargets[] = {
        {tr("Go to &Cells"), m_cells},
        {tr("Go to C&urves"), m_curves},
        {tr("Go to &Architecture Weights"), m_normalHeatmap},
        {tr("Go to &Genotype"), m_genotypeText},
        {tr("Go to &Log"), m_log},
    };
    int focusKey = Qt::Key_1;
    for (const auto &[text, target] : focusTargets) {
        QAction *action = m_viewMenu->addAction(text);
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(focusKey++)));
        QWidget *view = target;
        connect(action, &QAction::triggered, this, [view] { focusView(view); });
    }

    QMenu *settings = menuBar()->addMenu(tr("Setti&ngs"));
    settings->addAction(m_settingsAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_helpAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray())) {
        resize(1500, 940);
        // First start: the curves and cells get the room, the genotype/log docks a strip.
        const auto docks = findChildren<QDockWidget *>();
        for (QDockWidget *dock : docks) {
            if (dock->objectName() == QLatin1String("genotypeDock"))
                resizeDocks({dock}, {150}, Qt::Vertical);
            else if (dock->objectName() == QLatin1String("weightsDock"))
                resizeDocks({dock}, {420}, Qt::Horizontal);
        }
        m_centralSplitter->setSizes({420, 380});
    }
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_centralSplitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
}

// ---------------------------------------------------------------------------------------------
// Runs

const model::RunRecord &MainWindow::record() const
{
    return m_source == Source::Directory ? m_follower->record() : m_liveRecord;
}

bool MainWindow::openRunDirectory(const QString &directory, QString *error)
{
    if (m_controller->isRunning()) {
        if (error)
            *error = tr("A search is running; stop it before opening another run.");
        return false;
    }
    QString problem;
    if (!m_follower->open(directory, &problem)) {
        if (error)
            *error = problem;
        return false;
    }
    m_source = Source::Directory;
    m_liveRecord = {};
    m_liveDirectory.clear();
    rebuildViewsFromRecord();
    const std::string &status = m_follower->record().status;
    const bool live = status.empty() || status == "running" || status == "paused";
    // Also a finished or stopped run: another process may resume it, and a run's last files
    // (genotype.json) may land just after its final status line.
    m_follower->setFollowing(true);
    setStateText(live ? tr("Following %1").arg(runLabel()) : runStatusText(QString::fromStdString(status)));
    m_recent->add(m_follower->directory());
    appendLog(tr("Opened %1 (%2 metric rows, %3 epochs%4)")
                  .arg(QDir::toNativeSeparators(m_follower->directory()))
                  .arg(m_follower->record().metrics.size())
                  .arg(m_follower->record().epochs.size())
                  .arg(status.empty() ? QString() : tr(", %1").arg(runStatusText(QString::fromStdString(status)))));
    updateActions();
    updateTitle();
    return true;
}

bool MainWindow::startSearch(const engine::SearchConfig &config, QString *error)
{
    if (m_controller->isRunning()) {
        if (error)
            *error = tr("A search is already running.");
        return false;
    }
    m_follower->close();
    m_source = Source::Live;
    m_liveDirectory = QString::fromStdString(config.runDir);
    m_liveRecord = {};
    m_liveRecord.directory = config.runDir;
    m_liveRecord.kind = "search";
    m_liveRecord.name = config.name;
    m_liveRecord.space = config.space;
    m_liveRecord.algorithm = engine::toString(config.algorithm);
    m_liveRecord.status = "running";
    m_plannedEpochs = config.epochs;
    clearViews();
    m_cells->setTotalEpochs(config.epochs);
    setStateText(tr("Starting…"));
    appendLog(tr("Starting search %1 in %2")
                  .arg(QString::fromStdString(config.name), QDir::toNativeSeparators(m_liveDirectory)));
    if (!m_controller->start(config)) {
        if (error)
            *error = tr("A search is already running.");
        return false;
    }
    m_recent->add(m_liveDirectory);
    updateActions();
    updateTitle();
    return true;
}

bool MainWindow::resumeOpenRun(QString *error, double learningRateScale)
{
    if (!resumable()) {
        if (error)
            *error = tr("The open run cannot be resumed (it is not stopped, or it has no checkpoint).");
        return false;
    }
    // The views keep what was read from disk; live reports continue them.
    m_liveRecord = m_follower->record();
    m_liveDirectory = m_follower->directory();
    m_liveRecord.status = "running";
    m_follower->close();
    m_source = Source::Live;
    setStateText(tr("Resuming…"));
    appendLog(tr("Resuming %1 from its checkpoint").arg(QDir::toNativeSeparators(m_liveDirectory)));
    if (learningRateScale != 1.0)
        m_controller->resumeWithLearningRateScale(m_liveDirectory, learningRateScale);
    else
        m_controller->resumeRun(m_liveDirectory);
    updateActions();
    updateTitle();
    return true;
}

bool MainWindow::resumable() const
{
    if (m_source != Source::Directory || m_controller->isRunning())
        return false;
    const model::RunRecord &r = m_follower->record();
    if (r.kind != "search" || !(r.status == "stopped" || r.status == "failed" || r.status == "paused"))
        return false;
    return QFileInfo(QDir(m_follower->directory()).filePath(QStringLiteral("checkpoint.pt"))).isFile();
}

void MainWindow::newSearch()
{
    if (m_controller->isRunning())
        return;
    NewSearchDialog dialog(this);
    dialog.loadSettings();
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!startSearch(dialog.config(), &error))
        reportError(tr("Cannot Start the Search"), error);
}

void MainWindow::openRunDirectoryDialog()
{
    QSettings settings;
    const QString start = settings.value(QStringLiteral("lastOpenFolder"), QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Directory"), start);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastOpenFolder"), QFileInfo(dir).absolutePath());
    QString error;
    if (!openRunDirectory(dir, &error))
        reportError(tr("Cannot Open the Run"), error);
}

void MainWindow::startOrResume()
{
    if (m_controller->isRunning())
        return;
    if (resumable()) {
        QString error;
        if (!resumeOpenRun(&error))
            reportError(tr("Cannot Resume the Run"), error);
        return;
    }
    newSearch();
}

void MainWindow::setPaused(bool paused)
{
    if (!m_controller->isRunning())
        return;
    if (paused) {
        m_controller->pause();
        setStateText(tr("Pausing…"));
    } else {
        m_controller->resume();
    }
}

void MainWindow::stopSearch()
{
    if (!m_controller->isRunning())
        return;
    m_controller->stop();
    setStateText(tr("Stopping…"));
}

// ---------------------------------------------------------------------------------------------
// Live reports

void MainWindow::onStarted(const engine::RunStarted &info)
{
    m_plannedEpochs = info.epochs;
    m_cells->setTotalEpochs(info.epochs);
    setStateText(tr("Running on %1").arg(QString::fromStdString(info.device)));
    m_epochLabel->setText(tr("Epoch %1/%2").arg(info.startEpoch + 1).arg(info.epochs));
    appendLog(tr("Running on %1: %2 weight parameters, %3 architecture parameters, %4 steps per epoch")
                  .arg(QString::fromStdString(info.device))
                  .arg(info.weightParameters)
                  .arg(info.archParameters)
                  .arg(info.stepsPerEpoch));
}

void MainWindow::onStep(const engine::StepMetrics &step)
{
    if (m_source != Source::Live)
        return;
    model::MetricRow row = toMetricRow(step);
    m_liveRecord.metrics.push_back(row);
    m_curves->appendRows({row});
    m_epochLabel->setText(tr("Epoch %1/%2").arg(step.epoch + 1).arg(step.epochs));
    m_stepLabel->setText(tr("Step %1/%2").arg(step.step + 1).arg(step.stepsPerEpoch));
    m_speedLabel->setText(tr("%1 images/s").arg(step.imagesPerSecond, 0, 'f', 1));
    m_etaLabel->setText(tr("ETA %1").arg(formatDuration(step.etaSeconds)));
    const double total = double(step.epochs) * double(step.stepsPerEpoch);
    if (total > 0)
        m_progress->setValue(static_cast<int>(std::lround(1000.0 * step.globalStep / total)));
}

void MainWindow::onEpoch(const engine::EpochReport &epoch)
{
    if (m_source != Source::Live)
        return;
    model::MetricRow row = toMetricRow(epoch);
    m_liveRecord.metrics.push_back(row);
    m_curves->appendRows({row});
    m_liveRecord.epochs.push_back(toEpochRecord(epoch));
    m_cells->appendEpoch(m_liveRecord.epochs.back());
    if (m_cells->followsNewest())
        showEpochTables(epoch.epoch);
    updateGenotypeText();
    if (epoch.epochs > 0)
        m_progress->setValue(static_cast<int>(std::lround(1000.0 * (epoch.epoch + 1) / epoch.epochs)));
    updateActions();
}

void MainWindow::onPausedChanged(bool paused)
{
    {
        const QSignalBlocker blocker(m_pauseAction);
        m_pauseAction->setChecked(paused);
    }
    m_pauseAction->setText(paused ? tr("Res&ume") : tr("&Pause"));
    m_pauseAction->setIcon(paused ? icon("start") : icon("pause"));
    m_liveRecord.status = paused ? "paused" : "running";
    setStateText(paused ? tr("Paused") : tr("Running"));
    appendLog(paused ? tr("Paused") : tr("Resumed"));
}

void MainWindow::onFinished(const engine::RunOutcome &outcome)
{
    {
        const QSignalBlocker blocker(m_pauseAction);
        m_pauseAction->setChecked(false);
    }
    m_pauseAction->setText(tr("&Pause"));
    m_pauseAction->setIcon(icon("pause"));
    QString state;
    switch (outcome.end) {
    case engine::RunEnd::Finished: state = tr("Finished"); break;
    case engine::RunEnd::Stopped: state = tr("Stopped after %n epoch(s)", nullptr, outcome.epochsDone); break;
    case engine::RunEnd::Failed: state = tr("Failed"); break;
    }
    appendLog(state);
    // The run directory is the record: read it back so exports see every logged row, also
    // the ones the live view coalesced away.
    const QString directory = m_liveDirectory;
    if (!directory.isEmpty() && QFileInfo(QDir(directory).filePath(QStringLiteral("config.json"))).isFile()) {
        QString error;
        if (!openRunDirectory(directory, &error))
            appendLog(tr("Cannot read the run back: %1").arg(error));
    }
    setStateText(state);
    updateActions();
    updateTitle();
}

void MainWindow::onFollowerStatus(const QString &status, const QString &message)
{
    const bool live = status == QLatin1String("running") || status == QLatin1String("paused");
    const QString statusText = runStatusText(status);
    setStateText(live ? tr("Following %1 (%2)").arg(runLabel(), statusText) : statusText);
    appendLog(message.isEmpty() ? tr("Run status: %1").arg(statusText)
                                : tr("Run status: %1 — %2").arg(statusText, message));
    updateActions();
    updateTitle();
}

// ---------------------------------------------------------------------------------------------
// Views

void MainWindow::clearViews()
{
    m_curves->clear();
    m_cells->clear();
    m_normalHeatmap->clear();
    m_reduceHeatmap->clear();
    m_genotypeText->clear();
    m_genotypeTitle->setText(tr("No genotype yet"));
    m_epochLabel->setText(tr("Epoch —"));
    m_stepLabel->setText(tr("Step —"));
    m_speedLabel->setText(QString());
    m_etaLabel->setText(QString());
    m_progress->setValue(0);
    m_reduceHeatmap->setVisible(true);
}

void MainWindow::rebuildViewsFromRecord()
{
    clearViews();
    const model::RunRecord &r = record();
    m_plannedEpochs = plannedEpochsOf(r);
    m_curves->setRecord(r.metrics);
    m_cells->setTotalEpochs(m_plannedEpochs);
    if (!r.epochs.empty()) {
        m_cells->setEpochs(r.epochs);
        showEpochTables(r.epochs.back().epoch);
    } else if (r.finalGenotype) {
        m_cells->setGenotype(*r.finalGenotype);
    }
    const bool nb201 = r.space == "nas-bench-201";
    m_reduceHeatmap->setVisible(!nb201 && r.algorithm != "gdas-frc");
    for (auto it = r.metrics.rbegin(); it != r.metrics.rend(); ++it) {
        if (it->type == "step") {
            setStatusFromRow(*it);
            break;
        }
    }
    updateGenotypeText();
}

void MainWindow::appendFromFollower(int firstMetric, int firstEpoch)
{
    const model::RunRecord &r = m_follower->record();
    if (firstMetric < static_cast<int>(r.metrics.size())) {
        std::vector<model::MetricRow> rows(r.metrics.begin() + firstMetric, r.metrics.end());
        m_curves->appendRows(rows);
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            if (it->type == "step") {
                setStatusFromRow(*it);
                break;
            }
        }
    }
    for (int i = firstEpoch; i < static_cast<int>(r.epochs.size()); ++i)
        m_cells->appendEpoch(r.epochs[static_cast<std::size_t>(i)]);
    if (firstEpoch < static_cast<int>(r.epochs.size()) && m_cells->followsNewest())
        showEpochTables(r.epochs.back().epoch);
    updateGenotypeText();
    updateActions();
}

void MainWindow::setStatusFromRow(const model::MetricRow &row)
{
    m_epochLabel->setText(m_plannedEpochs > 0 ? tr("Epoch %1/%2").arg(row.epoch + 1).arg(m_plannedEpochs)
                                              : tr("Epoch %1").arg(row.epoch + 1));
    m_stepLabel->setText(tr("Step %1").arg(row.step + 1));
    if (row.has("images_per_s"))
        m_speedLabel->setText(tr("%1 images/s").arg(row.value("images_per_s"), 0, 'f', 1));
    m_etaLabel->setText(QString());
    const model::RunRecord &r = record();
    if (m_plannedEpochs > 0) {
        const int done = static_cast<int>(r.epochs.size());
        m_progress->setValue(static_cast<int>(std::lround(1000.0 * done / m_plannedEpochs)));
    }
}

void MainWindow::showEpochTables(int epoch)
{
    const model::RunRecord &r = record();
    const model::EpochRecord *found = nullptr;
    for (const auto &e : r.epochs)
        if (e.epoch == epoch)
            found = &e;
    if (!found)
        return;
    m_normalHeatmap->setTable(found->normal, tr("Normal cell α, epoch %1 (τ = %2)")
                                                 .arg(found->epoch + 1)
                                                 .arg(found->tau, 0, 'g', 3));
    m_reduceHeatmap->setVisible(!found->reduce.empty());
    if (!found->reduce.empty())
        m_reduceHeatmap->setTable(found->reduce, tr("Reduction cell α, epoch %1").arg(found->epoch + 1));
    else
        m_reduceHeatmap->clear();
}

std::optional<model::Genotype> MainWindow::currentGenotype() const
{
    const model::RunRecord &r = record();
    const int shown = m_cells->shownIndex();
    const bool newest = shown < 0 || shown + 1 >= static_cast<int>(r.epochs.size());
    if (newest && r.finalGenotype)
        return r.finalGenotype;
    if (shown >= 0 && shown < static_cast<int>(r.epochs.size()))
        return r.epochs[static_cast<std::size_t>(shown)].genotype;
    if (!r.epochs.empty())
        return r.epochs.back().genotype;
    return std::nullopt;
}

void MainWindow::updateGenotypeText()
{
    const std::optional<model::Genotype> genotype = currentGenotype();
    if (!genotype) {
        m_genotypeTitle->setText(tr("No genotype yet"));
        m_genotypeText->clear();
        return;
    }
    const model::RunRecord &r = record();
    const int shown = m_cells->shownIndex();
    const bool final = r.finalGenotype && (shown < 0 || shown + 1 >= static_cast<int>(r.epochs.size()));
    m_genotypeTitle->setText(final ? tr("Final genotype (genotype.json)")
                                   : tr("Genotype derived after epoch %1").arg(
                                         shown >= 0 ? r.epochs[static_cast<std::size_t>(shown)].epoch + 1 : 0));
    try {
        m_genotypeText->setPlainText(QString::fromStdString(model::format(*genotype, nativeFormat(*genotype))));
    } catch (const std::exception &e) {
        m_genotypeText->setPlainText(QString::fromUtf8(e.what()));
    }
}

void MainWindow::setStateText(const QString &state) { m_stateLabel->setText(state); }

QString MainWindow::statusText() const
{
    QStringList parts;
    for (const QLabel *label : {m_stateLabel, m_epochLabel, m_stepLabel, m_speedLabel, m_etaLabel})
        if (!label->text().isEmpty())
            parts.append(label->text());
    return parts.join(QLatin1String(" | "));
}

QString MainWindow::runLabel() const
{
    const model::RunRecord &r = record();
    if (!r.name.empty())
        return QString::fromStdString(r.name);
    return QFileInfo(QString::fromStdString(r.directory)).fileName();
}

void MainWindow::updateTitle()
{
    const QString label = m_source == Source::None ? QString() : runLabel();
    setWindowTitle(label.isEmpty() ? tr("GDAS Workbench") : tr("%1 — GDAS Workbench").arg(label));
}

void MainWindow::updateActions()
{
    m_centralStack->setCurrentWidget(m_source == Source::None ? static_cast<QWidget *>(m_welcome)
                                                              : m_centralSplitter);
    const bool running = m_controller->isRunning();
    m_newAction->setEnabled(!running);
    m_openAction->setEnabled(!running);
    m_recentMenu->setEnabled(!running);
    m_startAction->setEnabled(!running);
    m_startAction->setText(resumable() ? tr("&Resume Run") : tr("&Start"));
    m_pauseAction->setEnabled(running);
    m_stopAction->setEnabled(running);

    const std::optional<model::Genotype> genotype = currentGenotype();
    m_exportJsonAction->setEnabled(genotype.has_value());
    m_exportDartsAction->setEnabled(genotype && formatSuits(*genotype, model::GenotypeFormat::DartsLiteral));
    m_exportNb201Action->setEnabled(genotype && formatSuits(*genotype, model::GenotypeFormat::Nb201String));
    m_copyGenotypeAction->setEnabled(genotype.has_value());
    m_exportCellAction->setEnabled(genotype.has_value());
    const model::RunRecord &r = record();
    m_exportCurvesAction->setEnabled(!r.metrics.empty());
    m_exportCsvAction->setEnabled(!r.metrics.empty());
    m_exportNormalHeatmapAction->setEnabled(!m_normalHeatmap->table().empty());
    m_exportReduceHeatmapAction->setEnabled(!m_reduceHeatmap->table().empty());
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList dirs = m_recent->directories();
    m_welcome->setRecentRuns(dirs);
    for (const QString &dir : dirs) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir));
        connect(action, &QAction::triggered, this, [this, dir] {
            QString error;
            if (!openRunDirectory(dir, &error))
                reportError(tr("Cannot Open the Run"), error);
        });
    }
    if (!dirs.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear List"), this, [this] { m_recent->clear(); });
    } else {
        m_recentMenu->addAction(tr("No recent runs"))->setEnabled(false);
    }
}

// ---------------------------------------------------------------------------------------------
// Exports

bool MainWindow::exportGenotype(const QString &path, model::GenotypeFormat format, QString *error) const
{
    const std::optional<model::Genotype> genotype = currentGenotype();
    if (!genotype) {
        if (error)
            *error = tr("%1: there is no genotype to export yet").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return writeGenotypeFile(path, *genotype, format, error);
}

bool MainWindow::exportCellFigure(const QString &path, QSize size, QString *error)
{
    return m_cells->exportFigure(path, size, error);
}

bool MainWindow::exportCurvesFigure(const QString &path, QSize size, QString *error)
{
    m_curves->replotNow();
    return m_curves->exportFigure(path, size, error);
}

bool MainWindow::exportMetricsCsv(const QString &path, QString *error) const
{
    return writeMetricsCsv(path, record().metrics, error);
}

QString MainWindow::suggestedExportPath(const QString &stem, const QString &suffix) const
{
    const QString dir = record().directory.empty() ? QDir::homePath() : QString::fromStdString(record().directory);
    const QString name = suffix.isEmpty() ? stem : stem + QLatin1Char('.') + suffix;
    return QDir(dir).filePath(name);
}

void MainWindow::exportGenotypeInteractive(model::GenotypeFormat format)
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Genotype as %1").arg(formatTitle(format)),
        suggestedExportPath(QStringLiteral("genotype-export"), formatSuffix(format)), formatFileFilter(format));
    if (path.isEmpty())
        return;
    QString error;
    if (exportGenotype(path, format, &error)) {
        // The log may sit behind another tab: the status bar confirms the export too.
        const QString written = tr("Wrote %1").arg(QDir::toNativeSeparators(path));
        appendLog(written);
        statusBar()->showMessage(written, 8000);
    } else {
        reportError(tr("Export Failed"), error);
    }
}

void MainWindow::exportFigureInteractive(const QString &title, const QString &kind,
                                         const std::function<bool(const QString &, QSize, QString *)> &write)
{
    FigureExportDialog dialog(title, kind, suggestedExportPath(kind, QString()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (write(dialog.path(), dialog.figureSize(), &error)) {
        const QString written = tr("Wrote %1").arg(QDir::toNativeSeparators(dialog.path()));
        appendLog(written);
        statusBar()->showMessage(written, 8000);
    } else {
        reportError(tr("Export Failed"), error);
    }
}

void MainWindow::exportMetricsInteractive()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Metrics"),
                                                      suggestedExportPath(QStringLiteral("metrics"), QStringLiteral("csv")),
                                                      tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportMetricsCsv(path, &error)) {
        const QString written = tr("Wrote %1").arg(QDir::toNativeSeparators(path));
        appendLog(written);
        statusBar()->showMessage(written, 8000);
    } else {
        reportError(tr("Export Failed"), error);
    }
}

void MainWindow::copyGenotype()
{
    const std::optional<model::Genotype> genotype = currentGenotype();
    if (!genotype)
        return;
    try {
        QGuiApplication::clipboard()->setText(QString::fromStdString(model::format(*genotype, nativeFormat(*genotype))));
        statusBar()->showMessage(tr("Genotype copied"), 3000);
    } catch (const std::exception &e) {
        reportError(tr("Cannot Copy the Genotype"), QString::fromUtf8(e.what()));
    }
}

// ---------------------------------------------------------------------------------------------
// Tools

CompareDialog *MainWindow::compareDialog()
{
    if (!m_compare) {
        m_compare = new CompareDialog(this);
        m_compare->setAttribute(Qt::WA_DeleteOnClose);
    }
    return m_compare;
}

void MainWindow::showCompare()
{
    compareDialog();
    if (const std::optional<model::Genotype> genotype = currentGenotype(); genotype && m_compare->entryCount() == 0) {
        model::Genotype g = *genotype;
        if (g.name.empty())
            g.name = runLabel().toStdString();
        m_compare->addGenotype(QString::fromStdString(g.name), g);
    }
    m_compare->show();
    m_compare->raise();
    m_compare->activateWindow();
}

void MainWindow::showRetrain()
{
    RetrainDialog dialog(this);
    dialog.loadSettings();
    if (const std::optional<model::Genotype> genotype = currentGenotype())
        dialog.setGenotype(*genotype, runLabel());
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto *window = new RetrainWindow(this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &RetrainWindow::runDirectoryCreated, this, [this](const QString &dir) { m_recent->add(dir); });
    window->show();
    window->start(dialog.config());
}

bool MainWindow::startQuickLook(const QString &dataset, const QString &runDirectory, QString *error)
{
    engine::SearchConfig config = quickLookSearchConfig();
    config.data.dataset = dataset.toStdString();
    config.name = generatedRunName(config).toStdString();
    // The generated name is free unless two quick looks start within a second: then the next one.
    config.runDir = runDirectory.isEmpty()
                        ? model::freshFolderName(QDir(defaultRunsFolder()).filePath(QString::fromStdString(config.name)).toStdString())
                        : QDir::cleanPath(runDirectory).toStdString();
    return startSearch(config, error);
}

void MainWindow::quickLook()
{
    QString error;
    if (!startQuickLook(QStringLiteral("fashion-mnist"), QString(), &error))
        reportError(tr("Cannot Start the Search"), error);
}

void MainWindow::comparePublishedCells()
{
    CompareDialog *compare = compareDialog();
    if (compare->entryCount() == 0) {
        for (const QString &name : {QStringLiteral("DARTS_V2"), QStringLiteral("GDAS_V1")}) {
            QString error;
            if (!compare->addBuiltin(name, &error))
                appendLog(tr("Cannot add %1: %2").arg(name, error));
        }
    }
    compare->show();
    compare->raise();
    compare->activateWindow();
}

void MainWindow::showHelp()
{
    if (!m_help) {
        m_help = new HelpDialog(this);
        m_help->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_help->show();
    m_help->raise();
    m_help->activateWindow();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Settings saved; they take effect at the next start"), 6000);
}

bool MainWindow::welcomeShown() const { return m_centralStack->currentWidget() == m_welcome; }

// ---------------------------------------------------------------------------------------------
// Messages and lifetime

void MainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void MainWindow::reportError(const QString &title, const QString &message)
{
    appendLog(tr("Error: %1").arg(message));
    if (!m_errorDialogs)
        return;
    // Non-modal: the run (and a test driving this window) goes on behind the message.
    auto *box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_controller->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Search Running"),
            tr("A search is running. Stop it (keeping a checkpoint to resume from) and quit?"),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_controller->stop();
    }
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("splitter"), m_centralSplitter->saveState());
    event->accept();
}

} // namespace gdas::app
