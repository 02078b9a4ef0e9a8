// `gdas search` and `gdas retrain` on a folder of the user's own images, as a user runs them: a
// folder of PNG and JPEG files (grey and colour, several sizes) that the test writes, the cache
// that makes the second run start at once, the class names in config.json and beside exported
// weights, and exit code 2 naming the file for each bad input (docs/RELIABILITY.md).
#include "support/ImageFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <unistd.h>

using gdas::testing::classPattern;
using gdas::testing::writeJpeg;
using gdas::testing::writePng;

namespace {

struct Result {
    int code = -1;
    QString out;
    QString err;
};

Result runGdas(const QStringList &args, const QString &cacheDir, const QStringList &prefix = {}, int timeoutMs = 240000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("GDAS_CACHE_DIR", cacheDir);
    p.setProcessEnvironment(env);
    if (prefix.isEmpty())
        p.start(GDAS_CLI_PATH, args);
    else
        p.start(prefix.first(), prefix.mid(1) + QStringList{GDAS_CLI_PATH} + args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Four classes of 12 images: grey PNGs, colour PNGs and colour JPEGs of 20..44 pixels.
void writeFolder(const QString &root, const QStringList &classes = {"circle", "cross", "square", "stripe"},
                 int perClass = 12)
{
    for (int k = 0; k < classes.size(); ++k) {
        const std::string dir = QDir(root).filePath(classes[k]).toStdString();
        std::filesystem::create_directories(dir);
        for (int i = 0; i < perClass; ++i) {
            const int w = 20 + (i * 7) % 25;
            const int h = 20 + (i * 11) % 25;
            auto sample = [&](int x, int y, int c) { return classPattern(k, i, std::min(w, h), x, y, c); };
            const std::string stem = dir + "/" + std::to_string(i);
            if (i % 3 == 0)
                writePng(stem + ".png", w, h, 1, 8, sample);
            else if (i % 3 == 1)
                writePng(stem + ".png", w, h, 3, 8, sample);
            else
                writeJpeg(stem + ".jpg", w, h, 3, sample);
        }
    }
}

QJsonObject readJson(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

QStringList tinySearch(const QString &data, const QString &run)
{
    return {"search",     "--dataset",  "folder",
            "--data-dir", data,         "--image-size",
            "16",         "--space",    "nas-bench-201",
            "--epochs",   "1",          "--batch",
            "8",          "--channels", "4",
            "--cells",    "1",          "--max-steps",
            "2",          "--threads",  "1",
            "--out",      run};
}

} // namespace

class TestFolderData : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void searchAndRetrainOnAFolder();
    void badInputIsExitTwoNamingTheFile_data();
    void badInputIsExitTwoNamingTheFile();
    void unreadableFileAsNobody();

private:
    QTemporaryDir m_tmp;
    QString m_cache;
};

void TestFolderData::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_cache = m_tmp.filePath("cache");
}

void TestFolderData::searchAndRetrainOnAFolder()
{
    const QString data = m_tmp.filePath("shapes");
    writeFolder(data);
    QFile::copy(QStringLiteral(GDAS_SOURCE_DIR "/README.md"), QDir(data).filePath("README.md"));

    const QString run = m_tmp.filePath("search");
    Result r = runGdas(tinySearch(data, run), m_cache);
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains("image folder " + data +
                            " (classes): 4 classes (circle, cross, square, stripe), "
                            "44 training / 4 test images at 16x16x3; decoded 48 files"),
             qPrintable(r.out));
    QVERIFY2(r.out.contains("1 other file skipped"), qPrintable(r.out));
    QVERIFY2(r.out.contains("epoch 1/1"), qPrintable(r.out));
    const QJsonObject config = readJson(run + "/config.json");
    QCOMPARE(config.value("dataset").toString(), QStringLiteral("folder"));
    QCOMPARE(config.value("image_size").toInt(), 16);
    QCOMPARE(config.value("in_channels").toInt(), 3);
    QCOMPARE(config.value("classes").toInt(), 4);
    QCOMPARE(config.value("class_names").toArray(), (QJsonArray{"circle", "cross", "square", "stripe"}));
    QVERIFY(QFile::exists(run + "/genotype.json"));

    // The second run reads the cache; a resume reads the image size back from config.json.
    const QString again = m_tmp.filePath("search-again");
    QElapsedTimer timer;
    timer.start();
    r = runGdas(tinySearch(data, again), m_cache);
    QVERIFY2(r.code == 0 && r.out.contains("read from the cache " + m_cache), qPrintable(r.out + r.err));
    r = runGdas({"search", "--resume", again, "--epochs", "2"}, m_cache);
    QVERIFY2(r.code == 0 && r.out.contains("16x16x3; read from the cache"), qPrintable(r.out + r.err));

