#include "RetrainWindow.h"

#include "DurationText.h"
#include "EngineRecords.h"
#include "RetrainController.h"
#include "StopBeforeClose.h"

#include "widgets/CurvePanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QStatusBar>
#include <QTime>
#include <QToolBar>

#include <cmath>

namespace gdas::app {

RetrainWindow::RetrainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Retraining — GDAS Workbench"));
    m_controller = new RetrainController(this);
    m_curves = new widgets::CurvePanel(this);
    setCentralWidget(m_curves);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("retrainLogDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);

    auto *toolbar = addToolBar(tr("Retraining"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pauseAction = toolbar->addAction(QIcon(QStringLiteral(":/gdas/icons/pause.svg")), tr("&Pause"));
    m_pauseAction->setObjectName(QStringLiteral("retrainPauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(Qt::Key_Space);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        if (paused)
            m_controller->pause();
        else
            m_controller->resume();
    });
    m_stopAction = toolbar->addAction(QIcon(QStringLiteral(":/gdas/icons/stop.svg")), tr("S&top"));
    m_stopAction->setObjectName(QStringLiteral("retrainStopAction"));
    connect(m_stopAction, &QAction::triggered, m_controller, &RetrainController::stop);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("retrainStateLabel"));
    m_epochLabel = new QLabel(this);
    m_accuracyLabel = new QLabel(this);
    m_etaLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_epochLabel);
    statusBar()->addPermanentWidget(m_accuracyLabel);
    statusBar()->addPermanentWidget(m_etaLabel);
    statusBar()->addPermanentWidget(m_progress);

    connect(m_controller, &RetrainController::started, this, &RetrainWindow::onStarted);
    connect(m_controller, &RetrainController::stepReported, this, &RetrainWindow::onStep);
    connect(m_controller, &RetrainController::epochReported, this, &RetrainWindow::onEpoch);
    connect(m_controller, &RetrainController::paused, this, &RetrainWindow::onPaused);
    connect(m_controller, &RetrainController::finished, this, &RetrainWindow::onFinished);
    connect(m_controller, &RetrainController::logLine, this, &RetrainWindow::appendLog);
    connect(m_controller, &RetrainController::failed, this, [this](const QString &message) {
        appendLog(tr("Error: %1").arg(message));
        auto *box = new QMessageBox(QMessageBox::Critical, tr("Retraining Failed"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(m_controller, &RetrainController::runningChanged, this, &RetrainWindow::updateActions);
    resize(1100, 760);
    updateActions();
}

RetrainWindow::~RetrainWindow() = default;

bool RetrainWindow::start(const engine::RetrainConfig &config)
{
    m_runDirectory = QString::fromStdString(config.runDir);
    setWindowTitle(tr("Retraining %1 — GDAS Workbench").arg(QString::fromStdString(config.name)));
    m_stateLabel->setText(tr("Starting…"));
    appendLog(tr("Retraining %1 in %2")
                  .arg(QString::fromStdString(config.genotypeSource), QDir::toNativeSeparators(m_runDirectory)));
    return m_controller->start(config);
}

void RetrainWindow::onStarted(const engine::RetrainStarted &info)
{
    m_stateLabel->setText(tr("Running on %1").arg(QString::fromStdString(info.device)));
    appendLog(tr("%1: %2 parameters (%3 with the auxiliary head), %4 training and %5 test images")
                  .arg(QString::fromStdString(info.network.spec.layoutName()))
                  .arg(info.network.parameters)
                  .arg(info.network.parametersWithAuxiliary)
                  .arg(info.trainImages)
                  .arg(info.testImages));
    emit runDirectoryCreated(QString::fromStdString(info.runDir));
}

void RetrainWindow::onStep(const engine::RetrainStep &step)
{
    m_curves->appendRows({toMetricRow(step)});
    m_epochLabel->setText(
        tr("Epoch %1/%2, step %3/%4").arg(step.epoch + 1).arg(step.epochs).arg(step.step + 1).arg(step.stepsPerEpoch));
    m_etaLabel->setText(tr("ETA %1").arg(formatDuration(step.etaSeconds)));
    const double total = double(step.epochs) * double(step.stepsPerEpoch);
    // globalStep counts from 0: the step just done is number globalStep + 1.
    if (total > 0)
        m_progress->setValue(static_cast<int>(std::lround(1000.0 * double(step.globalStep + 1) / total)));
}

void RetrainWindow::onEpoch(const engine::RetrainEpoch &epoch)
{
    m_curves->appendRows({toMetricRow(epoch)});
    if (epoch.epochs > 0)
        m_progress->setValue(static_cast<int>(std::lround(1000.0 * (epoch.epoch + 1) / epoch.epochs)));
    m_accuracyLabel->setText(tr("test top-1 %1% (best %2% at epoch %3)")
                                 .arg(epoch.testTop1, 0, 'f', 2)
                                 .arg(epoch.bestTestTop1, 0, 'f', 2)
                                 .arg(epoch.bestEpoch + 1));
}

void RetrainWindow::onPaused(bool paused)
{
    const QSignalBlocker blocker(m_pauseAction);
    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Res&ume") : tr("&Pause"));
    m_stateLabel->setText(paused ? tr("Paused") : tr("Running"));
}

void RetrainWindow::onFinished(const engine::RetrainOutcome &outcome)
{
    switch (outcome.end) {
    case engine::RunEnd::Finished:
        m_stateLabel->setText(tr("Finished: best test top-1 %1% (epoch %2)")
                                  .arg(outcome.bestTestTop1, 0, 'f', 2)
                                  .arg(outcome.bestEpoch + 1));
        break;
    case engine::RunEnd::Stopped:
        m_stateLabel->setText(tr("Stopped after %n epoch(s)", nullptr, outcome.epochsDone));
        break;
    case engine::RunEnd::Failed:
        m_stateLabel->setText(tr("Failed"));
        break;
    }
    appendLog(m_stateLabel->text());
    if (!outcome.weightsPath.empty())
        appendLog(tr("Weights: %1").arg(QDir::toNativeSeparators(QString::fromStdString(outcome.weightsPath))));
    // A run stopped while paused must not leave "Resume" on the (disabled) button.
    const QSignalBlocker blocker(m_pauseAction);
    m_pauseAction->setChecked(false);
    m_pauseAction->setText(tr("&Pause"));
}

void RetrainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(
        QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void RetrainWindow::updateActions()
{
    const bool running = m_controller->isRunning();
    m_pauseAction->setEnabled(running);
    m_stopAction->setEnabled(running);
}

void RetrainWindow::closeEvent(QCloseEvent *event)
{
    if (!stopBeforeClose(this, m_controller, tr("Retraining Running"),
                         tr("The retraining is running. Stop it (keeping a checkpoint to resume from) and close?"))) {
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace gdas::app
