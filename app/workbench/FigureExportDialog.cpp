#include "FigureExportDialog.h"

#include "widgets/FigureWriter.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace gdas::app {

FigureExportDialog::FigureExportDialog(const QString &title, const QString &figureKind, const QString &suggestedPath,
                                       QWidget *parent)
    : QDialog(parent), m_kind(figureKind)
{
    setWindowTitle(title);
    auto *form = new QFormLayout(this);
    auto *pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setToolTip(tr("The file to write; its suffix (.svg, .pdf or .png) picks the format"));
    auto *browseButton = new QPushButton(tr("Browse…"), this);
    connect(browseButton, &QPushButton::clicked, this, &FigureExportDialog::browse);
    // Wide enough that a run folder's path shows, not only its tail.
    m_path->setMinimumWidth(m_path->fontMetrics().averageCharWidth() * 60);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    // A row holding a layout gets no buddy from addRow(QString, ...): without one the label
    // shows its '&' instead of underlining the shortcut.
    auto *pathLabel = new QLabel(tr("&File:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);

    m_width = new QSpinBox(this);
    m_width->setRange(64, 20000);
    m_height = new QSpinBox(this);
    m_height->setRange(64, 20000);
    m_width->setToolTip(tr("Width: pixels for PNG, points for SVG and PDF"));
    m_height->setToolTip(tr("Height: pixels for PNG, points for SVG and PDF"));
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);
    auto *sizeLabel = new QLabel(tr("&Size:"), this);
    sizeLabel->setBuddy(m_width);
    form->addRow(sizeLabel, sizeRow);
    m_unitNote = new QLabel(this);
    form->addRow(QString(), m_unitNote);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    form->addRow(m_message);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FigureExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FigureExportDialog::reject);
    form->addRow(m_buttons);
    connect(m_path, &QLineEdit::textChanged, this, &FigureExportDialog::revalidate);

    QSettings settings;
    settings.beginGroup(QStringLiteral("figureExport"));
    setFigureSize(settings.value(m_kind + QStringLiteral("/size"), QSize(1200, 800)).toSize());
    const QString lastSuffix = settings.value(m_kind + QStringLiteral("/suffix"), QStringLiteral("svg")).toString();
    QFileInfo suggested(suggestedPath);
    setPath(suggested.suffix().isEmpty() ? suggestedPath + QLatin1Char('.') + lastSuffix : suggestedPath);
}

QString FigureExportDialog::path() const { return m_path->text().trimmed(); }

QSize FigureExportDialog::figureSize() const { return {m_width->value(), m_height->value()}; }

void FigureExportDialog::setPath(const QString &path) { m_path->setText(QDir::toNativeSeparators(path)); }

void FigureExportDialog::setFigureSize(QSize size)
{
    m_width->setValue(size.width());
    m_height->setValue(size.height());
}

void FigureExportDialog::browse()
{
    const QString filters = tr("SVG (*.svg);;PDF (*.pdf);;PNG (*.png)");
    QString selected;
    const QString format = widgets::figureFormat(path());
    if (format == QLatin1String("pdf"))
        selected = tr("PDF (*.pdf)");
    else if (format == QLatin1String("png"))
        selected = tr("PNG (*.png)");
    else
        selected = tr("SVG (*.svg)");
    QString chosen = QFileDialog::getSaveFileName(this, windowTitle(), path(), filters, &selected);
    if (chosen.isEmpty())
        return;
    m_replaceConfirmed = chosen; // the file dialog asked already, for this name
    if (widgets::figureFormat(chosen).isEmpty()) {
        // The filter the user picked decides the suffix when the name has none.
        const int star = selected.indexOf(QLatin1String("*."));
        chosen += selected.mid(star + 1, 4);
    }
    setPath(chosen);
}

void FigureExportDialog::revalidate()
{
    const QString format = widgets::figureFormat(path());
    const bool ok = !path().isEmpty() && !format.isEmpty();
    m_message->setText(ok || path().isEmpty() ? QString() : tr("The file name must end in .svg, .pdf or .png."));
    m_unitNote->setText(format == QLatin1String("png") ? tr("pixels") : tr("points (page size)"));
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(ok);
}

void FigureExportDialog::accept()
{
    if (widgets::figureFormat(path()).isEmpty())
        return;
    // A typed name (or one the suffix completed) can name a file that exists: ask before it goes.
    if (QFileInfo::exists(path()) && path() != m_replaceConfirmed &&
        QMessageBox::question(this, tr("Replace File?"),
                              tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path())),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    QSettings settings;
    settings.beginGroup(QStringLiteral("figureExport"));
    settings.setValue(m_kind + QStringLiteral("/size"), figureSize());
    settings.setValue(m_kind + QStringLiteral("/suffix"), widgets::figureFormat(path()));
    QDialog::accept();
}

} // namespace gdas::app
