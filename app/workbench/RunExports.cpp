#include "RunExports.h"

#include "FigureExportDialog.h"
#include "GenotypeFiles.h"
#include "MetricsCsv.h"
#include "RunDocument.h"
#include "RunViews.h"

#include "widgets/AlphaHeatmap.h"
#include "widgets/BenchmarkPlot.h"
#include "widgets/CellGraphPanel.h"
#include "widgets/CurvePanel.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QProgressDialog>

namespace gdas::app {

RunExports::RunExports(const RunDocument *document, const RunViews *views, QWidget *dialogParent)
    : QObject(dialogParent), m_document(document), m_views(views), m_dialogParent(dialogParent)
{}

bool RunExports::exportGenotype(const QString &path, model::GenotypeFormat format, QString *error) const
{
    const std::optional<model::Genotype> genotype = m_views->currentGenotype();
    if (!genotype) {
        if (error)
            *error = tr("%1: there is no genotype to export yet").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return writeGenotypeFile(path, *genotype, format, error);
}

bool RunExports::exportCellFigure(const QString &path, QSize size, QString *error)
{
    return m_views->cells()->exportFigure(path, size, error);
}

bool RunExports::exportCurvesFigure(const QString &path, QSize size, QString *error)
{
    m_views->curves()->replotNow();
    return m_views->curves()->exportFigure(path, size, error);
}

bool RunExports::exportMetricsCsv(const QString &path, QString *error) const
{
    return writeMetricsCsv(path, m_document->record().metrics, error);
}

bool RunExports::exportBenchmarkFigure(const QString &path, QSize size, QString *error)
{
    return m_views->benchmark()->exportFigure(path, size, error);
}

bool RunExports::exportCellAnimation(const QString &path, bool overwrite, QString *error,
                                     const widgets::CellAnimation::Progress &progress, bool *cancelled) const
{
    const widgets::CellAnimation animation(m_document->record());
    return animation.write(path, overwrite, error, progress, cancelled);
}

QString RunExports::suggestedPath(const QString &stem, const QString &suffix) const
{
    const std::string &directory = m_document->record().directory;
    const QString dir = directory.empty() ? QDir::homePath() : QString::fromStdString(directory);
    const QString name = suffix.isEmpty() ? stem : stem + QLatin1Char('.') + suffix;
    return QDir(dir).filePath(name);
}

void RunExports::announce(bool written, const QString &path, const QString &error)
{
    if (written)
        emit wrote(tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
    else
        emit failed(tr("Export Failed"), error);
}

void RunExports::exportGenotypeInteractive(model::GenotypeFormat format)
{
    const QString path = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export Genotype as %1").arg(formatTitle(format)),
        suggestedPath(QStringLiteral("genotype-export"), formatSuffix(format)), formatFileFilter(format));
    if (path.isEmpty())
        return;
    QString error;
    const bool written = exportGenotype(path, format, &error);
    announce(written, path, error);
}

void RunExports::exportFigureInteractive(const QString &title, const QString &kind, const FigureWriter &write)
{
    FigureExportDialog dialog(title, kind, suggestedPath(kind, QString()), m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    const bool written = write(dialog.path(), dialog.figureSize(), &error);
    announce(written, dialog.path(), error);
}

void RunExports::exportCellFigureInteractive()
{
    exportFigureInteractive(tr("Export Cell Figure"), QStringLiteral("cells"),
                            [this](const QString &p, QSize s, QString *e) { return exportCellFigure(p, s, e); });
}

void RunExports::exportCellAnimationInteractive()
{
    // No DontConfirmOverwrite: the file dialog asks before an existing file is chosen.
    QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Cell Animation"),
                                                suggestedPath(QStringLiteral("cells-animation"), QStringLiteral("gif")),
                                                tr("Animated GIF (*.gif)"));
    if (path.isEmpty())
        return;
    // A name typed without its suffix gets one; the dialog did not ask about that file.
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".gif");
        if (QFileInfo::exists(path) &&
            QMessageBox::question(m_dialogParent, tr("Replace File?"),
                                  tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path)),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
            return;
    }
    QProgressDialog progress(tr("Drawing the cells of every epoch…"), tr("Cancel"), 0, 1, m_dialogParent);
    progress.setWindowTitle(tr("Export Cell Animation"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(400);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    QString error;
    bool cancelled = false;
    const bool written = exportCellAnimation(
        path, true, &error,
        [&progress](int done, int total) {
            progress.setMaximum(total);
            progress.setValue(done); // a modal progress dialog keeps the window painting
            return !progress.wasCanceled();
        },
        &cancelled);
    progress.close();
    if (cancelled)
        return; // nothing was written, nothing replaced
    announce(written, path, error);
}

void RunExports::exportCurvesFigureInteractive()
{
    exportFigureInteractive(tr("Export Curves Figure"), QStringLiteral("curves"),
                            [this](const QString &p, QSize s, QString *e) { return exportCurvesFigure(p, s, e); });
}

void RunExports::exportHeatmapInteractive(bool reductionCell)
{
    widgets::AlphaHeatmap *heatmap = reductionCell ? m_views->reduceHeatmap() : m_views->normalHeatmap();
    exportFigureInteractive(
        tr("Export Heat Map"), reductionCell ? QStringLiteral("heatmap-reduce") : QStringLiteral("heatmap-normal"),
        [heatmap](const QString &p, QSize s, QString *e) { return heatmap->exportFigure(p, s, e); });
}

void RunExports::exportBenchmarkFigureInteractive()
{
    exportFigureInteractive(tr("Export Benchmark Figure"), QStringLiteral("benchmark"),
                            [this](const QString &p, QSize s, QString *e) { return exportBenchmarkFigure(p, s, e); });
}

void RunExports::exportMetricsInteractive()
{
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Metrics"),
                                                      suggestedPath(QStringLiteral("metrics"), QStringLiteral("csv")),
                                                      tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    const bool written = exportMetricsCsv(path, &error);
    announce(written, path, error);
}

void RunExports::copyGenotype()
{
    const std::optional<model::Genotype> genotype = m_views->currentGenotype();
    if (!genotype)
        return;
    try {
        QGuiApplication::clipboard()->setText(
            QString::fromStdString(model::format(*genotype, nativeFormat(*genotype))));
        emit copied(tr("Genotype copied"));
    } catch (const std::exception &e) {
        emit failed(tr("Cannot Copy the Genotype"), QString::fromUtf8(e.what()));
    }
}

} // namespace gdas::app
