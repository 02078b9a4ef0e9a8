// widgets::GifWriter: frames, delays and the loop read back with giflib; an existing file never
// replaced unasked; a write that fails (no folder, a read-only folder, a full disk) names the file
// and leaves what was there as it was, with no temporary file behind.
#include "widgets/GifWriter.h"

#include "support/GifFiles.h"
#include "support/Prerequisite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <cstring>
#include <random>
#include <sys/mount.h>
#include <unistd.h>

using namespace gdas;
using testing::readGif;

namespace {

constexpr QSize kSize(120, 80);

// Flat shapes (few colours, stored exactly) and, in frame 2, a smooth gradient with thousands
// of colours, which must go through the median cut.
QImage syntheticFrame(int index)
{
    QImage image(kSize, QImage::Format_ARGB32);
    image.fill(Qt::white);
    if (index == 2) {
        for (int y = 0; y < kSize.height(); ++y)
            for (int x = 0; x < kSize.width(); ++x)
                image.setPixel(x, y, qRgb(x * 2, y * 3, 255 - x - y));
    }
    QPainter painter(&image);
    painter.fillRect(QRect(10 + 20 * index, 10, 30, 20), QColor(0x08, 0x30, 0x6b));
    painter.fillRect(QRect(5, 50, 40 + 10 * index, 10), QColor(0xd6, 0x27, 0x28));
    painter.setPen(Qt::black);
    painter.drawLine(0, 79, 119, 79 - 10 * index);
    return image;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Noise: LZW cannot shrink it, so a few frames outgrow a small disk.
QImage noiseFrame(QSize size, unsigned seed)
{
    std::mt19937 rng(seed);
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x)
            image.setPixel(x, y, qRgb(int(rng() % 256), int(rng() % 256), int(rng() % 256)));
    return image;
}

} // namespace

class TestGifWriter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void framesDelaysAndLoopReadBack();
    void playsOnceWithoutLoop();
    void existingFileIsKeptWithoutOverwrite();
    void failedWriteNamesTheFileAndKeepsWhatWasThere_data();
    void failedWriteNamesTheFileAndKeepsWhatWasThere();
    void frameOfAnotherSizeIsRefused();
    void cleanupTestCase();

private:
    QString mountTmpfs(const QString &name, unsigned long flags, const char *options);

    QTemporaryDir m_dir;
    QStringList m_mounts;
    QString m_mountError;
};

QString TestGifWriter::mountTmpfs(const QString &name, unsigned long flags, const char *options)
{
    const QString mountPoint = m_dir.filePath(name);
    if (!QDir().mkpath(mountPoint))
        return {};
    if (::mount("tmpfs", QFile::encodeName(mountPoint).constData(), "tmpfs", flags, options) != 0) {
        m_mountError = QStringLiteral("cannot mount a tmpfs here (%1); run as root with CAP_SYS_ADMIN")
                           .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    m_mounts << mountPoint;
    return mountPoint;
}

void TestGifWriter::cleanupTestCase()
{
    for (const QString &mountPoint : m_mounts)
        ::umount2(QFile::encodeName(mountPoint).constData(), MNT_DETACH);
}

void TestGifWriter::framesDelaysAndLoopReadBack()
{
    const QString path = m_dir.filePath(QStringLiteral("frames.gif"));
    const std::vector<int> delays = {10, 25, 40, 300};
    std::vector<widgets::GifFrame> frames;
    for (int i = 0; i < 4; ++i)
        frames.push_back({syntheticFrame(i), delays[static_cast<std::size_t>(i)]});
    QString error;
    QVERIFY2(widgets::writeGif(path, frames, true, false, &error), qPrintable(error));
    QCOMPARE(readAll(path).left(6), QByteArray("GIF89a"));

    const testing::GifContents gif = readGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.size, kSize);
    QCOMPARE(gif.frames.size(), std::size_t(4));
    QCOMPARE(gif.delays, delays);
    QVERIFY(gif.loops);
    QCOMPARE(gif.loopCount, 0);
    // The first frame is whole; later ones store only what changed, drawn over the ones before.
    QCOMPARE(gif.rects.front(), QRect(QPoint(0, 0), kSize));
    QVERIFY(gif.rects[1].width() < kSize.width() || gif.rects[1].height() < kSize.height());
    for (int disposal : gif.disposals)
        QCOMPARE(disposal, DISPOSE_DO_NOT);

    for (int i = 0; i < 4; ++i) {
        const testing::ImageDifference d =
            testing::imageDifference(gif.frames[std::size_t(i)], frames[std::size_t(i)].image);
        if (i == 2) {
            // Thousands of colours in 256: close, not exact.
            QVERIFY2(d.max <= 32 && d.mean < 7.0,
                     qPrintable(QStringLiteral("frame 2: max %1, mean %2").arg(d.max).arg(d.mean)));
        } else {
            QVERIFY2(d.max == 0, qPrintable(QStringLiteral("frame %1: max difference %2").arg(i).arg(d.max)));
        }
    }
    // Spot checks: white stays white, the red bar is there.
    QCOMPARE(QColor(gif.frames[3].pixel(110, 5)), QColor(Qt::white));
    QCOMPARE(QColor(gif.frames[3].pixel(20, 55)), QColor(0xd6, 0x27, 0x28));
}

void TestGifWriter::playsOnceWithoutLoop()
{
    const QString path = m_dir.filePath(QStringLiteral("once.gif"));
    QString error;
    QVERIFY2(widgets::writeGif(path, {{syntheticFrame(0), 50}, {syntheticFrame(1), 70}}, false, false, &error),
             qPrintable(error));
    const testing::GifContents gif = readGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.frames.size(), std::size_t(2));
    QVERIFY(!gif.loops);
    QCOMPARE(gif.delays, (std::vector<int>{50, 70}));
}

