#include "widgets/CurvePanel.h"
#include "widgets/PlotFigure.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace gdas::widgets {

struct CurvePanel::SeriesSpec {
    const char *key;
    Panel panel;
    const char *name; // legend text
    QRgb color;
    bool rightAxis;
};

struct CurvePanel::Series {
    const SeriesSpec *spec = nullptr;
    QCPGraph *graph = nullptr;
    QVector<QCPGraphData> stepPoints;               // x: global step
    std::map<int, double> epochValues;              // from epoch rows
    std::map<int, std::pair<double, int>> stepSums; // per epoch, from step rows: sum, count
    int stepRows = 0;
};

namespace {

constexpr int kReplotDelayMs = 100;
constexpr double kReadoutRadiusPx = 24.0;

// Blue for the weights step / training, orange for the arch step / test, as the papers' plots.
constexpr QRgb kBlue = 0x1f77b4;
constexpr QRgb kOrange = 0xff7f0e;
constexpr QRgb kGreen = 0x2ca02c;
constexpr QRgb kPurple = 0x9467bd;

} // namespace

CurvePanel::CurvePanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(6, 4, 6, 0);
    m_perEpochBox = new QCheckBox(tr("Per epoch"), this);
    m_perEpochBox->setToolTip(tr("One point per epoch (the epoch's averages) instead of one per logged step"));
    m_logScaleBox = new QCheckBox(tr("Log-scale loss"), this);
    controls->addWidget(m_perEpochBox);
    controls->addWidget(m_logScaleBox);
    controls->addStretch(1);
    layout->addLayout(controls);

    m_plot = new QCustomPlot(this);
    m_plot->setToolTip(QString());
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setAntialiasedElements(QCP::aePlottables | QCP::aeLegend | QCP::aeLegendItems | QCP::aeItems);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setAutoAddPlottableToLegend(false);
    m_plot->plotLayout()->setRowSpacing(2);

    const std::array<std::pair<Panel, QString>, 3> panels{
        {{Panel::Loss, tr("loss")}, {Panel::Accuracy, tr("top-1 accuracy (%)")}, {Panel::Schedule, tr("τ")}}};
    int row = 0;
    for (const auto &[panel, label] : panels) {
        // The plot's own axis rect serves the loss: QCustomPlot keeps a pointer to it, so it
        // is reused rather than removed.
        QCPAxisRect *rect = row == 0 ? m_plot->axisRect() : new QCPAxisRect(m_plot);
        if (row > 0)
            m_plot->plotLayout()->addElement(row, 0, rect);
        ++row;
        rect->axis(QCPAxis::atLeft)->setLabel(label);
        rect->setupFullAxesBox(false);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        // The rects share the step axis: numbers under the bottom one only leave the upper
        // two their height for data.
        rect->axis(QCPAxis::atBottom)->setTickLabels(panel == Panel::Schedule);
        rect->axis(QCPAxis::atRight)->setVisible(panel == Panel::Schedule);
        rect->axis(QCPAxis::atRight)->setTickLabels(panel == Panel::Schedule);
        if (panel == Panel::Schedule)
            rect->axis(QCPAxis::atRight)->setLabel(tr("learning rate"));
        rect->setRangeDragAxes({rect->axis(QCPAxis::atBottom)},
                               {rect->axis(QCPAxis::atLeft), rect->axis(QCPAxis::atRight)});
        rect->setRangeZoomAxes({rect->axis(QCPAxis::atBottom)},
                               {rect->axis(QCPAxis::atLeft), rect->axis(QCPAxis::atRight)});
        // The rects are a few lines of text high: the default five ticks crowd their labels.
        rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(panel == Panel::Schedule ? 3 : 4);
        rect->axis(QCPAxis::atRight)->ticker()->setTickCount(3);
        m_rects[panel] = rect;
    }
    // One legend for all three rects, in a row of its own above them: inside a rect it covers
    // the newest points, which are the ones a user watches. Each name has one colour across
    // the rects (blue: weight step / train, orange: arch step / test), so one entry per name.
    m_legend = m_plot->legend;
    m_plot->axisRect()->insetLayout()->take(m_legend);
    // The legend shares its row with an empty element that takes the rest of the width: a
    // legend alone in the column would cap the plots' width at its own.
    m_plot->plotLayout()->insertRow(0);
    auto *legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 0, legendRow);
    legendRow->addElement(0, 0, m_legend);
    legendRow->addElement(0, 1, new QCPLayoutElement(m_plot));
    legendRow->setColumnSpacing(0);
    m_legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_legend->setMargins(QMargins(8, 4, 4, 0));
    m_legend->setColumnSpacing(18);
    m_legend->setLayer(QStringLiteral("legend"));
    m_legend->setVisible(false);
    m_plot->plotLayout()->setRowStretchFactors({0.001, 3.0, 3.0, 2.0});
    // Zooming or panning one x axis moves the others: the three rects share the step axis.
    auto *group = new QCPMarginGroup(m_plot);
    for (auto &[panel, rect] : m_rects) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        connect(x, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this, x](const QCPRange &range) {
            for (auto &[otherPanel, other] : m_rects)
                if (other->axis(QCPAxis::atBottom) != x)
                    other->axis(QCPAxis::atBottom)->setRange(range);
        });
    }

    m_plot->addLayer(QStringLiteral("readout"), m_plot->layer(QStringLiteral("legend")), QCustomPlot::limAbove);
    m_plot->layer(QStringLiteral("readout"))->setMode(QCPLayer::lmBuffered);
    m_tracer = new QCPItemTracer(m_plot);
    m_tracer->setLayer(QStringLiteral("readout"));
    m_tracer->setStyle(QCPItemTracer::tsCircle);
    m_tracer->setSize(8);
    m_tracer->setInterpolating(false);
    m_tracer->setVisible(false);
    layout->addWidget(m_plot, 1);
    m_plot->installEventFilter(this);
    m_plot->setMouseTracking(true); // hover read-out without a pressed button
    m_plot->setToolTip(tr("Drag to pan, wheel to zoom, double-click to fit all data"));

    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, [this] { doReplot(); });
    connect(m_plot, &QCustomPlot::afterReplot, this, [this] { ++m_replotCount; });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *) { m_followData = false; });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this](QWheelEvent *) { m_followData = false; });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) {
        m_followData = true;
        rescaleAll();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) { showReadout(event->pos()); });
    connect(m_perEpochBox, &QCheckBox::toggled, this, [this](bool on) { setPerEpoch(on); });
    connect(m_logScaleBox, &QCheckBox::toggled, this, [this](bool on) { setLogScaleLoss(on); });

    applyStyle(false);
    updateAxisLabels();
}

