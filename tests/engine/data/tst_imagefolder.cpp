// Image-folder data sets: the decoder (PNG and JPEG through libpng and libjpeg-turbo, the resize
// to a square side), the folder layouts, the cache, and every bad input of docs/RELIABILITY.md's
// "Your own images" table.
// LibTorch before Qt: Qt's `slots` keyword breaks ATen headers.
#include <torch/torch.h>

#include "engine/EngineError.h"
#include "engine/ImageFolder.h"
#include "engine/data/ImageDataset.h"
#include "support/ImageFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace gdas::engine;
using gdas::testing::classPattern;
using gdas::testing::writeJpeg;
using gdas::testing::writePng;

namespace {

std::string path(const QTemporaryDir &dir, const QString &name)
{
    return QDir(dir.path()).filePath(name).toStdString();
}

void makeDirs(const std::string &dir) { std::filesystem::create_directories(dir); }

QByteArray readBytes(const std::string &file)
{
    QFile f(QString::fromStdString(file));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const std::string &file, const QByteArray &bytes)
{
    QFile f(QString::fromStdString(file));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// `classes` folders of `perClass` images each, alternating grey PNG, colour PNG and colour JPEG
// (or grey only), at sizes 20..44 so that the resize has work to do.
void writeClassFolders(const std::string &root, const std::vector<std::string> &classes, int perClass,
                       bool colour = true)
{
    for (std::size_t k = 0; k < classes.size(); ++k) {
        const std::string dir = root + "/" + classes[k];
        makeDirs(dir);
        for (int i = 0; i < perClass; ++i) {
            const int w = 20 + (i * 7) % 25;
            const int h = 20 + (i * 11) % 25;
            auto sample = [&](int x, int y, int c) { return classPattern(int(k), i, std::min(w, h), x, y, c); };
            char name[32];
            if (!colour || i % 3 == 0) {
                std::snprintf(name, sizeof name, "/img%03d.png", i);
                writePng(dir + name, w, h, 1, 8, sample);
            } else if (i % 3 == 1) {
                std::snprintf(name, sizeof name, "/img%03d.png", i);
                writePng(dir + name, w, h, 3, 8, sample);
            } else {
                std::snprintf(name, sizeof name, "/img%03d.JPG", i);
                writeJpeg(dir + name, w, h, 3, sample);
            }
        }
    }
}

template <typename F>
QString inputError(F &&f)
{
    try {
        f();
    } catch (const InputError &e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no InputError)");
}

} // namespace

class TestImageFolder : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();

    // The decoder.
    void greyPngKeepsItsPixels();
    void shorterSideThenCentreCrop();
    void sixteenBitPng();
    void alphaAndInterlacedPng(); // and palettes, with transparency
    void colourJpeg();
    void cmykJpeg();
    void hugeImages();
    void notAnImage_data();
    void notAnImage();
    void corruptOrTruncated_data();
    void corruptOrTruncated();

    // Folders.
    void flatLayoutHoldsOutATenth();
    void trainTestAndValLayouts();
    void greyFolderIsOneChannel();
    void cacheIsReusedAndInvalidated();
    void emptyClassFolder();
    void singleClass();
    void noTestImages();
    void noClassFolders();
    void testClassUnknownToTraining();
    void otherFilesAreSkippedAndCounted();
    void corruptFileInAFolderIsNamed();
    void unreadableFile();
    void scanForPreviews();
    void loadDatasetDispatches();

private:
    QTemporaryDir m_tmp;
    QTemporaryDir m_cache;
};

void TestImageFolder::initTestCase()
{
    QVERIFY(m_tmp.isValid() && m_cache.isValid());
    qputenv("GDAS_CACHE_DIR", m_cache.path().toUtf8());
    QCOMPARE(QString::fromStdString(imageFolderCacheDir()), m_cache.path());
}

