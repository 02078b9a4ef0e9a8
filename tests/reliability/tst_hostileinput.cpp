// Corrupt, truncated and foreign files given to the real `gdas` binary: checkpoints on
// --resume, data sets, genotype files. Each is refused with exit 2 and a message that names the
// file and what is wrong -- never a crash, never exit 1 (which means "the run failed").
// The readers themselves are tested directly in tests/engine/data and tests/model and fuzzed
// in fuzz/; this covers the path from the command line.
#include "GdasProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

using namespace gdas::reliability;

namespace {

QStringList tinySearch(const QString &space, int channels, const QString &out)
{
    return {"search",  "--dataset", "synthetic", "--space", space,      "--channels", QString::number(channels),
            "--cells", "1",         "--batch",   "8",       "--epochs", "1",          "--max-steps",
            "2",       "--threads", "1",         "--seed",  "1",        "--quiet",    "--out",
            out};
}

QStringList tinyRetrain(const QString &out)
{
    return {"retrain",
            "--genotype",
            "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_3x3~2|",
            "--dataset",
            "synthetic",
            "--channels",
            "4",
            "--layers",
            "1",
            "--batch",
            "8",
            "--epochs",
            "1",
            "--max-steps",
            "2",
            "--test-limit",
            "16",
            "--threads",
            "1",
            "--seed",
            "1",
            "--quiet",
            "--out",
            out};
}

bool copyDirectory(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    for (const QString &file : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(from + "/" + file, to + "/" + file))
            return false;
    return true;
}

QByteArray bigEndian32(quint32 v)
{
    QByteArray b(4, '\0');
    qToBigEndian(v, b.data());
    return b;
}

QByteArray idxLabels(const QByteArray &labels, quint32 magic = 2049)
{
    return bigEndian32(magic) + bigEndian32(quint32(labels.size())) + labels;
}

// Noisy pixels, so that the gzipped file is long enough to cut in half.
QByteArray idxImages(quint32 count, quint32 side, quint32 magic = 2051)
{
    QByteArray pixels(int(count * side * side), '\0');
    quint32 state = 12345;
    for (char &pixel : pixels) {
        state = state * 1664525u + 1013904223u;
        pixel = char(state >> 24);
    }
    return bigEndian32(magic) + bigEndian32(count) + bigEndian32(side) + bigEndian32(side) + pixels;
}

QByteArray gzip(const QByteArray &data)
{
    QProcess p;
    p.start("gzip", {"-c", "-n"});
    p.write(data);
    p.closeWriteChannel();
    p.waitForFinished();
    return p.readAllStandardOutput();
}

QByteArray cifarRecords(int records, int labelBytes, char label)
{
    QByteArray out;
    for (int r = 0; r < records; ++r)
        out += QByteArray(labelBytes, label) + QByteArray(3072, '\x20');
    return out;
}

// A Fashion-MNIST training set of `count` 28x28 images, labels 0..9, unzipped.
void writeFashionMnist(const QString &dir, int count)
{
    QByteArray labels;
    for (int i = 0; i < count; ++i)
        labels += char(i % 10);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(writeAll(dir + "/train-labels-idx1-ubyte", idxLabels(labels)));
    QVERIFY(writeAll(dir + "/train-images-idx3-ubyte", idxImages(quint32(count), 28)));
}

void writeCifar10(const QString &dir, int recordsPerFile)
{
    QVERIFY(QDir().mkpath(dir));
    for (int i = 1; i <= 5; ++i)
        QVERIFY(writeAll(dir + QStringLiteral("/data_batch_%1.bin").arg(i), cifarRecords(recordsPerFile, 1, char(i))));
}

void expectRefusal(const GdasResult &r, const QString &file, const QString &problem)
{
    QVERIFY2(!r.crashed, qPrintable("gdas crashed:\n" + r.err));
    QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1, expected 2:\n%2%3").arg(r.code).arg(r.out, r.err)));
    QVERIFY2(r.err.contains(file), qPrintable("the message should name " + file + ":\n" + r.err));
    QVERIFY2(r.err.contains(problem, Qt::CaseInsensitive),
             qPrintable("the message should say '" + problem + "':\n" + r.err));
}

} // namespace

