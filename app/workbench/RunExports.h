#pragma once

#include "model/Genotype.h"
#include "model/GenotypeFormats.h"
#include "widgets/CellAnimation.h"

#include <QObject>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace gdas::app {

class RunDocument;
class RunViews;

// Writes what the main window shows of the open run: its genotype (JSON, DARTS literal,
// NAS-Bench-201 string, or to the clipboard), the cell, curve and heat-map figures, the cells of
// every epoch as an animated GIF, and the metric rows as CSV. The plain functions write to a path; the interactive ones ask for it
// first and announce the outcome (wrote, copied, failed) for the window to show.
class RunExports : public QObject {
    Q_OBJECT
public:
    // `dialogParent` parents the file and figure dialogs.
    RunExports(const RunDocument *document, const RunViews *views, QWidget *dialogParent);

    bool exportGenotype(const QString &path, model::GenotypeFormat format, QString *error = nullptr) const;
    bool exportCellFigure(const QString &path, QSize size, QString *error = nullptr);
    bool exportCurvesFigure(const QString &path, QSize size, QString *error = nullptr);
    bool exportMetricsCsv(const QString &path, QString *error = nullptr) const;
    bool exportBenchmarkFigure(const QString &path, QSize size, QString *error = nullptr);
    // One frame per epoch on record (widgets::CellAnimation); `overwrite`: replace an existing
    // file at `path`, else refuse it. `cancelled` is set when `progress` stopped it.
    bool exportCellAnimation(const QString &path, bool overwrite, QString *error = nullptr,
                             const widgets::CellAnimation::Progress &progress = {}, bool *cancelled = nullptr) const;

    void exportGenotypeInteractive(model::GenotypeFormat format);
    void exportCellFigureInteractive();
    // Asks for a .gif file (the file dialog asks before replacing one) and shows progress.
    void exportCellAnimationInteractive();
    void exportCurvesFigureInteractive();
    void exportHeatmapInteractive(bool reductionCell);
    void exportMetricsInteractive();
    void exportBenchmarkFigureInteractive();
    void copyGenotype();

signals:
    void wrote(const QString &message);
    void copied(const QString &message);
    void failed(const QString &title, const QString &message);

private:
    using FigureWriter = std::function<bool(const QString &, QSize, QString *)>;
    void exportFigureInteractive(const QString &title, const QString &kind, const FigureWriter &write);
    void announce(bool written, const QString &path, const QString &error);
    QString suggestedPath(const QString &stem, const QString &suffix) const;

    const RunDocument *m_document;
    const RunViews *m_views;
    QWidget *m_dialogParent;
};

} // namespace gdas::app
