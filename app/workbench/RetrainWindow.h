#pragma once

#include "engine/RetrainSession.h"

#include <QMainWindow>
#include <QString>

class QAction;
class QLabel;
class QPlainTextEdit;
class QProgressBar;

namespace gdas::widgets {
class CurvePanel;
}

namespace gdas::app {

class RetrainController;

// One retraining, live: its curves (train/test loss and top-1, lr), log, status and
// pause/resume/stop. Closing the window while it runs stops it (a checkpoint stays).
class RetrainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit RetrainWindow(QWidget *parent = nullptr);
    ~RetrainWindow() override;

    bool start(const engine::RetrainConfig &config);
    RetrainController *controller() const { return m_controller; }
    widgets::CurvePanel *curvePanel() const { return m_curves; }

signals:
    void runDirectoryCreated(const QString &directory);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void onStarted(const engine::RetrainStarted &info);
    void onStep(const engine::RetrainStep &step);
    void onEpoch(const engine::RetrainEpoch &epoch);
    void onPaused(bool paused);
    void onFinished(const engine::RetrainOutcome &outcome);
    void appendLog(const QString &line);
    void updateActions();

    RetrainController *m_controller = nullptr;
    widgets::CurvePanel *m_curves = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_epochLabel = nullptr;
    QLabel *m_accuracyLabel = nullptr;
    QLabel *m_etaLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stopAction = nullptr;
    QString m_runDirectory;
};

} // namespace gdas::app