class TestHostileInput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void corruptCheckpointIsRefused_data();
    void corruptCheckpointIsRefused();
    void corruptRetrainCheckpointIsRefused_data();
    void corruptRetrainCheckpointIsRefused();
    void brokenRunConfigIsRefused();
    void corruptDataIsRefused_data();
    void corruptDataIsRefused();
    void corruptRetrainDataIsRefused();
    void deeplyNestedGenotypeIsRefused_data();
    void deeplyNestedGenotypeIsRefused();
    void genotypeNameThatIsNotUtf8();

private:
    QTemporaryDir m_dir;
    QString m_search;      // NAS-Bench-201, C=4, one finished epoch
    QString m_searchC6;    // the same with C=6
    QString m_searchDarts; // DARTS space
    QString m_retrain;
};

void TestHostileInput::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_search = m_dir.filePath("search");
    m_searchC6 = m_dir.filePath("search-c6");
    m_searchDarts = m_dir.filePath("search-darts");
    m_retrain = m_dir.filePath("retrain");
    for (const QStringList &args :
         {tinySearch("nas-bench-201", 4, m_search), tinySearch("nas-bench-201", 6, m_searchC6),
          tinySearch("darts", 2, m_searchDarts), tinyRetrain(m_retrain)}) {
        const GdasResult r = runGdas(args);
        QVERIFY2(r.code == 0, qPrintable(args.join(' ') + "\n" + r.out + r.err));
    }
}

void TestHostileInput::corruptCheckpointIsRefused_data()
{
    QTest::addColumn<QString>("source");  // how to make the checkpoint
    QTest::addColumn<QString>("problem"); // what the message must say ("" for the intact control)
    QTest::newRow("intact (control)") << "intact"
                                      << "";
    QTest::newRow("truncated to half") << "half"
                                       << "checkpoint";
    QTest::newRow("truncated to 100 bytes") << "100"
                                            << "checkpoint";
    QTest::newRow("empty") << "empty"
                           << "checkpoint";
    QTest::newRow("random bytes") << "random"
                                  << "checkpoint";
    QTest::newRow("missing") << "missing"
                             << "no checkpoint";
    QTest::newRow("from the DARTS space") << "darts"
                                          << "space";
    QTest::newRow("from another channel count") << "c6"
                                                << "channels";
    QTest::newRow("from a retraining") << "retrain"
                                       << "format";
}

void TestHostileInput::corruptCheckpointIsRefused()
{
    QFETCH(QString, source);
    QFETCH(QString, problem);
    const QString dir = m_dir.filePath("resume-" + source);
    QVERIFY(copyDirectory(m_search, dir));
    const QString checkpoint = dir + "/checkpoint.pt";
    const QByteArray intact = readAll(checkpoint);
    QVERIFY(intact.size() > 200);
    QByteArray replacement = intact;
    if (source == "half")
        replacement = intact.left(intact.size() / 2);
    else if (source == "100")
        replacement = intact.left(100);
    else if (source == "empty")
        replacement.clear();
    else if (source == "random") {
        replacement.resize(intact.size());
        QRandomGenerator random(42);
        for (char &c : replacement)
            c = char(random.bounded(256));
    } else if (source == "darts")
        replacement = readAll(m_searchDarts + "/checkpoint.pt");
    else if (source == "c6")
        replacement = readAll(m_searchC6 + "/checkpoint.pt");
    else if (source == "retrain")
        replacement = readAll(m_retrain + "/checkpoint.pt");
    if (source == "missing")
        QVERIFY(QFile::remove(checkpoint));
    else
        QVERIFY(writeAll(checkpoint, replacement));

    const GdasResult r = runGdas({"search", "--resume", dir, "--epochs", "2", "--quiet"});
    if (problem.isEmpty()) {
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        return;
    }
    expectRefusal(r, checkpoint, problem);
    if (source != "missing")
        QCOMPARE(readAll(checkpoint), replacement); // a refused checkpoint is left as it was
}

