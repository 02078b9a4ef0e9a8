#include "widgets/CellAnimation.h"

#include "widgets/CellGraphView.h"
#include "widgets/FigureWriter.h"
#include "widgets/GifWriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <optional>

namespace gdas::widgets {

namespace {

constexpr double kMargin = 14.0;  // around the frame and between the cells, in points
constexpr double kTitleSize = 15; // the run's name, pixels at one pixel per point
constexpr double kCellTitleSize = 13;
constexpr double kCaptionSize = 13;

bool hasReductionCell(const model::Genotype &genotype)
{
    return genotype.space == model::SpaceKind::Darts && !genotype.reduce.empty();
}

// Where everything sits in a frame, in points; the same for every frame.
struct FrameGeometry {
    QSizeF natural;       // the whole frame
    bool stacked = false; // reduction cell below the normal one, else beside it
    QSizeF normalSlot;    // the largest normal cell of any epoch
    QSizeF reductionSlot; // empty without a reduction cell
    double titleHeight = 0;
    double cellTitleHeight = 0;
    double captionHeight = 0;
};

} // namespace

struct CellAnimation::Impl {
    std::vector<model::EpochRecord> epochs;
    QString runName;
    int plannedEpochs = 0;
    Options options;
    bool reduction = false;
    // Laid out once; reused for every frame.
    mutable CellGraphView normalView;
    mutable CellGraphView reductionView;
    mutable std::optional<FrameGeometry> geometry;

    void show(int index) const
    {
        const model::EpochRecord &record = epochs[static_cast<std::size_t>(index)];
        normalView.setCell(record.genotype, false, &record.normal);
        if (reduction && hasReductionCell(record.genotype))
            reductionView.setCell(record.genotype, true, &record.reduce);
        else
            reductionView.clearCell();
    }

    QString normalTitle() const
    {
        return reduction ? QCoreApplication::translate("gdas::widgets::CellAnimation", "Normal cell")
                         : QCoreApplication::translate("gdas::widgets::CellAnimation", "Cell");
    }
    QString reductionTitle() const
    {
        return QCoreApplication::translate("gdas::widgets::CellAnimation", "Reduction cell");
    }

    QString caption(int index) const
    {
        const model::EpochRecord &record = epochs[static_cast<std::size_t>(index)];
        // The record numbers epochs from 0, as the engine and the official code do.
        const int total = std::max(plannedEpochs, epochs.back().epoch + 1);
        return QCoreApplication::translate("gdas::widgets::CellAnimation", "epoch %1 / %2  (τ = %3)")
            .arg(record.epoch + 1)
            .arg(total)
            .arg(record.tau, 0, 'f', 3);
    }

