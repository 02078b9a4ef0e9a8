// SIGKILL at chosen and random moments of a real `gdas search` / `gdas retrain`, then
// `--resume` (again and again): the finished run directory must equal the one of an
// uninterrupted run -- every metrics row once, no torn line, the same architecture weights and
// genotypes. After a kill the run continues from the last epoch boundary (the engine checkpoints
// at each epoch end and on a stop request), so the rows of the interrupted epoch are redone.
#include "GdasProcess.h"
#include "RunComparison.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <optional>
#include <sys/types.h>

using namespace gdas::reliability;

namespace {

const QStringList kSearchArgs = {"search",      "--dataset", "synthetic", "--space",     "nas-bench-201",
                                 "--channels",  "4",         "--cells",   "1",           "--batch",
                                 "16",          "--epochs",  "4",         "--max-steps", "6",
                                 "--log-every", "1",         "--threads", "1",           "--seed",
                                 "3",           "--name",    "kill-test"};
const QString kNb201Cell =
    QStringLiteral("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_3x3~2|");
const QStringList kRetrainArgs = {"retrain",  "--genotype",  kNb201Cell, "--dataset",    "synthetic", "--channels",
                                  "4",        "--layers",    "1",        "--batch",      "16",        "--epochs",
                                  "3",        "--max-steps", "5",        "--test-limit", "64",        "--log-every",
                                  "1",        "--threads",   "1",        "--seed",       "3",         "--name",
                                  "kill-test"};

int countRunning(const QString &metricsPath)
{
    int n = 0;
    for (const QJsonObject &row : readJsonObjects(metricsPath))
        n += isStatus(row, "running");
    return n;
}

// Rows written by the process that started after `runningBefore` "running" rows were on file:
// those after its own "running" row (the resume truncates the file before writing that row).
std::optional<QList<QJsonObject>> rowsOfThisProcess(const QString &metricsPath, int runningBefore)
{
    const QList<QJsonObject> rows = readJsonObjects(metricsPath);
    int seen = 0;
    for (qsizetype i = 0; i < rows.size(); ++i)
        if (isStatus(rows[i], "running") && ++seen == runningBefore + 1)
            return rows.mid(i + 1);
    return std::nullopt;
}

// The kill plan of a data row: comma-separated points, each one process started (fresh or
// --resume) and killed when the point is reached, or a change made to the files after a kill.
//   first-step      the first step row this process writes
//   step:E:S        its step row for epoch E, step S (mid-epoch)
//   epoch-row:E     its metrics row closing epoch E: the epoch-end checkpoint is being written
//   epochs-line:E   epochs.jsonl holds epoch E: the checkpoint is on disk
//   random          a random delay after the start (seeded, the seed is printed)
//   finish          no kill: the process runs to its end
//   tear            append half a JSON line to metrics.jsonl and epochs.jsonl (a write cut off)
//   drop-epochs-line  remove the last line of epochs.jsonl: what a kill between the checkpoint
//                   and the epochs.jsonl append leaves behind
//   drop-finish     remove genotype.json and the final "finished" row: a kill after the last
//                   checkpoint, before the end of the run was written
struct KillResult {
    bool killed = false;
    int exitCode = -1;
    QString stderrText;
};

bool conditionMet(const QString &point, const QString &dir, int runningBefore)
{
    const auto rows = rowsOfThisProcess(dir + "/metrics.jsonl", runningBefore);
    if (!rows)
        return false;
    const QStringList parts = point.split(':');
    if (parts[0] == "first-step") {
        for (const QJsonObject &r : *rows)
            if (r.value("type").toString() == "step")
                return true;
        return false;
    }
    if (parts[0] == "step") {
        for (const QJsonObject &r : *rows)
            if (r.value("type").toString() == "step" && r.value("epoch").toInt() == parts[1].toInt() &&
                r.value("step").toInt() == parts[2].toInt())
                return true;
        return false;
    }
    if (parts[0] == "epoch-row") {
        for (const QJsonObject &r : *rows)
            if (r.value("type").toString() == "epoch" && r.value("epoch").toInt() == parts[1].toInt())
                return true;
        return false;
    }
    if (parts[0] == "epochs-line") {
        for (const QJsonObject &r : readJsonObjects(dir + "/epochs.jsonl"))
            if (r.value("epoch").toInt() == parts[1].toInt())
                return true;
        return false;
    }
    qFatal("unknown kill point %s", qPrintable(point));
}

KillResult runAndKill(const QStringList &args, const QString &dir, const QString &point, QRandomGenerator &random,
                      int runMs)
{
    const int runningBefore = countRunning(dir + "/metrics.jsonl");
    // Anywhere in a whole run: start-up, steps, checkpoints, the end.
    const int randomDelayMs = int(random.bounded(runMs + 1));
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    p.start(gdasPath(), args);
    if (!p.waitForStarted(30000))
        qFatal("cannot start %s", qPrintable(gdasPath()));
    QElapsedTimer clock;
    clock.start();
    KillResult result;
    while (clock.elapsed() < 180000) {
        const bool due = point == "random" ? clock.elapsed() >= randomDelayMs
                                           : point != "finish" && conditionMet(point, dir, runningBefore);
        if (due) {
            ::kill(pid_t(p.processId()), SIGKILL);
            p.waitForFinished(30000);
            result.killed = true;
            return result;
        }
        if (p.waitForFinished(3))
            break;
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    result.stderrText = QString::fromUtf8(p.readAllStandardError());
    return result;
}

void tearLineFiles(const QString &dir)
{
    for (const char *file : {"/metrics.jsonl", "/epochs.jsonl"}) {
        QFile f(dir + file);
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"type\":\"step\",\"epoch\":3,\"st");
    }
}

void dropLastLine(const QString &path)
{
    QByteArray text = readAll(path);
    QVERIFY2(text.endsWith('\n'), qPrintable(path));
    text.chop(1);
    text.truncate(text.lastIndexOf('\n') + 1);
    QVERIFY(writeAll(path, text));
}

void dropFinish(const QString &dir)
{
    QVERIFY(QFile::remove(dir + "/genotype.json"));
    const QList<JsonLine> lines = readJsonLines(dir + "/metrics.jsonl");
    QVERIFY(!lines.isEmpty() && isStatus(lines.last().object, "finished"));
    QByteArray kept;
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        kept += lines[i].text + '\n';
    QVERIFY(writeAll(dir + "/metrics.jsonl", kept));
}

quint32 killSeed()
{
    static const quint32 seed = qEnvironmentVariableIsSet("GDAS_KILL_SEED")
                                    ? quint32(qEnvironmentVariableIntValue("GDAS_KILL_SEED"))
                                    : QRandomGenerator::system()->generate();
    return seed;
}

} // namespace

