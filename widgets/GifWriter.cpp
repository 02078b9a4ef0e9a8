#include "widgets/GifWriter.h"

#include "widgets/ErrorMessage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QRect>
#include <QSaveFile>

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>

namespace gdas::widgets {

namespace {

// Where giflib's bytes go: a buffer in front of the temporary file (opened unbuffered, so that a
// short write is retried and a full disk reports its reason), and the system's words when a
// write fails.
struct ByteSink {
    QSaveFile *file = nullptr;
    QByteArray buffer;
    QString error;

    bool put(const GifByteType *bytes, int length)
    {
        buffer.append(reinterpret_cast<const char *>(bytes), length);
        return buffer.size() < (1 << 16) || flush();
    }
    bool flush()
    {
        qint64 done = 0;
        while (done < buffer.size()) {
            const qint64 written = file->write(buffer.constData() + done, buffer.size() - done);
            if (written <= 0) {
                if (error.isEmpty())
                    error = file->errorString();
                buffer.clear();
                return false;
            }
            done += written;
        }
        buffer.clear();
        return true;
    }
};

int writeBytes(GifFileType *gif, const GifByteType *bytes, int length)
{
    auto *sink = static_cast<ByteSink *>(gif->UserData);
    return sink->put(bytes, length) ? length : 0;
}

struct ColorMapDeleter {
    void operator()(ColorMapObject *map) const { GifFreeMapObject(map); }
};

// A frame (or the part of it that changed) as palette indices.
struct IndexedPixels {
    std::vector<GifByteType> indices; // width × height
    std::vector<GifColorType> colours;
};

// Exact colours when the image has at most 256 of them (a drawing on a plain background often
// has). Else giflib's median cut gives the first palette; it works on 5 bits per channel (white
// would come out as (248, 248, 248)), so four rounds of k-means follow: each entry moves to the
// mean of the colours it stands for, each colour goes to its nearest entry. They work on the
// distinct colours, a few thousand in a drawing, not on every pixel.
bool quantize(const QImage &rgb, IndexedPixels &out)
{
    const int width = rgb.width();
    const int height = rgb.height();
    const std::size_t count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    out.indices.assign(count, 0);
    out.colours.clear();

    // Every distinct colour with its pixel count; `slot` becomes its palette index.
    struct Entry {
        std::uint64_t pixels = 0;
        int slot = 0;
    };
    std::unordered_map<QRgb, Entry> histogram;
    QRgb lastColour = 0;
    Entry *last = nullptr;
    for (int y = 0; y < height; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < width; ++x) {
            const QRgb colour = line[x] & 0x00ffffffu;
            if (!last || colour != lastColour) {
                last = &histogram[colour];
                lastColour = colour;
            }
            ++last->pixels;
        }
    }

    auto fill = [&] {
        last = nullptr;
        for (int y = 0; y < height; ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
            GifByteType *row = out.indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
            for (int x = 0; x < width; ++x) {
                const QRgb colour = line[x] & 0x00ffffffu;
                if (!last || colour != lastColour) {
                    last = &histogram[colour];
                    lastColour = colour;
                }
                row[x] = static_cast<GifByteType>(last->slot);
            }
        }
    };
    auto toGif = [](QRgb c) {
        return GifColorType{static_cast<GifByteType>(qRed(c)), static_cast<GifByteType>(qGreen(c)),
                            static_cast<GifByteType>(qBlue(c))};
    };

    if (histogram.size() <= 256) {
        for (auto &[colour, entry] : histogram) {
            entry.slot = static_cast<int>(out.colours.size());
            out.colours.push_back(toGif(colour));
        }
        fill();
        return true;
    }

    std::vector<GifByteType> red(count), green(count), blue(count);
    for (int y = 0; y < height; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        const std::size_t offset = static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
        for (int x = 0; x < width; ++x) {
            red[offset + x] = static_cast<GifByteType>(qRed(line[x]));
            green[offset + x] = static_cast<GifByteType>(qGreen(line[x]));
            blue[offset + x] = static_cast<GifByteType>(qBlue(line[x]));
        }
    }
    std::vector<GifColorType> map(256, GifColorType{0, 0, 0});
    int mapSize = 256;
    if (GifQuantizeBuffer(static_cast<unsigned>(width), static_cast<unsigned>(height), &mapSize, red.data(),
                          green.data(), blue.data(), out.indices.data(), map.data()) != GIF_OK)
        return false;
    // The median cut's choice for each distinct colour (all pixels of one colour share it).
    for (int y = 0; y < height; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        const GifByteType *row = out.indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
        for (int x = 0; x < width; ++x)
            histogram[line[x] & 0x00ffffffu].slot = row[x];
    }

