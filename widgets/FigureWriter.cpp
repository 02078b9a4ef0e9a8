#include "widgets/FigureWriter.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>

namespace gdas::widgets {

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

static bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool writeFigure(const QString &path, QSize size, const FigurePainter &paint, QString *error)
{
    const QString format = figureFormat(path);
    if (format.isEmpty())
        return fail(error, QCoreApplication::translate("gdas::widgets::FigureWriter",
                                                       "%1: unknown figure format (use .svg, .pdf or .png)")
                               .arg(path));
    if (size.width() <= 0 || size.height() <= 0)
        return fail(error, QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: figure size %2×%3 is empty")
                               .arg(path)
                               .arg(size.width())
                               .arg(size.height()));
    const QRectF target(QPointF(0, 0), QSizeF(size));

    if (format == QLatin1String("svg")) {
        QSvgGenerator generator;
        describeSvgFigure(generator, path, size);
        QPainter painter;
        if (!painter.begin(&generator))
            return fail(
                error,
                QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: cannot write the SVG file").arg(path));
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.fillRect(target, Qt::white);
        paint(painter, target);
        painter.end();
    } else if (format == QLatin1String("pdf")) {
        QPdfWriter writer(path);
        writer.setCreator(QStringLiteral("GDAS Workbench"));
        writer.setTitle(QFileInfo(path).completeBaseName());
        writer.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setResolution(72); // one device unit per point: the figure keeps its size
        QPainter painter;
        if (!painter.begin(&writer))
            return fail(
                error,
                QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: cannot write the PDF file").arg(path));
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        const QRectF page(QPointF(0, 0), QSizeF(writer.width(), writer.height()));
        painter.fillRect(page, Qt::white);
        paint(painter, page);
        if (!painter.end())
            return fail(error,
                        QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: writing the PDF file failed")
                            .arg(path));
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return fail(error,
                        QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: cannot allocate a %2×%3 image")
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
            return fail(
                error,
                QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: cannot write the PNG file").arg(path));
    }
    if (!QFileInfo::exists(path))
        return fail(
            error,
            QCoreApplication::translate("gdas::widgets::FigureWriter", "%1: the figure was not written").arg(path));
    return true;
}

} // namespace gdas::widgets
