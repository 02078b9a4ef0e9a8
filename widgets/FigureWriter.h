#pragma once

#include <QFont>
#include <QRectF>
#include <QSize>
#include <QString>

#include <functional>

class QPainter;
class QSvgGenerator;

namespace gdas::widgets {

// Paints a figure into a painter whose drawable area is `target`.
using FigurePainter = std::function<void(QPainter &painter, const QRectF &target)>;

// Writes a paper-style figure to `path`, format by suffix: .svg (QSvgGenerator), .pdf
// (QPdfWriter, page of `size` points) or .png (`size` pixels on white, drawn at a higher
// device pixel ratio when large). False and `error`
// (naming the file and the problem) on an unknown suffix or a file that cannot be written.
bool writeFigure(const QString &path, QSize size, const FigurePainter &paint, QString *error);

// The figures' font (DejaVu Sans, the same on every machine that has it) at `pixelSize`.
QFont figureFont(double pixelSize, bool bold);

// "svg", "pdf", "png", or empty for anything else.
QString figureFormat(const QString &path);

// An SVG figure's file, size and view box, its title (the file's base name) and description.
void describeSvgFigure(QSvgGenerator &generator, const QString &path, QSize size);

} // namespace gdas::widgets
