#include "widgets/SearchHealthPlot.h"

#include "widgets/PlotFigure.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace gdas::widgets {

SearchHealthPlot::SearchHealthPlot(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_warning = new QLabel(this);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; padding: 4px; }"));
    m_warning->setVisible(false);
    layout->addWidget(m_warning);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(160);
    layout->addWidget(m_plot, 1);

    m_plot->xAxis->setLabel(tr("Epoch"));
    m_plot->yAxis->setLabel(tr("Ops in the normal cell"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("Entropy, margin of α"));
    m_plot->yAxis2->setRange(0.0, 1.05);
    const auto addGraph = [this](QCPAxis *valueAxis, const QString &name, const QColor &color, Qt::PenStyle style) {
        QCPGraph *g = m_plot->addGraph(m_plot->xAxis, valueAxis);
        g->setName(name);
        g->setPen(QPen(color, 2, style));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        return g;
    };
    m_skips = addGraph(m_plot->yAxis, tr("skip connections"), QColor(0xd6, 0x27, 0x28), Qt::SolidLine);
    m_parameterFree = addGraph(m_plot->yAxis, tr("parameter-free ops"), QColor(0xff, 0x7f, 0x0e), Qt::SolidLine);
    m_entropy = addGraph(m_plot->yAxis2, tr("α entropy"), QColor(0x1f, 0x77, 0xb4), Qt::DashLine);
    m_margin = addGraph(m_plot->yAxis2, tr("α margin"), QColor(0x2c, 0xa0, 0x2c), Qt::DashLine);
    m_limitLine = new QCPItemStraightLine(m_plot);
    m_limitLine->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1, Qt::DotLine));
    // Epochs and op counts are whole numbers: ticks on integers only.
    tickWholeNumbers(m_plot->xAxis);
    tickWholeNumbers(m_plot->yAxis);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 200));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setAccessibleName(tr("Search health"));
    clear();
}

void SearchHealthPlot::setSkipLimit(int limit)
{
    m_skipLimit = std::max(0, limit);
    m_limitLine->setVisible(m_skipLimit > 0);
    m_limitLine->point1->setCoords(0.0, m_skipLimit);
    m_limitLine->point2->setCoords(1.0, m_skipLimit);
    // Re-judge what is plotted against the new limit.
    m_firstCollapsedEpoch = -1;
    for (int i = 0; i < m_skips->dataCount(); ++i) {
        const auto point = m_skips->data()->at(i);
        if (m_skipLimit > 0 && point->value >= m_skipLimit) {
            m_firstCollapsedEpoch = static_cast<int>(point->key) - 1;
            m_collapsedSkips = static_cast<int>(point->value);
            break;
        }
    }
    updateWarning();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SearchHealthPlot::clear()
{
    for (QCPGraph *g : {m_skips, m_parameterFree, m_entropy, m_margin})
        g->data()->clear();
    m_firstCollapsedEpoch = -1;
    m_collapsedSkips = 0;
    m_maxCount = 0;
    m_previousNormal = {};
    m_plot->xAxis->setRange(0.5, 1.5);
    m_plot->yAxis->setRange(0.0, std::max(2, m_skipLimit) + 0.5);
    setSkipLimit(m_skipLimit);
}

void SearchHealthPlot::setEpochs(const std::vector<model::EpochRecord> &epochs)
{
    clear();
    for (const auto &e : epochs)
        appendEpoch(e);
}

void SearchHealthPlot::appendEpoch(const model::EpochRecord &epoch)
{
    model::CellHealth h;
    if (epoch.normalHealth) {
        h = *epoch.normalHealth;
    } else {
        const bool comparable = !m_previousNormal.empty() && m_previousNormal.rows() == epoch.normal.rows() &&
                                m_previousNormal.cols() == epoch.normal.cols();
        h = model::cellHealth(epoch.normal, comparable ? &m_previousNormal : nullptr, epoch.genotype.normal);
    }
    m_previousNormal = epoch.normal;
    const double x = epoch.epoch + 1;
    m_skips->addData(x, h.skipConnections);
    m_parameterFree->addData(x, h.parameterFreeOps);
    m_entropy->addData(x, h.meanEntropy);
    m_margin->addData(x, h.meanMargin);
    m_maxCount = std::max({m_maxCount, h.skipConnections, h.parameterFreeOps});
    if (m_firstCollapsedEpoch < 0 && model::collapsed(h, model::CollapseRule{m_skipLimit, false})) {
        m_firstCollapsedEpoch = epoch.epoch;
        m_collapsedSkips = h.skipConnections;
    }
    m_plot->xAxis->setRange(0.5, std::max(1.5, x + 0.5));
    m_plot->yAxis->setRange(0.0, std::max({2, m_skipLimit, m_maxCount}) + 0.5);
    updateWarning();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int SearchHealthPlot::pointCount() const { return m_skips->dataCount(); }

bool SearchHealthPlot::warningShown() const { return !m_warning->isHidden(); }

QString SearchHealthPlot::warningText() const { return m_warning->isHidden() ? QString() : m_warning->text(); }

void SearchHealthPlot::updateWarning()
{
    if (m_firstCollapsedEpoch < 0) {
        m_warning->setVisible(false);
        return;
    }
    m_warning->setText(tr("Collapse warning: from epoch %1 on the normal cell holds %2 skip connections "
                          "(limit %3, the criterion of P-DARTS and DARTS+).")
                           .arg(m_firstCollapsedEpoch + 1)
                           .arg(m_collapsedSkips)
                           .arg(m_skipLimit));
    m_warning->setVisible(true);
}

} // namespace gdas::widgets