void TestImageFolder::greyPngKeepsItsPixels()
{
    const std::string file = path(m_tmp, "grey.png");
    writePng(file, 28, 28, 1, 8, [](int x, int y, int) { return (x + 28 * y) % 256; });
    const DecodedImage image = decodeImageFile(file, 28);
    QCOMPARE(image.channels, 1);
    QCOMPARE(image.side, 28);
    QCOMPARE(int(image.pixels.size()), 28 * 28);
    for (int i = 0; i < 28 * 28; ++i)
        QCOMPARE(int(image.pixels[std::size_t(i)]), i % 256);
}

void TestImageFolder::shorterSideThenCentreCrop()
{
    // 64x32: the centre 32x32 square is the band of 100s; the outer quarters (0 and 255) go.
    const std::string file = path(m_tmp, "wide.png");
    writePng(file, 64, 32, 3, 8, [](int x, int, int) { return x < 16 ? 0 : x < 48 ? 100 : 255; });
    DecodedImage image = decodeImageFile(file, 16);
    QCOMPARE(image.channels, 3);
    QCOMPARE(image.sourceWidth, 64);
    for (auto v : image.pixels)
        QCOMPARE(int(v), 100);
    // Tall, and enlarged: a 10x30 image whose middle third is 200 becomes 40x40 of 200.
    const std::string tall = path(m_tmp, "tall.png");
    writePng(tall, 10, 30, 1, 8, [](int, int y, int) { return y >= 10 && y < 20 ? 200 : 0; });
    image = decodeImageFile(tall, 40);
    QCOMPARE(int(image.pixels.size()), 40 * 40);
    for (auto v : image.pixels)
        QCOMPARE(int(v), 200);
    // Shrinking averages areas: 2x2 blocks of 0 and 200 give 100.
    const std::string checker = path(m_tmp, "checker.png");
    writePng(checker, 8, 8, 1, 8, [](int x, int y, int) { return (x + y) % 2 ? 200 : 0; });
    image = decodeImageFile(checker, 4);
    for (auto v : image.pixels)
        QCOMPARE(int(v), 100);
}

void TestImageFolder::sixteenBitPng()
{
    const std::string file = path(m_tmp, "deep.png");
    writePng(file, 12, 12, 1, 16, [](int x, int, int) { return x < 6 ? 0x8080 : 0xFFFF; });
    DecodedImage image = decodeImageFile(file, 12);
    QCOMPARE(image.channels, 1);
    QCOMPARE(int(image.pixels[0]), 0x80); // scaled to 8 bits, not truncated to garbage
    QCOMPARE(int(image.pixels[11]), 0xFF);
    const std::string rgb = path(m_tmp, "deep-rgb.png");
    writePng(rgb, 6, 6, 3, 16, [](int, int, int c) { return c * 0x4040; });
    image = decodeImageFile(rgb, 6);
    QCOMPARE(image.channels, 3);
    QCOMPARE(int(image.pixels[0]), 0);
    QCOMPARE(int(image.pixels[36]), 0x40);
    QCOMPARE(int(image.pixels[72]), 0x80);
}

void TestImageFolder::alphaAndInterlacedPng()
{
    // RGBA, interlaced: alpha dropped (the colour under it kept), three channels.
    const std::string rgba = path(m_tmp, "rgba.png");
    writePng(
        rgba, 9, 9, 4, 8, [](int, int, int c) { return c == 3 ? 0 : 50 * (c + 1); }, /*interlaced=*/true);
    DecodedImage image = decodeImageFile(rgba, 9);
    QCOMPARE(image.channels, 3);
    QCOMPARE(int(image.pixels[0]), 50);
    QCOMPARE(int(image.pixels[81]), 100);
    QCOMPARE(int(image.pixels[162]), 150);
    // A palette with transparency (libpng expands it to RGBA): RGB, alpha dropped.
    const std::string palette = path(m_tmp, "palette.png");
    gdas::testing::writePalettePng(palette, 6, 6, {{{255, 0, 0}}, {{0, 0, 255}}}, {0, 255},
                                   [](int x, int) { return x < 3 ? 0 : 1; });
    image = decodeImageFile(palette, 6);
    QCOMPARE(image.channels, 3);
    QCOMPARE(int(image.pixels[0]), 255);          // red, fully transparent: its colour kept
    QCOMPARE(int(image.pixels[2 * 36 + 5]), 255); // blue
    QCOMPARE(int(image.pixels[36 + 5]), 0);
    const std::string greyAlpha = path(m_tmp, "grey-alpha.png");
    writePng(greyAlpha, 5, 5, 2, 8, [](int, int, int c) { return c == 0 ? 77 : 128; });
    image = decodeImageFile(greyAlpha, 5);
    QCOMPARE(image.channels, 1);
    QCOMPARE(int(image.pixels[12]), 77);
}