class TestKillResume : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void searchSurvivesKills_data();
    void searchSurvivesKills();
    void retrainSurvivesKills_data();
    void retrainSurvivesKills();
    void resumingAFinishedSearchChangesNothing();

private:
    void runPlan(const QStringList &freshArgs, const QString &resumeCommand, const QString &dir, const QString &plan,
                 int runMs);
    QTemporaryDir m_dir;
    QString m_searchReference;
    QString m_retrainReference;
    int m_searchMs = 0; // wall time of an uninterrupted run
    int m_retrainMs = 0;
};

void TestKillResume::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qInfo("random kill delays use seed %u (set GDAS_KILL_SEED to repeat)", killSeed());
    QElapsedTimer clock;
    clock.start();
    m_searchReference = m_dir.filePath("search-reference");
    GdasResult r = runGdas(kSearchArgs + QStringList{"--out", m_searchReference});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    m_searchMs = int(clock.restart());
    m_retrainReference = m_dir.filePath("retrain-reference");
    r = runGdas(kRetrainArgs + QStringList{"--out", m_retrainReference});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    m_retrainMs = int(clock.elapsed());
}

void TestKillResume::runPlan(const QStringList &freshArgs, const QString &resumeCommand, const QString &dir,
                             const QString &plan, int runMs)
{
    QRandomGenerator random(killSeed() ^ quint32(qHash(plan)));
    bool started = false;
    bool finished = false;
    for (const QString &point : plan.split(',')) {
        if (point == "tear" || point == "drop-epochs-line" || point == "drop-finish") {
            if (point == "tear")
                tearLineFiles(dir);
            else if (point == "drop-epochs-line")
                dropLastLine(dir + "/epochs.jsonl");
            else
                dropFinish(dir);
            if (QTest::currentTestFailed())
                return;
            finished = finished && point != "drop-finish";
            continue;
        }
        if (finished && point == "random")
            continue; // an earlier random delay outlasted the run
        QVERIFY2(!finished, "the plan kills a run that already finished");
        QStringList args = freshArgs;
        if (started)
            args = QStringList{resumeCommand, "--resume", dir};
        const KillResult k = runAndKill(args, dir, point, random, runMs);
        if (k.killed && !started && !QFile::exists(dir + "/checkpoint.pt")) {
            // Killed during start-up, before the checkpoint written ahead of the first step:
            // no step was taken, so nothing is lost, and `--resume` rightly refuses (exit 2,
            // naming config.json or checkpoint.pt). The user starts again.
            const GdasResult refused = runGdas({resumeCommand, "--resume", dir});
            QVERIFY2(refused.code == 2, qPrintable(QStringLiteral("resume after a start-up kill exited with %1: %2")
                                                       .arg(refused.code)
                                                       .arg(refused.err)));
            QVERIFY(QDir(dir).removeRecursively());
            continue;
        }
        started = true;
        if (k.killed)
            continue;
        QVERIFY2(k.exitCode == 0, qPrintable(QStringLiteral("%1 (before kill point '%2') exited with %3: %4")
                                                 .arg(args.join(' '), point)
                                                 .arg(k.exitCode)
                                                 .arg(k.stderrText)));
        // Only a random delay may outlast the whole run; any other point must come first.
        QVERIFY2(point == "random" || point == "finish", qPrintable("the run ended before reaching " + point));
        finished = true;
    }
    if (!finished) {
        const GdasResult r = runGdas({resumeCommand, "--resume", dir});
        QVERIFY2(r.code == 0,
                 qPrintable(QStringLiteral("final resume exited with %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    }
}

void TestKillResume::searchSurvivesKills_data()
{
    QTest::addColumn<QString>("plan");
    QTest::newRow("after the first metrics line (no checkpoint yet)") << "first-step";
    QTest::newRow("mid-epoch") << "step:1:2";
    QTest::newRow("while the epoch-end checkpoint is written") << "epoch-row:1";
    QTest::newRow("right after an epoch line") << "epochs-line:1";
    QTest::newRow("again and again, a torn line, a random delay") << "step:1:3,epoch-row:2,tear,random";
    QTest::newRow("random delays") << "random,random,random";
    QTest::newRow("between the checkpoint and the epochs.jsonl line") << "epochs-line:1,drop-epochs-line";
    QTest::newRow("after the last checkpoint, before the end is written") << "finish,drop-finish";
}

void TestKillResume::searchSurvivesKills()
{
    QFETCH(QString, plan);
    const QString dir = m_dir.filePath(QStringLiteral("search-%1").arg(QTest::currentDataTag()).replace(' ', '-'));
    runPlan(kSearchArgs + QStringList{"--out", dir}, "search", dir, plan, m_searchMs);
    if (QTest::currentTestFailed())
        return;
    compareMetrics(m_searchReference, dir);
    if (QTest::currentTestFailed())
        return;
    compareEpochLines(m_searchReference, dir);
    if (QTest::currentTestFailed())
        return;
    compareGenotypeFiles(m_searchReference, dir);
}

void TestKillResume::retrainSurvivesKills_data()
{
    QTest::addColumn<QString>("plan");
    QTest::newRow("after the first metrics line (no checkpoint yet)") << "first-step";
    QTest::newRow("mid-epoch") << "step:1:2";
    QTest::newRow("while the epoch-end checkpoint is written") << "epoch-row:1";
    QTest::newRow("again and again, a torn line, a random delay") << "step:0:3,epoch-row:1,tear,random";
}

void TestKillResume::retrainSurvivesKills()
{
    QFETCH(QString, plan);
    const QString dir = m_dir.filePath(QStringLiteral("retrain-%1").arg(QTest::currentDataTag()).replace(' ', '-'));
    runPlan(kRetrainArgs + QStringList{"--out", dir}, "retrain", dir, plan, m_retrainMs);
    if (QTest::currentTestFailed())
        return;
    compareMetrics(m_retrainReference, dir);
    if (QTest::currentTestFailed())
        return;
    compareGenotypeFiles(m_retrainReference, dir);
    QVERIFY(QFileInfo(dir + "/weights.pt").size() > 0);
}

void TestKillResume::resumingAFinishedSearchChangesNothing()
{
    // A script that resumes whatever is in runs/ must not break a finished run.
    const QString dir = m_dir.filePath("finished");
    QVERIFY(QDir().mkpath(dir));
    for (const QString &file : QDir(m_searchReference).entryList(QDir::Files))
        QVERIFY(QFile::copy(m_searchReference + "/" + file, dir + "/" + file));
    const GdasResult r = runGdas({"search", "--resume", dir});
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1: %2%3").arg(r.code).arg(r.out, r.err)));
    compareGenotypeFiles(m_searchReference, dir);
    const QList<QJsonObject> rows = readJsonObjects(dir + "/metrics.jsonl");
    QVERIFY2(isStatus(rows.last(), "finished"), qPrintable(QJsonDocument(rows.last()).toJson()));
}

QTEST_GUILESS_MAIN(TestKillResume)
#include "tst_killresume.moc"
