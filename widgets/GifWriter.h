#pragma once

#include <QImage>
#include <QSize>
#include <QString>

#include <memory>
#include <vector>

namespace gdas::widgets {

// One picture of an animation and how long it stays, in hundredths of a second (GIF's unit).
struct GifFrame {
    QImage image;
    int delay = 10;
};

// Writes an animated GIF with giflib, one frame at a time, so that a long animation never holds
// all its frames in memory. Each frame gets its own colour table of at most 256 colours: its
// exact colours when it has no more, else giflib's median cut with each entry moved to the mean
// of the pixels it stands for. A frame stores only the rectangle that changed since the one
// before. The file is written to a temporary file beside `path` (QSaveFile) and renamed into
// place by finish(): a write that fails or is abandoned leaves whatever was at `path` as it was.
// Errors name `path` and give giflib's and the system's words.
class GifWriter {
public:
    // `size`: every frame's size. `loop`: play forever (the NETSCAPE2.0 extension), else once.
    // `overwrite`: let finish() replace an existing file at `path`; otherwise it is refused.
    GifWriter(const QString &path, QSize size, bool loop, bool overwrite);
    ~GifWriter(); // an unfinished file is abandoned: the temporary file goes, `path` stays as it was
    GifWriter(const GifWriter &) = delete;
    GifWriter &operator=(const GifWriter &) = delete;

    bool open(QString *error);
    // `image` must have the size given above; transparent pixels are drawn over white.
    // `delay` in centiseconds (0 to 65535).
    bool addFrame(const QImage &image, int delay, QString *error);
    // Writes the end of the file and renames it into place; needs at least one frame.
    bool finish(QString *error);
    int frameCount() const;

private:
    struct State;
    std::unique_ptr<State> d;
};

// The whole animation in one call: every frame must have the first one's size.
bool writeGif(const QString &path, const std::vector<GifFrame> &frames, bool loop, bool overwrite, QString *error);

} // namespace gdas::widgets