CurvePanel::~CurvePanel() = default;

QSize CurvePanel::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 20, line * 22};
}

const CurvePanel::SeriesSpec *CurvePanel::findSpec(const std::string &key)
{
    static const std::array<SeriesSpec, 10> specs{{
        {"w_loss", Panel::Loss, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "weight step"), kBlue, false},
        {"a_loss", Panel::Loss, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "arch step"), kOrange, false},
        {"train_loss", Panel::Loss, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "train"), kBlue, false},
        {"test_loss", Panel::Loss, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "test"), kOrange, false},
        {"w_top1", Panel::Accuracy, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "weight step"), kBlue, false},
        {"a_top1", Panel::Accuracy, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "arch step"), kOrange, false},
        {"train_top1", Panel::Accuracy, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "train"), kBlue, false},
        {"test_top1", Panel::Accuracy, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "test"), kOrange, false},
        {"tau", Panel::Schedule, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "τ"), kGreen, false},
        {"lr", Panel::Schedule, QT_TRANSLATE_NOOP("gdas::widgets::CurvePanel", "learning rate"), kPurple, true},
    }};
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const SeriesSpec &s) { return key == s.key; });
    return spec == specs.end() ? nullptr : &*spec;
}

CurvePanel::Series *CurvePanel::seriesFor(const std::string &key)
{
    for (auto &series : m_series)
        if (key == series->spec->key)
            return series.get();
    const SeriesSpec *spec = findSpec(key);
    if (!spec)
        return nullptr; // a field the panel does not plot (time, top-5, ...)
    auto series = std::make_unique<Series>();
    series->spec = spec;
    QCPAxisRect *rect = m_rects[spec->panel];
    series->graph = m_plot->addGraph(rect->axis(QCPAxis::atBottom),
                                     rect->axis(spec->rightAxis ? QCPAxis::atRight : QCPAxis::atLeft));
    series->graph->setName(tr(spec->name));
    series->graph->setPen(QPen(QColor(spec->color), 1.5));
    m_series.push_back(std::move(series));
    rebuildLegend();
    return m_series.back().get();
}

