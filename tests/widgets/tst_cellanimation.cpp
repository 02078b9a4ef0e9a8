// widgets::CellAnimation: a run directory the test writes (config.json, epochs.jsonl through the
// metric schema) becomes one GIF frame per epoch, all of one size, the last one held longer.
#include "WidgetTestData.h"

#include "widgets/CellAnimation.h"

#include "model/GenotypeLibrary.h"
#include "model/RunRecord.h"

#include "support/GifFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas;
using widgets::CellAnimation;

namespace {

model::EpochRecord epochRecord(const model::Genotype &genotype, int epoch)
{
    model::EpochRecord record;
    record.epoch = epoch;
    record.tau = 10.0 - epoch * 2.0;
    record.normal = widgets::testdata::alphasFavouring(genotype, false, 0.5 + epoch, static_cast<unsigned>(epoch));
    if (genotype.space == model::SpaceKind::Darts)
        record.reduce = widgets::testdata::alphasFavouring(genotype, true, 0.5 + epoch, 100u + epoch);
    record.genotype = genotype;
    return record;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A search run directory as the engine writes it: config.json and one epochs.jsonl line per epoch.
void writeRun(const QString &dir, const QString &space, const std::vector<model::Genotype> &genotypes,
              int plannedEpochs)
{
    QVERIFY(QDir().mkpath(dir));
    const QByteArray config = QStringLiteral(R"({"kind":"search","name":"anim-%1","space":"%1","algorithm":"gdas",)"
                                             R"("epochs":%2,"seed":1})")
                                  .arg(space)
                                  .arg(plannedEpochs)
                                  .toUtf8();
    QVERIFY(writeFile(QDir(dir).filePath(QStringLiteral("config.json")), config));
    std::string lines;
    for (std::size_t i = 0; i < genotypes.size(); ++i)
        lines += model::epochRecordToJson(epochRecord(genotypes[i], static_cast<int>(i))) + "\n";
    QVERIFY(writeFile(QDir(dir).filePath(QStringLiteral("epochs.jsonl")), QByteArray::fromStdString(lines)));
}

bool hasDarkPixel(const QImage &image)
{
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if (qGray(image.pixel(x, y)) < 100)
                return true;
    return false;
}

} // namespace

class TestCellAnimation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void oneFramePerEpoch_data();
    void oneFramePerEpoch();
    void fixedFrameSize();
    void runWithoutEpochsWritesNothing();
    void cancelledWriteLeavesTheOldFile();

private:
    QTemporaryDir m_dir;
};

void TestCellAnimation::oneFramePerEpoch_data()
{
    QTest::addColumn<QString>("space");
    QTest::addColumn<QStringList>("genotypes");
    // Cells that change between epochs, so that their laid-out sizes differ.
    QTest::newRow("darts") << QStringLiteral("darts") << QStringList{"GDAS_V1", "DARTS_V2", "GDAS_V1", "DARTS_V2"};
    QTest::newRow("nas-bench-201") << QStringLiteral("nas-bench-201")
                                   << QStringList{"NB201_ResNet", "NB201_GDAS_Example", "NB201_GDAS_Example"};
}

