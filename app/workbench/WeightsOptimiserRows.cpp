#include "WeightsOptimiserRows.h"

#include "ScientificSpinBox.h"

#include <QFormLayout>

namespace gdas::app {

WeightsOptimiserRows::WeightsOptimiserRows(QFormLayout *form, QWidget *page, const QString &gradientClipLabel)
    : QObject(page), m_lr(ScientificSpinBox::create(0.0, 10.0, page)),
      m_lrMin(ScientificSpinBox::create(0.0, 10.0, page)), m_momentum(ScientificSpinBox::create(0.0, 0.9999, page)),
      m_weightDecay(ScientificSpinBox::create(0.0, 1.0, page)), m_gradClip(ScientificSpinBox::create(0.0, 1e6, page))
{
    form->addRow(tr("Learning &rate:"), m_lr);
    form->addRow(tr("Final learning rate:"), m_lrMin);
    m_momentum->setSingleStep(0.1);
    form->addRow(tr("&Momentum:"), m_momentum);
    form->addRow(tr("&Weight decay:"), m_weightDecay);
    form->addRow(gradientClipLabel, m_gradClip);
}

WeightsOptimiserSettings WeightsOptimiserRows::settings() const
{
    return {m_lr->value(), m_lrMin->value(), m_momentum->value(), m_weightDecay->value(), m_gradClip->value()};
}

void WeightsOptimiserRows::setSettings(const WeightsOptimiserSettings &settings)
{
    m_lr->setValue(settings.lr);
    m_lrMin->setValue(settings.lrMin);
    m_momentum->setValue(settings.momentum);
    m_weightDecay->setValue(settings.weightDecay);
    m_gradClip->setValue(settings.gradClip);
}

} // namespace gdas::app