void CurvePanel::rebuildLegend()
{
    // Rows list their keys alphabetically; the legend follows the spec table's order instead
    // (specs live in one array, so their addresses give that order).
    std::vector<Series *> ordered;
    for (const auto &series : m_series)
        ordered.push_back(series.get());
    std::sort(ordered.begin(), ordered.end(),
              [](const Series *a, const Series *b) { return std::less<const SeriesSpec *>()(a->spec, b->spec); });
    m_legend->clearItems();
    QStringList names;
    for (Series *series : ordered) {
        const QString name = series->graph->name();
        if (names.contains(name))
            continue; // same name, same colour: the other rect's entry stands for both
        names << name;
        series->graph->addToLegend(m_legend);
    }
    m_legend->setVisible(!names.isEmpty());
    fitLegendItems();
}

void CurvePanel::fitLegendItems()
{
    // Items as wide as their text, so the row reads as one compact legend at the left
    // rather than entries spread over the whole width.
    for (int i = 0; i < m_legend->itemCount(); ++i) {
        QCPAbstractLegendItem *item = m_legend->item(i);
        item->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
        item->setMaximumSize(item->minimumOuterSizeHint().width() + 12, QWIDGETSIZE_MAX);
    }
}

QStringList CurvePanel::legendEntries() const
{
    QStringList names;
    for (int i = 0; i < m_legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(m_legend->item(i)))
            names << item->plottable()->name();
    return names;
}

QRect CurvePanel::legendRect() const { return m_legend->visible() ? m_legend->outerRect() : QRect(); }

QRect CurvePanel::plotAreaRect(int index) const
{
    const std::array<Panel, 3> order{Panel::Loss, Panel::Accuracy, Panel::Schedule};
    if (index < 0 || index >= static_cast<int>(order.size()))
        return {};
    return m_rects.at(order[static_cast<std::size_t>(index)])->rect();
}

void CurvePanel::ingest(const model::MetricRow &row, bool appendToGraphs)
{
    const bool stepRow = row.type == "step";
    if (!stepRow && row.type != "epoch")
        return;
    if (stepRow) {
        std::int64_t &end = m_epochEndStep[row.epoch];
        end = std::max(end, row.globalStep);
    }
    for (const auto &[key, value] : row.values) {
        if (!std::isfinite(value))
            continue;
        Series *series = seriesFor(key);
        if (!series)
            continue;
        if (stepRow) {
            const QCPGraphData point(static_cast<double>(row.globalStep), value);
            series->stepPoints.push_back(point);
            auto &sum = series->stepSums[row.epoch];
            sum.first += value;
            sum.second += 1;
            ++series->stepRows;
            if (appendToGraphs && !m_perEpoch)
                series->graph->data()->add(point);
        } else {
            series->epochValues[row.epoch] = value;
            // Keys logged only per epoch (a retrain's test_loss) still show on the step axis,
            // at the last step of their epoch.
            const auto end = m_epochEndStep.find(row.epoch);
            if (series->stepRows == 0 && end != m_epochEndStep.end()) {
                const QCPGraphData point(static_cast<double>(end->second), value);
                series->stepPoints.push_back(point);
                if (appendToGraphs && !m_perEpoch)
                    series->graph->data()->add(point);
            }
        }
        m_epochGraphsDirty = true;
    }
}

