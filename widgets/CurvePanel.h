#pragma once

#include "model/RunRecord.h"

#include <QPointF>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <map>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPItemTracer;
class QCPLegend;
class QTimer;

namespace gdas::widgets {

// Training curves of a run: loss, top-1 accuracy, and the schedules (τ, learning rate), one
// axis rect each, stacked. Plots whichever known keys the rows carry -- search rows
// (w_loss/a_loss, w_top1/a_top1, tau, lr) or retrain rows (train_/test_ loss and top1, lr).
// Rows arrive live: appendRows() only appends points and a 100 ms timer coalesces the replots,
// so a run with 100k logged steps stays fluid.
class CurvePanel : public QWidget {
    Q_OBJECT
public:
    explicit CurvePanel(QWidget *parent = nullptr);
    ~CurvePanel() override;

    void setRecord(const std::vector<model::MetricRow> &rows); // replaces everything
    void appendRows(const std::vector<model::MetricRow> &rows);
    void clear();

    // x axis: global step of the step rows, or epochs (epoch rows' values where they carry
    // the key, else the mean of that epoch's step rows).
    void setPerEpoch(bool perEpoch);
    bool perEpoch() const { return m_perEpoch; }
    void setLogScaleLoss(bool logScale);
    bool logScaleLoss() const { return m_logScaleLoss; }

    // Paper style (white background, black text), format by suffix: .svg, .pdf or .png
    // (`size` in pixels for PNG; for vector formats the page size in points).
    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);

    // Inspection, for tests and the workbench's status line.
    QStringList plottedKeys() const;                          // keys with a graph, in plot order
    QVector<QPointF> plottedPoints(const QString &key) const; // what the graph holds now
    int replotCount() const { return m_replotCount; }
    // Where point `index` of `key` is drawn (plot widget coordinates, after the last replot),
    // and the hover read-out for a position there ("series\nstep 12\nvalue"; empty when no
    // curve is near).
    QPoint pixelPosition(const QString &key, int index) const;
    QString readoutAt(const QPoint &plotPos) const;
    QWidget *plotWidget() const;
    QStringList legendEntries() const; // one per name, in plot order
    // Plot widget coordinates after the last replot: the legend (empty when hidden) and the
    // data area of rect 0 (loss), 1 (accuracy) or 2 (schedules).
    QRect legendRect() const;
    QRect plotAreaRect(int index) const;
    void replotNow(); // the pending coalesced replot, done at once

    // Room for the legend row and three rects a few ticks high: squeezed further (by docks
    // restored large), the loss rect shrinks to a line and the legend's text is cut.
    QSize minimumSizeHint() const override;

signals:
    void perEpochChanged(bool perEpoch);
    void logScaleLossChanged(bool logScale);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Panel { Loss, Accuracy, Schedule };
    struct SeriesSpec;
    struct Series;

    static const SeriesSpec *findSpec(const std::string &key);
    void ingest(const model::MetricRow &row, bool appendToGraphs);
    Series *seriesFor(const std::string &key);
    void rebuildGraphData(Series &series);
    void rebuildLegend();
    void fitLegendItems();
    void rebuildEpochGraphs();
    void scheduleReplot();
    void doReplot();
    void prepareReplot(); // what a replot draws from: the epoch graphs, the axes' ranges
    void rescaleAll();
    void applyStyle(bool paper);
    void updateLossScale();
    void updateAxisLabels();
    void showReadout(const QPoint &pos);
    QCPGraph *graphNear(const QPoint &pos, double *key, double *value) const;
    void hideReadout();

    QCustomPlot *m_plot = nullptr;
    QCheckBox *m_perEpochBox = nullptr;
    QCheckBox *m_logScaleBox = nullptr;
    QTimer *m_replotTimer = nullptr;
    std::map<Panel, QCPAxisRect *> m_rects;
    QCPLegend *m_legend = nullptr; // one row above the plots, never over the curves
    QCPItemTracer *m_tracer = nullptr;
    std::vector<std::unique_ptr<Series>> m_series; // in creation order
    std::map<int, std::int64_t> m_epochEndStep;    // last global step seen in each epoch
    bool m_perEpoch = false;
    bool m_logScaleLoss = false;
    bool m_epochGraphsDirty = false;
    bool m_followData = true; // rescale on new data until the user zooms or pans
    int m_replotCount = 0;
};

} // namespace gdas::widgets