void TestHostileInput::corruptRetrainCheckpointIsRefused_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("problem");
    QTest::newRow("intact (control)") << "intact"
                                      << "";
    QTest::newRow("truncated to half") << "half"
                                       << "checkpoint";
    QTest::newRow("random bytes") << "random"
                                  << "checkpoint";
    QTest::newRow("from a search") << "search"
                                   << "not a retrain checkpoint";
}

void TestHostileInput::corruptRetrainCheckpointIsRefused()
{
    QFETCH(QString, source);
    QFETCH(QString, problem);
    const QString dir = m_dir.filePath("retrain-resume-" + source);
    QVERIFY(copyDirectory(m_retrain, dir));
    const QString checkpoint = dir + "/checkpoint.pt";
    const QByteArray intact = readAll(checkpoint);
    QByteArray replacement = intact;
    if (source == "half")
        replacement = intact.left(intact.size() / 2);
    else if (source == "random") {
        QRandomGenerator random(7);
        for (char &c : replacement)
            c = char(random.bounded(256));
    } else if (source == "search")
        replacement = readAll(m_search + "/checkpoint.pt");
    QVERIFY(writeAll(checkpoint, replacement));
    const GdasResult r = runGdas({"retrain", "--resume", dir, "--epochs", "2", "--quiet"});
    if (problem.isEmpty()) {
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        return;
    }
    expectRefusal(r, checkpoint, problem);
}

void TestHostileInput::brokenRunConfigIsRefused()
{
    const QString dir = m_dir.filePath("broken-config");
    QVERIFY(copyDirectory(m_search, dir));
    QVERIFY(writeAll(dir + "/config.json", "{\"kind\": \"search\", \"space\": "));
    expectRefusal(runGdas({"search", "--resume", dir}), dir + "/config.json", "config.json");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(QFile::remove(dir + "/config.json"));
    expectRefusal(runGdas({"search", "--resume", dir}), dir + "/config.json", "config.json");
    if (QTest::currentTestFailed())
        return;
    const QString nowhere = m_dir.filePath("no-such-run");
    expectRefusal(runGdas({"search", "--resume", nowhere}), nowhere, "no-such-run");
}

void TestHostileInput::corruptDataIsRefused_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("badFile"); // relative to the data folder; "" names the folder
    QTest::addColumn<QString>("problem");
    QTest::newRow("fashion-mnist: truncated gzip") << "fashion-mnist"
                                                   << "truncated-gz"
                                                   << "train-images-idx3-ubyte.gz"
                                                   << "truncated";
    QTest::newRow("fashion-mnist: gzip of garbage") << "fashion-mnist"
                                                    << "garbage-gz"
                                                    << "train-labels-idx1-ubyte.gz"
                                                    << "";
    QTest::newRow("fashion-mnist: wrong magic") << "fashion-mnist"
                                                << "magic"
                                                << "train-labels-idx1-ubyte"
                                                << "magic";
    QTest::newRow("fashion-mnist: label out of range") << "fashion-mnist"
                                                       << "label"
                                                       << "train-labels-idx1-ubyte"
                                                       << "out of range";
    QTest::newRow("fashion-mnist: image count differs") << "fashion-mnist"
                                                        << "count"
                                                        << "train-images-idx3-ubyte"
                                                        << "labels";
    QTest::newRow("fashion-mnist: huge side in header") << "fashion-mnist"
                                                        << "side"
                                                        << "train-images-idx3-ubyte"
                                                        << "size";
    QTest::newRow("fashion-mnist: header claims 60000 images of 1024x1024") << "fashion-mnist"
                                                                            << "claims"
                                                                            << "train-images-idx3-ubyte"
                                                                            << "truncated";
    QTest::newRow("fashion-mnist: empty folder") << "fashion-mnist"
                                                 << "empty"
                                                 << ""
                                                 << "not found";
    QTest::newRow("cifar10: wrong-size file") << "cifar10"
                                              << "size"
                                              << "data_batch_3.bin"
                                              << "record size";
    QTest::newRow("cifar10: label out of range") << "cifar10"
                                                 << "label"
                                                 << "data_batch_2.bin"
                                                 << "out of range";
    QTest::newRow("cifar10: a file missing") << "cifar10"
                                             << "missing"
                                             << ""
                                             << "data_batch_4.bin";
    QTest::newRow("cifar10: empty folder") << "cifar10"
                                           << "empty"
                                           << ""
                                           << "no cifar10 files";
    QTest::newRow("cifar100: wrong-size file") << "cifar100"
                                               << "size"
                                               << "train.bin"
                                               << "record size";
    QTest::newRow("cifar100: fine label out of range") << "cifar100"
                                                       << "label"
                                                       << "train.bin"
                                                       << "out of range";
}

