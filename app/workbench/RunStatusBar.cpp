#include "RunStatusBar.h"

#include "DurationText.h"
#include "RunDocument.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

namespace gdas::app {

RunStatusBar::RunStatusBar(QStatusBar *bar)
    : QObject(bar), m_bar(bar), m_state(new QLabel(bar)), m_epoch(new QLabel(bar)), m_step(new QLabel(bar)),
      m_speed(new QLabel(bar)), m_eta(new QLabel(bar)), m_progress(new QProgressBar(bar))
{
    m_progress->setMaximumWidth(240);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    bar->addWidget(m_state);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_epoch, m_step, m_speed, m_eta, m_progress})
        bar->addPermanentWidget(widget);
}

void RunStatusBar::setState(const QString &state) { m_state->setText(state); }

void RunStatusBar::clear()
{
    m_epoch->setText(tr("Epoch —"));
    m_step->setText(tr("Step —"));
    m_speed->setText(QString());
    m_eta->setText(QString());
    m_progress->setValue(0);
}

void RunStatusBar::showProgress(const RunProgress &progress)
{
    if (progress.epoch >= 0)
        m_epoch->setText(progress.epochs > 0 ? tr("Epoch %1/%2").arg(progress.epoch + 1).arg(progress.epochs)
                                             : tr("Epoch %1").arg(progress.epoch + 1));
    if (progress.step >= 0) {
        m_step->setText(progress.stepsPerEpoch > 0 ? tr("Step %1/%2").arg(progress.step + 1).arg(progress.stepsPerEpoch)
                                                   : tr("Step %1").arg(progress.step + 1));
        if (progress.imagesPerSecond)
            m_speed->setText(tr("%1 images/s").arg(*progress.imagesPerSecond, 0, 'f', 1));
        m_eta->setText(progress.etaSeconds ? tr("ETA %1").arg(formatDuration(*progress.etaSeconds)) : QString());
    }
    if (progress.permille >= 0)
        m_progress->setValue(progress.permille);
}

void RunStatusBar::flash(const QString &message, int milliseconds) { m_bar->showMessage(message, milliseconds); }

QString RunStatusBar::text() const
{
    QStringList parts;
    for (const QLabel *label : {m_state, m_epoch, m_step, m_speed, m_eta})
        if (!label->text().isEmpty())
            parts.append(label->text());
    return parts.join(QLatin1String(" | "));
}

} // namespace gdas::app
