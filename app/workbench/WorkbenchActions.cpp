#include "WorkbenchActions.h"

#include "GenotypeFiles.h"
#include "MainWindow.h"
#include "RunExports.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QToolBar>

namespace gdas::app {

namespace {

QIcon icon(const char *name) { return QIcon(QStringLiteral(":/gdas/icons/%1.svg").arg(QLatin1String(name))); }

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

} // namespace

WorkbenchActions::WorkbenchActions(MainWindow *window, RunExports *exports, const FocusTargets &focusTargets)
    : QObject(window)
{
    createActions(window, exports);
    createToolBar(window);
    createMenus(window, focusTargets);
}

void WorkbenchActions::createActions(MainWindow *window, RunExports *exports)
{
    // One action: its text and icon, an optional shortcut and tool tip, what it triggers.
    auto make = [window](const char *iconName, const QString &text, const QKeySequence &shortcut,
                         const QString &toolTip) {
        auto *action = iconName ? new QAction(icon(iconName), text, window) : new QAction(text, window);
        action->setShortcut(shortcut);
        if (!toolTip.isEmpty())
            action->setToolTip(toolTip);
        return action;
    };

    m_new = make("new-search", tr("&New Search…"), QKeySequence::New,
                 tr("Set up and start a new architecture search (Ctrl+N)"));
    connect(m_new, &QAction::triggered, window, &MainWindow::newSearch);
    m_open = make("open-run", tr("&Open Run Directory…"), QKeySequence::Open,
                  tr("Open a run directory, also one that another process is still writing (Ctrl+O)"));
    connect(m_open, &QAction::triggered, window, &MainWindow::openRunDirectoryDialog);
    m_openStudy = make(nullptr, tr("Open S&tudy…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                       tr("Open a study folder (gdas study): the seeds' consensus cell, curves and tables"));
    connect(m_openStudy, &QAction::triggered, window, &MainWindow::openStudyDialog);
    m_start = make("start", tr("&Start"), Qt::Key_F5,
                   tr("Resume the open run from its checkpoint, or set up a new search (F5)"));
    connect(m_start, &QAction::triggered, window, &MainWindow::startOrResume);
    m_pause = make("pause", tr("&Pause"), Qt::Key_Space, tr("Pause or resume the search at the next step (Space)"));
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::toggled, window, &MainWindow::setPaused);
    m_stop = make("stop", tr("S&top"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                  tr("Stop at the next step, keeping a checkpoint to resume from (Shift+F5)"));
    connect(m_stop, &QAction::triggered, window, &MainWindow::stopSearch);

    m_exportJson = make(nullptr, tr("Genotype as &JSON…"), {}, {});
    connect(m_exportJson, &QAction::triggered, exports,
            [exports] { exports->exportGenotypeInteractive(model::GenotypeFormat::Json); });
    m_exportDarts = make(nullptr, tr("Genotype as &DARTS Literal…"), {}, {});
    connect(m_exportDarts, &QAction::triggered, exports,
            [exports] { exports->exportGenotypeInteractive(model::GenotypeFormat::DartsLiteral); });
    m_exportNb201 = make(nullptr, tr("Genotype as &NAS-Bench-201 String…"), {}, {});
    connect(m_exportNb201, &QAction::triggered, exports,
            [exports] { exports->exportGenotypeInteractive(model::GenotypeFormat::Nb201String); });
    m_copyGenotype = make("copy", tr("&Copy Genotype"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                          tr("Copy the genotype as a DARTS literal or NAS-Bench-201 string"));
    connect(m_copyGenotype, &QAction::triggered, exports, &RunExports::copyGenotype);
    m_exportCell = make("export", tr("C&ell Figure…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                        tr("Export the shown cells as SVG, PDF or PNG (Ctrl+E)"));
    connect(m_exportCell, &QAction::triggered, exports, &RunExports::exportCellFigureInteractive);
    m_exportAnimation = make(nullptr, tr("Cell &Animation…"), {},
                             tr("Export the cells of every epoch as an animated GIF, one frame per epoch"));
    connect(m_exportAnimation, &QAction::triggered, exports, &RunExports::exportCellAnimationInteractive);
    m_exportCurves = make(nullptr, tr("C&urves Figure…"), {}, {});
    connect(m_exportCurves, &QAction::triggered, exports, &RunExports::exportCurvesFigureInteractive);
    m_exportNormalHeatmap = make(nullptr, tr("Normal Cell &Heat Map…"), {}, {});
    connect(m_exportNormalHeatmap, &QAction::triggered, exports,
            [exports] { exports->exportHeatmapInteractive(false); });
    m_exportReduceHeatmap = make(nullptr, tr("&Reduction Cell Heat Map…"), {}, {});
    connect(m_exportReduceHeatmap, &QAction::triggered, exports,
            [exports] { exports->exportHeatmapInteractive(true); });
    m_exportCsv = make(nullptr, tr("&Metrics as CSV…"), {}, {});
    connect(m_exportCsv, &QAction::triggered, exports, &RunExports::exportMetricsInteractive);
    m_exportBenchmark = make(nullptr, tr("&Benchmark Figure…"), {}, {});
    connect(m_exportBenchmark, &QAction::triggered, exports, &RunExports::exportBenchmarkFigureInteractive);

    m_compare = make("compare", tr("Co&mpare Genotypes…"), QKeySequence(Qt::CTRL | Qt::Key_M),
                     tr("Compare 2–4 genotypes side by side with their parameter counts (Ctrl+M)"));
    connect(m_compare, &QAction::triggered, window, &MainWindow::showCompare);
    m_retrain = make("retrain", tr("&Retrain…"), QKeySequence(Qt::CTRL | Qt::Key_R),
                     tr("Train a genotype's evaluation network from scratch (Ctrl+R)"));
    connect(m_retrain, &QAction::triggered, window, &MainWindow::showRetrain);

    m_quit = make(nullptr, tr("&Quit"), QKeySequence::Quit, {});
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, window, &MainWindow::close);
    m_settings = make(nullptr, tr("&Configure GDAS Workbench…"), QKeySequence::Preferences,
                      tr("Language and colours (applied at the next start)"));
    m_settings->setMenuRole(QAction::PreferencesRole);
    connect(m_settings, &QAction::triggered, window, &MainWindow::showSettings);
    m_help = make(nullptr, tr("GDAS Workbench &User Guide"), QKeySequence::HelpContents,
                  tr("A short guide to searches, runs, exports and the command line (F1)"));
    connect(m_help, &QAction::triggered, window, &MainWindow::showHelp);
    m_about = make(nullptr, tr("&About GDAS Workbench"), {}, {});
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, window, &MainWindow::showAbout);
}

void WorkbenchActions::createToolBar(MainWindow *window)
{
    auto *toolbar = window->addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_new, m_open});
    toolbar->addSeparator();
    toolbar->addActions({m_start, m_pause, m_stop});
    toolbar->addSeparator();
    toolbar->addActions({m_copyGenotype, m_exportCell, m_compare, m_retrain});
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

void WorkbenchActions::createMenus(MainWindow *window, const FocusTargets &focusTargets)
{
    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addActions({m_new, m_open, m_openStudy});
    m_recentMenu = file->addMenu(tr("Recent &Runs"));
    file->addSeparator();
    QMenu *exportMenu = file->addMenu(icon("export"), tr("&Export"));
    exportMenu->addActions({m_exportJson, m_exportDarts, m_exportNb201, m_copyGenotype});
    exportMenu->addSeparator();
    exportMenu->addActions(
        {m_exportCell, m_exportAnimation, m_exportCurves, m_exportNormalHeatmap, m_exportReduceHeatmap});
    exportMenu->addAction(m_exportBenchmark);
    exportMenu->addSeparator();
    exportMenu->addAction(m_exportCsv);
    file->addSeparator();
    file->addAction(m_quit);

    bar->addMenu(tr("&Search"))->addActions({m_start, m_pause, m_stop});
    bar->addMenu(tr("&Tools"))->addActions({m_compare, m_retrain});

    QMenu *view = bar->addMenu(tr("&View"));
    for (QDockWidget *dock : window->findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    for (QToolBar *toolbar : window->findChildren<QToolBar *>())
        view->addAction(toolbar->toggleViewAction());
    // Alt+1…5 move the keyboard focus between the views, as IDEs do with their panes.
    view->addSeparator();
    const std::pair<QString, QWidget *> targets[] = {
        {tr("Go to &Cells"), focusTargets.cells},
        {tr("Go to C&urves"), focusTargets.curves},
        {tr("Go to &Architecture Weights"), focusTargets.weights},
        {tr("Go to &Genotype"), focusTargets.genotype},
        {tr("Go to &Log"), focusTargets.log},
    };
    int focusKey = Qt::Key_1;
    for (const auto &[text, target] : targets) {
        QAction *action = view->addAction(text);
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(focusKey++)));
        QWidget *focused = target;
        connect(action, &QAction::triggered, this, [focused] { focusView(focused); });
    }

    bar->addMenu(tr("Setti&ngs"))->addAction(m_settings);
    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(m_help);
    help->addSeparator();
    help->addAction(m_about);
}

void WorkbenchActions::update(const RunActionState &state)
{
    m_new->setEnabled(!state.running);
    m_open->setEnabled(!state.running);
    m_recentMenu->setEnabled(!state.running);
    m_start->setEnabled(!state.running);
    m_start->setText(state.resumable ? tr("&Resume Run") : tr("&Start"));
    m_pause->setEnabled(state.running);
    m_stop->setEnabled(state.running);

    const std::optional<model::Genotype> &genotype = state.genotype;
    m_exportJson->setEnabled(genotype.has_value());
    m_exportDarts->setEnabled(genotype && formatSuits(*genotype, model::GenotypeFormat::DartsLiteral));
    m_exportNb201->setEnabled(genotype && formatSuits(*genotype, model::GenotypeFormat::Nb201String));
    m_copyGenotype->setEnabled(genotype.has_value());
    m_exportCell->setEnabled(genotype.has_value());
    m_exportAnimation->setEnabled(state.epochs > 0);
    m_exportCurves->setEnabled(state.hasMetrics);
    m_exportCsv->setEnabled(state.hasMetrics);
    m_exportBenchmark->setEnabled(state.hasBenchmark);
    m_exportNormalHeatmap->setEnabled(state.hasNormalWeights);
    m_exportReduceHeatmap->setEnabled(state.hasReductionWeights);
}

void WorkbenchActions::showPaused(bool paused)
{
    {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(paused);
    }
    m_pause->setText(paused ? tr("Res&ume") : tr("&Pause"));
    m_pause->setIcon(paused ? icon("start") : icon("pause"));
}

void WorkbenchActions::setRecentRuns(const QStringList &directories)
{
    m_recentMenu->clear();
    for (const QString &dir : directories) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir));
        connect(action, &QAction::triggered, this, [this, dir] { emit recentRunRequested(dir); });
    }
    if (!directories.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear List"), this, [this] { emit clearRecentRequested(); });
    } else {
        m_recentMenu->addAction(tr("No recent runs"))->setEnabled(false);
    }
}

} // namespace gdas::app