    // Lays out every epoch to find the largest cells; false when `progress` cancelled.
    bool measure(const Progress &progress, int total) const
    {
        if (geometry)
            return true;
        QSizeF normalMax, reductionMax;
        for (int i = 0; i < static_cast<int>(epochs.size()); ++i) {
            show(i);
            normalMax = normalMax.expandedTo(normalView.cellSize());
            if (reductionView.hasCell())
                reductionMax = reductionMax.expandedTo(reductionView.cellSize());
            if (progress && !progress(i + 1, total))
                return false;
        }
        FrameGeometry g;
        g.normalSlot = normalMax;
        g.reductionSlot = reduction ? reductionMax : QSizeF();
        g.titleHeight = runName.isEmpty() ? 0.0 : QFontMetricsF(figureFont(kTitleSize, true)).height() * 1.6;
        g.cellTitleHeight = QFontMetricsF(figureFont(kCellTitleSize, true)).height() * 1.5;
        const QFontMetricsF captionMetrics(figureFont(kCaptionSize, false));
        g.captionHeight = captionMetrics.height() * 1.6;

        double textWidth = QFontMetricsF(figureFont(kTitleSize, true)).horizontalAdvance(runName);
        for (int i = 0; i < static_cast<int>(epochs.size()); ++i)
            textWidth = std::max(textWidth, captionMetrics.horizontalAdvance(caption(i)));
        auto frameOf = [&](QSizeF cells) {
            return QSizeF(std::max(cells.width(), textWidth) + 2 * kMargin,
                          cells.height() + g.titleHeight + g.captionHeight + 2 * kMargin);
        };
        const QSizeF single(g.normalSlot.width(), g.cellTitleHeight + g.normalSlot.height());
        if (!reduction) {
            g.natural = frameOf(single);
        } else {
            // DARTS cells are wide: one above the other usually makes the frame nearer a
            // screen's shape than side by side. Take whichever is nearer 4:3.
            const QSizeF below(std::max(g.normalSlot.width(), g.reductionSlot.width()),
                               2 * g.cellTitleHeight + g.normalSlot.height() + kMargin + g.reductionSlot.height());
            const QSizeF beside(g.normalSlot.width() + kMargin + g.reductionSlot.width(),
                                g.cellTitleHeight + std::max(g.normalSlot.height(), g.reductionSlot.height()));
            auto misfit = [&](QSizeF cells) {
                const QSizeF frame = frameOf(cells);
                return std::abs(std::log(frame.width() / frame.height() / (4.0 / 3.0)));
            };
            g.stacked = misfit(below) <= misfit(beside);
            g.natural = frameOf(g.stacked ? below : beside);
        }
        geometry = g;
        return true;
    }

    QSize pixelSize() const
    {
        if (!options.frameSize.isEmpty())
            return options.frameSize;
        return QSize(static_cast<int>(std::ceil(geometry->natural.width() * kPixelsPerPoint)),
                     static_cast<int>(std::ceil(geometry->natural.height() * kPixelsPerPoint)));
    }

