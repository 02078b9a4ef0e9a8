#include "widgets/BenchmarkPlot.h"

#include "widgets/PlotFigure.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gdas::widgets {

namespace {

constexpr double kGap = std::numeric_limits<double>::quiet_NaN();

QVector<QPointF> pointsOf(const QCPGraph *graph)
{
    QVector<QPointF> points;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

QString percent(double value) { return QString::number(value, 'f', 2); }

} // namespace

BenchmarkPlot::BenchmarkPlot(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_note);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setContentsMargins(12, 12, 12, 12);
    m_hint->setText(tr("This run has no benchmark scores. A NAS-Bench-201 search started with "
                       "“gdas search --benchmark DB” records, per epoch, the benchmark's accuracy of the "
                       "cell it derived; they are drawn here."));
    layout->addWidget(m_hint, 1);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(160);
    layout->addWidget(m_plot, 1);

    m_plot->xAxis->setLabel(tr("Epoch"));
    m_plot->yAxis->setLabel(tr("Accuracy (%)"));
    m_test = m_plot->addGraph();
    m_test->setName(tr("test accuracy"));
    m_test->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    m_test->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    m_valid = m_plot->addGraph();
    m_valid->setName(tr("validation accuracy"));
    m_valid->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 1.5, Qt::DashLine));
    m_valid->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 6));
    m_bestLine = ReferenceLine(m_plot);
    tickWholeNumbers(m_plot->xAxis); // epochs
    // The legend right of the plot: the dock is short and wide, and inside the axis rect the
    // legend would cover the newest epochs.
    placeLegendRightOfPlot(m_plot);
    setAccessibleName(tr("Benchmark accuracy"));
    stylePlot(m_plot, palette(), font(), false);
    clear();
}

void BenchmarkPlot::clear()
{
    m_test->data()->clear();
    m_valid->data()->clear();
    m_valid->removeFromLegend(); // until a validation accuracy arrives (cifar10 has none)
    m_dataset.clear();
    m_bestTest.reset();
    m_lastTest.reset();
    m_gaps.clear();
    m_scored = 0;
    m_lastEpoch = 0;
    m_low = 100.0;
    m_high = 0.0;
    updateBestLine();
    updateNote();
    rescale();
}

void BenchmarkPlot::setEpochs(const std::vector<model::EpochRecord> &epochs)
{
    clear();
    for (const model::EpochRecord &e : epochs)
        appendEpoch(e);
}

void BenchmarkPlot::appendEpoch(const model::EpochRecord &epoch)
{
    const int x = epoch.epoch + 1;
    m_lastEpoch = std::max(m_lastEpoch, x);
    std::optional<double> test, valid;
    if (epoch.benchmark) {
        const model::BenchmarkScore &b = *epoch.benchmark;
        ++m_scored;
        if (m_dataset.isEmpty())
            m_dataset = QString::fromStdString(b.dataset);
        if (b.bestTest)
            m_bestTest = b.bestTest;
        if (b.index >= 0) {
            test = b.test;
            valid = b.valid;
        }
    }
    // NaN leaves a gap in the line: the cell of this epoch is not in the benchmark.
    m_test->addData(x, test ? *test : kGap);
    m_valid->addData(x, valid ? *valid : kGap);
    if (!test)
        m_gaps.append(x);
    if (valid)
        m_valid->addToLegend();
    m_lastTest = test;
    for (const std::optional<double> &v : {test, valid}) {
        if (v) {
            m_low = std::min(m_low, *v);
            m_high = std::max(m_high, *v);
        }
    }
    updateBestLine();
    updateNote();
    rescale();
}

void BenchmarkPlot::rescale()
{
    m_hint->setVisible(!hasData());
    m_plot->setVisible(hasData());
    m_note->setVisible(hasData());
    m_plot->xAxis->setRange(0.5, std::max(1.5, m_lastEpoch + 0.5));
    double low = m_low, high = m_high;
    if (m_bestTest) {
        low = std::min(low, *m_bestTest);
        high = std::max(high, *m_bestTest);
    }
    if (low > high) { // nothing yet
        low = 0.0;
        high = 100.0;
    }
    const double pad = std::max(1.0, (high - low) * 0.08);
    m_plot->yAxis->setRange(std::max(0.0, low - pad), std::min(100.0, high + pad * 2));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void BenchmarkPlot::updateBestLine() { m_bestLine.show(m_bestTest, bestLineLabel()); }

QString BenchmarkPlot::bestLineLabel() const
{
    if (!m_bestTest)
        return {};
    return tr("best in the benchmark: %1 % test").arg(percent(*m_bestTest));
}

void BenchmarkPlot::updateNote()
{
    if (!hasData()) {
        m_note->clear();
        return;
    }
    QString text;
    if (m_lastTest)
        text = tr("%1: the cell of epoch %2 reaches %3 % test accuracy in the benchmark.")
                   .arg(m_dataset)
                   .arg(m_lastEpoch)
                   .arg(percent(*m_lastTest));
    else
        text = tr("%1: the cell of epoch %2 is not in the benchmark.").arg(m_dataset).arg(m_lastEpoch);
    if (!m_gaps.isEmpty()) {
        QStringList epochs;
        for (int e : m_gaps)
            epochs << QString::number(e);
        text +=
            QLatin1Char(' ') +
            tr("Cells not in the benchmark (gaps in the curves), by epoch: %1.").arg(epochs.join(QStringLiteral(", ")));
    }
    m_note->setText(text);
}

QVector<QPointF> BenchmarkPlot::testPoints() const { return pointsOf(m_test); }

QVector<QPointF> BenchmarkPlot::validPoints() const { return pointsOf(m_valid); }

QVector<int> BenchmarkPlot::gapEpochs() const { return hasData() ? m_gaps : QVector<int>(); }

QString BenchmarkPlot::noteText() const { return hasData() ? m_note->text() : m_hint->text(); }

bool BenchmarkPlot::hintShown() const { return !m_hint->isHidden(); }

bool BenchmarkPlot::exportFigure(const QString &path, QSize size, QString *error)
{
    if (!hasData()) {
        if (error)
            *error = tr("%1: the run has no benchmark scores to draw").arg(path);
        return false;
    }
    return writePaperFigure(m_plot, path, size, error,
                            [this](bool paper) { stylePlot(m_plot, palette(), font(), paper); });
}

void BenchmarkPlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (m_plot && changesPlotStyle(event)) {
        stylePlot(m_plot, palette(), font(), false);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace gdas::widgets
