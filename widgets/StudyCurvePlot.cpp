#include "widgets/StudyCurvePlot.h"

#include "widgets/PlotFigure.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gdas::widgets {

namespace {

constexpr double kGap = std::numeric_limits<double>::quiet_NaN();
// Seeds with their own colour and legend entry up to this many; more share one grey entry.
constexpr int kNamedSeeds = 8;

const QColor kSeedColours[kNamedSeeds] = {
    QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
    QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
};

QVector<QPointF> pointsOf(const QCPGraph *graph)
{
    QVector<QPointF> points;
    if (!graph)
        return points;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

} // namespace

StudyCurvePlot::StudyCurvePlot(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(200);
    layout->addWidget(m_plot, 1);
    m_plot->xAxis->setLabel(tr("Epoch"));
    tickWholeNumbers(m_plot->xAxis);
    placeLegendRightOfPlot(m_plot);
    m_referenceLine = ReferenceLine(m_plot);
    setAccessibleName(tr("Curves of the study's seeds"));
    stylePlot(m_plot, palette(), font(), false);
    clear();
}

void StudyCurvePlot::clear()
{
    m_curves.clear();
    m_valueLabel.clear();
    rebuild();
}

void StudyCurvePlot::setCurves(const QString &valueLabel, const std::vector<SeedCurve> &curves)
{
    m_valueLabel = valueLabel;
    m_curves = curves;
    rebuild();
}

void StudyCurvePlot::setBand(Band band)
{
    if (band == m_band)
        return;
    m_band = band;
    rebuild();
}

void StudyCurvePlot::setReferenceLine(std::optional<double> value, const QString &label)
{
    m_reference = value;
    m_referenceText = label;
    rebuild();
}

std::vector<EpochSpread> StudyCurvePlot::spreadOf(const std::vector<SeedCurve> &curves)
{
    std::size_t epochs = 0;
    for (const SeedCurve &c : curves)
        epochs = std::max(epochs, c.values.size());
    std::vector<EpochSpread> out;
    for (std::size_t i = 0; i < epochs; ++i) {
        std::vector<double> v;
        for (const SeedCurve &c : curves)
            if (i < c.values.size() && std::isfinite(c.values[i]))
                v.push_back(c.values[i]);
        if (v.empty())
            continue;
        EpochSpread s;
        s.epoch = static_cast<int>(i) + 1;
        s.count = static_cast<int>(v.size());
        double sum = 0.0;
        for (double x : v)
            sum += x;
        s.mean = sum / s.count;
        double squares = 0.0;
        for (double x : v)
            squares += (x - s.mean) * (x - s.mean);
        s.stddev = s.count > 1 ? std::sqrt(squares / (s.count - 1)) : 0.0;
        s.min = *std::min_element(v.begin(), v.end());
        s.max = *std::max_element(v.begin(), v.end());
        out.push_back(s);
    }
    return out;
}

QString StudyCurvePlot::bandName() const
{
    return m_band == Band::StdDev ? tr("mean ± 1 standard deviation") : tr("range of the seeds (min–max)");
}

void StudyCurvePlot::rebuild()
{
    m_plot->clearGraphs();
    m_seedGraphs.clear();
    m_spread = spreadOf(m_curves);
    m_plot->yAxis->setLabel(m_valueLabel);

    // The band first, so the lines are drawn over it.
    m_lower = m_plot->addGraph();
    m_upper = m_plot->addGraph();
    m_lower->setPen(Qt::NoPen);
    m_upper->setPen(Qt::NoPen);
    m_upper->setBrush(QColor(0x80, 0x80, 0x80, 70)); // mid grey: visible on light and dark palettes
    m_upper->setChannelFillGraph(m_lower);
    m_upper->setName(bandName());
    m_lower->removeFromLegend();

    const bool named = static_cast<int>(m_curves.size()) <= kNamedSeeds;
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    int lastEpoch = 0;
    for (std::size_t s = 0; s < m_curves.size(); ++s) {
        const SeedCurve &curve = m_curves[s];
        QCPGraph *g = m_plot->addGraph();
        QColor colour = named ? kSeedColours[s] : QColor(0x7f, 0x7f, 0x7f);
        colour.setAlpha(named ? 200 : 120);
        g->setPen(QPen(colour, 1.2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        g->setName(named ? curve.label : tr("each of the %1 seeds").arg(m_curves.size()));
        if (!named && s > 0)
            g->removeFromLegend();
        for (std::size_t i = 0; i < curve.values.size(); ++i) {
            const double v = curve.values[i];
            g->addData(static_cast<double>(i + 1), std::isfinite(v) ? v : kGap);
            if (std::isfinite(v)) {
                low = std::min(low, v);
                high = std::max(high, v);
                lastEpoch = std::max(lastEpoch, static_cast<int>(i) + 1);
            }
        }
        m_seedGraphs.push_back(g);
    }

    m_mean = m_plot->addGraph();
    m_mean->setPen(QPen(palette().color(QPalette::Text), 2.5));
    m_mean->setName(tr("mean of the seeds"));
    int previous = 0;
    for (const EpochSpread &e : m_spread) {
        // An epoch no seed reached between two that some did stays a gap.
        if (previous > 0 && e.epoch > previous + 1) {
            for (QCPGraph *g : {m_mean, m_lower, m_upper})
                g->addData(previous + 1, kGap);
        }
        previous = e.epoch;
        const double lo = m_band == Band::StdDev ? e.mean - e.stddev : e.min;
        const double hi = m_band == Band::StdDev ? e.mean + e.stddev : e.max;
        m_mean->addData(e.epoch, e.mean);
        m_lower->addData(e.epoch, lo);
        m_upper->addData(e.epoch, hi);
        low = std::min(low, lo);
        high = std::max(high, hi);
    }
    if (m_curves.empty()) {
        m_mean->removeFromLegend();
        m_upper->removeFromLegend();
    }

    m_referenceLine.show(m_reference, m_referenceText);
    if (m_reference) {
        low = std::min(low, *m_reference);
        high = std::max(high, *m_reference);
    }
    if (!(low <= high)) {
        low = 0.0;
        high = 1.0;
    }
    const double pad = std::max((high - low) * 0.06, 1e-3 * std::max(1.0, std::abs(high)));
    m_plot->xAxis->setRange(0.5, std::max(1.5, lastEpoch + 0.5));
    m_plot->yAxis->setRange(low - pad, high + pad);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QVector<QPointF> StudyCurvePlot::meanPoints() const { return pointsOf(m_mean); }

QVector<QPointF> StudyCurvePlot::bandLowerPoints() const { return pointsOf(m_lower); }

QVector<QPointF> StudyCurvePlot::bandUpperPoints() const { return pointsOf(m_upper); }

QStringList StudyCurvePlot::legendEntries() const
{
    QStringList names;
    for (int i = 0; i < m_plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(m_plot->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

bool StudyCurvePlot::exportFigure(const QString &path, QSize size, QString *error)
{
    if (m_curves.empty()) {
        if (error)
            *error = tr("%1: there are no curves to draw yet").arg(path);
        return false;
    }
    return writePaperFigure(m_plot, path, size, error, [this](bool paper) {
        stylePlot(m_plot, palette(), font(), paper);
        m_mean->setPen(QPen(paper ? QColor(Qt::black) : palette().color(QPalette::Text), 2.5));
    });
}

void StudyCurvePlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (m_plot && changesPlotStyle(event)) {
        stylePlot(m_plot, palette(), font(), false);
        if (m_mean)
            m_mean->setPen(QPen(palette().color(QPalette::Text), 2.5));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace gdas::widgets