void CurvePanel::setRecord(const std::vector<model::MetricRow> &rows)
{
    clear();
    for (const model::MetricRow &row : rows)
        ingest(row, false);
    for (auto &series : m_series)
        rebuildGraphData(*series);
    m_epochGraphsDirty = false;
    m_followData = true;
    scheduleReplot();
}

void CurvePanel::appendRows(const std::vector<model::MetricRow> &rows)
{
    for (const model::MetricRow &row : rows)
        ingest(row, true);
    scheduleReplot();
}

void CurvePanel::clear()
{
    // Legend items point at their graphs: drop them before the graphs go.
    m_legend->clearItems();
    m_legend->setVisible(false);
    m_tracer->setGraph(nullptr);
    for (auto &series : m_series)
        m_plot->removeGraph(series->graph);
    m_series.clear();
    m_epochEndStep.clear();
    m_tracer->setVisible(false);
    m_epochGraphsDirty = false;
    m_followData = true;
    scheduleReplot();
}

void CurvePanel::rebuildGraphData(Series &series)
{
    if (!m_perEpoch) {
        series.graph->data()->set(series.stepPoints, false);
        series.graph->setLineStyle(QCPGraph::lsLine);
        // A key seen only in epoch rows has a handful of points: mark them.
        series.graph->setScatterStyle(series.stepRows == 0 ? QCPScatterStyle(QCPScatterStyle::ssCircle, 5)
                                                           : QCPScatterStyle());
        return;
    }
    // Epochs are numbered from 0 in the record; the axis counts them from 1.
    QVector<QCPGraphData> points;
    std::map<int, double> values;
    for (const auto &[epoch, sum] : series.stepSums)
        values[epoch] = sum.first / sum.second;
    for (const auto &[epoch, value] : series.epochValues)
        values[epoch] = value;
    points.reserve(static_cast<int>(values.size()));
    for (const auto &[epoch, value] : values)
        points.push_back(QCPGraphData(epoch + 1.0, value));
    series.graph->data()->set(points, true);
    series.graph->setLineStyle(QCPGraph::lsLine);
    series.graph->setScatterStyle(points.size() <= 60 ? QCPScatterStyle(QCPScatterStyle::ssCircle, 4)
                                                      : QCPScatterStyle());
}

void CurvePanel::rebuildEpochGraphs()
{
    for (auto &series : m_series)
        rebuildGraphData(*series);
    m_epochGraphsDirty = false;
}

void CurvePanel::setPerEpoch(bool perEpoch)
{
    if (m_perEpochBox->isChecked() != perEpoch)
        m_perEpochBox->setChecked(perEpoch); // comes back through toggled()
    if (m_perEpoch == perEpoch)
        return;
    m_perEpoch = perEpoch;
    for (auto &series : m_series)
        rebuildGraphData(*series);
    m_epochGraphsDirty = false;
    m_followData = true;
    m_tracer->setVisible(false);
    updateAxisLabels();
    scheduleReplot();
    emit perEpochChanged(perEpoch);
}

void CurvePanel::setLogScaleLoss(bool logScale)
{
    if (m_logScaleBox->isChecked() != logScale)
        m_logScaleBox->setChecked(logScale);
    if (m_logScaleLoss == logScale)
        return;
    m_logScaleLoss = logScale;
    updateLossScale();
    m_followData = true;
    scheduleReplot();
    emit logScaleLossChanged(logScale);
}