void TestHostileInput::corruptDataIsRefused()
{
    QFETCH(QString, dataset);
    QFETCH(QString, fault);
    QFETCH(QString, badFile);
    QFETCH(QString, problem);
    const QString data = m_dir.filePath(QStringLiteral("data-%1-%2").arg(dataset, fault));
    QVERIFY(QDir().mkpath(data));
    if (dataset == "fashion-mnist") {
        // 64 images, or 60000 for a header that claims 60000 x 1024 x 1024 bytes (63 GB).
        const int count = fault == "claims" ? 60000 : 64;
        QByteArray labels;
        for (int i = 0; i < count; ++i)
            labels += char(i % 10);
        QByteArray labelFile = idxLabels(labels), imageFile = idxImages(64, 28);
        if (fault == "magic")
            labelFile = idxLabels(labels, 2050);
        else if (fault == "label")
            labelFile[8 + 37] = char(12);
        else if (fault == "count")
            imageFile = idxImages(63, 28);
        else if (fault == "side")
            imageFile =
                bigEndian32(2051) + bigEndian32(64) + bigEndian32(2000) + bigEndian32(2000) + QByteArray(1000, '\0');
        else if (fault == "claims")
            imageFile =
                bigEndian32(2051) + bigEndian32(60000) + bigEndian32(1024) + bigEndian32(1024) + QByteArray(1000, '\0');
        if (fault == "truncated-gz") {
            QVERIFY(writeAll(data + "/train-labels-idx1-ubyte.gz", gzip(labelFile)));
            const QByteArray gz = gzip(imageFile);
            QVERIFY(gz.size() > 1000);
            QVERIFY(writeAll(data + "/train-images-idx3-ubyte.gz", gz.left(gz.size() / 2)));
        } else if (fault == "garbage-gz") {
            QByteArray garbage = gzip(labelFile);
            for (qsizetype i = 12; i < garbage.size() - 8; ++i)
                garbage[i] = char(garbage[i] ^ 0x5a);
            QVERIFY(writeAll(data + "/train-labels-idx1-ubyte.gz", garbage));
            QVERIFY(writeAll(data + "/train-images-idx3-ubyte.gz", gzip(imageFile)));
        } else if (fault != "empty") {
            QVERIFY(writeAll(data + "/train-labels-idx1-ubyte", labelFile));
            QVERIFY(writeAll(data + "/train-images-idx3-ubyte", imageFile));
        }
    } else if (dataset == "cifar10") {
        if (fault != "empty")
            writeCifar10(data, 8);
        if (fault == "size")
            QVERIFY(writeAll(data + "/data_batch_3.bin", cifarRecords(2, 1, 3).left(5000)));
        else if (fault == "label")
            QVERIFY(writeAll(data + "/data_batch_2.bin", cifarRecords(3, 1, 10)));
        else if (fault == "missing")
            QVERIFY(QFile::remove(data + "/data_batch_4.bin"));
    } else {
        QByteArray train = cifarRecords(16, 2, 5);
        if (fault == "size")
            train.chop(1);
        else if (fault == "label")
            train[3074 * 7 + 1] = char(100); // records: coarse label, fine label, 3072 pixels
        QVERIFY(writeAll(data + "/train.bin", train));
    }
    if (QTest::currentTestFailed())
        return;

    const GdasResult r = runGdas({"search",
                                  "--dataset",
                                  dataset,
                                  "--data-dir",
                                  data,
                                  "--space",
                                  "nas-bench-201",
                                  "--channels",
                                  "4",
                                  "--cells",
                                  "1",
                                  "--batch",
                                  "4",
                                  "--epochs",
                                  "1",
                                  "--max-steps",
                                  "1",
                                  "--threads",
                                  "1",
                                  "--quiet",
                                  "--out",
                                  m_dir.filePath("unused-run")});
    expectRefusal(r, badFile.isEmpty() ? data : data + "/" + badFile, problem);
}

