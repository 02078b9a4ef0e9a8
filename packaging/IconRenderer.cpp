// gdas_icon_renderer SVG OUT_DIR NAME SIZE...
// Renders the application icon into the hicolor layout (OUT_DIR/<N>x<N>/apps/NAME.png) at build
// time, so the PNGs always match the SVG and none are kept in the repository.
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: gdas_icon_renderer SVG OUT_DIR NAME SIZE...\n");
        return 2;
    }
    const QString svgPath = QString::fromLocal8Bit(argv[1]);
    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "gdas_icon_renderer: %s: not a readable SVG file\n", argv[1]);
        return 1;
    }
    const QDir outDir(QString::fromLocal8Bit(argv[2]));
    const QString name = QString::fromLocal8Bit(argv[3]);
    for (int i = 4; i < argc; ++i) {
        bool ok = false;
        const int side = QString::fromLatin1(argv[i]).toInt(&ok);
        if (!ok || side <= 0 || side > 4096) {
            std::fprintf(stderr, "gdas_icon_renderer: '%s' is not an icon size\n", argv[i]);
            return 2;
        }
        QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            renderer.render(&painter, QRectF(0, 0, side, side));
        }
        const QString folder = QStringLiteral("%1x%1/apps").arg(side);
        if (!outDir.mkpath(folder)) {
            std::fprintf(stderr, "gdas_icon_renderer: cannot create %s\n", qPrintable(outDir.filePath(folder)));
            return 1;
        }
        const QString file = outDir.filePath(folder + QLatin1Char('/') + name + QStringLiteral(".png"));
        if (!image.save(file, "PNG")) {
            std::fprintf(stderr, "gdas_icon_renderer: cannot write %s\n", qPrintable(file));
            return 1;
        }
    }
    return 0;
}
