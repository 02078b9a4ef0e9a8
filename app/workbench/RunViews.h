#pragma once

#include "model/Genotype.h"

#include <QObject>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QWidget;

namespace gdas::widgets {
class AlphaHeatmap;
class BenchmarkPlot;
class CellGraphPanel;
class CurvePanel;
class SearchHealthPlot;
} // namespace gdas::widgets

namespace gdas::app {

class RunDocument;

// The views of the open run: the cell of each epoch, the curves, the α heat maps of both cells
// and the genotype. drawRecord() draws the document from scratch (it was reset); drawAppended()
// adds the rows it appended, the same for a live run and a followed one. The window places the
// widgets (central area, docks).
class RunViews : public QObject {
    Q_OBJECT
public:
    RunViews(const RunDocument *document, QWidget *parent);

    widgets::CellGraphPanel *cells() const { return m_cells; }
    widgets::CurvePanel *curves() const { return m_curves; }
    widgets::AlphaHeatmap *normalHeatmap() const { return m_normalHeatmap; }
    widgets::AlphaHeatmap *reduceHeatmap() const { return m_reduceHeatmap; }
    QWidget *weights() const { return m_weights; }   // both heat maps, one above the other
    QWidget *genotype() const { return m_genotype; } // the genotype's title and text
    QPlainTextEdit *genotypeText() const { return m_genotypeText; }
    widgets::SearchHealthPlot *health() const { return m_health; } // the collapse monitor
    // Each epoch's cell in NAS-Bench-201 (runs searched with --benchmark; else a hint).
    widgets::BenchmarkPlot *benchmark() const { return m_benchmark; }

    // The epoch the cell panel shows, or the final genotype when it follows the newest epoch
    // and the run has finished.
    std::optional<model::Genotype> currentGenotype() const;

    void drawRecord();
    void drawAppended(int firstMetric, int firstEpoch);
    void updateGenotypeText();

private:
    void showEpochTables(int epoch);

    const RunDocument *m_document;
    widgets::CellGraphPanel *m_cells = nullptr;
    widgets::CurvePanel *m_curves = nullptr;
    QWidget *m_weights = nullptr;
    widgets::AlphaHeatmap *m_normalHeatmap = nullptr;
    widgets::AlphaHeatmap *m_reduceHeatmap = nullptr;
    QWidget *m_genotype = nullptr;
    QLabel *m_genotypeTitle = nullptr;
    QPlainTextEdit *m_genotypeText = nullptr;
    widgets::SearchHealthPlot *m_health = nullptr;
    widgets::BenchmarkPlot *m_benchmark = nullptr;
};

} // namespace gdas::app