    std::vector<std::array<double, 3>> centres(256);
    for (int k = 0; k < 256; ++k)
        centres[static_cast<std::size_t>(k)] = {double(map[std::size_t(k)].Red), double(map[std::size_t(k)].Green),
                                                double(map[std::size_t(k)].Blue)};
    std::vector<bool> used(256, false);
    for (int round = 0; round < 4; ++round) {
        std::vector<std::array<double, 4>> sums(256, {0.0, 0.0, 0.0, 0.0});
        for (const auto &[colour, entry] : histogram) {
            std::array<double, 4> &sum = sums[static_cast<std::size_t>(entry.slot)];
            const double n = static_cast<double>(entry.pixels);
            sum[0] += n * qRed(colour);
            sum[1] += n * qGreen(colour);
            sum[2] += n * qBlue(colour);
            sum[3] += n;
        }
        for (std::size_t k = 0; k < 256; ++k) {
            used[k] = sums[k][3] > 0;
            if (used[k])
                centres[k] = {sums[k][0] / sums[k][3], sums[k][1] / sums[k][3], sums[k][2] / sums[k][3]};
        }
        for (auto &[colour, entry] : histogram) {
            double best = -1.0;
            for (std::size_t k = 0; k < 256; ++k) {
                if (!used[k])
                    continue;
                const double dr = centres[k][0] - qRed(colour);
                const double dg = centres[k][1] - qGreen(colour);
                const double db = centres[k][2] - qBlue(colour);
                const double distance = dr * dr + dg * dg + db * db;
                if (best < 0 || distance < best) {
                    best = distance;
                    entry.slot = static_cast<int>(k);
                }
            }
        }
    }
    // The entries in use, numbered from 0, at their final means.
    std::vector<int> renumber(256, -1);
    std::vector<std::array<double, 4>> sums(256, {0.0, 0.0, 0.0, 0.0});
    for (auto &[colour, entry] : histogram) {
        std::size_t k = static_cast<std::size_t>(entry.slot);
        if (renumber[k] < 0) {
            renumber[k] = static_cast<int>(out.colours.size());
            out.colours.push_back({});
        }
        std::array<double, 4> &sum = sums[static_cast<std::size_t>(renumber[k])];
        const double n = static_cast<double>(entry.pixels);
        sum[0] += n * qRed(colour);
        sum[1] += n * qGreen(colour);
        sum[2] += n * qBlue(colour);
        sum[3] += n;
        entry.slot = renumber[k];
    }
    for (std::size_t k = 0; k < out.colours.size(); ++k) {
        auto mean = [&](int channel) {
            return static_cast<GifByteType>(std::lround(sums[k][std::size_t(channel)] / sums[k][3]));
        };
        out.colours[k] = {mean(0), mean(1), mean(2)};
    }
    fill();
    return true;
}

// The smallest rectangle holding every pixel in which `current` differs from `previous`; one
// pixel when none does (a GIF frame cannot be empty).
QRect changedRect(const QImage &previous, const QImage &current)
{
    const int width = current.width();
    int top = -1, bottom = -1, left = width, right = -1;
    for (int y = 0; y < current.height(); ++y) {
        const auto *before = reinterpret_cast<const QRgb *>(previous.constScanLine(y));
        const auto *now = reinterpret_cast<const QRgb *>(current.constScanLine(y));
        if (std::memcmp(before, now, static_cast<std::size_t>(width) * sizeof(QRgb)) == 0)
            continue;
        if (top < 0)
            top = y;
        bottom = y;
        int first = 0;
        while (first < width && before[first] == now[first])
            ++first;
        int last = width - 1;
        while (last > first && before[last] == now[last])
            --last;
        left = std::min(left, first);
        right = std::max(right, last);
    }
    if (top < 0)
        return QRect(0, 0, 1, 1);
    return QRect(left, top, right - left + 1, bottom - top + 1);
}

// Opaque RGB32: what a GIF without transparency shows, transparent parts on white.
QImage opaque(const QImage &image)
{
    if (!image.hasAlphaChannel())
        return image.convertToFormat(QImage::Format_RGB32);
    QImage flat(image.size(), QImage::Format_RGB32);
    flat.fill(Qt::white);
    QPainter painter(&flat);
    painter.drawImage(0, 0, image);
    return flat;
}

int colourTableSize(std::size_t colours)
{
    int size = 2;
    while (static_cast<std::size_t>(size) < colours)
        size *= 2;
    return size;
}

} // namespace

