#pragma once

#include <QFile>
#include <QImage>
#include <QSize>
#include <QString>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

// Exports through `exportFigure(path, size, error)` as SVG, PDF and PNG into a temporary folder
// and checks each file is what its suffix promises.
namespace gdas::widgets::testdata {

using ExportFunction = std::function<bool(const QString &path, QSize size, QString *error)>;

inline void checkFigureExports(const ExportFunction &exportFigure, QSize pngSize = QSize(900, 600))
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;

    const QString svg = dir.filePath(QStringLiteral("figure.svg"));
    QVERIFY2(exportFigure(svg, QSize(800, 500), &error), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY2(renderer.isValid(), "the SVG does not parse");
    QVERIFY(renderer.defaultSize().width() > 0);

    const QString pdf = dir.filePath(QStringLiteral("figure.pdf"));
    QVERIFY2(exportFigure(pdf, QSize(500, 320), &error), qPrintable(error));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QCOMPARE(pdfFile.read(5), QByteArray("%PDF-"));
    QVERIFY(pdfFile.size() > 1000);

    const QString png = dir.filePath(QStringLiteral("figure.png"));
    QVERIFY2(exportFigure(png, pngSize, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), pngSize);
    // Paper style: white corners, and something drawn besides white.
    QCOMPARE(QColor(image.pixel(0, 0)), QColor(Qt::white));
    bool drawn = false;
    for (int y = 0; y < image.height() && !drawn; y += 3)
        for (int x = 0; x < image.width() && !drawn; x += 3)
            drawn = qGray(image.pixel(x, y)) < 128;
    QVERIFY2(drawn, "the PNG holds no dark pixel: nothing was drawn");

    QVERIFY(!exportFigure(dir.filePath(QStringLiteral("figure.bmp")), QSize(100, 100), &error));
    QVERIFY2(error.contains(QStringLiteral("figure.bmp")), qPrintable(error));
}

} // namespace gdas::widgets::testdata
