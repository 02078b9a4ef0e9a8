#pragma once

#include <QColor>
#include <QFont>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

class QCPAxis;
class QCPAxisRect;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QEvent;
class QPalette;

namespace gdas::widgets {

// The colours and fonts of the plots: the window palette's on screen, or the paper style of the
// exported figures (white background, black text, DejaVu Sans).
struct PlotLook {
    PlotLook(const QPalette &palette, const QFont &font, bool paper);
    QColor background;
    QColor foreground;
    QColor grid;
    QFont tickFont;
    QFont labelFont;
};

// An axis rect's background, axes and grid in `look`.
void styleAxisRect(QCPAxisRect *rect, const PlotLook &look);

// The look of a single-rect QCustomPlot (PlotLook's): its axis rects, the grid and the legend
// follow; graphs keep their own pens.
void stylePlot(QCustomPlot *plot, const QPalette &palette, const QFont &font, bool paper);

// Ticks on whole numbers only (epochs, counts).
void tickWholeNumbers(QCPAxis *axis);

// The legend in a column of its own right of the axis rect, its entries at the top: inside the
// rect it would cover the curves wherever they run.
void placeLegendRightOfPlot(QCustomPlot *plot);

// A dashed red horizontal line across the axis rect, labelled at its left end: a value the
// curves are measured against (the benchmark's best cell, a study's reference). Its items
// belong to the plot.
class ReferenceLine {
public:
    ReferenceLine() = default;
    explicit ReferenceLine(QCustomPlot *plot);
    // At `value` with `text`; hidden when there is no value.
    void show(std::optional<double> value, const QString &text);

private:
    QCPItemStraightLine *m_line = nullptr;
    QCPItemText *m_label = nullptr;
};

// Writes `plot` as a figure, format by suffix: .svg, .pdf (a page of `size` points) or .png
// (`size` pixels; large ones a high-DPI rendering of a smaller page so the text stays readable).
// The caller styles the plot first. False and `error` (naming the file and the problem) on an
// unknown suffix, an empty size or a file that cannot be written.
bool writePlotFigure(QCustomPlot *plot, const QString &path, QSize size, QString *error);

// writePlotFigure in the paper style: `applyStyle(true)` before, then `applyStyle(false)` and a
// queued replot to show the plot on screen again.
bool writePaperFigure(QCustomPlot *plot, const QString &path, QSize size, QString *error,
                      const std::function<void(bool paper)> &applyStyle);

// A palette or font change: a plot styled from the window's palette and font is styled again.
bool changesPlotStyle(const QEvent *event);

} // namespace gdas::widgets