void TestHostileInput::corruptRetrainDataIsRefused()
{
    // The retraining also reads the test split: a broken test file stops it before any work.
    const QString data = m_dir.filePath("retrain-data");
    writeFashionMnist(data, 40);
    QVERIFY(writeAll(data + "/t10k-labels-idx1-ubyte", idxLabels(QByteArray(10, '\x01'))));
    QVERIFY(writeAll(data + "/t10k-images-idx3-ubyte", idxImages(10, 28).left(500)));
    const QString run = m_dir.filePath("retrain-bad-data");
    const GdasResult r = runGdas({"retrain",
                                  "--genotype",
                                  "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|skip_connect~2|",
                                  "--dataset",
                                  "fashion-mnist",
                                  "--data-dir",
                                  data,
                                  "--channels",
                                  "4",
                                  "--layers",
                                  "1",
                                  "--batch",
                                  "4",
                                  "--epochs",
                                  "1",
                                  "--max-steps",
                                  "1",
                                  "--threads",
                                  "1",
                                  "--quiet",
                                  "--out",
                                  run});
    expectRefusal(r, data + "/t10k-images-idx3-ubyte", "truncated");
}

void TestHostileInput::deeplyNestedGenotypeIsRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("DARTS literal, 200000 open brackets") << QByteArray("Genotype(normal=") + QByteArray(200000, '[');
    QTest::newRow("JSON, 200000 open brackets") << QByteArray("{\"normal\": ") + QByteArray(200000, '[');
    QTest::newRow("JSON, 100000 nested objects") << QByteArray("{\"normal\": ").repeated(100000);
}

void TestHostileInput::deeplyNestedGenotypeIsRefused()
{
    // A genotype file is outside input (downloaded, pasted, written by a script): nesting it a
    // hundred thousand levels deep must give an error, not exhaust the stack.
    QFETCH(QByteArray, text);
    const QString file = m_dir.filePath("deep.txt");
    QVERIFY(writeAll(file, text));
    const GdasResult r = runGdas({"genotype", "show", file});
    expectRefusal(r, file, "");
}

void TestHostileInput::genotypeNameThatIsNotUtf8()
{
    // A genotype file written by another tool with a Latin-1 name: read it and write it back
    // (exit 0, valid UTF-8 out), or refuse it (exit 2, naming the file); never exit 1 with a
    // JSON library's exception text.
    const QString file = m_dir.filePath("latin1.json");
    QByteArray text = readAll(QStringLiteral(GDAS_SOURCE_DIR "/tests/data/genotypes/gdas_v1.json"));
    QVERIFY(!text.isEmpty());
    text.replace("\"GDAS_V1\"", "\"r\xe9sum\xe9\"");
    QVERIFY(writeAll(file, text));
    const GdasResult r = runGdas({"genotype", "convert", file, "--to", "json"});
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QVERIFY2(r.code == 0 || r.code == 2, qPrintable(QStringLiteral("exit %1:\n%2").arg(r.code).arg(r.err)));
    if (r.code == 0)
        QVERIFY2(QJsonDocument::fromJson(r.out.toUtf8()).isObject(), qPrintable(r.out));
    else
        QVERIFY2(r.err.contains(file), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
