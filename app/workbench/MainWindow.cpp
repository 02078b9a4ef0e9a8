#include "MainWindow.h"

#include "AboutDialog.h"
#include "CompareDialog.h"
#include "HelpDialog.h"
#include "NewSearchDialog.h"
#include "RecentRuns.h"
#include "RetrainDialog.h"
#include "RetrainWindow.h"
#include "RunExports.h"
#include "RunFailureDialog.h"
#include "RunStatusBar.h"
#include "RunViews.h"
#include "SearchController.h"
#include "SearchPresets.h"
#include "SettingsDialog.h"
#include "StopBeforeClose.h"
#include "StudyWindow.h"
#include "WelcomePage.h"
#include "WorkbenchActions.h"
#include "WorkbenchMetaTypes.h"

#include "model/OutputFolder.h"
#include "model/Study.h"
#include "widgets/AlphaHeatmap.h"
#include "widgets/BenchmarkPlot.h"
#include "widgets/CellGraphPanel.h"
#include "widgets/CurvePanel.h"
#include "widgets/SearchHealthPlot.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTime>

// Resources live in the static library: make sure the linker keeps them.
static void initWorkbenchResources() { Q_INIT_RESOURCE(workbench); }

namespace gdas::app {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    initWorkbenchResources();
    registerWorkbenchMetaTypes();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/gdas/icons/gdas-workbench.svg")));

    m_document = new RunDocument(this);
    m_recent = new RecentRuns(this);
    createViews();
    m_status = new RunStatusBar(statusBar());
    m_exports = new RunExports(m_document, m_views, this);
    m_actions = new WorkbenchActions(
        this, m_exports,
        {m_views->cells(), m_views->curves(), m_views->normalHeatmap(), m_views->genotypeText(), m_log});
    connectDocument();

    connect(m_exports, &RunExports::wrote, this, [this](const QString &message) {
        // The log may sit behind another tab: the status bar confirms the export too.
        appendLog(message);
        m_status->flash(message, 8000);
    });
    connect(m_exports, &RunExports::copied, this, [this](const QString &message) { m_status->flash(message, 3000); });
    connect(m_exports, &RunExports::failed, this, &MainWindow::reportError);
    auto openRecent = [this](const QString &dir) {
        QString error;
        if (!openDirectory(dir, &error))
            reportError(tr("Cannot Open the Run"), error);
    };
    connect(m_actions, &WorkbenchActions::recentRunRequested, this, openRecent);
    connect(m_actions, &WorkbenchActions::clearRecentRequested, m_recent, &RecentRuns::clear);
    auto showRecent = [this] {
        m_actions->setRecentRuns(m_recent->directories());
        m_welcome->setRecentRuns(m_recent->directories());
    };
    connect(m_recent, &RecentRuns::changed, this, showRecent);
    connect(m_welcome, &WelcomePage::quickLookRequested, this, &MainWindow::quickLook);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::openRunDirectoryDialog);
    connect(m_welcome, &WelcomePage::compareRequested, this, &MainWindow::comparePublishedCells);
    connect(m_welcome, &WelcomePage::recentRunRequested, this, openRecent);

    showRecent();
    restoreWindowState();
    m_views->drawRecord();
    m_status->clear();
    updateActions();
    updateTitle();
}

