#pragma once

#include <QFile>
#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

#include <gif_lib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

// An animated GIF read back with giflib's DGifSlurp, each frame composited onto the ones before
// it the way a viewer shows them (the writer stores only the rectangle that changed).
namespace gdas::testing {

struct GifContents {
    bool ok = false;
    QString error;
    QSize size;                 // the logical screen
    std::vector<QImage> frames; // as shown, RGB32
    std::vector<QRect> rects;   // the part each frame stores
    std::vector<int> delays;    // centiseconds; -1 without a graphics control extension
    std::vector<int> disposals;
    bool loops = false; // a NETSCAPE2.0 extension before the first frame
    int loopCount = -1; // its count (0: forever)
};

inline GifContents readGif(const QString &path)
{
    GifContents out;
    int code = 0;
    GifFileType *gif = DGifOpenFileName(QFile::encodeName(path).constData(), &code);
    if (!gif) {
        out.error = QString::fromUtf8(GifErrorString(code));
        return out;
    }
    if (DGifSlurp(gif) != GIF_OK) {
        out.error = QString::fromUtf8(GifErrorString(gif->Error));
        DGifCloseFile(gif, &code);
        return out;
    }
    out.size = QSize(gif->SWidth, gif->SHeight);
    QImage canvas(out.size, QImage::Format_RGB32);
    canvas.fill(Qt::black);
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage &image = gif->SavedImages[i];
        for (int k = 0; k + 1 < image.ExtensionBlockCount; ++k) {
            const ExtensionBlock &block = image.ExtensionBlocks[k];
            const ExtensionBlock &next = image.ExtensionBlocks[k + 1];
            if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11 &&
                std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0 && next.Function == CONTINUE_EXT_FUNC_CODE &&
                next.ByteCount >= 3 && next.Bytes[0] == 1) {
                out.loops = i == 0;
                out.loopCount = next.Bytes[1] | (next.Bytes[2] << 8);
            }
        }
        GraphicsControlBlock control{};
        const bool hasControl = DGifSavedExtensionToGCB(gif, i, &control) == GIF_OK;
        out.delays.push_back(hasControl ? control.DelayTime : -1);
        out.disposals.push_back(hasControl ? control.DisposalMode : -1);
        const GifImageDesc &desc = image.ImageDesc;
        out.rects.emplace_back(desc.Left, desc.Top, desc.Width, desc.Height);
        const ColorMapObject *map = desc.ColorMap ? desc.ColorMap : gif->SColorMap;
        if (!map || !QRect(QPoint(0, 0), out.size).contains(out.rects.back())) {
            out.error = QStringLiteral("frame %1: no colour table, or outside the screen").arg(i);
            DGifCloseFile(gif, &code);
            return out;
        }
        for (int y = 0; y < desc.Height; ++y)
            for (int x = 0; x < desc.Width; ++x) {
                const int index = image.RasterBits[y * desc.Width + x];
                if (index >= map->ColorCount) {
                    out.error = QStringLiteral("frame %1: index %2 past its colour table").arg(i).arg(index);
                    DGifCloseFile(gif, &code);
                    return out;
                }
                const GifColorType &c = map->Colors[index];
                canvas.setPixel(desc.Left + x, desc.Top + y, qRgb(c.Red, c.Green, c.Blue));
            }
        out.frames.push_back(canvas.copy());
    }
    DGifCloseFile(gif, &code);
    out.ok = true;
    return out;
}

// The largest and the mean difference of one colour channel between two images of one size.
struct ImageDifference {
    int max = 0;
    double mean = 0;
};

inline ImageDifference imageDifference(const QImage &a, const QImage &b)
{
    ImageDifference d;
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    if (x.size() != y.size())
        return {255, 255.0};
    double sum = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col) {
            const QRgb p = x.pixel(col, row);
            const QRgb q = y.pixel(col, row);
            const int channel =
                std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)), std::abs(qBlue(p) - qBlue(q))});
            d.max = std::max(d.max, channel);
            sum += channel;
        }
    d.mean = x.isNull() ? 0.0 : sum / (static_cast<double>(x.width()) * x.height());
    return d;
}

} // namespace gdas::testing
