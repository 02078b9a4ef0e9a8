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
#include <QGuiApplication>

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
