#include "ImageFolderPreview.h"

#include "engine/EngineError.h"
#include "engine/ImageFolder.h"

#include <QDir>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace gdas::app {

namespace {

constexpr int kThumbnail = 40;  // pixels on screen per sample, whatever the image size
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
    m_table->setToolTip(tr("The classes found (one sub-folder each) and their first images, decoded and brought "
                           "to the image size as the network will see them"));
    layout->addWidget(m_table, 1);
}

bool ImageFolderPreview::shows(const QString &folder, int imageSize) const
{
    return m_scanned && m_folder == folder && m_imageSize == imageSize;
}

QString ImageFolderPreview::summary() const { return m_summary->text(); }

void ImageFolderPreview::clear()
{
    m_scanned = false;
    m_folder.clear();
    m_problem.clear();
    m_classNames.clear();
    m_summary->clear();
    m_table->setRowCount(0);
}

void ImageFolderPreview::setFolder(const QString &folder, int imageSize)
{
    if (shows(folder, imageSize))
        return;
    clear();
    m_folder = folder;
    m_imageSize = imageSize;
    m_scanned = true;
    if (folder.trimmed().isEmpty()) {
        m_problem = tr("Choose the folder that holds your images: one sub-folder per class of PNG or JPEG files "
                       "(or train/ and test/ folders holding such sub-folders).");
        m_summary->setText(m_problem);
        return;
    }
    engine::ImageFolderScan scan;
    try {
        scan = engine::scanImageFolder(QDir::fromNativeSeparators(folder).toStdString(), kSamplesPerClass);
    } catch (const std::exception &e) {
        m_problem = QString::fromUtf8(e.what());
        m_summary->setText(m_problem);
        return;
    }
    const QString layout = scan.layout == "classes" ? tr("one folder per class, every 10th image held out for testing")
                           : scan.layout == "train" ? tr("train/ only, every 10th image held out for testing")
                                                    : tr("%1 folders").arg(QString::fromStdString(scan.layout));
    QString text = tr("%n classes, ", nullptr, int(scan.classes.size())) +
                   tr("%1 training and %2 test images (%3), brought to %4×%4 pixels.")
                       .arg(scan.trainImages)
                       .arg(scan.testImages)
                       .arg(layout)
                       .arg(imageSize);
    if (scan.skippedFiles > 0)
        text += QLatin1Char(' ') + tr("%n other file(s) will be skipped (not .png, .jpg or .jpeg), e.g. %1.", nullptr,
                                      int(scan.skippedFiles))
                                       .arg(QDir::toNativeSeparators(QString::fromStdString(scan.firstSkipped)));

    m_table->setRowCount(int(scan.classes.size()));
    for (int row = 0; row < int(scan.classes.size()); ++row) {
        const engine::ImageFolderClass &cls = scan.classes[std::size_t(row)];
        m_classNames << QString::fromStdString(cls.name);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(cls.name)));
        auto *train = new QTableWidgetItem(QString::number(cls.trainImages));
        train->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 1, train);
        auto *test = new QTableWidgetItem(QString::number(cls.testImages));
        test->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 2, test);

        QPixmap strip(kSamplesPerClass * (kThumbnail + kGap), kThumbnail);
        strip.fill(Qt::transparent);
        QPainter painter(&strip);
        int x = 0;
        for (const std::string &file : cls.sampleFiles) {
            try {
                painter.drawImage(x, 0, toImage(engine::decodeImageFile(file, imageSize)));
            } catch (const std::exception &e) {
                // The search would stop at this file: say so now.
                if (m_problem.isEmpty())
                    m_problem = QString::fromUtf8(e.what());
                painter.fillRect(x, 0, kThumbnail, kThumbnail, QColor(200, 40, 40));
            }
            x += kThumbnail + kGap;
        }
        painter.end();
        auto *samples = new QTableWidgetItem;
        samples->setData(Qt::DecorationRole, strip);
        m_table->setItem(row, 3, samples);
    }
    m_summary->setText(m_problem.isEmpty() ? text : text + QLatin1Char(' ') + m_problem);
}

} // namespace gdas::app
