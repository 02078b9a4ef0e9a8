// LibTorch before Qt: Qt's `slots` keyword breaks ATen headers.
#include <torch/torch.h>

#include "engine/EngineError.h"
#include "engine/data/ImageDataset.h"

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include "support/Prerequisite.h"
#include <cstdlib>
#include <functional>

using namespace gdas::engine;

namespace {

const QString kFashionDir = QStringLiteral("/usr/share/datasets/fashion-mnist");
constexpr int kFixtureImages = 20;
constexpr int kCifarRecords = 3;

void appendBigEndian(QByteArray &bytes, quint32 value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes.append(char((value >> shift) & 0xFF));
}

// Writes gzip when the name ends in .gz, plain bytes otherwise.
void writeFile(const QString &path, const QByteArray &bytes)
{
    if (path.endsWith(QLatin1String(".gz"))) {
        gzFile file = gzopen(QFile::encodeName(path).constData(), "wb");
        QVERIFY2(file, qPrintable(path));
        QCOMPARE(gzwrite(file, bytes.constData(), unsigned(bytes.size())), int(bytes.size()));
        QCOMPARE(gzclose(file), Z_OK);
        return;
    }
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(file.write(bytes), qint64(bytes.size()));
}

QByteArray readRaw(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray idxLabels(quint32 magic, quint32 count, const std::function<int(int)> &label)
{
    QByteArray bytes;
    appendBigEndian(bytes, magic);
    appendBigEndian(bytes, count);
    for (quint32 i = 0; i < count; ++i)
        bytes.append(char(label(int(i))));
    return bytes;
}

// Pixel (i, y, x) = (i * 31 + y * 28 + x) % 256, so tests can check where every byte went.
QByteArray idxImages(quint32 magic, quint32 count, quint32 side)
{
    QByteArray bytes;
    appendBigEndian(bytes, magic);
    appendBigEndian(bytes, count);
    appendBigEndian(bytes, side);
    appendBigEndian(bytes, side);
    for (quint32 i = 0; i < count; ++i)
        for (quint32 p = 0; p < side * side; ++p)
            bytes.append(char((i * 31 + p) % 256));
    return bytes;
}

void writeFashionFixture(const QString &dir, const QString &suffix)
{
    for (const char *prefix : {"train", "t10k"}) {
        writeFile(dir + QStringLiteral("/%1-labels-idx1-ubyte%2").arg(QLatin1String(prefix), suffix),
                  idxLabels(2049, kFixtureImages, [](int i) { return i % 10; }));
        writeFile(dir + QStringLiteral("/%1-images-idx3-ubyte%2").arg(QLatin1String(prefix), suffix),
                  idxImages(2051, kFixtureImages, 28));
    }
}

// Record r: label bytes, then pixel j = (r * 7 + j) % 256.
QByteArray cifarRecords(int records, int labelBytes, const std::function<int(int, int)> &label)
{
    QByteArray bytes;
    for (int r = 0; r < records; ++r) {
        for (int l = 0; l < labelBytes; ++l)
            bytes.append(char(label(r, l)));
        for (int j = 0; j < 3072; ++j)
            bytes.append(char((r * 7 + j) % 256));
    }
    return bytes;
}

void writeCifar10Fixture(const QString &dir)
{
    for (int b = 1; b <= 5; ++b)
        writeFile(dir + QStringLiteral("/data_batch_%1.bin").arg(b),
                  cifarRecords(kCifarRecords, 1, [b](int r, int) { return (b + r) % 10; }));
    writeFile(dir + QStringLiteral("/test_batch.bin"), cifarRecords(kCifarRecords, 1, [](int r, int) { return r; }));
}

// Coarse label r % 20 in the first byte, fine label 99 - r in the second.
void writeCifar100Fixture(const QString &dir)
{
    const auto label = [](int r, int which) { return which == 0 ? r % 20 : 99 - r; };
    writeFile(dir + QStringLiteral("/train.bin"), cifarRecords(kCifarRecords, 2, label));
    writeFile(dir + QStringLiteral("/test.bin"), cifarRecords(kCifarRecords, 2, label));
}

QString inputErrorOf(const std::function<void()> &action)
{
    try {
        action();
    } catch (const InputError &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

enum class Corruption {
    FashionTruncatedGzip,
    FashionBadChecksum,
    FashionTruncatedPlain,
    FashionLongerPlain,
    FashionTruncatedHeader,
    FashionImageMagic,
    FashionLabelMagic,
    FashionCountMismatch,
    FashionLabelRange,
    FashionMissingLabels,
    FashionEmptyFolder,
    FashionMissingFolder,
    Cifar10WrongSize,
    Cifar10EmptyFile,
    Cifar10LabelRange,
    Cifar10EmptyFolder,
    Cifar100WrongSize,
    Cifar100FineLabelRange,
    UnknownDataset,
};

} // namespace

class TestImageDataset : public QObject {
    Q_OBJECT

private:
    QString m_savedDataDir;
    bool m_hadDataDir = false;

private Q_SLOTS:
    void initTestCase()
    {
        m_hadDataDir = qEnvironmentVariableIsSet("GDAS_DATA_DIR");
        m_savedDataDir = qEnvironmentVariable("GDAS_DATA_DIR");
        qunsetenv("GDAS_DATA_DIR");
    }

    void cleanupTestCase()
    {
        if (m_hadDataDir)
            qputenv("GDAS_DATA_DIR", m_savedDataDir.toLocal8Bit());
    }

    void realFashionMnist_data()
    {
        QTest::addColumn<bool>("train");
        QTest::addColumn<qint64>("expectedCount");
        QTest::newRow("train") << true << qint64(60000);
        QTest::newRow("test") << false << qint64(10000);
    }

    void realFashionMnist()
    {
        QFETCH(bool, train);
        QFETCH(qint64, expectedCount);
        const std::int64_t count = expectedCount;
        if (!QFile::exists(kFashionDir + QStringLiteral("/train-images-idx3-ubyte.gz")))
            GDAS_MISSING_PREREQUISITE("Debian's dataset-fashion-mnist is not installed");
        QElapsedTimer timer;
        timer.start();
        const ImageDataset data = readFashionMnist(kFashionDir.toStdString(), train);
        qInfo("read %lld Fashion-MNIST images in %lld ms", static_cast<long long>(data.size()),
              static_cast<long long>(timer.elapsed()));
        QCOMPARE(data.size(), count);
        QCOMPARE(data.images.sizes().vec(), (std::vector<std::int64_t>{count, 1, 28, 28}));
        QCOMPARE(data.images.scalar_type(), torch::kUInt8);
        QVERIFY(data.images.is_contiguous());
        QCOMPARE(data.labels.scalar_type(), torch::kInt64);
        QCOMPARE(data.labels.min().item<std::int64_t>(), std::int64_t(0));
        QCOMPARE(data.labels.max().item<std::int64_t>(), std::int64_t(9));
        // Fashion-MNIST is balanced: every class has a tenth of the images.
        const auto perClass = torch::bincount(data.labels, {}, 10);
        QVERIFY(torch::all(perClass == count / 10).item<bool>());
        QCOMPARE(data.classes, 10);
        // The published mean only comes out if every byte landed where it belongs.
        const double mean = data.images.to(torch::kFloat64).mean().item<double>() / 255.0;
        QVERIFY2(std::abs(mean - data.mean.at(0)) < 0.005, qPrintable(QString::number(mean)));
    }

    void fashionFixture_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("gzip") << QStringLiteral(".gz");
        QTest::newRow("unzipped") << QString();
    }

    void fashionFixture()
    {
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFashionFixture(dir.path(), suffix);
        const ImageDataset data = readFashionMnist(dir.path().toStdString(), false);
        QCOMPARE(data.size(), std::int64_t(kFixtureImages));
        QCOMPARE(data.name, std::string("fashion-mnist"));
        QVERIFY(QString::fromStdString(data.source).contains(QStringLiteral("t10k-images-idx3-ubyte")));
        for (int i : {0, 7, kFixtureImages - 1}) {
            QCOMPARE(data.labels[i].item<std::int64_t>(), std::int64_t(i % 10));
            for (int y : {0, 13, 27})
                for (int x : {0, 5, 27})
                    QCOMPARE(data.images[i][0][y][x].item<int>(), (i * 31 + y * 28 + x) % 256);
        }
    }

    void cifarFixture_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<bool>("nested");
        QTest::newRow("cifar10") << QStringLiteral("cifar10") << false;
        QTest::newRow("cifar10 in its archive folder") << QStringLiteral("cifar10") << true;
        QTest::newRow("cifar100") << QStringLiteral("cifar100") << false;
        QTest::newRow("cifar100 in its archive folder") << QStringLiteral("cifar100") << true;
    }

    void cifarFixture()
    {
        QFETCH(QString, dataset);
        QFETCH(bool, nested);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const bool ten = dataset == QLatin1String("cifar10");
        QString folder = dir.path();
        if (nested) {
            folder += ten ? QStringLiteral("/cifar-10-batches-bin") : QStringLiteral("/cifar-100-binary");
            QVERIFY(QDir().mkpath(folder));
        }
        ten ? writeCifar10Fixture(folder) : writeCifar100Fixture(folder);

        DataConfig config;
        config.dataset = dataset.toStdString();
        config.dataDir = dir.path().toStdString();
        const ImageDataset train = loadDataset(config, true);
        const std::int64_t expected = ten ? 5 * kCifarRecords : kCifarRecords;
        QCOMPARE(train.images.sizes().vec(), (std::vector<std::int64_t>{expected, 3, 32, 32}));
        QCOMPARE(train.classes, ten ? 10 : 100);
        QCOMPARE(train.mean.size(), std::size_t(3));
        QCOMPARE(train.std.size(), std::size_t(3));
        for (std::int64_t i = 0; i < expected; ++i) {
            const int record = int(i % kCifarRecords);
            const int file = int(i / kCifarRecords) + 1;
            QCOMPARE(train.labels[i].item<std::int64_t>(), std::int64_t(ten ? (file + record) % 10 : 99 - record));
            // Red, green and blue planes of 32x32, row-major, straight after the label bytes.
            for (int c = 0; c < 3; ++c)
                for (int y : {0, 17, 31})
                    for (int x : {0, 9, 31})
                        QCOMPARE(train.images[i][c][y][x].item<int>(), (record * 7 + c * 1024 + y * 32 + x) % 256);
        }
        const ImageDataset test = loadDataset(config, false);
        QCOMPARE(test.size(), std::int64_t(kCifarRecords));
    }

    void corruption_data()
    {
        QTest::addColumn<int>("corruption");
        QTest::addColumn<QString>("file");    // must appear in the message
        QTest::addColumn<QString>("problem"); // so must this

        const int imageBytes = 16 + kFixtureImages * 784;
        QTest::newRow("truncated gzip") << int(Corruption::FashionTruncatedGzip)
                                        << QStringLiteral("train-images-idx3-ubyte.gz") << QStringLiteral("truncated");
        QTest::newRow("bad gzip checksum")
            << int(Corruption::FashionBadChecksum) << QStringLiteral("train-labels-idx1-ubyte.gz")
            << QStringLiteral("corrupt compressed stream");
        QTest::newRow("truncated unzipped")
            << int(Corruption::FashionTruncatedPlain) << QStringLiteral("train-images-idx3-ubyte")
            << QStringLiteral("expected %1 bytes, got %2").arg(imageBytes).arg(imageBytes - 100);
        QTest::newRow("trailing bytes") << int(Corruption::FashionLongerPlain)
                                        << QStringLiteral("train-images-idx3-ubyte") << QStringLiteral("longer");
        QTest::newRow("truncated header")
            << int(Corruption::FashionTruncatedHeader) << QStringLiteral("train-labels-idx1-ubyte.gz")
            << QStringLiteral("expected 8 bytes, got 5");
        QTest::newRow("image magic") << int(Corruption::FashionImageMagic)
                                     << QStringLiteral("train-images-idx3-ubyte.gz")
                                     << QStringLiteral("wrong magic number 2049, expected 2051");
        QTest::newRow("label magic") << int(Corruption::FashionLabelMagic)
                                     << QStringLiteral("train-labels-idx1-ubyte.gz")
                                     << QStringLiteral("wrong magic number 2051, expected 2049");
        QTest::newRow("count mismatch") << int(Corruption::FashionCountMismatch)
                                        << QStringLiteral("train-images-idx3-ubyte.gz")
                                        << QStringLiteral("holds %1 images").arg(kFixtureImages - 1);
        QTest::newRow("label out of range")
            << int(Corruption::FashionLabelRange) << QStringLiteral("train-labels-idx1-ubyte.gz")
            << QStringLiteral("label 10 at index 3 is out of range");
        QTest::newRow("missing labels") << int(Corruption::FashionMissingLabels)
                                        << QStringLiteral("train-labels-idx1-ubyte.gz") << QStringLiteral("not found");
        QTest::newRow("empty folder") << int(Corruption::FashionEmptyFolder) << QStringLiteral("fashion")
                                      << QStringLiteral("train-labels-idx1-ubyte.gz");
        QTest::newRow("missing folder") << int(Corruption::FashionMissingFolder) << QStringLiteral("no-such-folder")
                                        << QStringLiteral("train-images-idx3-ubyte.gz");
        QTest::newRow("cifar10 wrong size")
            << int(Corruption::Cifar10WrongSize) << QStringLiteral("data_batch_3.bin")
            << QStringLiteral("size %1 bytes is not a positive multiple of the 3073-byte")
                   .arg(kCifarRecords * 3073 - 1);
        QTest::newRow("cifar10 empty file") << int(Corruption::Cifar10EmptyFile) << QStringLiteral("data_batch_5.bin")
                                            << QStringLiteral("size 0 bytes");
        QTest::newRow("cifar10 label out of range")
            << int(Corruption::Cifar10LabelRange) << QStringLiteral("data_batch_2.bin")
            << QStringLiteral("label 10 of record 1 is out of range 0..9");
        QTest::newRow("cifar10 empty folder") << int(Corruption::Cifar10EmptyFolder) << QStringLiteral("cifar")
                                              << QStringLiteral("data_batch_1.bin, data_batch_2.bin");
        QTest::newRow("cifar100 wrong size") << int(Corruption::Cifar100WrongSize) << QStringLiteral("train.bin")
                                             << QStringLiteral("3074-byte record size");
        QTest::newRow("cifar100 fine label out of range")
            << int(Corruption::Cifar100FineLabelRange) << QStringLiteral("train.bin")
            << QStringLiteral("label 100 of record 2 is out of range 0..99");
        QTest::newRow("unknown dataset") << int(Corruption::UnknownDataset) << QStringLiteral("\"mnist\"")
                                         << QStringLiteral("fashion-mnist, cifar10, cifar100, synthetic");
    }

    void corruption()
    {
        QFETCH(int, corruption);
        QFETCH(QString, file);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString fashion = dir.path() + QStringLiteral("/fashion");
        const QString cifar = dir.path() + QStringLiteral("/cifar");
        QVERIFY(QDir().mkpath(fashion));
        QVERIFY(QDir().mkpath(cifar));
        const QString images = fashion + QStringLiteral("/train-images-idx3-ubyte");
        const QString labels = fashion + QStringLiteral("/train-labels-idx1-ubyte");

        DataConfig config;
        config.dataset = "fashion-mnist";
        config.dataDir = fashion.toStdString();
        switch (Corruption(corruption)) {
        case Corruption::FashionTruncatedGzip: {
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            const QByteArray whole = readRaw(images + QStringLiteral(".gz"));
            writeFile(images + QStringLiteral(".tmp"), whole.left(whole.size() / 2));
            QVERIFY(QFile::remove(images + QStringLiteral(".gz")));
            QVERIFY(QFile::rename(images + QStringLiteral(".tmp"), images + QStringLiteral(".gz")));
            break;
        }
        case Corruption::FashionBadChecksum: {
            // The gzip trailer starts with the CRC-32 of the data: the data reads, the check fails.
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            QByteArray whole = readRaw(labels + QStringLiteral(".gz"));
            QVERIFY(whole.size() > 8);
            whole[whole.size() - 8] = char(whole[whole.size() - 8] ^ 0x5A);
            QVERIFY(QFile::remove(labels + QStringLiteral(".gz")));
            writeFile(labels + QStringLiteral(".plain"), whole);
            QVERIFY(QFile::rename(labels + QStringLiteral(".plain"), labels + QStringLiteral(".gz")));
            break;
        }
        case Corruption::FashionTruncatedPlain:
            writeFashionFixture(fashion, QString());
            writeFile(images, idxImages(2051, kFixtureImages, 28).chopped(100));
            break;
        case Corruption::FashionLongerPlain:
            writeFashionFixture(fashion, QString());
            writeFile(images, idxImages(2051, kFixtureImages, 28) + QByteArray(3, 'x'));
            break;
        case Corruption::FashionTruncatedHeader:
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            writeFile(labels + QStringLiteral(".gz"), idxLabels(2049, kFixtureImages, [](int) { return 0; }).left(5));
            break;
        case Corruption::FashionImageMagic:
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            writeFile(images + QStringLiteral(".gz"), idxImages(2049, kFixtureImages, 28));
            break;
        case Corruption::FashionLabelMagic:
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            writeFile(labels + QStringLiteral(".gz"), idxLabels(2051, kFixtureImages, [](int) { return 0; }));
            break;
        case Corruption::FashionCountMismatch:
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            writeFile(images + QStringLiteral(".gz"), idxImages(2051, kFixtureImages - 1, 28));
            break;
        case Corruption::FashionLabelRange:
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            writeFile(labels + QStringLiteral(".gz"),
                      idxLabels(2049, kFixtureImages, [](int i) { return i == 3 ? 10 : 1; }));
            break;
        case Corruption::FashionMissingLabels:
            writeFashionFixture(fashion, QStringLiteral(".gz"));
            QVERIFY(QFile::remove(labels + QStringLiteral(".gz")));
            break;
        case Corruption::FashionEmptyFolder:
            break;
        case Corruption::FashionMissingFolder:
            config.dataDir = (dir.path() + QStringLiteral("/no-such-folder")).toStdString();
            break;
        case Corruption::Cifar10WrongSize:
            writeCifar10Fixture(cifar);
            writeFile(cifar + QStringLiteral("/data_batch_3.bin"),
                      cifarRecords(kCifarRecords, 1, [](int, int) { return 1; }).chopped(1));
            break;
        case Corruption::Cifar10EmptyFile:
            writeCifar10Fixture(cifar);
            writeFile(cifar + QStringLiteral("/data_batch_5.bin"), QByteArray());
            break;
        case Corruption::Cifar10LabelRange:
            writeCifar10Fixture(cifar);
            writeFile(cifar + QStringLiteral("/data_batch_2.bin"),
                      cifarRecords(kCifarRecords, 1, [](int r, int) { return r == 1 ? 10 : 0; }));
            break;
        case Corruption::Cifar10EmptyFolder:
            break;
        case Corruption::Cifar100WrongSize:
            writeCifar100Fixture(cifar);
            writeFile(cifar + QStringLiteral("/train.bin"), cifarRecords(kCifarRecords, 1, [](int, int) { return 1; }));
            break;
        case Corruption::Cifar100FineLabelRange:
            writeCifar100Fixture(cifar);
            writeFile(cifar + QStringLiteral("/train.bin"),
                      cifarRecords(kCifarRecords, 2, [](int r, int which) { return which == 1 && r == 2 ? 100 : 5; }));
            break;
        case Corruption::UnknownDataset:
            config.dataset = "mnist";
            break;
        }
        if (corruption >= int(Corruption::Cifar10WrongSize) && corruption <= int(Corruption::Cifar10EmptyFolder))
            config.dataset = "cifar10";
        if (corruption == int(Corruption::Cifar100WrongSize) || corruption == int(Corruption::Cifar100FineLabelRange))
            config.dataset = "cifar100";
        if (config.dataset.rfind("cifar", 0) == 0)
            config.dataDir = cifar.toStdString();

        const QString message = inputErrorOf([&config] { loadDataset(config, true); });
        QVERIFY2(!message.isEmpty(), "no InputError thrown");
        QVERIFY2(message.contains(file), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }

    void limits()
    {
        DataConfig config;
        config.dataset = "synthetic";
        config.syntheticSize = 100;
        config.trainLimit = 30;
        config.testLimit = 1000;
        QCOMPARE(loadDataset(config, true).size(), std::int64_t(30));
        QCOMPARE(loadDataset(config, false).size(), std::int64_t(25)); // syntheticSize / 4, limit above it
        config.trainLimit = 0;
        QCOMPARE(loadDataset(config, true).size(), std::int64_t(100));
        config.trainLimit = -1;
        QVERIFY(inputErrorOf([&config] { loadDataset(config, true); }).contains(QStringLiteral("negative")));
    }

    void defaultDirs()
    {
        QCOMPARE(defaultDataDir("fashion-mnist"), kFashionDir.toStdString());
        QCOMPARE(defaultDataDir("synthetic"), std::string());
        QVERIFY(QString::fromStdString(defaultDataDir("cifar10")).endsWith(QStringLiteral("/cifar-10-batches-bin")));
        qputenv("GDAS_DATA_DIR", "/data/sets");
        QCOMPARE(defaultDataDir("cifar100"), std::string("/data/sets/cifar-100-binary"));
        QCOMPARE(defaultDataDir("fashion-mnist"), std::string("/data/sets/fashion-mnist"));
        qunsetenv("GDAS_DATA_DIR");
        QVERIFY(inputErrorOf([] { defaultDataDir("imagenet"); }).contains(QStringLiteral("\"imagenet\"")));
    }

    void syntheticDeterministic()
    {
        const ImageDataset a = makeSynthetic(200, 3, 32, 10, 42);
        const ImageDataset b = makeSynthetic(200, 3, 32, 10, 42);
        const ImageDataset c = makeSynthetic(200, 3, 32, 10, 43);
        QCOMPARE(a.images.sizes().vec(), (std::vector<std::int64_t>{200, 3, 32, 32}));
        QCOMPARE(a.images.scalar_type(), torch::kUInt8);
        QCOMPARE(a.labels.scalar_type(), torch::kInt64);
        QVERIFY(torch::equal(a.images, b.images));
        QVERIFY(torch::equal(a.labels, b.labels));
        QCOMPARE(a.mean, b.mean);
        QVERIFY(!torch::equal(a.images, c.images));
        QVERIFY(torch::all(torch::bincount(a.labels, {}, 10) == 20).item<bool>());
        for (std::size_t ch = 0; ch < 3; ++ch) {
            QVERIFY(a.mean[ch] > 0.1f && a.mean[ch] < 0.9f);
            QVERIFY(a.std[ch] > 0.05f && a.std[ch] < 0.5f);
        }
    }

    void syntheticLearnable_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        QTest::newRow("3x32x32") << 3 << 32;
        QTest::newRow("1x28x28") << 1 << 28;
    }

    // A nearest-class-mean classifier fitted on one seed must recognise another seed's images:
    // the classes carry signal, and train and test share it.
    void syntheticLearnable()
    {
        QFETCH(int, channels);
        QFETCH(int, side);
        const int classes = 10;
        const ImageDataset train = makeSynthetic(1000, channels, side, classes, 1);
        const ImageDataset test = makeSynthetic(300, channels, side, classes, 2);
        // Features that ignore the random stripe phase: per-channel mean and mean |row/column step|.
        const auto features = [](const torch::Tensor &images) {
            const auto x = images.to(torch::kFloat32);
            const auto colour = x.mean({2, 3});
            const auto rowSteps = (x.narrow(2, 1, x.size(2) - 1) - x.narrow(2, 0, x.size(2) - 1)).abs().mean({1, 2, 3});
            const auto colSteps = (x.narrow(3, 1, x.size(3) - 1) - x.narrow(3, 0, x.size(3) - 1)).abs().mean({1, 2, 3});
            return torch::cat({colour, rowSteps.unsqueeze(1), colSteps.unsqueeze(1)}, 1);
        };
        const auto trainFeatures = features(train.images);
        std::vector<torch::Tensor> centres;
        for (int k = 0; k < classes; ++k)
            centres.push_back(trainFeatures.index_select(0, (train.labels == k).nonzero().squeeze(1)).mean(0));
        const auto predicted = torch::cdist(features(test.images), torch::stack(centres)).argmin(1);
        const double accuracy = (predicted == test.labels).to(torch::kFloat64).mean().item<double>();
        QVERIFY2(accuracy > 0.9, qPrintable(QString::number(accuracy)));
    }

    void syntheticRejectsNonsense()
    {
        QVERIFY(!inputErrorOf([] { makeSynthetic(0, 3, 32, 10, 1); }).isEmpty());
        QVERIFY(!inputErrorOf([] { makeSynthetic(10, 3, 32, 1, 1); }).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImageDataset)
#include "tst_imagedataset.moc"
