#pragma once

#include "model/Genotype.h"
#include "model/RunRecord.h"

#include <QSize>
#include <QString>
#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QSlider;

namespace gdas::widgets {

class CellGraphView;

// The normal and reduction cells side by side (one cell for NAS-Bench-201), either of a search
// epoch by epoch (with a slider) or of a fixed genotype. While a search runs, the panel shows
// the newest epoch unless the user has moved the slider back; moving it to the end follows again.
class CellGraphPanel : public QWidget {
    Q_OBJECT
public:
    explicit CellGraphPanel(QWidget *parent = nullptr);
    ~CellGraphPanel() override;

    void setEpochs(const std::vector<model::EpochRecord> &epochs);
    void appendEpoch(const model::EpochRecord &epoch);
    void setGenotype(const model::Genotype &genotype); // static cell, hides the slider
    void clear();
    // The run's planned epoch count, for "epoch 12 / 50"; 0 shows the newest known epoch.
    void setTotalEpochs(int total);

    void setShowAllCandidates(bool show);
    bool showAllCandidates() const;

    // Index into the epochs given so far; -1 when showing none or a static genotype.
    int shownIndex() const { return m_shownIndex; }
    void showIndex(int index);
    bool followsNewest() const { return m_followNewest; }
    int epochCount() const { return static_cast<int>(m_epochs.size()); }
    QString epochText() const; // the label next to the slider

    CellGraphView *normalView() const { return m_normalView; }
    CellGraphView *reductionView() const { return m_reductionView; }

    // Both cells with their titles in one paper-style figure (.svg, .pdf, .png).
    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);

signals:
    void shownEpochChanged(int epoch); // the record's epoch number

private:
    void showRecord(int index);
    void showCells(const model::Genotype &genotype, const model::AlphaTable *normal, const model::AlphaTable *reduce);
    void updateSlider();
    void updateEpochText();

    std::vector<model::EpochRecord> m_epochs;
    int m_shownIndex = -1;
    int m_totalEpochs = 0;
    bool m_followNewest = true;
    bool m_updatingSlider = false;
    bool m_hasReduction = false;
    QString m_staticCaption; // the name of a genotype shown with setGenotype()
    QLabel *m_normalTitle = nullptr;
    QLabel *m_reductionTitle = nullptr;
    CellGraphView *m_normalView = nullptr;
    CellGraphView *m_reductionView = nullptr;
    QWidget *m_reductionBox = nullptr;
    QWidget *m_sliderRow = nullptr;
    QSlider *m_slider = nullptr;
    QLabel *m_epochLabel = nullptr;
    QCheckBox *m_showAllBox = nullptr;
};

} // namespace gdas::widgets
