#include "widgets/PlotFigure.h"

#include "widgets/FigureWriter.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QEvent>
#include <QFileInfo>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace gdas::widgets {

namespace {

// The figure writer's messages, translated once for every figure.
QString figureText(const char *text) { return QCoreApplication::translate("gdas::widgets::FigureWriter", text); }

} // namespace

PlotLook::PlotLook(const QPalette &palette, const QFont &font, bool paper)
    : background(paper ? QColor(Qt::white) : palette.color(QPalette::Base)),
      foreground(paper ? QColor(Qt::black) : palette.color(QPalette::Text)), grid(foreground),
      tickFont(paper ? QFont(QStringLiteral("DejaVu Sans"), 9) : font),
      labelFont(paper ? QFont(QStringLiteral("DejaVu Sans"), 10) : font)
{
    grid.setAlphaF(paper ? 0.15f : 0.18f);
}

void styleAxisRect(QCPAxisRect *rect, const PlotLook &look)
{
    rect->setBackground(look.background);
    for (QCPAxis *axis : rect->axes()) {
        axis->setBasePen(QPen(look.foreground, 1));
        axis->setTickPen(QPen(look.foreground, 1));
        axis->setSubTickPen(QPen(look.foreground, 1));
        axis->setTickLabelColor(look.foreground);
        axis->setLabelColor(look.foreground);
        axis->setTickLabelFont(look.tickFont);
        axis->setLabelFont(look.labelFont);
        axis->grid()->setPen(QPen(look.grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
        axis->grid()->setSubGridVisible(false);
    }
}

void stylePlot(QCustomPlot *plot, const QPalette &palette, const QFont &font, bool paper)
{
    const PlotLook look(palette, font, paper);
    plot->setBackground(look.background);
    for (QCPAxisRect *rect : plot->axisRects())
        styleAxisRect(rect, look);
    QColor legendBackground = look.background;
    legendBackground.setAlpha(paper ? 255 : 210);
    plot->legend->setBrush(legendBackground);
    plot->legend->setBorderPen(QPen(look.grid, 1));
    plot->legend->setTextColor(look.foreground);
    plot->legend->setFont(look.tickFont);
}

void tickWholeNumbers(QCPAxis *axis)
{
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    axis->setTicker(ticker);
}

void placeLegendRightOfPlot(QCustomPlot *plot)
{
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->take(plot->legend);
    auto *side = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 1, side);
    side->addElement(0, 0, plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(plot));
    side->setRowStretchFactor(0, 0.001);
    side->setMargins(QMargins(0, 8, 8, 8));
    plot->plotLayout()->setColumnStretchFactor(1, 0.001);
}

ReferenceLine::ReferenceLine(QCustomPlot *plot) : m_line(new QCPItemStraightLine(plot)), m_label(new QCPItemText(plot))
{
    const QColor red(0xd6, 0x27, 0x28);
    m_line->setPen(QPen(red, 1.5, Qt::DashLine));
    m_label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_label->setColor(red);
    m_label->setClipToAxisRect(true);
}

void ReferenceLine::show(std::optional<double> value, const QString &text)
{
    m_line->setVisible(value.has_value());
    m_label->setVisible(value.has_value());
    if (!value)
        return;
    m_line->point1->setCoords(0.0, *value);
    m_line->point2->setCoords(1.0, *value);
    m_label->position->setCoords(0.01, *value);
    m_label->setText(text);
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
        describeSvgFigure(generator, path, size);
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

bool writePaperFigure(QCustomPlot *plot, const QString &path, QSize size, QString *error,
                      const std::function<void(bool paper)> &applyStyle)
{
    applyStyle(true);
    const bool written = writePlotFigure(plot, path, size, error);
    applyStyle(false);
    plot->replot(QCustomPlot::rpQueuedReplot);
    return written;
}

bool changesPlotStyle(const QEvent *event)
{
    return event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange;
}

} // namespace gdas::widgets