void TestImageFolder::colourJpeg()
{
    const std::string file = path(m_tmp, "colour.jpg");
    writeJpeg(file, 40, 30, 3, [](int, int, int c) { return c == 2 ? 200 : 50; });
    const DecodedImage image = decodeImageFile(file, 32);
    QCOMPARE(image.channels, 3);
    QVERIFY(std::abs(int(image.pixels[0]) - 50) <= 3);
    QVERIFY(std::abs(int(image.pixels[2 * 32 * 32]) - 200) <= 3);
    const std::string grey = path(m_tmp, "grey.jpg");
    writeJpeg(grey, 16, 16, 1, [](int, int, int) { return 90; });
    QCOMPARE(decodeImageFile(grey, 8).channels, 1);
}

void TestImageFolder::cmykJpeg()
{
    // Adobe's inverted CMYK (255 = no ink): full cyan-free... i.e. magenta + yellow ink = red.
    const std::string file = path(m_tmp, "cmyk.jpg");
    writeJpeg(file, 16, 16, 4, [](int, int, int c) { return c == 0 || c == 3 ? 255 : 0; });
    const DecodedImage image = decodeImageFile(file, 8);
    QCOMPARE(image.channels, 3);
    QVERIFY2(image.pixels[0] > 240 && image.pixels[64] < 15 && image.pixels[128] < 15,
             qPrintable(QStringLiteral("%1 %2 %3").arg(image.pixels[0]).arg(image.pixels[64]).arg(image.pixels[128])));
}

void TestImageFolder::hugeImages()
{
    // A PNG of 48 megapixels is refused before its pixels are decoded.
    const std::string png = path(m_tmp, "huge.png");
    writePng(
        png, 8000, 6000, 1, 8, [](int, int, int) { return 0; }, false, 1);
    const QString error = inputError([&] { decodeImageFile(png, 32); });
    QVERIFY2(error.contains(QString::fromStdString(png)) && error.contains("8000x6000") && error.contains("megapixels"),
             qPrintable(error));
    // A JPEG of the same size is read at 1/8 of its size (libjpeg's scaled decoding): 1000x750.
    const std::string jpeg = path(m_tmp, "huge.jpg");
    writeJpeg(
        jpeg, 8000, 6000, 1, [](int x, int, int) { return x & 255; }, 80);
    QElapsedTimer timer;
    timer.start();
    const DecodedImage image = decodeImageFile(jpeg, 32);
    QCOMPARE(image.sourceWidth, 1000);
    QCOMPARE(image.sourceHeight, 750);
    qInfo("48-megapixel JPEG decoded at 1/8 in %lld ms", static_cast<long long>(timer.elapsed()));
}

void TestImageFolder::notAnImage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << QByteArray("hello, world\n")
                          << QStringLiteral("not a PNG or JPEG file (it starts with \"hello, w\")");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("it is empty");
    QTest::newRow("gif") << QByteArray("GIF89a\x01\x00\x01\x00", 10) << QStringLiteral("it is a GIF image");
    QTest::newRow("webp") << QByteArray("RIFF\x10\x00\x00\x00WEBPVP8 ", 16) << QStringLiteral("WebP");
}

void TestImageFolder::notAnImage()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const std::string file = path(m_tmp, "fake.png");
    writeBytes(file, bytes);
    const QString error = inputError([&] { decodeImageFile(file, 32); });
    QVERIFY2(error.startsWith(QString::fromStdString(file) + ": ") && error.contains(expected), qPrintable(error));
}

