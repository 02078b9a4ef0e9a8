#pragma once

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace gdas::app {

// Shown when a search stopped because a loss became NaN or infinite. The run's last good
// checkpoint is kept; the dialog offers to resume from it with both learning rates multiplied
// by a factor below 1 (0.5 unless the user picks another), or to leave the run as it is.
class RunFailureDialog : public QDialog {
    Q_OBJECT
public:
    RunFailureDialog(const QString &runDirectory, const QString &message, QWidget *parent = nullptr);

    double learningRateScale() const;
    void setLearningRateScale(double scale);
    QString runDirectory() const { return m_runDirectory; }

signals:
    // The user chose "Lower the learning rate and resume"; the dialog has closed.
    void resumeWithLearningRateScaleRequested(const QString &runDirectory, double scale);

private:
    QString m_runDirectory;
    QLabel *m_message = nullptr;
    QDoubleSpinBox *m_scale = nullptr;
    QPushButton *m_resume = nullptr;
};

} // namespace gdas::app