void CurvePanel::updateLossScale()
{
    QCPAxis *axis = m_rects[Panel::Loss]->axis(QCPAxis::atLeft);
    if (m_logScaleLoss) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        axis->setNumberFormat(QStringLiteral("gb"));
    } else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        axis->setNumberFormat(QStringLiteral("g"));
    }
    axis->ticker()->setTickCount(4);
}

void CurvePanel::updateAxisLabels()
{
    const QString x = m_perEpoch ? tr("epoch") : tr("global step");
    for (auto &[panel, rect] : m_rects)
        rect->axis(QCPAxis::atBottom)->setLabel(panel == Panel::Schedule ? x : QString());
}

void CurvePanel::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void CurvePanel::rescaleAll()
{
    // Key axes first: the value axes fit the data inside the new key range.
    for (const Qt::Orientation orientation : {Qt::Horizontal, Qt::Vertical}) {
        for (auto &[panel, rect] : m_rects) {
            for (QCPAxis *axis : rect->axes()) {
                if (axis->orientation() != orientation)
                    continue;
                bool first = true;
                for (QCPAbstractPlottable *plottable : axis->plottables()) {
                    if (!plottable->visible() || plottable->interface1D()->dataCount() == 0)
                        continue;
                    if (orientation == Qt::Horizontal)
                        plottable->rescaleKeyAxis(!first);
                    else
                        plottable->rescaleValueAxis(!first, true);
                    first = false;
                }
                if (first || orientation == Qt::Horizontal)
                    continue;
                // Air above and below the curves; a log axis widens by a factor instead.
                const QCPRange r = axis->range();
                if (axis->scaleType() == QCPAxis::stLogarithmic)
                    axis->setRange(r.lower / 1.15, r.upper * 1.15);
                else if (r.size() > 0)
                    axis->setRange(r.lower - r.size() * 0.05, r.upper + r.size() * 0.05);
                else
                    axis->setRange(r.lower - 0.5, r.upper + 0.5);
            }
        }
    }
}

void CurvePanel::prepareReplot()
{
    m_replotTimer->stop();
    if (m_perEpoch && m_epochGraphsDirty)
        rebuildEpochGraphs();
    if (m_followData)
        rescaleAll();
}

void CurvePanel::doReplot()
{
    prepareReplot();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CurvePanel::replotNow()
{
    prepareReplot();
    m_plot->replot();
}

QStringList CurvePanel::plottedKeys() const
{
    QStringList keys;
    for (const auto &series : m_series)
        keys << QString::fromLatin1(series->spec->key);
    return keys;
}

QVector<QPointF> CurvePanel::plottedPoints(const QString &key) const
{
    QVector<QPointF> points;
    for (const auto &series : m_series) {
        if (key != QLatin1String(series->spec->key))
            continue;
        const auto data = series->graph->data();
        // Pending per-epoch rebuilds are part of what the graph will show.
        if (m_perEpoch && m_epochGraphsDirty)
            const_cast<CurvePanel *>(this)->rebuildEpochGraphs();
        points.reserve(data->size());
        for (auto it = data->constBegin(); it != data->constEnd(); ++it)
            points.push_back(QPointF(it->key, it->value));
    }
    return points;
}

void CurvePanel::applyStyle(bool paper)
{
    const PlotLook look(palette(), font(), paper);
    m_plot->setBackground(look.background);
    for (auto &[panel, rect] : m_rects)
        styleAxisRect(rect, look);
    m_legend->setBrush(Qt::NoBrush);
    m_legend->setBorderPen(Qt::NoPen);
    m_legend->setTextColor(look.foreground);
    m_legend->setFont(look.tickFont);
    fitLegendItems();
    m_tracer->setPen(QPen(look.foreground, 1.2));
    m_tracer->setBrush(Qt::NoBrush);
}

void CurvePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (changesPlotStyle(event)) {
        applyStyle(false);
        scheduleReplot();
    }
}

bool CurvePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot && event->type() == QEvent::Leave)
        hideReadout();
    return QWidget::eventFilter(watched, event);
}

