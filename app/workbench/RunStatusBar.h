#pragma once

#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace gdas::app {

struct RunProgress;

// The main window's status bar: the run's state on the left; epoch, step, speed, time left and a
// progress bar on the right, drawn from a RunProgress whether the run is live or followed.
class RunStatusBar : public QObject {
    Q_OBJECT
public:
    explicit RunStatusBar(QStatusBar *bar);

    void setState(const QString &state);
    // Dashes for epoch and step, nothing else: a run with no step yet.
    void clear();
    void showProgress(const RunProgress &progress);
    // A message over the state for `milliseconds` (an export written, settings saved).
    void flash(const QString &message, int milliseconds);
    // The labels, joined, for tests and screenshots.
    QString text() const;

private:
    QStatusBar *m_bar;
    QLabel *m_state;
    QLabel *m_epoch;
    QLabel *m_step;
    QLabel *m_speed;
    QLabel *m_eta;
    QProgressBar *m_progress;
};

} // namespace gdas::app
