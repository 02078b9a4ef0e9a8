// The `gdas` command as a user runs it: help, exit codes, genotype show/convert, a tiny search
// that writes a run directory, and clear errors for bad input.
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
        r = gdas({"genotype", "convert", "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
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
        for (const char *f : {"config.json", "metrics.jsonl", "epochs.jsonl", "genotype.json", "checkpoint.pt", "log.txt"})
            QVERIFY2(QFile::exists(run + "/" + f), f);
        auto show = gdas({"genotype", "show", run});
        QCOMPARE(show.code, 0);
        QVERIFY(show.out.contains("~0|"));
        // Resume a finished run with more epochs.
        r = gdas({"search", "--resume", run, "--epochs", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("epoch 3/3"), qPrintable(r.out));
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
