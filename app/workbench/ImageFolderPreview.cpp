#include "ImageFolderPreview.h"

#include "engine/EngineError.h"
#include "engine/ImageFolder.h"

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <utility>

namespace gdas::app {

namespace {

constexpr int kThumbnail = 40; // pixels on screen per sample, whatever the image size
constexpr int kGap = 3;

// The engine's CHW bytes as a picture, enlarged (or shrunk) to the thumbnail size.
QImage toImage(const engine::DecodedImage &decoded)
{
    const int side = decoded.side;
    QImage image(side, side, decoded.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    const std::size_t plane = std::size_t(side) * std::size_t(side);
    for (int y = 0; y < side; ++y) {
        uchar *line = image.scanLine(y);
        for (int x = 0; x < side; ++x) {
            const std::size_t at = std::size_t(y) * side + x;
            if (decoded.channels == 1) {
                line[x] = decoded.pixels[at];
            } else {
                for (int c = 0; c < 3; ++c)
                    line[3 * x + c] = decoded.pixels[std::size_t(c) * plane + at];
            }
        }
    }
    // Nearest neighbour: the pixels the network sees, not a smoothed version of them.
    return image.scaled(kThumbnail, kThumbnail, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

} // namespace

// Runs on the worker thread: the engine's listing, then the samples, checking `cancel` between
// files.
ImageFolderPreview::Result ImageFolderPreview::readFolder(const QString &folder, int imageSize,
                                                          const std::atomic<bool> &cancel)
{
    ImageFolderPreview::Result result;
    result.folder = folder;
    result.imageSize = imageSize;
    engine::ImageFolderScan scan;
    try {
        scan = engine::scanImageFolder(QDir::fromNativeSeparators(folder).toStdString(),
                                       ImageFolderPreview::kSamplesPerClass, &cancel);
    } catch (const std::exception &e) {
        result.problem = QString::fromUtf8(e.what());
        result.summary = result.problem;
        return result;
    }
    const QString layout = scan.layout == "classes" ? tr("one folder per class, every 10th image held out for testing")
                           : scan.layout == "train" ? tr("train/ only, every 10th image held out for testing")
                                                    : tr("%1 folders").arg(QString::fromStdString(scan.layout));
    result.summary = tr("%n classes, ", nullptr, int(scan.classes.size())) +
                     tr("%1 training and %2 test images (%3), brought to %4×%4 pixels.")
                         .arg(scan.trainImages)
                         .arg(scan.testImages)
                         .arg(layout)
                         .arg(imageSize);
    if (scan.skippedFiles > 0)
        result.summary +=
            QLatin1Char(' ') +
            tr("%n other file(s) will be skipped (not .png, .jpg or .jpeg), e.g. %1.", nullptr, int(scan.skippedFiles))
                .arg(QDir::toNativeSeparators(QString::fromStdString(scan.firstSkipped)));
    for (std::size_t k = 0; k < scan.classes.size(); ++k) {
        const engine::ImageFolderClass &cls = scan.classes[k];
        ImageFolderPreview::Result::Row row;
        row.name = QString::fromStdString(cls.name);
        row.train = cls.trainImages;
        row.test = cls.testImages;
        if (int(k) < ImageFolderPreview::kThumbnailRows) {
            for (const std::string &file : cls.sampleFiles) {
                if (cancel)
                    return result;
                try {
                    row.thumbnails << toImage(engine::decodeImageFile(file, imageSize));
                } catch (const std::exception &e) {
                    // The search would stop at this file: say so now.
                    if (result.problem.isEmpty())
                        result.problem = QString::fromUtf8(e.what());
                    row.thumbnails << QImage();
                }
            }
        }
        result.rows << row;
    }
    if (!result.problem.isEmpty())
        result.summary += QLatin1Char(' ') + result.problem;
    return result;
}

ImageFolderPreview::ImageFolderPreview(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels({tr("Class"), tr("Training"), tr("Test"), tr("First training images")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setIconSize(QSize(kSamplesPerClass * (kThumbnail + kGap), kThumbnail));
    m_table->verticalHeader()->setDefaultSectionSize(kThumbnail + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(3 * (kThumbnail + 6) + 30);
    m_table->setToolTip(tr("The classes found (one sub-folder each) and their first images, decoded and "
                           "brought to the image size as the network will see them"));
    layout->addWidget(m_table, 1);
}

ImageFolderPreview::~ImageFolderPreview()
{
    cancelReading();
    for (QThread *worker : std::as_const(m_workers)) {
        worker->wait();
        delete worker;
    }
}

bool ImageFolderPreview::shows(const QString &folder, int imageSize) const
{
    return m_scanned && !m_reading && m_folder == folder && m_imageSize == imageSize;
}

QString ImageFolderPreview::summary() const { return m_summary->text(); }

void ImageFolderPreview::cancelReading()
{
    if (m_cancel)
        *m_cancel = true;
    m_cancel.reset();
    m_reading = false;
    ++m_generation;
}

void ImageFolderPreview::clear()
{
    cancelReading();
    m_scanned = false;
    m_folder.clear();
    m_problem.clear();
    m_classNames.clear();
    m_summary->clear();
    m_table->setRowCount(0);
}

void ImageFolderPreview::setFolder(const QString &folder, int imageSize)
{
    if (shows(folder, imageSize) || (m_reading && m_readingFolder == folder && m_readingSize == imageSize))
        return;
    cancelReading();
    if (folder.trimmed().isEmpty()) {
        Result empty;
        empty.folder = folder;
        empty.imageSize = imageSize;
        empty.problem = tr("Choose the folder that holds your images: one sub-folder per class of PNG or "
                           "JPEG files (or train/ and test/ folders holding such sub-folders).");
        empty.summary = empty.problem;
        apply(empty);
        return;
    }
    m_reading = true;
    m_readingFolder = folder;
    m_readingSize = imageSize;
    m_summary->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(folder)));
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const quint64 generation = m_generation;
    QThread *worker = QThread::create([this, folder, imageSize, cancel, generation] {
        const Result result = readFolder(folder, imageSize, *cancel);
        if (*cancel)
            return;
        // Queued to this object's thread; the destructor waits for this thread before the
        // object goes, and pending calls to a deleted object are dropped.
        QMetaObject::invokeMethod(
            this,
            [this, result, generation] {
                if (generation == m_generation)
                    apply(result);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, this, [this, worker] {
        m_workers.removeOne(worker);
        worker->deleteLater();
    });
    m_workers << worker;
    worker->start();
}

void ImageFolderPreview::apply(const Result &result)
{
    m_reading = false;
    m_cancel.reset();
    m_scanned = true;
    m_folder = result.folder;
    m_imageSize = result.imageSize;
    m_problem = result.problem;
    m_classNames.clear();
    m_summary->setText(result.summary);
    m_table->setRowCount(int(result.rows.size()));
    for (int row = 0; row < int(result.rows.size()); ++row) {
        const Result::Row &cls = result.rows[row];
        m_classNames << cls.name;
        m_table->setItem(row, 0, new QTableWidgetItem(cls.name));
        auto *train = new QTableWidgetItem(QString::number(cls.train));
        train->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 1, train);
        auto *test = new QTableWidgetItem(QString::number(cls.test));
        test->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 2, test);
        auto *samples = new QTableWidgetItem;
        if (!cls.thumbnails.isEmpty()) {
            QPixmap strip(kSamplesPerClass * (kThumbnail + kGap), kThumbnail);
            strip.fill(Qt::transparent);
            QPainter painter(&strip);
            int x = 0;
            for (const QImage &image : cls.thumbnails) {
                if (image.isNull())
                    painter.fillRect(x, 0, kThumbnail, kThumbnail, QColor(200, 40, 40)); // cannot be decoded
                else
                    painter.drawImage(x, 0, image);
                x += kThumbnail + kGap;
            }
            painter.end();
            samples->setData(Qt::DecorationRole, strip);
        }
        m_table->setItem(row, 3, samples);
    }
    emit updated();
}

} // namespace gdas::app
