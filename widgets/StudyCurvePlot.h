#pragma once

#include "widgets/PlotFigure.h"

#include <QPointF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPGraph;

namespace gdas::widgets {

// One seed's curve of a study: values[i] is the value after epoch i+1; NaN where the seed has
// none (yet).
struct SeedCurve {
    QString label;
    std::vector<double> values;
};

// Per epoch, what the seeds that reached it give: their count, mean, sample standard deviation
// (0 for one seed), minimum and maximum.
struct EpochSpread {
    int epoch = 0; // 1-based
    int count = 0;
    double mean = 0.0;
    double stddev = 0.0;
    double min = 0.0;
    double max = 0.0;
};

// The seeds of a study overlaid, one thin line each, with their mean (thick) and a shaded band
// around it: mean ± one standard deviation, or the range from the lowest to the highest seed.
// The caller hands in plain values (the app reads them from the seeds' run directories).
class StudyCurvePlot : public QWidget {
    Q_OBJECT
public:
    enum class Band { StdDev, MinMax };

    explicit StudyCurvePlot(QWidget *parent = nullptr);

    // Replaces everything; `valueLabel` names the y axis ("search validation accuracy (%)").
    void setCurves(const QString &valueLabel, const std::vector<SeedCurve> &curves);
    void setBand(Band band);
    Band band() const { return m_band; }
    // A dashed horizontal line with its label (the benchmark's best), or none.
    void setReferenceLine(std::optional<double> value, const QString &label = {});
    void clear();

    static std::vector<EpochSpread> spreadOf(const std::vector<SeedCurve> &curves);

    // Inspection.
    int seedCurveCount() const { return static_cast<int>(m_seedGraphs.size()); }
    const std::vector<EpochSpread> &spread() const { return m_spread; }
    QVector<QPointF> meanPoints() const;
    QVector<QPointF> bandLowerPoints() const;
    QVector<QPointF> bandUpperPoints() const;
    QString bandName() const; // as the legend names it
    QStringList legendEntries() const;
    QString valueLabel() const { return m_valueLabel; }

    // Paper style, format by suffix (.svg, .pdf, .png); false and `error` without curves.
    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot = nullptr;
    std::vector<QCPGraph *> m_seedGraphs;
    QCPGraph *m_mean = nullptr;
    QCPGraph *m_lower = nullptr;
    QCPGraph *m_upper = nullptr;
    ReferenceLine m_referenceLine;
    std::optional<double> m_reference;
    QString m_referenceText;
    QString m_valueLabel;
    std::vector<SeedCurve> m_curves;
    std::vector<EpochSpread> m_spread;
    Band m_band = Band::StdDev;
};

} // namespace gdas::widgets