void MainWindow::createViews()
{
    // The welcome page first: with the run's views hidden behind it, Tab goes on to the docks.
    m_welcome = new WelcomePage(this);
    m_views = new RunViews(m_document, this);
    m_centralSplitter = new QSplitter(Qt::Vertical, this);
    m_centralSplitter->setObjectName(QStringLiteral("centralSplitter"));
    m_centralSplitter->addWidget(m_views->cells());
    m_centralSplitter->addWidget(m_views->curves());
    m_centralSplitter->setStretchFactor(0, 3);
    m_centralSplitter->setStretchFactor(1, 2);
    m_centralStack = new QStackedWidget(this);
    m_centralStack->addWidget(m_welcome);
    m_centralStack->addWidget(m_centralSplitter);
    setCentralWidget(m_centralStack);

    auto addDock = [this](const QString &title, const QString &name, QWidget *widget, Qt::DockWidgetArea area) {
        auto *dock = new QDockWidget(title, this);
        dock->setObjectName(name);
        dock->setWidget(widget);
        addDockWidget(area, dock);
        return dock;
    };
    addDock(tr("Architecture Weights"), QStringLiteral("weightsDock"), m_views->weights(), Qt::RightDockWidgetArea);
    QDockWidget *genotypeDock =
        addDock(tr("Genotype"), QStringLiteral("genotypeDock"), m_views->genotype(), Qt::BottomDockWidgetArea);
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setAccessibleName(tr("Log"));
    m_log->setMaximumBlockCount(20000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QDockWidget *logDock = addDock(tr("Log"), QStringLiteral("logDock"), m_log, Qt::BottomDockWidgetArea);
    tabifyDockWidget(genotypeDock, logDock);
    QDockWidget *healthDock =
        addDock(tr("Search Health"), QStringLiteral("healthDock"), m_views->health(), Qt::BottomDockWidgetArea);
    tabifyDockWidget(logDock, healthDock);
    QDockWidget *benchmarkDock =
        addDock(tr("Benchmark"), QStringLiteral("benchmarkDock"), m_views->benchmark(), Qt::BottomDockWidgetArea);
    tabifyDockWidget(healthDock, benchmarkDock);
    genotypeDock->raise();
}

void MainWindow::connectDocument()
{
    connect(m_document, &RunDocument::reset, m_views, &RunViews::drawRecord);
    // Every run opened or started here, also a live one read back when it ends, is a recent run.
    connect(m_document, &RunDocument::reset, m_recent, [this] { m_recent->add(m_document->directory()); });
    connect(m_document, &RunDocument::reset, m_status, [this] {
        m_status->clear();
        m_status->showProgress(m_document->progress());
    });
    connect(m_document, &RunDocument::rowsAppended, m_views, &RunViews::drawAppended);
    connect(m_document, &RunDocument::rowsAppended, this, &MainWindow::updateActions);
    connect(m_document, &RunDocument::progressChanged, m_status, &RunStatusBar::showProgress);
    connect(m_document, &RunDocument::plannedEpochsChanged, m_views->cells(), &widgets::CellGraphPanel::setTotalEpochs);
    connect(m_document, &RunDocument::stateChanged, m_status, &RunStatusBar::setState);
    connect(m_document, &RunDocument::logLine, this, &MainWindow::appendLog);
    connect(m_document, &RunDocument::finalGenotypeChanged, this, [this] {
        m_views->updateGenotypeText();
        updateActions();
    });
    connect(m_document, &RunDocument::changed, this, [this] {
        updateActions();
        updateTitle();
    });
    connect(m_document, &RunDocument::followFailed, this,
            [this](const QString &message) { reportError(tr("Cannot Follow the Run"), message); });
    SearchController *controller = m_document->controller();
    connect(controller, &SearchController::paused, m_actions, &WorkbenchActions::showPaused);
    connect(controller, &SearchController::finished, m_actions, [this] { m_actions->showPaused(false); });
    connect(controller, &SearchController::failed, this, &MainWindow::onSearchFailed);
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

bool MainWindow::openRunDirectory(const QString &directory, QString *error)
{
    return m_document->open(directory, error);
}

StudyWindow *MainWindow::openStudy(const QString &directory, QString *error)
{
    auto *window = new StudyWindow(this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    if (!window->open(directory, error)) {
        delete window;
        return nullptr;
    }
    m_recent->add(QDir::cleanPath(directory));
    window->show();
    return window;
}

bool MainWindow::openDirectory(const QString &directory, QString *error)
{
    if (model::isStudyDirectory(directory.toStdString()))
        return openStudy(directory, error) != nullptr;
    return openRunDirectory(directory, error);
}

bool MainWindow::startSearch(const engine::SearchConfig &config, QString *error)
{
    return m_document->startSearch(config, error);
}

bool MainWindow::resumeOpenRun(QString *error, double learningRateScale)
{
    return m_document->resume(error, learningRateScale);
}

bool MainWindow::startQuickLook(const QString &dataset, const QString &runDirectory, QString *error,
                                const QString &device)
{
    engine::SearchConfig config = quickLookSearchConfig();
    config.data.dataset = dataset.toStdString();
    if (!device.isEmpty())
        config.device = device.toStdString();
    config.name = generatedRunName(config).toStdString();
    // The generated name is free unless two quick looks start within a second: then the next one.
    config.runDir = runDirectory.isEmpty()
                        ? model::freshFolderName(
                              QDir(defaultRunsFolder()).filePath(QString::fromStdString(config.name)).toStdString())
                        : QDir::cleanPath(runDirectory).toStdString();
    return startSearch(config, error);
}

void MainWindow::newSearch()
{
    if (m_document->isRunning())
        return;
    NewSearchDialog dialog(this);
    dialog.loadSettings();
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!startSearch(dialog.config(), &error))
        reportError(tr("Cannot Start the Search"), error);
}

void MainWindow::openChosenFolder(const QString &dialogTitle, const QString &errorTitle,
                                  const std::function<bool(const QString &, QString *)> &open)
{
    QSettings settings;
    const QString start = settings.value(QStringLiteral("lastOpenFolder"), QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, dialogTitle, start);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastOpenFolder"), QFileInfo(dir).absolutePath());
    QString error;
    if (!open(dir, &error))
        reportError(errorTitle, error);
}

void MainWindow::openRunDirectoryDialog()
{
    openChosenFolder(tr("Open Run Directory"), tr("Cannot Open the Run"),
                     [this](const QString &dir, QString *error) { return openRunDirectory(dir, error); });
}

void MainWindow::openStudyDialog()
{
    openChosenFolder(tr("Open Study Folder"), tr("Cannot Open the Study"),
                     [this](const QString &dir, QString *error) { return openStudy(dir, error) != nullptr; });
}

void MainWindow::startOrResume()
{
    if (m_document->isRunning())
        return;
    if (m_document->isResumable()) {
        QString error;
        if (!resumeOpenRun(&error))
            reportError(tr("Cannot Resume the Run"), error);
        return;
    }
    newSearch();
}

void MainWindow::setPaused(bool paused)
{
    if (paused)
        m_document->pause();
    else
        m_document->unpause();
}

void MainWindow::stopSearch() { m_document->stop(); }

void MainWindow::quickLook()
{
    QString error;
    if (!startQuickLook(QStringLiteral("fashion-mnist"), QString(), &error))
        reportError(tr("Cannot Start the Search"), error);
}

void MainWindow::onSearchFailed(const QString &message)
{
    if (!m_document->controller()->lastFailureWasNonFiniteLoss() || !m_errorDialogs) {
        reportError(tr("Search Failed"), message);
        return;
    }
    // A diverged loss: offer to resume from the kept checkpoint with lower learning rates.
    appendLog(tr("Error: %1").arg(message));
    auto *dialog = new RunFailureDialog(m_document->directory(), message, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RunFailureDialog::resumeWithLearningRateScaleRequested, this,
            [this](const QString &, double scale) {
                QString error;
                if (!resumeOpenRun(&error, scale))
                    reportError(tr("Cannot Resume the Run"), error);
            });
    dialog->open();
}

// ---------------------------------------------------------------------------------------------
// Drawing the open run

std::optional<model::Genotype> MainWindow::currentGenotype() const { return m_views->currentGenotype(); }

QString MainWindow::statusText() const { return m_status->text(); }

void MainWindow::updateTitle()
{
    const QString label = source() == Source::None ? QString() : m_document->label();
    setWindowTitle(label.isEmpty() ? tr("GDAS Workbench") : tr("%1 — GDAS Workbench").arg(label));
}

void MainWindow::updateActions()
{
    m_centralStack->setCurrentWidget(source() == Source::None ? static_cast<QWidget *>(m_welcome) : m_centralSplitter);
    m_actions->update({m_document->isRunning(), m_document->isResumable(), currentGenotype(), !record().metrics.empty(),
                       !m_views->normalHeatmap()->table().empty(), !m_views->reduceHeatmap()->table().empty(),
                       m_views->benchmark()->hasData(), static_cast<int>(record().epochs.size())});
}

bool MainWindow::welcomeShown() const { return m_centralStack->currentWidget() == m_welcome; }

// ---------------------------------------------------------------------------------------------
// Exports and tools

bool MainWindow::exportGenotype(const QString &path, model::GenotypeFormat format, QString *error) const
{
    return m_exports->exportGenotype(path, format, error);
}

bool MainWindow::exportCellFigure(const QString &path, QSize size, QString *error)
{
    return m_exports->exportCellFigure(path, size, error);
}

bool MainWindow::exportCellAnimation(const QString &path, bool overwrite, QString *error) const
{
    return m_exports->exportCellAnimation(path, overwrite, error);
}

bool MainWindow::exportCurvesFigure(const QString &path, QSize size, QString *error)
{
    return m_exports->exportCurvesFigure(path, size, error);
}

bool MainWindow::exportMetricsCsv(const QString &path, QString *error) const
{
    return m_exports->exportMetricsCsv(path, error);
}

bool MainWindow::exportBenchmarkFigure(const QString &path, QSize size, QString *error)
{
    return m_exports->exportBenchmarkFigure(path, size, error);
}

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
            g.name = m_document->label().toStdString();
        m_compare->addGenotype(QString::fromStdString(g.name), g);
    }
    m_compare->show();
    m_compare->raise();
    m_compare->activateWindow();
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

void MainWindow::showRetrain()
{
    RetrainDialog dialog(this);
    dialog.loadSettings();
    if (const std::optional<model::Genotype> genotype = currentGenotype())
        dialog.setGenotype(*genotype, m_document->label());
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto *window = new RetrainWindow(this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &RetrainWindow::runDirectoryCreated, this, [this](const QString &dir) { m_recent->add(dir); });
    window->show();
    window->start(dialog.config());
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
        m_status->flash(tr("Settings saved; they take effect at the next start"), 6000);
}

// ---------------------------------------------------------------------------------------------
// Messages and lifetime

void MainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(
        QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
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
    if (!stopBeforeClose(this, m_document->controller(), tr("Search Running"),
                         tr("A search is running. Stop it (keeping a checkpoint to resume from) and quit?"))) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("splitter"), m_centralSplitter->saveState());
    event->accept();
}

} // namespace gdas::app
