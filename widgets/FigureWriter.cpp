#include "widgets/FigureWriter.h"

#include "widgets/ErrorMessage.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>

namespace gdas::widgets {

QFont figureFont(double pixelSize, bool bold)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(static_cast<int>(pixelSize));
    font.setBold(bold);
    return font;
}

QString figureFormat(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg") || suffix == QLatin1String("pdf") || suffix == QLatin1String("png"))
        return suffix;
    return {};
}

void describeSvgFigure(QSvgGenerator &generator, const QString &path, QSize size)
{
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(QFileInfo(path).completeBaseName());
    generator.setDescription(QStringLiteral("GDAS Workbench figure"));
}

// Begins painting an SVG or PDF figure: antialiased, on a white `page`.
static bool beginVectorFigure(QPainter &painter, QPaintDevice *device, const QRectF &page)
{
    if (!painter.begin(device))
        return false;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(page, Qt::white);
    return true;
}

bool writeFigure(const QString &path, QSize size, const FigurePainter &paint, QString *error)
{
    // A failure that names the file: `message` (marked for translation in this context) with %1.
    const auto fileFailure = [&](const char *message) {
        return failWith(error, QCoreApplication::translate("gdas::widgets::FigureWriter", message).arg(path));
    };
    const QString format = figureFormat(path);
    if (format.isEmpty())
        return fileFailure(
            QT_TRANSLATE_NOOP("gdas::widgets::FigureWriter", "%1: unknown figure format (use .svg, .pdf or .png)"));
    if (size.width() <= 0 || size.height() <= 0)
        return failWith(error,
                        QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: figure size %2×%3 is empty")
                            .arg(path)
                            .arg(size.width())
                            .arg(size.height()));
    const QRectF target(QPointF(0, 0), QSizeF(size));

    if (format == QLatin1String("svg")) {
        QSvgGenerator generator;
        describeSvgFigure(generator, path, size);
        QPainter painter;
        if (!beginVectorFigure(painter, &generator, target))
            return fileFailure(QT_TRANSLATE_NOOP("gdas::widgets::FigureWriter", "%1: cannot write the SVG file"));
        paint(painter, target);
        painter.end();
    } else if (format == QLatin1String("pdf")) {
        QPdfWriter writer(path);
        writer.setCreator(QStringLiteral("GDAS Workbench"));
        writer.setTitle(QFileInfo(path).completeBaseName());
        writer.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setResolution(72); // one device unit per point: the figure keeps its size
        const QRectF page(QPointF(0, 0), QSizeF(writer.width(), writer.height()));
        QPainter painter;
        if (!beginVectorFigure(painter, &writer, page))
            return fileFailure(QT_TRANSLATE_NOOP("gdas::widgets::FigureWriter", "%1: cannot write the PDF file"));
        paint(painter, page);
        if (!painter.end())
            return fileFailure(QT_TRANSLATE_NOOP("gdas::widgets::FigureWriter", "%1: writing the PDF file failed"));
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return failWith(
                error, QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: cannot allocate a %2×%3 image")
                           .arg(path)
                           .arg(size.width())
                           .arg(size.height()));
        image.fill(Qt::white);
        // Large bitmaps are drawn as a high-DPI rendering of a smaller page, so text and lines
        // keep the proportions they have in the vector formats.
        const qreal scale = std::max(1.0, std::min(size.width() / 1000.0, size.height() / 750.0));
        image.setDevicePixelRatio(scale);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            paint(painter, QRectF(QPointF(0, 0), QSizeF(size) / scale));
        }
        if (!image.save(path, "PNG"))
            return fileFailure(QT_TRANSLATE_NOOP("gdas::widgets::FigureWriter", "%1: cannot write the PNG file"));
    }
    if (!QFileInfo::exists(path))
        return fileFailure(QT_TRANSLATE_NOOP("gdas::widgets::FigureWriter", "%1: the figure was not written"));
    return true;
}

} // namespace gdas::widgets