void TestImageFolder::corruptOrTruncated_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("png cut in half") << "png"
                                     << "half"
                                     << "corrupt PNG (truncated";
    QTest::newRow("png cut after the header") << "png"
                                              << "header"
                                              << "corrupt PNG";
    QTest::newRow("png with flipped bytes") << "png"
                                            << "flip"
                                            << "corrupt PNG";
    QTest::newRow("jpeg cut in half") << "jpg"
                                      << "half"
                                      << "corrupt JPEG (Premature end of JPEG file)";
    QTest::newRow("jpeg cut after the header") << "jpg"
                                               << "header"
                                               << "corrupt JPEG";
    QTest::newRow("jpeg with flipped bytes") << "jpg"
                                             << "flip"
                                             << "corrupt JPEG";
}

void TestImageFolder::corruptOrTruncated()
{
    QFETCH(QString, format);
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    const std::string file = path(m_tmp, "damaged." + format);
    auto sample = [](int x, int y, int c) { return (x * 13 + y * 7 + c * 50) % 256; };
    if (format == "png")
        writePng(file, 48, 48, 3, 8, sample);
    else
        writeJpeg(file, 48, 48, 3, sample);
    QByteArray bytes = readBytes(file);
    if (damage == "half")
        bytes.truncate(bytes.size() / 2);
    else if (damage == "header")
        bytes.truncate(format == "png" ? 40 : 30);
    else
        for (int i = bytes.size() / 3; i < bytes.size() - 8; i += 5)
            bytes[i] = char(bytes[i] ^ 0x5A);
    writeBytes(file, bytes);
    const QString error = inputError([&] { decodeImageFile(file, 32); });
    QVERIFY2(error.startsWith(QString::fromStdString(file) + ": ") && error.contains(expected), qPrintable(error));
}

void TestImageFolder::flatLayoutHoldsOutATenth()
{
    const std::string root = path(m_tmp, "flat");
    writeClassFolders(root, {"cat", "dog", "frog"}, 20);
    const ImageDataset train = readImageFolder(root, 16, true);
    const ImageDataset test = readImageFolder(root, 16, false);
    QCOMPARE(train.size(), 54); // 18 of each class's 20
    QCOMPARE(test.size(), 6);   // the 10th and 20th
    QCOMPARE(train.classes, 3);
    QCOMPARE(train.classNames, (std::vector<std::string>{"cat", "dog", "frog"}));
    QCOMPARE(test.classNames, train.classNames);
    QCOMPARE(train.channels(), 3); // colour PNGs and JPEGs among them
    QCOMPARE(train.side(), 16);
    // Classes interleaved, so --train-limit keeps all of them.
    const auto labels = train.labels.narrow(0, 0, 6);
    QCOMPARE(labels[0].item<std::int64_t>(), 0);
    QCOMPARE(labels[1].item<std::int64_t>(), 1);
    QCOMPARE(labels[2].item<std::int64_t>(), 2);
    QCOMPARE(labels[3].item<std::int64_t>(), 0);
    // mean/std are the training split's own.
    const auto pixels = train.images.to(torch::kFloat64).div(255.0).transpose(0, 1).reshape({3, -1});
    for (int c = 0; c < 3; ++c) {
        QVERIFY(std::abs(train.mean[std::size_t(c)] - pixels[c].mean().item<double>()) < 1e-5);
        QVERIFY(std::abs(train.std[std::size_t(c)] - pixels[c].std().item<double>()) < 1e-4);
    }
    QCOMPARE(test.mean, train.mean);
    QVERIFY2(QString::fromStdString(train.notes).contains("cat, dog, frog"), train.notes.c_str());
}