struct GifWriter::State {
    explicit State(const QString &target) : path(target), file(target) {}

    QString path;
    QSize size;
    bool loop = true;
    bool overwrite = false;
    QSaveFile file;
    ByteSink sink;
    GifFileType *gif = nullptr;
    QImage previous;
    int frames = 0;

    QString nativePath() const { return QDir::toNativeSeparators(path); }
    // giflib's words for `code`, and the system's when a write failed.
    QString gifError(int code) const
    {
        QString reason = QString::fromUtf8(GifErrorString(code) ? GifErrorString(code) : "unknown giflib error");
        if (!sink.error.isEmpty())
            reason += QStringLiteral(": ") + sink.error;
        return QCoreApplication::translate("gdas::widgets::GifWriter", "%1: cannot write the GIF (%2)")
            .arg(nativePath(), reason);
    }
    // Drops the unfinished file: the temporary file is removed, `path` is untouched.
    void abandon()
    {
        if (gif) {
            int ignored = 0;
            EGifCloseFile(gif, &ignored);
            gif = nullptr;
        }
        sink.buffer.clear();
        // commit() after cancelWriting() removes the temporary file and touches nothing else.
        if (file.isOpen()) {
            file.cancelWriting();
            file.commit();
        }
    }
    bool failGif(QString *error)
    {
        const QString message = gifError(gif ? gif->Error : 0);
        abandon();
        return failWith(error, message);
    }
};

GifWriter::GifWriter(const QString &path, QSize size, bool loop, bool overwrite) : d(std::make_unique<State>(path))
{
    d->size = size;
    d->loop = loop;
    d->overwrite = overwrite;
    d->sink.file = &d->file;
}

GifWriter::~GifWriter() { d->abandon(); }

int GifWriter::frameCount() const { return d->frames; }

