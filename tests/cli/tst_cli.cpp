// The `gdas` command as a user runs it: help, exit codes, genotype show/convert, a tiny search
// that writes a run directory, and clear errors for bad input.
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result {
    int code = -1;
    QString out;
    QString err;
};

Result gdas(const QStringList &args, int timeoutMs = 240000)
{
    QProcess p;
    p.start(GDAS_CLI_PATH, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Every file under `root` with its bytes: "nothing was touched" is this map unchanged.
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.insert(QDir(root).relativeFilePath(path), f.readAll());
    }
    return files;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

const QStringList kTinySearch{
    "search",     "--dataset", "synthetic", "--space", "nas-bench-201", "--epochs", "1",         "--batch", "16",
    "--channels", "4",         "--cells",   "1",       "--max-steps",   "2",        "--threads", "1"};

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void helpAndUsage()
    {
        auto r = gdas({"--help"});
        QCOMPARE(r.code, 0);
        for (const char *sub : {"search", "genotype", "retrain", "info", "bench"})
            QVERIFY2(r.out.contains(sub), qPrintable(r.out));
        r = gdas({"search", "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--resume"));
        QCOMPARE(gdas({}).code, 2);
        QCOMPARE(gdas({"search", "--epochs", "many"}).code, 2);
        QCOMPARE(gdas({"frobnicate"}).code, 2);
    }

    void genotypeShowAndConvert()
    {
        auto r = gdas({"genotype", "show", "GDAS_V1"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("sep_conv"), qPrintable(r.out));
        r = gdas({"genotype", "convert", "DARTS_V2", "--to", "json"});
        QCOMPARE(r.code, 0);
        const auto doc = QJsonDocument::fromJson(r.out.toUtf8());
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value("space").toString(), QString("darts"));
        // Back from JSON text to the DARTS literal.
        auto back = gdas({"genotype", "convert", r.out.trimmed(), "--to", "darts"});
        QCOMPARE(back.code, 0);
        QVERIFY(back.out.startsWith("Genotype("));
        r = gdas({"genotype", "convert",
                  "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                  "--to", "json"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("nas-bench-201"));
        r = gdas({"genotype", "list"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("DARTS_V2") && r.out.contains("GDAS_V1"));
    }

    void malformedGenotypeIsUsageError()
    {
        auto r = gdas({"genotype", "show", "Genotype(normal=[('sep_conv_3x3', 0), ('bogus_op', 1)"});
        QCOMPARE(r.code, 2);
        QVERIFY2(!r.err.trimmed().isEmpty(), "no message");
        r = gdas({"genotype", "show", "/nonexistent/cell.json"});
        QCOMPARE(r.code, 2);
    }

    void tinySearchWritesRunDirectory()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("run");
        auto r = gdas({"search", "--dataset", "synthetic", "--space", "nas-bench-201", "--epochs", "2", "--batch", "16",
                       "--channels", "4", "--cells", "1", "--max-steps", "3", "--threads", "1", "--out", run});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("epoch 2/2"), qPrintable(r.out));
        for (const char *f :
             {"config.json", "metrics.jsonl", "epochs.jsonl", "genotype.json", "checkpoint.pt", "log.txt"})
            QVERIFY2(QFile::exists(run + "/" + f), f);
        auto show = gdas({"genotype", "show", run});
        QCOMPARE(show.code, 0);
        QVERIFY(show.out.contains("~0|"));
        // Resume a finished run with more epochs.
        r = gdas({"search", "--resume", run, "--epochs", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("epoch 3/3"), qPrintable(r.out));
    }

    // A new run never writes into a folder that holds something: exit 2, one message naming the
    // folder, what it holds and the ways on; every byte stays where it was.
    void occupiedRunFolderIsRefused_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("holds");
        QTest::addColumn<bool>("search");
        const QStringList finished{"config.json",  "genotype.json", "metrics.jsonl",
                                   "epochs.jsonl", "checkpoint.pt", "log.txt"};
        const QStringList unfinished{"config.json", "metrics.jsonl", "checkpoint.pt", "log.txt"};
        const QStringList own{"notes.txt", "figures/cell.svg", "genotype.json"};
        QTest::newRow("search into a finished run") << finished << "a finished run" << true;
        QTest::newRow("search into a run to resume") << unfinished << "a run that has not finished" << true;
        QTest::newRow("search into a user's files") << own << "files that are not a run" << true;
        QTest::newRow("retrain into a finished run") << finished << "a finished run" << false;
        QTest::newRow("retrain into a user's files") << own << "files that are not a run" << false;
    }

    void occupiedRunFolderIsRefused()
    {
        QFETCH(QStringList, files);
        QFETCH(QString, holds);
        QFETCH(bool, search);
        QTemporaryDir dir;
        const QString run = dir.filePath("run");
        for (const QString &f : files)
            writeFile(run + "/" + f, ("content of " + f).toUtf8());
        const auto before = snapshot(dir.path());
        const QStringList args = search ? kTinySearch + QStringList{"--out", run}
                                        : QStringList{"retrain",  "--genotype", "GDAS_V1", "--dataset", "synthetic",
                                                      "--epochs", "1",          "--out",   run};
        const auto r = gdas(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(run) && r.err.contains(holds), qPrintable(r.err));
        QVERIFY2(r.err.contains("--move-aside") && r.err.contains("another --out"), qPrintable(r.err));
        if (holds != "files that are not a run")
            QVERIFY2(r.err.contains("--resume " + run), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1); // one line
        QCOMPARE(snapshot(dir.path()), before);
    }

    void moveAsideKeepsTheOldContents()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("run");
        writeFile(run + "/notes.txt", "my notes");
        writeFile(run + "/old/genotype.json", "{}");
        const auto before = snapshot(run);
        auto r = gdas(kTinySearch + QStringList{"--out", run, "--move-aside"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QStringList aside = QDir(run).entryList({"previous-*"}, QDir::Dirs);
        QCOMPARE(aside.size(), 1);
        QVERIFY2(r.out.contains(aside.first()), qPrintable(r.out));
        QCOMPARE(snapshot(run + "/" + aside.first()), before);
        QVERIFY(QFile::exists(run + "/genotype.json"));
        // A second time: the finished run goes aside too, next to the first one.
        const auto firstRun = snapshot(run);
        r = gdas(kTinySearch + QStringList{"--out", run, "--move-aside"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QStringList both = QDir(run).entryList({"previous-*"}, QDir::Dirs);
        QCOMPARE(both.size(), 2);
        QCOMPARE(snapshot(run + "/" + aside.first()), before);
        QVERIFY(QFile::exists(run + "/" + both.at(both.at(0) == aside.first() ? 1 : 0) + "/genotype.json"));
        QVERIFY(firstRun.size() > before.size());
        QCOMPARE(gdas({"search", "--resume", run, "--move-aside"}).code, 2);
    }

    void exportsNeverReplaceSilently()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("cell.json");
        writeFile(file, "my own cell");
        const auto before = snapshot(dir.path());
        auto r = gdas({"genotype", "convert", "GDAS_V1", "--to", "json", "-o", file});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(file) && r.err.contains("--overwrite"), qPrintable(r.err));
        r = gdas({"bench", "--steps", "1", "--warmup", "0", "-o", file});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(file), qPrintable(r.err));
        // Refused before any training: no run directory appears.
        r = gdas({"retrain", "--genotype", "GDAS_V1", "--dataset", "synthetic", "--epochs", "1", "--out",
                  dir.filePath("run"), "--export", file});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(file), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("run")));
        QCOMPARE(snapshot(dir.path()), before);
        r = gdas({"genotype", "convert", "GDAS_V1", "--to", "json", "-o", file, "--overwrite"});
        QCOMPARE(r.code, 0);
        QVERIFY(snapshot(dir.path()).value("cell.json").contains("sep_conv"));
    }

    // --sample-seed draws the cells the official code draws after torch.manual_seed(seed + k):
    // the golden rows come from bench/official_step.py --case CASE --steps 1 --warmup 0
    // --sample-seed SEED, run on AutoDL-Projects with Debian's python3-torch 1.13.
    void benchSampleSeedDrawsTheOfficialCells_data()
    {
        QTest::addColumn<QString>("benchCase");
        QTest::addColumn<QString>("seed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nas-bench-201") << "nb201-gdas"
                                       << "1000"
                                       << "[[2,1,0,2,4,2],[0,2,0,4,4,2]]";
        QTest::newRow("darts") << "darts-gdas"
                               << "7"
                               << "[[1,5,0,7,3,5,2,7,2,1,4,0,3,1,7,3,4,0,5,4,7,3,3,1,5,0,6,4],"
                                  "[7,6,0,2,7,1,6,4,1,2,0,6,2,3,2,2,1,2,4,6,0,3,0,4,6,1,5,7]]";
    }

    void benchSampleSeedDrawsTheOfficialCells()
    {
        QFETCH(QString, benchCase);
        QFETCH(QString, seed);
        QFETCH(QString, expected);
        const auto r = gdas({"bench", "--single", benchCase, "--steps", "1", "--warmup", "0", "--batch", "4",
                             "--threads", "1", "--sample-seed", seed});
        QCOMPARE(r.code, 0);
        const auto doc = QJsonDocument::fromJson(r.out.trimmed().split('\n').last().toUtf8());
        QVERIFY2(doc.isObject(), qPrintable(r.out));
        const auto samples = QJsonDocument(doc.object().value("samples").toArray()).toJson(QJsonDocument::Compact);
        QCOMPARE(QString::fromUtf8(samples), expected);
    }

    void badDataIsUsageErrorNamingFile()
    {
        QTemporaryDir dir;
        QFile bad(dir.filePath("data_batch_1.bin"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray(1000, '\1'));
        bad.close();
        auto r = gdas({"search", "--dataset", "cifar10", "--data-dir", dir.path(), "--epochs", "1", "--out",
                       dir.filePath("run")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(dir.path()), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