QCPGraph *CurvePanel::graphNear(const QPoint &pos, double *key, double *value) const
{
    QCPGraph *nearest = nullptr;
    double nearestDistance = kReadoutRadiusPx;
    // A margin around each rect: the newest point sits right on the axis end after a rescale.
    const int margin = static_cast<int>(kReadoutRadiusPx / 2);
    for (const auto &[panel, rect] : m_rects) {
        const QRect area = rect->rect();
        if (!area.adjusted(-margin, -margin, margin, margin).contains(pos))
            continue;
        // QCustomPlot only hit-tests inside the rect.
        const QPoint inside(std::clamp(pos.x(), area.left() + 1, area.right() - 1),
                            std::clamp(pos.y(), area.top() + 1, area.bottom() - 1));
        for (QCPGraph *graph : rect->graphs()) {
            if (!graph->visible() || graph->data()->isEmpty())
                continue;
            const double d = graph->selectTest(inside, false);
            if (d >= 0 && d < nearestDistance) {
                nearestDistance = d;
                nearest = graph;
            }
        }
    }
    if (!nearest)
        return nullptr;
    const double x = nearest->keyAxis()->pixelToCoord(pos.x());
    auto it = nearest->data()->findBegin(x, true);
    auto best = it;
    for (int k = 0; k < 2 && it != nearest->data()->constEnd(); ++k, ++it)
        if (std::abs(it->key - x) < std::abs(best->key - x))
            best = it;
    *key = best->key;
    *value = best->value;
    return nearest;
}

QString CurvePanel::readoutAt(const QPoint &plotPos) const
{
    double key = 0, value = 0;
    const QCPGraph *graph = graphNear(plotPos, &key, &value);
    if (!graph)
        return {};
    const QString where =
        m_perEpoch ? tr("epoch %1").arg(key, 0, 'f', 0) : tr("step %1").arg(static_cast<qint64>(std::llround(key)));
    return QStringLiteral("%1\n%2\n%3").arg(graph->name(), where).arg(value, 0, 'g', 5);
}

QPoint CurvePanel::pixelPosition(const QString &key, int index) const
{
    for (const auto &series : m_series) {
        if (key != QLatin1String(series->spec->key) || index < 0 || index >= series->graph->dataCount())
            continue;
        const auto point = series->graph->data()->at(index);
        return QPointF(series->graph->keyAxis()->coordToPixel(point->key),
                       series->graph->valueAxis()->coordToPixel(point->value))
            .toPoint();
    }
    return {-1, -1};
}

QWidget *CurvePanel::plotWidget() const { return m_plot; }

void CurvePanel::showReadout(const QPoint &pos)
{
    double key = 0, value = 0;
    QCPGraph *nearest = graphNear(pos, &key, &value);
    if (!nearest) {
        hideReadout();
        return;
    }
    m_tracer->setClipAxisRect(nearest->keyAxis()->axisRect());
    m_tracer->position->setAxes(nearest->keyAxis(), nearest->valueAxis());
    m_tracer->setGraph(nearest);
    m_tracer->setGraphKey(key);
    m_tracer->setVisible(true);
    m_tracer->setPen(QPen(nearest->pen().color(), 1.5));
    m_plot->layer(QStringLiteral("readout"))->replot();
    QToolTip::showText(m_plot->mapToGlobal(pos), readoutAt(pos), m_plot);
}

void CurvePanel::hideReadout()
{
    if (m_tracer->visible()) {
        m_tracer->setVisible(false);
        m_plot->layer(QStringLiteral("readout"))->replot();
    }
    QToolTip::hideText();
}

bool CurvePanel::exportFigure(const QString &path, QSize size, QString *error)
{
    replotNow();
    const bool tracerShown = m_tracer->visible();
    m_tracer->setVisible(false);
    applyStyle(true);
    const bool written = writePlotFigure(m_plot, path, size, error);
    applyStyle(false);
    m_tracer->setVisible(tracerShown);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return written;
}

} // namespace gdas::widgets