    const QString retrain = m_tmp.filePath("retrain");
    const QString weights = m_tmp.filePath("weights.pt");
    r = runGdas(
        {"retrain",  "--genotype",     "GDAS_V1",     "--dataset", "folder",    "--data-dir", data,    "--image-size",
         "16",       "--epochs",       "1",           "--batch",   "8",         "-C",         "4",     "--layers",
         "3",        "--no-auxiliary", "--max-steps", "2",         "--threads", "1",          "--out", retrain,
         "--export", weights},
        m_cache);
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains("4 classes (circle, cross, square, stripe)"), qPrintable(r.out));
    const QJsonObject retrainConfig = readJson(retrain + "/config.json");
    QCOMPARE(retrainConfig.value("class_names").toArray(), (QJsonArray{"circle", "cross", "square", "stripe"}));
    QCOMPARE(retrainConfig.value("test_images").toInt(), 4);
    QCOMPARE(retrainConfig.value("network").toObject().value("classes").toInt(), 4);
    QFile classes(weights + ".classes.txt");
    QVERIFY(classes.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(classes.readAll()), QStringLiteral("circle\ncross\nsquare\nstripe\n"));
}

void TestFolderData::badInputIsExitTwoNamingTheFile_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("named"); // relative to the data folder
    QTest::addColumn<QString>("problem");
    QTest::newRow("truncated PNG") << "truncate-png"
                                   << "cross/1.png"
                                   << "corrupt PNG (truncated";
    QTest::newRow("truncated JPEG") << "truncate-jpeg"
                                    << "cross/2.jpg"
                                    << "corrupt JPEG (Premature end of JPEG file)";
    QTest::newRow("not an image") << "text"
                                  << "square/4.png"
                                  << "not a PNG or JPEG file";
    QTest::newRow("empty class folder") << "empty-class"
                                        << "zebra"
                                        << "empty class folder";
    QTest::newRow("a single class") << "single-class"
                                    << ""
                                    << "only one class folder (circle)";
    QTest::newRow("huge PNG") << "huge"
                              << "stripe/huge.png"
                              << "above the limit of 40 megapixels";
    QTest::newRow("missing folder") << "missing"
                                    << ""
                                    << "image folder not found";
}

void TestFolderData::badInputIsExitTwoNamingTheFile()
{
    QFETCH(QString, damage);
    QFETCH(QString, named);
    QFETCH(QString, problem);
    const QString data = m_tmp.filePath("bad-" + damage);
    if (damage == "single-class")
        writeFolder(data, {"circle"}, 3);
    else if (damage != "missing")
        writeFolder(data, {"circle", "cross", "square", "stripe"}, 6);
    const QString file = QDir(data).filePath(named);
    auto cut = [&] {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
    };
    if (damage.startsWith("truncate")) {
        cut();
    } else if (damage == "text") {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("a note, not a picture\n");
    } else if (damage == "empty-class") {
        QVERIFY(QDir().mkpath(file));
    } else if (damage == "huge") {
        writePng(
            file.toStdString(), 8000, 6000, 1, 8, [](int, int, int) { return 0; }, false, 1);
    }
    const Result r = runGdas(tinySearch(data, m_tmp.filePath("run-" + damage)), m_cache);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains((named.isEmpty() ? data : file) + ": ") && r.err.contains(problem), qPrintable(r.err));
    QCOMPARE(r.err.count('\n'), 1); // one line, no stack trace
}

void TestFolderData::unreadableFileAsNobody()
{
    // chmod 000 does not stop root, so as root gdas runs as "nobody" (setpriv) for this case.
    QStringList prefix;
    if (::geteuid() == 0) {
        const QString setpriv = QStandardPaths::findExecutable("setpriv");
        if (setpriv.isEmpty())
            QSKIP("running as root without setpriv: cannot make a file unreadable for gdas");
        prefix = {setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
    }
    QTemporaryDir shared; // readable by everyone: nobody must reach the folder and write the run
    QVERIFY(shared.isValid());
    const auto open = std::filesystem::perms::all;
    std::filesystem::permissions(shared.path().toStdString(), open);
    const QString data = QDir(shared.path()).filePath("shapes");
    writeFolder(data, {"circle", "cross"}, 4);
    for (const auto &entry : std::filesystem::recursive_directory_iterator(data.toStdString()))
        std::filesystem::permissions(entry.path(), entry.is_directory() ? open : std::filesystem::perms(0644));
    std::filesystem::permissions(data.toStdString(), open);
    const QString file = QDir(data).filePath("cross/1.png");
    std::filesystem::permissions(file.toStdString(), std::filesystem::perms::none);
    Result r =
        runGdas(tinySearch(data, QDir(shared.path()).filePath("run")), QDir(shared.path()).filePath("cache"), prefix);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(file + ": cannot open (Permission denied)"), qPrintable(r.err));
    // A class folder that cannot be listed.
    std::filesystem::permissions(file.toStdString(), std::filesystem::perms(0644));
    const QString folder = QDir(data).filePath("circle");
    std::filesystem::permissions(folder.toStdString(), std::filesystem::perms::none);
    r = runGdas(tinySearch(data, QDir(shared.path()).filePath("run2")), QDir(shared.path()).filePath("cache"), prefix);
    std::filesystem::permissions(folder.toStdString(), open);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(folder + ": cannot list the folder (Permission denied)"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestFolderData)
#include "tst_folderdata.moc"
