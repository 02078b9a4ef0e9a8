#include "RunFailureDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace gdas::app {

RunFailureDialog::RunFailureDialog(const QString &runDirectory, const QString &message, QWidget *parent)
    : QDialog(parent), m_runDirectory(runDirectory)
{
    setObjectName(QStringLiteral("RunFailureDialog"));
    setWindowTitle(tr("Search Stopped: Non-Finite Loss"));

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setText(tr("<p>The search in <b>%1</b> stopped:</p><p>%2</p>"
                          "<p>Nothing after the last good checkpoint was kept. Training usually gets past "
                          "a diverging loss with lower learning rates: the run can continue from that "
                          "checkpoint with the weights' and the architecture's learning rates multiplied "
                          "by the factor below (recorded in the run's config.json).</p>")
                           .arg(QDir::toNativeSeparators(runDirectory).toHtmlEscaped(), message.toHtmlEscaped()));

    m_scale = new QDoubleSpinBox(this);
    m_scale->setObjectName(QStringLiteral("learningRateScale"));
    m_scale->setDecimals(3);
    m_scale->setRange(0.001, 0.999);
    m_scale->setSingleStep(0.1);
    m_scale->setValue(0.5);
    m_scale->setToolTip(tr("Both learning rates are multiplied by this from the checkpoint on"));

    auto *form = new QFormLayout;
    form->addRow(tr("Multiply the learning rates by:"), m_scale);

    auto *buttons = new QDialogButtonBox(this);
    m_resume = buttons->addButton(tr("Lower the Learning Rate and Resume"), QDialogButtonBox::AcceptRole);
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::accepted, this,
            [this] { emit resumeWithLearningRateScaleRequested(m_runDirectory, learningRateScale()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_resume->setDefault(true);
}

double RunFailureDialog::learningRateScale() const { return m_scale->value(); }

void RunFailureDialog::setLearningRateScale(double scale) { m_scale->setValue(scale); }

} // namespace gdas::app
