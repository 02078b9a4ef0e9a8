#pragma once

#include "model/RunRecord.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace gdas::widgets {

// How a search's cells evolved, as an animated GIF: one frame per recorded epoch, each the
// normal cell (and the reduction cell where the space has one) drawn by CellGraphView in paper
// style on white, under the run's name and over "epoch k / N". Every frame has one size and one
// scale, so the labels keep their size from frame to frame: the frame fits the largest cell of
// any epoch. The last frame stays longer. Needs a QApplication (the cells are laid out by
// widgets); runs on the GUI thread.
class CellAnimation {
public:
    struct Options {
        QSize frameSize;          // empty: the cells at their natural size (kPixelsPerPoint)
        int frameDelay = 50;      // centiseconds each epoch stays
        int lastFrameDelay = 300; // the final cell stays this long
        bool loop = true;
    };
    // Pixels per Graphviz point when Options::frameSize is empty: edge labels 16 px high.
    static constexpr double kPixelsPerPoint = 1.5;

    // Called as the work goes on: `done` of `total` steps (each epoch is laid out, then drawn).
    // Returning false cancels.
    using Progress = std::function<bool(int done, int total)>;

    // The epochs, name and planned epoch count of a run (read from disk or followed live); the
    // name falls back to the run directory's folder name.
    explicit CellAnimation(const model::RunRecord &record);
    CellAnimation(std::vector<model::EpochRecord> epochs, QString runName, int plannedEpochs);
    ~CellAnimation();
    CellAnimation(const CellAnimation &) = delete;
    CellAnimation &operator=(const CellAnimation &) = delete;

    void setOptions(const Options &options);
    const Options &options() const;

    int frameCount() const;
    QString runName() const;
    QString caption(int index) const; // "epoch k / N  (τ = …)"
    // Lays every epoch out once, the first time it is needed; false when `progress` cancelled.
    QSize frameSize(const Progress &progress = {}) const;
    QImage frame(int index) const;

    // Writes the GIF through GifWriter (a temporary file beside `path`, renamed at the end;
    // `overwrite` as there). False and `error` naming `path` when it fails or there is no epoch;
    // false with `*cancelled` set when `progress` said stop, and nothing was written then.
    bool write(const QString &path, bool overwrite, QString *error, const Progress &progress = {},
               bool *cancelled = nullptr) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gdas::widgets
