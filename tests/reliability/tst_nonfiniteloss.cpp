// A loss that turns NaN or infinite, through the real `gdas` binary: the run stops at that step
// with a message naming the epoch, the step and the loss, the last good checkpoint stays as it
// was, and `--resume --lr-scale` continues from it with lower learning rates (recorded in
// config.json and a status row) to the end, with every row once.
#include "GdasProcess.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace gdas::reliability;

namespace {

// Weights lr 0.025 -> 0.001 over 3 epochs (cosine), arch lr 3e-4: the defaults.
const QStringList kSearch = {"search",     "--dataset",   "synthetic", "--space",     "nas-bench-201",
                             "--channels", "4",           "--cells",   "1",           "--batch",
                             "8",          "--max-steps", "3",         "--log-every", "1",
                             "--threads",  "1",           "--seed",    "1",           "--quiet"};

QByteArray digest(const QString &path)
{
    return QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
}

QJsonObject readConfig(const QString &dir) { return QJsonDocument::fromJson(readAll(dir + "/config.json")).object(); }

QList<QJsonObject> rowsOfType(const QString &dir, const QString &type)
{
    QList<QJsonObject> rows;
    for (const QJsonObject &row : readJsonObjects(dir + "/metrics.jsonl"))
        if (row.value("type").toString() == type)
            rows.append(row);
    return rows;
}

} // namespace

class TestNonFiniteLoss : public QObject {
    Q_OBJECT
private slots:
    void stopsKeepsCheckpointAndResumesWithLowerRates();
    void lrScaleIsChecked();

private:
    QTemporaryDir m_dir;
};

void TestNonFiniteLoss::stopsKeepsCheckpointAndResumesWithLowerRates()
{
    QVERIFY(m_dir.isValid());
    const QString run = m_dir.filePath("run");
    // Epoch 0 trains normally and ends with a checkpoint at the start of epoch 1.
    GdasResult r = runGdas(kSearch + QStringList{"--epochs", "1", "--out", run});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    const QByteArray goodCheckpoint = digest(run + "/checkpoint.pt");

    // Learning rates 1e30 times too high from epoch 1 on: the weights blow up in its first step.
    r = runGdas({"search", "--resume", run, "--epochs", "3", "--lr-scale", "1e30", "--quiet"});
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1:\n%2").arg(r.code).arg(r.err)));
    for (const QString &part :
         {QStringLiteral("non-finite"), QStringLiteral("loss"), QStringLiteral("at epoch 1 step 0"),
          QStringLiteral("last good checkpoint is kept"), QStringLiteral("--lr-scale 0.5")})
        QVERIFY2(r.err.contains(part), qPrintable("'" + part + "' not in:\n" + r.err));
    QVERIFY2(r.err.contains("weights loss") || r.err.contains("arch loss"), qPrintable(r.err));
    QCOMPARE(digest(run + "/checkpoint.pt"), goodCheckpoint);
    const QList<QJsonObject> statuses = rowsOfType(run, "status");
    QVERIFY(!statuses.isEmpty());
    QCOMPARE(statuses.last().value("status").toString(), QString("failed"));
    QVERIFY(statuses.last().value("message").toString().contains("non-finite"));
    // The check comes before the step's row is written: no row of the failed epoch.
    for (const QJsonObject &row : rowsOfType(run, "step"))
        QVERIFY2(row.value("epoch").toInt() == 0, "a step row of the failed epoch was written");

    // Resume from the kept checkpoint with rates 1e-31 of that, i.e. 0.1 of the configured ones.
    r = runGdas({"search", "--resume", run, "--epochs", "3", "--lr-scale", "1e-31", "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    const QJsonObject config = readConfig(run);
    QVERIFY(std::abs(config.value("lr_scale").toDouble() - 0.1) < 1e-12);
    const QJsonArray changes = config.value("lr_scale_changes").toArray();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes[1].toObject().value("epoch").toInt(), 1);
    QCOMPARE(changes[1].toObject().value("step").toInt(), 0);
    QCOMPARE(changes[1].toObject().value("factor").toDouble(), 1e-31);
    bool recorded = false;
    for (const QJsonObject &row : rowsOfType(run, "status"))
        recorded = recorded || row.value("message").toString().contains("learning rates scaled by 1e-31 from epoch 1");
    QVERIFY(recorded);

    // Every step row once; epoch 1 and 2 at 0.1 x the cosine schedule.
    QSet<QPair<int, int>> seen;
    for (const QJsonObject &row : rowsOfType(run, "step")) {
        const int epoch = row.value("epoch").toInt();
        QVERIFY2(!seen.contains({epoch, row.value("step").toInt()}), "a step row appears twice");
        seen.insert({epoch, row.value("step").toInt()});
        const double cosine = 0.001 + (0.025 - 0.001) * (1.0 + std::cos(M_PI * epoch / 3.0)) / 2.0;
        const double expected = epoch == 0 ? 0.025 : 0.1 * cosine; // epoch 0 ran as a 1-epoch run
        QVERIFY2(std::abs(row.value("lr").toDouble() - expected) < 1e-12 * expected + 1e-15,
                 qPrintable(QStringLiteral("epoch %1 lr %2, expected %3")
                                .arg(epoch)
                                .arg(row.value("lr").toDouble())
                                .arg(expected)));
        QVERIFY(std::isfinite(row.value("w_loss").toDouble()) && std::isfinite(row.value("a_loss").toDouble()));
    }
    QCOMPARE(seen.size(), 9);
    QCOMPARE(readJsonObjects(run + "/epochs.jsonl").size(), 3);
    QCOMPARE(rowsOfType(run, "status").last().value("status").toString(), QString("finished"));
}

void TestNonFiniteLoss::lrScaleIsChecked()
{
    const QString run = m_dir.filePath("run");
    QVERIFY(QFile::exists(run + "/config.json"));
    const QByteArray config = readAll(run + "/config.json");
    for (const QString &bad : {QStringLiteral("0"), QStringLiteral("-1"), QStringLiteral("nan")}) {
        const GdasResult r = runGdas({"search", "--resume", run, "--lr-scale", bad, "--quiet"});
        QVERIFY2(r.code == 2, qPrintable(QStringLiteral("--lr-scale %1: exit %2\n%3").arg(bad).arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains("scale"), qPrintable(r.err));
    }
    // Only with --resume: a new run has --lr and --arch-lr.
    const GdasResult r =
        runGdas(kSearch + QStringList{"--epochs", "1", "--lr-scale", "0.5", "--out", m_dir.filePath("new")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--resume"), qPrintable(r.err));
    QCOMPARE(readAll(run + "/config.json"), config); // refused before anything was written
}

QTEST_GUILESS_MAIN(TestNonFiniteLoss)
#include "tst_nonfiniteloss.moc"