void TestImageFolder::trainTestAndValLayouts()
{
    for (const char *testName : {"test", "val"}) {
        const std::string root = path(m_tmp, QStringLiteral("split-") + testName);
        writeClassFolders(root + "/train", {"a", "b"}, 6);
        writeClassFolders(root + "/" + testName, {"a", "b"}, 2);
        const ImageFolderScan scan = scanImageFolder(root);
        QCOMPARE(QString::fromStdString(scan.layout), QStringLiteral("train/") + testName);
        QCOMPARE(scan.trainImages, 12);
        QCOMPARE(scan.testImages, 4);
        QCOMPARE(readImageFolder(root, 8, true).size(), 12);
        QCOMPARE(readImageFolder(root, 8, false).size(), 4);
    }
    // A test split may lack a class (no test images of it); it may not add one.
    const std::string partial = path(m_tmp, "split-partial");
    writeClassFolders(partial + "/train", {"a", "b", "c"}, 4);
    writeClassFolders(partial + "/test", {"b"}, 2);
    const ImageDataset test = readImageFolder(partial, 8, false);
    QCOMPARE(test.size(), 2);
    QCOMPARE(test.classes, 3);
    QCOMPARE(test.labels[0].item<std::int64_t>(), 1);
}

void TestImageFolder::greyFolderIsOneChannel()
{
    const std::string root = path(m_tmp, "grey");
    writeClassFolders(root, {"x", "y"}, 10, /*colour=*/false);
    const ImageDataset train = readImageFolder(root, 12, true);
    QCOMPARE(train.channels(), 1);
    QCOMPARE(int(train.mean.size()), 1);
}

void TestImageFolder::cacheIsReusedAndInvalidated()
{
    const std::string root = path(m_tmp, "cached");
    writeClassFolders(root, {"a", "b"}, 30);
    const ImageDataset first = readImageFolder(root, 16, true);
    QVERIFY2(first.notes.find("decoded 60 files") != std::string::npos, first.notes.c_str());
    QVERIFY2(first.notes.find("cached in " + m_cache.path().toStdString()) != std::string::npos, first.notes.c_str());
    QCOMPARE(QDir(m_cache.path()).entryList({"*.gdasimg"}).size() > 0, true);

    const ImageDataset second = readImageFolder(root, 16, true);
    QVERIFY2(second.notes.find("read from the cache") != std::string::npos, second.notes.c_str());
    QVERIFY(torch::equal(first.images, second.images));
    QVERIFY(torch::equal(first.labels, second.labels));
    QCOMPARE(second.mean, first.mean);
    QCOMPARE(second.classNames, first.classNames);
    const ImageDataset secondTest = readImageFolder(root, 16, false);
    QVERIFY(secondTest.notes.find("read from the cache") != std::string::npos);
    QCOMPARE(secondTest.size(), 6);

    // Another size is another cache entry.
    QVERIFY(readImageFolder(root, 8, true).notes.find("decoded") != std::string::npos);
    QVERIFY(readImageFolder(root, 16, true).notes.find("read from the cache") != std::string::npos);

    // A file rewritten (new content, new time) is seen.
    const std::string changed = root + "/a/img001.png";
    writePng(changed, 16, 16, 3, 8, [](int, int, int) { return 255; });
    const ImageDataset third = readImageFolder(root, 16, true);
    QVERIFY2(third.notes.find("decoded") != std::string::npos, third.notes.c_str());
    QVERIFY(!torch::equal(first.images, third.images));
    // Only the modification time changed: decoded again too.
    std::filesystem::last_write_time(changed, std::filesystem::last_write_time(changed) - std::chrono::hours(1));
    QVERIFY(readImageFolder(root, 16, true).notes.find("decoded") != std::string::npos);
    // A file added.
    writePng(root + "/b/extra.png", 16, 16, 1, 8, [](int, int, int) { return 9; });
    const ImageDataset fourth = readImageFolder(root, 16, true);
    QVERIFY(fourth.notes.find("decoded 61 files") != std::string::npos);
    // A damaged cache file is not trusted: decoded again and rewritten.
    for (const QString &name : QDir(m_cache.path()).entryList({"*.gdasimg"})) {
        const std::string cacheFile = QDir(m_cache.path()).filePath(name).toStdString();
        QByteArray bytes = readBytes(cacheFile);
        writeBytes(cacheFile, bytes.left(bytes.size() / 2));
    }
    QVERIFY(readImageFolder(root, 16, true).notes.find("decoded") != std::string::npos);
    QVERIFY(readImageFolder(root, 16, true).notes.find("read from the cache") != std::string::npos);
}

