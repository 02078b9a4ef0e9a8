#pragma once

#include "model/RunRecord.h"

#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QLabel;

namespace gdas::widgets {

// "Search health": per epoch, the normal cell's skip connections and parameter-free ops (left
// axis) and α's mean normalised entropy and top-two margin (right axis, 0..1), with the collapse
// limit drawn as a dashed line and a warning above the plot from the first epoch whose normal
// cell reaches it (model::CollapseRule). Epochs without a recorded health (older runs) are
// computed from their α and genotype.
class SearchHealthPlot : public QWidget {
    Q_OBJECT
public:
    explicit SearchHealthPlot(QWidget *parent = nullptr);

    void setSkipLimit(int limit); // 0: no line, no warning
    void setEpochs(const std::vector<model::EpochRecord> &epochs);
    void appendEpoch(const model::EpochRecord &epoch);
    void clear();

    int pointCount() const; // epochs plotted
    bool warningShown() const;
    QString warningText() const;

private:
    void updateWarning();

    QCustomPlot *m_plot = nullptr;
    QLabel *m_warning = nullptr;
    QCPGraph *m_skips = nullptr;
    QCPGraph *m_parameterFree = nullptr;
    QCPGraph *m_entropy = nullptr;
    QCPGraph *m_margin = nullptr;
    QCPItemStraightLine *m_limitLine = nullptr;
    int m_skipLimit = 2;
    int m_firstCollapsedEpoch = -1; // 0-based epoch; -1: none
    int m_collapsedSkips = 0;
    int m_maxCount = 0;
    model::AlphaTable m_previousNormal;
};

} // namespace gdas::widgets
