#include "widgets/PlotFigure.h"

#include "widgets/FigureWriter.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace gdas::widgets {

namespace {

// The figure writer's messages, translated once for every figure.
QString figureText(const char *text) { return QCoreApplication::translate("gdas::widgets::FigureWriter", text); }

} // namespace

void stylePlot(QCustomPlot *plot, const QPalette &palette, const QFont &font, bool paper)
{
    const QColor background = paper ? QColor(Qt::white) : palette.color(QPalette::Base);
    const QColor foreground = paper ? QColor(Qt::black) : palette.color(QPalette::Text);
    QColor grid = foreground;
    grid.setAlphaF(paper ? 0.15f : 0.18f);
    const QFont tickFont = paper ? QFont(QStringLiteral("DejaVu Sans"), 9) : font;
    const QFont labelFont = paper ? QFont(QStringLiteral("DejaVu Sans"), 10) : font;
    plot->setBackground(background);
    for (QCPAxisRect *rect : plot->axisRects()) {
        rect->setBackground(background);
        for (QCPAxis *axis : rect->axes()) {
            axis->setBasePen(QPen(foreground, 1));
            axis->setTickPen(QPen(foreground, 1));
            axis->setSubTickPen(QPen(foreground, 1));
            axis->setTickLabelColor(foreground);
            axis->setLabelColor(foreground);
            axis->setTickLabelFont(tickFont);
            axis->setLabelFont(labelFont);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(Qt::NoPen);
            axis->grid()->setSubGridVisible(false);
        }
    }
    QColor legendBackground = background;
    legendBackground.setAlpha(paper ? 255 : 210);
    plot->legend->setBrush(legendBackground);
    plot->legend->setBorderPen(QPen(grid, 1));
    plot->legend->setTextColor(foreground);
    plot->legend->setFont(tickFont);
}

bool writePlotFigure(QCustomPlot *plot, const QString &path, QSize size, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString format = figureFormat(path);
    if (format.isEmpty())
        return fail(figureText("%1: unknown figure format (use .svg, .pdf or .png)").arg(path));
    if (size.width() <= 0 || size.height() <= 0)
        return fail(figureText("%1: figure size %2×%3 is empty").arg(path).arg(size.width()).arg(size.height()));

    if (format == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(QFileInfo(path).completeBaseName());
        generator.setDescription(QStringLiteral("GDAS Workbench figure"));
        QCPPainter painter;
        if (!painter.begin(&generator))
            return fail(figureText("%1: cannot write the SVG file").arg(path));
        painter.setRenderHint(QPainter::Antialiasing);
        plot->toPainter(&painter, size.width(), size.height());
        painter.end();
        if (!QFileInfo::exists(path))
            return fail(figureText("%1: cannot write the SVG file").arg(path));
        return true;
    }
    if (format == QLatin1String("pdf")) {
        if (!plot->savePdf(path, size.width(), size.height(), QCP::epNoCosmetic, QStringLiteral("GDAS Workbench"),
                           QFileInfo(path).completeBaseName()))
            return fail(figureText("%1: cannot write the PDF file").arg(path));
        return true;
    }
    const double scale = std::max(1.0, std::min(size.width() / 1000.0, size.height() / 750.0));
    const int logicalWidth = static_cast<int>(std::lround(size.width() / scale));
    const int logicalHeight = static_cast<int>(std::lround(size.height() / scale));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QCPPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        if (scale > 1.0)
            painter.setMode(QCPPainter::pmNonCosmetic);
        painter.scale(static_cast<double>(size.width()) / logicalWidth,
                      static_cast<double>(size.height()) / logicalHeight);
        plot->toPainter(&painter, logicalWidth, logicalHeight);
    }
    if (!image.save(path, "PNG"))
        return fail(figureText("%1: cannot write the PNG file").arg(path));
    return true;
}

} // namespace gdas::widgets