void TestImageFolder::emptyClassFolder()
{
    const std::string root = path(m_tmp, "empty-class");
    writeClassFolders(root, {"a", "b"}, 3);
    makeDirs(root + "/c");
    const QString error = inputError([&] { readImageFolder(root, 8, true); });
    QVERIFY2(error.startsWith(QString::fromStdString(root + "/c: empty class folder")), qPrintable(error));
    QCOMPARE(inputError([&] { scanImageFolder(root); }), error);
}

void TestImageFolder::noTestImages()
{
    // Fewer than 10 images a class: nothing held out, which a retraining refuses up front.
    const std::string root = path(m_tmp, "too-few-to-test");
    writeClassFolders(root, {"a", "b"}, 9);
    QCOMPARE(readImageFolder(root, 8, true).size(), 18);
    const QString error = inputError([&] { readImageFolder(root, 8, false); });
    QVERIFY2(error.contains("no test images (every 10th image of each class is held out"), qPrintable(error));
}

void TestImageFolder::singleClass()
{
    const std::string root = path(m_tmp, "one-class");
    writeClassFolders(root, {"only"}, 3);
    const QString error = inputError([&] { readImageFolder(root, 8, true); });
    QVERIFY2(error.contains("only one class folder (only)") && error.contains("at least two"), qPrintable(error));
}

void TestImageFolder::noClassFolders()
{
    const std::string root = path(m_tmp, "loose");
    makeDirs(root);
    writePng(root + "/a.png", 8, 8, 1, 8, [](int, int, int) { return 1; });
    QString error = inputError([&] { readImageFolder(root, 8, true); });
    QVERIFY2(error.contains("no class folders") && error.contains("lie directly in it"), qPrintable(error));
    error = inputError([&] { readImageFolder(path(m_tmp, "missing"), 8, true); });
    QVERIFY2(error.contains("image folder not found"), qPrintable(error));
    error = inputError([&] { readImageFolder("", 8, true); });
    QVERIFY2(error.contains("--data-dir"), qPrintable(error));
}

void TestImageFolder::testClassUnknownToTraining()
{
    const std::string root = path(m_tmp, "unknown-test-class");
    writeClassFolders(root + "/train", {"a", "b"}, 3);
    writeClassFolders(root + "/test", {"a", "z"}, 1);
    const QString error = inputError([&] { readImageFolder(root, 8, false); });
    QVERIFY2(error.contains("class \"z\" is not among the training classes"), qPrintable(error));
}

void TestImageFolder::otherFilesAreSkippedAndCounted()
{
    const std::string root = path(m_tmp, "with-other-files");
    writeClassFolders(root, {"a", "b"}, 4);
    writeBytes(root + "/a/notes.txt", "not an image");
    writeBytes(root + "/b/.DS_Store", "mac");
    makeDirs(root + "/b/.thumbnails");
    writeBytes(root + "/b/.thumbnails/t.png", "hidden: never opened");
    writeBytes(root + "/README", "about this set");
    const ImageDataset train = readImageFolder(root, 8, true);
    QCOMPARE(train.size(), 8); // 4 a class: none held out
    QVERIFY2(train.notes.find("4 other files skipped") != std::string::npos, train.notes.c_str());
    const ImageFolderScan scan = scanImageFolder(root);
    QCOMPARE(scan.skippedFiles, 4);
}