void TestCellAnimation::oneFramePerEpoch()
{
    QFETCH(QString, space);
    QFETCH(QStringList, genotypes);
    std::vector<model::Genotype> cells;
    for (const QString &name : genotypes)
        cells.push_back(*model::builtinGenotype(name.toStdString()));
    const QString dir = m_dir.filePath(QStringLiteral("run-") + space);
    writeRun(dir, space, cells, 10);

    const model::RunRecord record = model::readRunDirectory(dir.toStdString());
    QCOMPARE(record.epochs.size(), cells.size());
    CellAnimation animation(record);
    const int epochs = static_cast<int>(cells.size());
    QCOMPARE(animation.frameCount(), epochs);
    QCOMPARE(animation.runName(), QStringLiteral("anim-") + space);
    QCOMPARE(animation.caption(0), QStringLiteral("epoch 1 / 10  (τ = 10.000)"));
    QCOMPARE(animation.caption(epochs - 1),
             QStringLiteral("epoch %1 / 10  (τ = %2)").arg(epochs).arg(10.0 - (epochs - 1) * 2.0, 0, 'f', 3));

    const QSize size = animation.frameSize();
    QVERIFY2(size.width() >= 200 && size.height() >= 150,
             qPrintable(QStringLiteral("%1×%2").arg(size.width()).arg(size.height())));
    std::vector<QImage> frames;
    for (int i = 0; i < epochs; ++i) {
        frames.push_back(animation.frame(i));
        QCOMPARE(frames.back().size(), size);
        // Paper style: white corners, a drawing in the middle.
        QCOMPARE(QColor(frames.back().pixel(0, 0)), QColor(Qt::white));
        QCOMPARE(QColor(frames.back().pixel(size.width() - 1, size.height() - 1)), QColor(Qt::white));
        QVERIFY(hasDarkPixel(frames.back()));
    }
    QVERIFY2(frames[0] != frames[1], "two epochs with different cells drew the same frame");

    const QString path = m_dir.filePath(space + QStringLiteral(".gif"));
    int lastDone = 0, lastTotal = 0;
    QString error;
    QVERIFY2(animation.write(path, false, &error,
                             [&](int done, int total) {
                                 lastDone = done;
                                 lastTotal = total;
                                 return true;
                             }),
             qPrintable(error));
    QCOMPARE(lastDone, lastTotal);
    QVERIFY(lastTotal >= epochs);

    const testing::GifContents gif = testing::readGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(int(gif.frames.size()), epochs);
    QCOMPARE(gif.size, size);
    QVERIFY(gif.loops);
    const CellAnimation::Options options;
    for (int i = 0; i + 1 < epochs; ++i)
        QCOMPARE(gif.delays[std::size_t(i)], options.frameDelay);
    QCOMPARE(gif.delays.back(), options.lastFrameDelay);
    for (int i = 0; i < epochs; ++i) {
        const testing::ImageDifference d = testing::imageDifference(gif.frames[std::size_t(i)], frames[std::size_t(i)]);
        QVERIFY2(d.mean < 2.0 && d.max <= 96,
                 qPrintable(QStringLiteral("frame %1: max %2, mean %3").arg(i).arg(d.max).arg(d.mean)));
    }
}

void TestCellAnimation::fixedFrameSize()
{
    const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
    CellAnimation animation({epochRecord(gdas, 0), epochRecord(gdas, 1)}, QStringLiteral("fixed"), 0);
    CellAnimation::Options options;
    options.frameSize = QSize(480, 360);
    options.frameDelay = 20;
    options.lastFrameDelay = 100;
    options.loop = false;
    animation.setOptions(options);
    QCOMPARE(animation.frameSize(), QSize(480, 360));
    QCOMPARE(animation.caption(1), QStringLiteral("epoch 2 / 2  (τ = 8.000)")); // no planned count: the last epoch
    const QString path = m_dir.filePath(QStringLiteral("fixed.gif"));
    QString error;
    QVERIFY2(animation.write(path, false, &error), qPrintable(error));
    const testing::GifContents gif = testing::readGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.size, QSize(480, 360));
    QCOMPARE(gif.delays, (std::vector<int>{20, 100}));
    QVERIFY(!gif.loops);
}

void TestCellAnimation::runWithoutEpochsWritesNothing()
{
    const QString dir = m_dir.filePath(QStringLiteral("no-epochs"));
    writeRun(dir, QStringLiteral("darts"), {}, 5);
    CellAnimation animation(model::readRunDirectory(dir.toStdString()));
    QCOMPARE(animation.frameCount(), 0);
    QVERIFY(animation.frameSize().isEmpty());
    const QString path = m_dir.filePath(QStringLiteral("nothing.gif"));
    QString error;
    QVERIFY(!animation.write(path, true, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
}

void TestCellAnimation::cancelledWriteLeavesTheOldFile()
{
    const model::Genotype darts = *model::builtinGenotype("DARTS_V2");
    CellAnimation animation({epochRecord(darts, 0), epochRecord(darts, 1), epochRecord(darts, 2)},
                            QStringLiteral("cancel"), 3);
    const QString dir = m_dir.filePath(QStringLiteral("cancel"));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/cells.gif");
    QVERIFY(writeFile(path, "the animation from yesterday"));
    for (const int stopAt : {1, 5}) { // while laying out, while drawing
        QString error;
        bool cancelled = false;
        QVERIFY(!animation.write(
            path, true, &error, [stopAt](int done, int) { return done < stopAt; }, &cancelled));
        QVERIFY(cancelled);
        QCOMPARE(readAll(path), QByteArray("the animation from yesterday"));
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("cells.gif")});
    }
}

QTEST_MAIN(TestCellAnimation)
#include "tst_cellanimation.moc"