void TestGifWriter::existingFileIsKeptWithoutOverwrite()
{
    const QString dir = m_dir.filePath(QStringLiteral("existing"));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/cells.gif");
    const QByteArray mine("my own animation, not a GIF at all");
    QVERIFY(writeBytes(path, mine));

    QString error;
    QVERIFY(!widgets::writeGif(path, {{syntheticFrame(0), 10}}, true, false, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)) && error.contains(QStringLiteral("exists")),
             qPrintable(error));
    QCOMPARE(readAll(path), mine);
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("cells.gif")});

    // The streaming writer checks again at the end: a file that appears meanwhile is kept too.
    const QString late = dir + QStringLiteral("/late.gif");
    {
        widgets::GifWriter writer(late, kSize, true, false);
        QVERIFY2(writer.open(&error), qPrintable(error));
        QVERIFY2(writer.addFrame(syntheticFrame(1), 10, &error), qPrintable(error));
        QVERIFY(writeBytes(late, mine));
        QVERIFY(!writer.finish(&error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(late)), qPrintable(error));
    }
    QCOMPARE(readAll(late), mine);
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 2);

    // Told to, it replaces the file.
    QVERIFY2(widgets::writeGif(path, {{syntheticFrame(0), 10}}, true, true, &error), qPrintable(error));
    const testing::GifContents gif = readGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.frames.size(), std::size_t(1));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestGifWriter::failedWriteNamesTheFileAndKeepsWhatWasThere_data()
{
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("reason");
    QTest::newRow("folder missing") << QStringLiteral("missing") << QStringLiteral("No such file or directory");
    QTest::newRow("folder is a file") << QStringLiteral("file") << QStringLiteral("Not a directory");
    QTest::newRow("read-only folder") << QStringLiteral("read-only") << QString();
    QTest::newRow("full disk") << QStringLiteral("full") << QStringLiteral("No space left on device");
}

void TestGifWriter::failedWriteNamesTheFileAndKeepsWhatWasThere()
{
    QFETCH(QString, place);
    QFETCH(QString, reason);
    QString folder;
    QByteArray before;
    std::vector<widgets::GifFrame> frames = {{syntheticFrame(0), 10}, {syntheticFrame(1), 10}};
    if (place == QLatin1String("missing")) {
        folder = m_dir.filePath(QStringLiteral("no-such-folder"));
    } else if (place == QLatin1String("file")) {
        const QString file = m_dir.filePath(QStringLiteral("a-regular-file"));
        QVERIFY(writeBytes(file, "text"));
        folder = file;
    } else if (place == QLatin1String("read-only")) {
        if (::geteuid() != 0) {
            folder = m_dir.filePath(QStringLiteral("read-only"));
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(writeBytes(folder + QStringLiteral("/cells.gif"), "before"));
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        } else {
            // Root writes into any folder whatever its mode: a read-only mount stops root too.
            folder = mountTmpfs(QStringLiteral("read-only-tmpfs"), 0, "size=64k");
            if (folder.isEmpty())
                GDAS_MISSING_PREREQUISITE(m_mountError);
            QVERIFY(writeBytes(folder + QStringLiteral("/cells.gif"), "before"));
            QVERIFY(::mount("tmpfs", QFile::encodeName(folder).constData(), "tmpfs", MS_REMOUNT | MS_RDONLY,
                            "size=64k") == 0);
        }
        before = "before";
    } else {
        // 64 KiB of disk and three frames of noise (about 150 KiB): the disk fills mid-write.
        folder = mountTmpfs(QStringLiteral("full-tmpfs"), 0, "size=64k");
        if (folder.isEmpty())
            GDAS_MISSING_PREREQUISITE(m_mountError);
        QVERIFY(writeBytes(folder + QStringLiteral("/cells.gif"), "before"));
        before = "before";
        frames.clear();
        for (unsigned i = 0; i < 3; ++i)
            frames.push_back({noiseFrame(QSize(160, 320), i), 10});
    }
    const QString path = folder + QStringLiteral("/cells.gif");
    const QStringList entries = QDir(folder).entryList(QDir::Files | QDir::Hidden);

    QString error;
    QVERIFY(!widgets::writeGif(path, frames, true, true, &error));
    qInfo().noquote() << "the error:" << error;
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    if (!reason.isEmpty())
        QVERIFY2(error.contains(reason), qPrintable(error));
    // giflib's words when it saw the failed write; the last buffered bytes fail after it is done.
    if (place == QLatin1String("full"))
        QVERIFY2(error.contains(QString::fromUtf8(GifErrorString(E_GIF_ERR_DISK_IS_FULL))) ||
                     error.contains(QString::fromUtf8(GifErrorString(E_GIF_ERR_WRITE_FAILED))) ||
                     error.contains(QStringLiteral("cannot write the file")),
                 qPrintable(error));
    if (!before.isEmpty())
        QCOMPARE(readAll(path), before);
    else
        QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), entries); // no temporary file left
    if (place == QLatin1String("read-only") && ::geteuid() != 0)
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestGifWriter::frameOfAnotherSizeIsRefused()
{
    const QString path = m_dir.filePath(QStringLiteral("sizes.gif"));
    QString error;
    QVERIFY(!widgets::writeGif(path, {{syntheticFrame(0), 10}, {QImage(QSize(60, 40), QImage::Format_RGB32), 10}}, true,
                               false, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)) && error.contains(QStringLiteral("frame 2")),
             qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!widgets::writeGif(path, {}, true, false, &error));
    QVERIFY(!QFileInfo::exists(path));
}

QTEST_MAIN(TestGifWriter)
#include "tst_gifwriter.moc"