void TestImageFolder::corruptFileInAFolderIsNamed()
{
    const std::string root = path(m_tmp, "corrupt-in-folder");
    writeClassFolders(root, {"a", "b"}, 12);
    QByteArray bytes = readBytes(root + "/a/img004.png");
    writeBytes(root + "/a/img004.png", bytes.left(bytes.size() / 2));
    QString error = inputError([&] { readImageFolder(root, 8, true); });
    QVERIFY2(error.startsWith(QString::fromStdString(root + "/a/img004.png: corrupt PNG")), qPrintable(error));
    QVERIFY2(!error.contains("more file"), qPrintable(error));
    // Several: the first (in serving order) is named, and how many more.
    writeBytes(root + "/b/img007.png", "text");
    writeBytes(root + "/b/img010.png", "text");
    error = inputError([&] { readImageFolder(root, 8, true); });
    QVERIFY2(error.contains("2 more files could not be read") && error.contains("b/img007.png"), qPrintable(error));
    // Nothing was cached for the broken folder.
    writePng(root + "/a/img004.png", 8, 8, 1, 8, [](int, int, int) { return 3; });
    error = inputError([&] { readImageFolder(root, 8, true); });
    QVERIFY2(error.contains("img007.png: not a PNG or JPEG file"), qPrintable(error));
}

void TestImageFolder::unreadableFile()
{
    if (::geteuid() == 0) {
        // chmod 000 does not stop root. The CLI test (tst_folderdata) runs gdas as "nobody" for
        // this case; here only a path that cannot be opened by anyone is checked.
        const std::string root = path(m_tmp, "dangling");
        writeClassFolders(root, {"a", "b"}, 2);
        std::filesystem::create_symlink(root + "/nowhere.png", root + "/a/link.png");
        const QString error = inputError([&] { decodeImageFile(root + "/a/link.png", 8); });
        QVERIFY2(error.contains("cannot open (No such file or directory)"), qPrintable(error));
        QSKIP("running as root: chmod 000 does not stop root (see tst_folderdata::unreadableFileAsNobody)");
    }
    const std::string root = path(m_tmp, "unreadable");
    writeClassFolders(root, {"a", "b"}, 3);
    const std::string file = root + "/b/img001.png";
    std::filesystem::permissions(file, std::filesystem::perms::none);
    const QString error = inputError([&] { readImageFolder(root, 8, true); });
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    QVERIFY2(error.contains(QString::fromStdString(file) + ": cannot open (Permission denied)"), qPrintable(error));
}

void TestImageFolder::scanForPreviews()
{
    const std::string root = path(m_tmp, "scan");
    writeClassFolders(root, {"b-second", "a-first"}, 11);
    const ImageFolderScan scan = scanImageFolder(root, 3);
    QCOMPARE(QString::fromStdString(scan.layout), QStringLiteral("classes"));
    QCOMPARE(int(scan.classes.size()), 2);
    QCOMPARE(QString::fromStdString(scan.classes[0].name), QStringLiteral("a-first"));
    QCOMPARE(scan.classes[0].trainImages, 10);
    QCOMPARE(scan.classes[0].testImages, 1);
    QCOMPARE(int(scan.classes[0].sampleFiles.size()), 3);
    QVERIFY(QString::fromStdString(scan.classes[1].sampleFiles[0]).endsWith("b-second/img000.png"));
    // The workbench's preview cancels a listing it no longer needs.
    const std::atomic<bool> cancelled{true};
    QVERIFY(inputError([&] { scanImageFolder(root, 3, &cancelled); }).contains("listing cancelled"));
}

void TestImageFolder::loadDatasetDispatches()
{
    const std::string root = path(m_tmp, "dispatch");
    writeClassFolders(root, {"a", "b", "c"}, 10);
    DataConfig config;
    config.dataset = "folder";
    config.dataDir = root;
    config.imageSize = 20;
    config.trainLimit = 6;
    const ImageDataset train = loadDataset(config, true);
    QCOMPARE(train.size(), 6);
    QCOMPARE(train.side(), 20);
    QCOMPARE(train.labels.bincount().min().item<std::int64_t>(), 2); // interleaved: 2 of each
    QVERIFY(std::find(datasetNames().begin(), datasetNames().end(), "folder") != datasetNames().end());
    config.dataDir.clear();
    QVERIFY(inputError([&] { loadDataset(config, true); }).contains("--data-dir"));
}

QTEST_GUILESS_MAIN(TestImageFolder)
#include "tst_imagefolder.moc"
