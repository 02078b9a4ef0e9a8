#include "AboutDialog.h"

#include "engine/RuntimeInfo.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtGlobal>

namespace gdas::app {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("AboutDialog"));
    setWindowTitle(tr("About GDAS Workbench"));
    auto *layout = new QVBoxLayout(this);

    auto *header = new QHBoxLayout;
    auto *iconLabel = new QLabel(this);
    const int iconSide = 4 * fontMetrics().height();
    iconLabel->setPixmap(QIcon(QStringLiteral(":/gdas/icons/gdas-workbench.svg")).pixmap(iconSide, iconSide));
    iconLabel->setAlignment(Qt::AlignTop);
    header->addWidget(iconLabel);
    auto *intro =
        new QLabel(tr("<h2>GDAS Workbench %1</h2>"
                      "<p>Neural architecture search with GDAS (Dong &amp; Yang, "
                      "<a href=\"https://arxiv.org/abs/1910.04465\">“Searching for A Robust Neural Architecture "
                      "in Four GPU Hours”</a>, CVPR 2019): run a search, watch its cell evolve, export genotypes "
                      "and figures, retrain and compare cells.</p>")
                       .arg(QApplication::applicationVersion().toHtmlEscaped()),
                   this);
    intro->setWordWrap(true);
    intro->setMinimumWidth(60 * fontMetrics().averageCharWidth());
    intro->setOpenExternalLinks(true);
    intro->setTextInteractionFlags(Qt::TextBrowserInteraction);
    header->addWidget(intro, 1);
    layout->addLayout(header);

    const engine::RuntimeInfo runtime = engine::runtimeInfo();
    const QString qtRuntime = QString::fromLatin1(qVersion());
    const QString qtText = qtRuntime == QLatin1String(QT_VERSION_STR)
                               ? qtRuntime
                               : tr("%1 (built with %2)").arg(qtRuntime, QLatin1String(QT_VERSION_STR));
    QString device = QString::fromStdString(runtime.defaultDevice);
    if (runtime.cudaDeviceCount > 0)
        device += tr(", %n CUDA device(s)", nullptr, runtime.cudaDeviceCount);

    auto *form = new QFormLayout;
    const auto addVersion = [this, form](const QString &label, const QString &value) {
        auto *valueLabel = new QLabel(value, this);
        valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        form->addRow(label, valueLabel);
    };
    addVersion(tr("Program:"), QApplication::applicationVersion());
    addVersion(tr("Qt:"), qtText);
    addVersion(tr("LibTorch:"), QString::fromStdString(runtime.libtorchVersion));
    addVersion(tr("Device for new searches:"), device);
    layout->addLayout(form);

    m_versions =
        QStringLiteral("GDAS Workbench %1\nQt %2\nLibTorch %3\n%4")
            .arg(QApplication::applicationVersion(), qtText, QString::fromStdString(runtime.libtorchVersion), device);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *copyButton = buttons->addButton(tr("&Copy Versions"), QDialogButtonBox::ActionRole);
    copyButton->setToolTip(tr("Copy the versions above, e.g. for a bug report"));
    connect(copyButton, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_versions); });
    auto *aboutQtButton = buttons->addButton(tr("About &Qt"), QDialogButtonBox::ActionRole);
    connect(aboutQtButton, &QPushButton::clicked, this, [] { QApplication::aboutQt(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &AboutDialog::reject);
    layout->addWidget(buttons);
}

} // namespace gdas::app
