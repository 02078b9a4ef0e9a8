#pragma once

#include <QSize>
#include <QString>

class QCustomPlot;
class QFont;
class QPalette;

namespace gdas::widgets {

// The look of a single-rect QCustomPlot: the window palette's colours on screen, or the paper
// style of the exported figures (white background, black text, DejaVu Sans). Legends and the
// grid follow; graphs keep their own pens.
void stylePlot(QCustomPlot *plot, const QPalette &palette, const QFont &font, bool paper);

// Writes `plot` as a figure, format by suffix: .svg, .pdf (a page of `size` points) or .png
// (`size` pixels; large ones a high-DPI rendering of a smaller page so the text stays readable).
// The caller styles the plot first. False and `error` (naming the file and the problem) on an
// unknown suffix, an empty size or a file that cannot be written.
bool writePlotFigure(QCustomPlot *plot, const QString &path, QSize size, QString *error);

} // namespace gdas::widgets