    // Frame `index`; the epoch's cells must be shown (show(index)).
    QImage draw(int index) const
    {
        const FrameGeometry &g = *geometry;
        const QSize size = pixelSize();
        QImage image(size, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        const double scale = std::min(size.width() / g.natural.width(), size.height() / g.natural.height());
        painter.translate((size.width() - g.natural.width() * scale) / 2,
                          (size.height() - g.natural.height() * scale) / 2);
        painter.scale(scale, scale);

        const QRectF area(kMargin, kMargin, g.natural.width() - 2 * kMargin, g.natural.height() - 2 * kMargin);
        painter.setPen(Qt::black);
        if (!runName.isEmpty()) {
            painter.setFont(figureFont(kTitleSize, true));
            painter.drawText(QRectF(area.left(), area.top(), area.width(), g.titleHeight), Qt::AlignCenter, runName);
        }
        // A cell at its own laid-out size (the one scale of every frame), centred in its slot.
        auto drawCell = [&](const CellGraphView &view, const QString &title, QPointF slotTopLeft, QSizeF slot) {
            painter.setPen(Qt::black);
            painter.setFont(figureFont(kCellTitleSize, true));
            painter.drawText(QRectF(slotTopLeft, QSizeF(slot.width(), g.cellTitleHeight)), Qt::AlignCenter, title);
            if (!view.hasCell())
                return;
            const QSizeF cell = view.cellSize();
            const QPointF topLeft(slotTopLeft.x() + (slot.width() - cell.width()) / 2,
                                  slotTopLeft.y() + g.cellTitleHeight + (slot.height() - cell.height()) / 2);
            view.renderCell(painter, QRectF(topLeft, cell), true);
        };
        const double top = area.top() + g.titleHeight;
        if (!reduction) {
            drawCell(normalView, normalTitle(), QPointF(area.left(), top), QSizeF(area.width(), g.normalSlot.height()));
        } else if (g.stacked) {
            drawCell(normalView, normalTitle(), QPointF(area.left(), top), QSizeF(area.width(), g.normalSlot.height()));
            drawCell(reductionView, reductionTitle(),
                     QPointF(area.left(), top + g.cellTitleHeight + g.normalSlot.height() + kMargin),
                     QSizeF(area.width(), g.reductionSlot.height()));
        } else {
            const double cellsWidth = g.normalSlot.width() + kMargin + g.reductionSlot.width();
            const double left = area.left() + (area.width() - cellsWidth) / 2;
            const double height = std::max(g.normalSlot.height(), g.reductionSlot.height());
            drawCell(normalView, normalTitle(), QPointF(left, top), QSizeF(g.normalSlot.width(), height));
            drawCell(reductionView, reductionTitle(), QPointF(left + g.normalSlot.width() + kMargin, top),
                     QSizeF(g.reductionSlot.width(), height));
        }
        painter.setPen(QColor(0x44, 0x44, 0x44));
        painter.setFont(figureFont(kCaptionSize, false));
        painter.drawText(QRectF(area.left(), area.bottom() - g.captionHeight, area.width(), g.captionHeight),
                         Qt::AlignCenter, caption(index));
        return image;
    }
};

CellAnimation::CellAnimation(const model::RunRecord &record)
    : CellAnimation(record.epochs,
                    !record.name.empty() ? QString::fromStdString(record.name)
                                         : QFileInfo(QString::fromStdString(record.directory)).fileName(),
                    record.plannedEpochs)
{}

CellAnimation::CellAnimation(std::vector<model::EpochRecord> epochs, QString runName, int plannedEpochs)
    : d(std::make_unique<Impl>())
{
    d->epochs = std::move(epochs);
    d->runName = std::move(runName);
    d->plannedEpochs = plannedEpochs;
    d->reduction = std::any_of(d->epochs.begin(), d->epochs.end(),
                               [](const model::EpochRecord &e) { return hasReductionCell(e.genotype); });
}

CellAnimation::~CellAnimation() = default;

void CellAnimation::setOptions(const Options &options) { d->options = options; }

const CellAnimation::Options &CellAnimation::options() const { return d->options; }

int CellAnimation::frameCount() const { return static_cast<int>(d->epochs.size()); }

QString CellAnimation::runName() const { return d->runName; }

QString CellAnimation::caption(int index) const
{
    if (index < 0 || index >= frameCount())
        return {};
    return d->caption(index);
}

QSize CellAnimation::frameSize(const Progress &progress) const
{
    if (d->epochs.empty() || !d->measure(progress, 2 * frameCount()))
        return {};
    return d->pixelSize();
}

QImage CellAnimation::frame(int index) const
{
    if (index < 0 || index >= frameCount() || !d->measure({}, 0))
        return {};
    d->show(index);
    return d->draw(index);
}

bool CellAnimation::write(const QString &path, bool overwrite, QString *error, const Progress &progress,
                          bool *cancelled) const
{
    if (cancelled)
        *cancelled = false;
    if (d->epochs.empty()) {
        if (error)
            *error =
                QCoreApplication::translate("gdas::widgets::CellAnimation",
                                            "%1: the run has no epoch on record yet, so there is nothing to animate")
                    .arg(QDir::toNativeSeparators(path));
        return false;
    }
    const int total = 2 * frameCount();
    auto stop = [&] {
        if (cancelled)
            *cancelled = true;
        if (error)
            *error = QCoreApplication::translate("gdas::widgets::CellAnimation", "%1: cancelled; nothing was written")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    };
    if (!d->measure(progress, total))
        return stop();
    GifWriter writer(path, d->pixelSize(), d->options.loop, overwrite);
    if (!writer.open(error))
        return false;
    for (int i = 0; i < frameCount(); ++i) {
        d->show(i);
        const int delay =
            i + 1 == frameCount() ? std::max(d->options.lastFrameDelay, d->options.frameDelay) : d->options.frameDelay;
        if (!writer.addFrame(d->draw(i), delay, error))
            return false;
        if (progress && !progress(frameCount() + i + 1, total))
            return stop(); // the writer's destructor drops the unfinished file
    }
    return writer.finish(error);
}

} // namespace gdas::widgets
