#pragma once

#include "model/RunRecord.h"
#include "widgets/PlotFigure.h"

#include <QPointF>
#include <QSize>
#include <QString>
#include <QVector>
#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QLabel;

namespace gdas::widgets {

// "Benchmark": per epoch, the NAS-Bench-201 accuracy of the cell the search derived at that
// epoch (epochs.jsonl's "benchmark", written by `gdas search --benchmark DB`): the test accuracy,
// the validation accuracy where the benchmark has one, and the benchmark's best test accuracy as
// a dashed line. An epoch whose cell the database does not hold is a gap in the curves. A run
// without any benchmark score shows a hint in place of the plot.
class BenchmarkPlot : public QWidget {
    Q_OBJECT
public:
    explicit BenchmarkPlot(QWidget *parent = nullptr);

    void setEpochs(const std::vector<model::EpochRecord> &epochs);
    void appendEpoch(const model::EpochRecord &epoch);
    void clear();

    // Some epoch carries a benchmark score (the plot is shown, not the hint).
    bool hasData() const { return m_scored > 0; }
    QString dataset() const { return m_dataset; }

    // Inspection, x = epoch (1-based). A gap is a point whose value is NaN.
    QVector<QPointF> testPoints() const;
    QVector<QPointF> validPoints() const;
    QVector<int> gapEpochs() const; // 1-based epochs whose cell is not in the benchmark
    std::optional<double> bestTest() const { return m_bestTest; }
    QString bestLineLabel() const; // the text beside the dashed line; empty when none
    QString noteText() const;      // the line above the plot (or the hint)
    bool hintShown() const;

    // Paper style, format by suffix (.svg, .pdf, .png); false and `error` without data.
    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateBestLine();
    void updateNote();
    void rescale();

    QCustomPlot *m_plot = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_hint = nullptr;
    QCPGraph *m_test = nullptr;
    QCPGraph *m_valid = nullptr;
    ReferenceLine m_bestLine;
    QString m_dataset;
    std::optional<double> m_bestTest;
    QVector<int> m_gaps;
    int m_scored = 0;    // epochs carrying a benchmark score (found or not)
    int m_lastEpoch = 0; // 1-based
    double m_low = 100.0, m_high = 0.0;
    std::optional<double> m_lastTest;
};

} // namespace gdas::widgets