bool GifWriter::open(QString *error)
{
    const QString path = d->nativePath();
    if (d->gif || d->file.isOpen())
        return failWith(
            error, QCoreApplication::translate("gdas::widgets::GifWriter", "%1: the GIF is already open").arg(path));
    if (d->size.width() <= 0 || d->size.height() <= 0 || d->size.width() > 65535 || d->size.height() > 65535)
        return failWith(error,
                        QCoreApplication::translate("gdas::widgets::GifWriter", "%1: a GIF cannot be %2×%3 pixels")
                            .arg(path)
                            .arg(d->size.width())
                            .arg(d->size.height()));
    const QFileInfo target(d->path);
    if (target.isDir())
        return failWith(
            error,
            QCoreApplication::translate("gdas::widgets::GifWriter", "%1 is a folder; name a file to write").arg(path));
    if (!d->overwrite && target.exists())
        return failWith(error, QCoreApplication::translate("gdas::widgets::GifWriter",
                                                           "%1 exists; choose another file name or let it be replaced")
                                   .arg(path));
    if (!d->file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return failWith(error, QCoreApplication::translate("gdas::widgets::GifWriter", "%1: cannot write the file (%2)")
                                   .arg(path, d->file.errorString()));
    int code = 0;
    d->gif = EGifOpen(&d->sink, writeBytes, &code);
    if (!d->gif) {
        const QString message = d->gifError(code);
        d->abandon();
        return failWith(error, message);
    }
    // GIF89a: the delays and the loop need its extensions.
    EGifSetGifVersion(d->gif, true);
    if (EGifPutScreenDesc(d->gif, d->size.width(), d->size.height(), 8, 0, nullptr) == GIF_ERROR)
        return d->failGif(error);
    if (d->loop) {
        // The NETSCAPE2.0 application extension, sub-block 1: loop count 0, i.e. forever.
        static const char application[] = "NETSCAPE2.0";
        static const unsigned char loopForever[3] = {1, 0, 0};
        if (EGifPutExtensionLeader(d->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
            EGifPutExtensionBlock(d->gif, 11, application) == GIF_ERROR ||
            EGifPutExtensionBlock(d->gif, 3, loopForever) == GIF_ERROR || EGifPutExtensionTrailer(d->gif) == GIF_ERROR)
            return d->failGif(error);
    }
    return true;
}

bool GifWriter::addFrame(const QImage &image, int delay, QString *error)
{
    const QString path = d->nativePath();
    if (!d->gif)
        return failWith(error,
                        QCoreApplication::translate("gdas::widgets::GifWriter", "%1: the GIF is not open").arg(path));
    if (image.size() != d->size) {
        const QString message =
            QCoreApplication::translate("gdas::widgets::GifWriter", "%1: frame %2 is %3×%4 pixels, the GIF %5×%6")
                .arg(path)
                .arg(d->frames + 1)
                .arg(image.width())
                .arg(image.height())
                .arg(d->size.width())
                .arg(d->size.height());
        d->abandon();
        return failWith(error, message);
    }
    QImage frame = opaque(image);
    const QRect rect = d->frames == 0 ? frame.rect() : changedRect(d->previous, frame);
    IndexedPixels pixels;
    if (!quantize(rect == frame.rect() ? frame : frame.copy(rect), pixels)) {
        const QString message =
            QCoreApplication::translate("gdas::widgets::GifWriter", "%1: cannot reduce frame %2 to 256 colours")
                .arg(path)
                .arg(d->frames + 1);
        d->abandon();
        return failWith(error, message);
    }

    // Each frame stays on the canvas under the next, which stores only what changed.
    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.UserInputFlag = false;
    control.DelayTime = std::clamp(delay, 0, 65535);
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4] = {};
    const size_t extensionLength = EGifGCBToExtension(&control, extension);
    if (EGifPutExtension(d->gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(extensionLength), extension) == GIF_ERROR)
        return d->failGif(error);

    std::vector<GifColorType> table = pixels.colours;
    table.resize(static_cast<std::size_t>(colourTableSize(table.size())), GifColorType{0, 0, 0});
    const std::unique_ptr<ColorMapObject, ColorMapDeleter> map(
        GifMakeMapObject(static_cast<int>(table.size()), table.data()));
    if (!map) {
        d->abandon();
        return failWith(error, QCoreApplication::translate("gdas::widgets::GifWriter", "%1: cannot write the GIF (%2)")
                                   .arg(path, QString::fromUtf8(GifErrorString(E_GIF_ERR_NOT_ENOUGH_MEM))));
    }
    if (EGifPutImageDesc(d->gif, rect.x(), rect.y(), rect.width(), rect.height(), false, map.get()) == GIF_ERROR)
        return d->failGif(error);
    for (int y = 0; y < rect.height(); ++y) {
        GifPixelType *row =
            pixels.indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(rect.width());
        if (EGifPutLine(d->gif, row, rect.width()) == GIF_ERROR)
            return d->failGif(error);
    }
    d->previous = std::move(frame);
    ++d->frames;
    return true;
}

bool GifWriter::finish(QString *error)
{
    const QString path = d->nativePath();
    if (!d->gif)
        return failWith(error,
                        QCoreApplication::translate("gdas::widgets::GifWriter", "%1: the GIF is not open").arg(path));
    if (d->frames == 0) {
        d->abandon();
        return failWith(
            error, QCoreApplication::translate("gdas::widgets::GifWriter", "%1: an animation needs at least one frame")
                       .arg(path));
    }
    int code = 0;
    GifFileType *gif = std::exchange(d->gif, nullptr);
    if (EGifCloseFile(gif, &code) == GIF_ERROR) {
        const QString message = d->gifError(code);
        d->abandon();
        return failWith(error, message);
    }
    // The last bytes still sit in the buffer: a full disk may show only here.
    if (!d->sink.flush()) {
        const QString message =
            QCoreApplication::translate("gdas::widgets::GifWriter", "%1: cannot write the file (%2)")
                .arg(path, d->sink.error);
        d->abandon();
        return failWith(error, message);
    }
    // Checked again at the end: the file may have appeared while the frames were drawn.
    if (!d->overwrite && QFileInfo::exists(d->path)) {
        d->abandon();
        return failWith(error, QCoreApplication::translate("gdas::widgets::GifWriter",
                                                           "%1 exists; choose another file name or let it be replaced")
                                   .arg(path));
    }
    if (!d->file.commit())
        return failWith(error, QCoreApplication::translate("gdas::widgets::GifWriter", "%1: cannot write the file (%2)")
                                   .arg(path, d->file.errorString()));
    d->previous = QImage();
    return true;
}

bool writeGif(const QString &path, const std::vector<GifFrame> &frames, bool loop, bool overwrite, QString *error)
{
    if (frames.empty())
        return failWith(
            error, QCoreApplication::translate("gdas::widgets::GifWriter", "%1: an animation needs at least one frame")
                       .arg(QDir::toNativeSeparators(path)));
    GifWriter writer(path, frames.front().image.size(), loop, overwrite);
    if (!writer.open(error))
        return false;
    for (const GifFrame &frame : frames)
        if (!writer.addFrame(frame.image, frame.delay, error))
            return false;
    return writer.finish(error);
}

} // namespace gdas::widgets
