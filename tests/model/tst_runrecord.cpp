#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "model/RunRecord.h"

#include "ModelTestPrinters.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace gdas::model;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
}

void appendFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        qFatal("cannot append to %s", qPrintable(path));
    f.write(content);
}

QByteArray alphaJson(const SearchSpace &space, float strongEntry)
{
    QByteArray ops = "[";
    for (int k = 0; k < space.opCount(); ++k)
        ops += (k ? ",\"" : "\"") + QByteArray::fromStdString(space.ops[static_cast<std::size_t>(k)]) + "\"";
    ops += "]";
    QByteArray edges = "[";
    QByteArray probs = "[";
    for (int e = 0; e < space.edgeCount(); ++e) {
        const CellEdge &edge = space.edges[static_cast<std::size_t>(e)];
        edges +=
            (e ? "," : "") + QByteArray("[") + QByteArray::number(edge.to) + "," + QByteArray::number(edge.from) + "]";
        probs += e ? ",[" : "[";
        for (int k = 0; k < space.opCount(); ++k) {
            const float p = (k == 1 ? strongEntry : (1.0f - strongEntry) / float(space.opCount() - 1));
            probs += (k ? "," : "") + QByteArray::number(double(p));
        }
        probs += "]";
    }
    edges += "]";
    probs += "]";
    return "{\"ops\":" + ops + ",\"edges\":" + edges + ",\"probs\":" + probs + "}";
}

QByteArray epochLine(int epoch, double tau, const Genotype &g, bool withReduce = true)
{
    const SearchSpace &space = SearchSpace::of(g.space);
    QByteArray line = "{\"epoch\":" + QByteArray::number(epoch) + ",\"tau\":" + QByteArray::number(tau) +
                      ",\"normal\":" + alphaJson(space, 0.5f);
    if (withReduce)
        line += ",\"reduce\":" + alphaJson(space, 0.3f);
    line += ",\"genotype\":" + QByteArray::fromStdString(toJson(g, -1)) + "}\n";
    return line;
}

const QByteArray kConfig =
    R"({"kind":"search","name":"cifar10-gdas","space":"darts","algorithm":"gdas","program_version":"0.1.0",)"
    R"("libtorch_version":"1.13.1","device":"cpu","seed":2,"epochs":250,"batch_size":64})";

QByteArray stepLine(int epoch, int step, int global)
{
    return "{\"type\":\"step\",\"epoch\":" + QByteArray::number(epoch) + ",\"step\":" + QByteArray::number(step) +
           ",\"global_step\":" + QByteArray::number(global) +
           ",\"w_loss\":2.25,\"w_top1\":17.5,\"w_top5\":61.0,\"a_loss\":2.5,\"a_top1\":12.5,\"a_top5\":55.0,"
           "\"lr\":0.025,\"tau\":10.0,\"time\":1.5,\"images_per_s\":42.0}\n";
}

struct RunDir {
    QTemporaryDir dir;
    QString path(const char *file) const { return dir.filePath(QLatin1String(file)); }
    std::string root() const { return dir.path().toStdString(); }
};

void writeSearchRun(RunDir &run)
{
    writeFile(run.path("config.json"), kConfig);
    writeFile(run.path("metrics.jsonl"),
              R"({"type":"status","status":"running","message":"started"})"
              "\n" +
                  stepLine(0, 0, 0) + stepLine(0, 1, 1) +
                  R"({"type":"epoch","epoch":0,"w_loss":2.1,"w_top1":20.0,"a_loss":2.3,"a_top1":15.0,"seconds":12.5})"
                  "\n");
    writeFile(run.path("epochs.jsonl"), epochLine(0, 10.0, *builtinGenotype("GDAS_V1")));
}

} // namespace

class TestRunRecord : public QObject {
    Q_OBJECT

private slots:
    void readsAWholeRunDirectory();
    void readsFinalGenotypeAndStatus();
    void toleratesATrailingHalfLine();
    void followerReadsOnlyWhatWasAppended();
    void followerKeepsHalfLineForLater();
    void followerWaitsForConfig();
    void followerPicksUpFinalGenotype();
    void nasBench201RunHasNoReduce();
    void malformedMetricsLine_data();
    void malformedMetricsLine();
    void malformedEpochsLine_data();
    void malformedEpochsLine();
    void missingConfigIsNamed();
    void missingDirectoryIsNamed();
    void malformedConfigAndGenotypeAreNamed();
    void shrunkFileIsReported();
};

void TestRunRecord::readsAWholeRunDirectory()
{
    RunDir run;
    writeSearchRun(run);
    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(r.directory, run.root());
    QCOMPARE(r.kind, std::string("search"));
    QCOMPARE(r.name, std::string("cifar10-gdas"));
    QCOMPARE(r.space, std::string("darts"));
    QCOMPARE(r.algorithm, std::string("gdas"));
    QCOMPARE(QByteArray::fromStdString(r.configJson), kConfig);
    QCOMPARE(r.plannedEpochs, 250);

    QCOMPARE(r.metrics.size(), std::size_t(3));
    const MetricRow &step = r.metrics[1];
    QCOMPARE(step.type, std::string("step"));
    QCOMPARE(step.epoch, 0);
    QCOMPARE(step.step, std::int64_t(1));
    QCOMPARE(step.globalStep, std::int64_t(1));
    QCOMPARE(step.value("w_top1"), 17.5);
    QCOMPARE(step.value("images_per_s"), 42.0);
    QVERIFY(step.has("tau"));
    QVERIFY(!step.has("epoch")); // the row's coordinates are not plotted values
    QCOMPARE(step.value("test_top1", -1.0), -1.0);
    const MetricRow &epoch = r.metrics[2];
    QCOMPARE(epoch.type, std::string("epoch"));
    QCOMPARE(epoch.step, std::int64_t(-1));
    QCOMPARE(epoch.value("seconds"), 12.5);

    QCOMPARE(r.epochs.size(), std::size_t(1));
    const EpochRecord &e = r.epochs[0];
    QCOMPARE(e.epoch, 0);
    QCOMPARE(e.tau, 10.0);
    QCOMPARE(e.normal.rows(), 14);
    QCOMPARE(e.normal.cols(), 8);
    QCOMPARE(e.normal.ops, SearchSpace::darts().ops);
    QCOMPARE(e.normal.edges[13].to, 5);
    QCOMPARE(e.normal.edges[13].from, 4);
    QCOMPARE(e.normal.at(4, 1), 0.5f);
    QCOMPARE(e.reduce.at(4, 1), 0.3f);
    QCOMPARE(e.genotype, *builtinGenotype("GDAS_V1"));
    QCOMPARE(e.genotype.name, std::string("GDAS_V1"));

    QCOMPARE(r.status, std::string("running"));
    QCOMPARE(r.statusMessage, std::string("started"));
    QVERIFY(!r.finalGenotype);
}

void TestRunRecord::readsFinalGenotypeAndStatus()
{
    RunDir run;
    writeSearchRun(run);
    appendFile(run.path("metrics.jsonl"), R"({"type":"status","status":"paused","message":""})"
                                          "\n");
    appendFile(run.path("metrics.jsonl"), R"({"type":"status","status":"finished","message":"250 epochs"})"
                                          "\n");
    writeFile(run.path("genotype.json"), QByteArray::fromStdString(toJson(*builtinGenotype("DARTS_V2"))));
    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(r.status, std::string("finished"));
    QCOMPARE(r.statusMessage, std::string("250 epochs"));
    QVERIFY(r.finalGenotype);
    QCOMPARE(*r.finalGenotype, *builtinGenotype("DARTS_V2"));
    QCOMPARE(r.metrics.size(), std::size_t(3)); // status rows are not metric rows
}

void TestRunRecord::toleratesATrailingHalfLine()
{
    RunDir run;
    writeSearchRun(run);
    appendFile(run.path("metrics.jsonl"), R"({"type":"step","epoch":1,"st)");
    appendFile(run.path("epochs.jsonl"), R"({"epoch":1,"tau":9.9,"normal":{"ops")");
    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(r.metrics.size(), std::size_t(3));
    QCOMPARE(r.epochs.size(), std::size_t(1));
}

void TestRunRecord::followerReadsOnlyWhatWasAppended()
{
    RunDir run;
    writeSearchRun(run);
    RunRecord r;
    RunFollower follower(run.root());
    QVERIFY(follower.poll(r));
    QCOMPARE(r.metrics.size(), std::size_t(3));
    QCOMPARE(r.epochs.size(), std::size_t(1));
    QVERIFY(!follower.poll(r));
    QCOMPARE(r.metrics.size(), std::size_t(3));

    appendFile(run.path("metrics.jsonl"), stepLine(1, 0, 2) + stepLine(1, 1, 3));
    QVERIFY(follower.poll(r));
    QCOMPARE(r.metrics.size(), std::size_t(5));
    QCOMPARE(r.metrics[4].globalStep, std::int64_t(3));
    QCOMPARE(r.epochs.size(), std::size_t(1));

    appendFile(run.path("epochs.jsonl"), epochLine(1, 9.96, *builtinGenotype("DARTS_V2")));
    QVERIFY(follower.poll(r));
    QCOMPARE(r.epochs.size(), std::size_t(2));
    QCOMPARE(r.epochs[1].epoch, 1);
    QCOMPARE(r.epochs[1].genotype, *builtinGenotype("DARTS_V2"));
    QCOMPARE(r.metrics.size(), std::size_t(5));

    appendFile(run.path("metrics.jsonl"), R"({"type":"status","status":"stopped","message":"by user"})"
                                          "\n");
    QVERIFY(follower.poll(r));
    QCOMPARE(r.status, std::string("stopped"));
    QVERIFY(!follower.poll(r));
}

void TestRunRecord::followerKeepsHalfLineForLater()
{
    RunDir run;
    writeSearchRun(run);
    RunRecord r;
    RunFollower follower(run.root());
    follower.poll(r);
    const QByteArray line = stepLine(1, 0, 2);
    const int cut = line.size() / 2;
    appendFile(run.path("metrics.jsonl"), line.left(cut));
    QVERIFY(!follower.poll(r));
    QCOMPARE(r.metrics.size(), std::size_t(3));
    appendFile(run.path("metrics.jsonl"), line.mid(cut, line.size() - cut - 1)); // all but the '\n'
    QVERIFY(!follower.poll(r));
    appendFile(run.path("metrics.jsonl"), "\n" + stepLine(1, 1, 3).left(10));
    QVERIFY(follower.poll(r));
    QCOMPARE(r.metrics.size(), std::size_t(4));
    QCOMPARE(r.metrics[3].epoch, 1);
    QCOMPARE(r.metrics[3].value("w_loss"), 2.25);
    appendFile(run.path("metrics.jsonl"), stepLine(1, 1, 3).mid(10));
    QVERIFY(follower.poll(r));
    QCOMPARE(r.metrics.size(), std::size_t(5));
    QCOMPARE(r.metrics[4].step, std::int64_t(1));
}

void TestRunRecord::followerWaitsForConfig()
{
    RunDir run;
    RunRecord r;
    RunFollower follower(run.root());
    QVERIFY(!follower.poll(r));
    writeSearchRun(run);
    QVERIFY(follower.poll(r));
    QCOMPARE(r.name, std::string("cifar10-gdas"));
    QCOMPARE(r.directory, run.root());
    QCOMPARE(r.metrics.size(), std::size_t(3));
}

void TestRunRecord::followerPicksUpFinalGenotype()
{
    RunDir run;
    writeSearchRun(run);
    RunRecord r;
    RunFollower follower(run.root());
    follower.poll(r);
    QVERIFY(!r.finalGenotype);
    writeFile(run.path("genotype.json"), QByteArray::fromStdString(toJson(*builtinGenotype("GDAS_V1"))));
    QVERIFY(follower.poll(r));
    QVERIFY(r.finalGenotype);
    QCOMPARE(*r.finalGenotype, *builtinGenotype("GDAS_V1"));
    QVERIFY(!follower.poll(r));
}

void TestRunRecord::nasBench201RunHasNoReduce()
{
    RunDir run;
    writeFile(run.path("config.json"), R"({"kind":"search","name":"nb","space":"nas-bench-201","algorithm":"gdas"})");
    writeFile(run.path("epochs.jsonl"), epochLine(0, 10.0, *builtinGenotype("NB201_ResNet"), false) +
                                            epochLine(1, 9.9, *builtinGenotype("NB201_GDAS_Example"), false));
    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(r.space, std::string("nas-bench-201"));
    QVERIFY(r.metrics.empty()); // no metrics.jsonl yet
    QCOMPARE(r.epochs.size(), std::size_t(2));
    QCOMPARE(r.epochs[0].normal.rows(), 6);
    QCOMPARE(r.epochs[0].normal.cols(), 5);
    QVERIFY(r.epochs[0].reduce.empty());
    QCOMPARE(r.epochs[1].genotype, *builtinGenotype("NB201_GDAS_Example"));
}

void TestRunRecord::malformedMetricsLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("why");
    QTest::newRow("not JSON") << QByteArray("{\"type\":\"step\",\"epoch\":1,") << "not valid JSON";
    QTest::newRow("an array") << QByteArray("[1,2]") << "expected a JSON object";
    // nlohmann throws out_of_range, not parse_error, for a number past double's range (fuzzing).
    QTest::newRow("number out of range") << QByteArray(R"({"type":"step","epoch":0,"step":0,"w_loss":1e99999})")
                                         << "not valid JSON";
    QTest::newRow("no type") << QByteArray(R"({"epoch":1,"w_loss":2.0})") << "missing \"type\"";
    QTest::newRow("step without step") << QByteArray(R"({"type":"step","epoch":1})") << "missing \"step\"";
    QTest::newRow("epoch as text") << QByteArray(R"({"type":"epoch","epoch":"one"})") << "\"epoch\" must be an integer";
    QTest::newRow("status without status") << QByteArray(R"({"type":"status","message":"x"})") << "\"status\" string";
}

void TestRunRecord::malformedMetricsLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, why);
    RunDir run;
    writeSearchRun(run);
    // Lines 1-4 are good; line 5 is blank (skipped); line 6 is the bad one.
    appendFile(run.path("metrics.jsonl"), "\n" + line + "\n" + stepLine(2, 0, 9));
    try {
        readRunDirectory(run.root());
        QFAIL("accepted a malformed line");
    } catch (const RunRecordError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains("metrics.jsonl:6: "), e.what());
        QVERIFY2(message.contains(why), e.what());
        QVERIFY2(message.startsWith(QString::fromStdString(run.root())), e.what());
    }
}

void TestRunRecord::malformedEpochsLine_data()
{
    const Genotype gdas = *builtinGenotype("GDAS_V1");
    QByteArray wrongRows = epochLine(1, 9.0, gdas);
    wrongRows.replace("\"probs\":[[", "\"probs\":[[0.5],[");
    QByteArray badGenotype = epochLine(1, 9.0, gdas);
    badGenotype.replace("\"dil_conv_5x5\"", "\"dil_conv_9x9\"");
    QByteArray noNormal = epochLine(1, 9.0, gdas);
    noNormal.replace("\"normal\":{", "\"normals\":{");

    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("why");
    QTest::newRow("rows do not match edges") << wrongRows << "15 probability rows for 14 edges";
    QTest::newRow("genotype with an unknown op") << badGenotype << "\"genotype\": unknown operation 'dil_conv_9x9'";
    QTest::newRow("no normal table") << noNormal << "missing \"normal\"";
    QTest::newRow("edge not a pair") << QByteArray(
                                            R"({"epoch":1,"normal":{"ops":["none"],"edges":[[2]],"probs":[[1]]}})"
                                            "\n")
                                     << "each edge must be [to, from]";
    // The genotype object is handed on as text, and nlohmann's dump() recurses: refused while
    // parsing, not a stack overflow.
    QTest::newRow("genotype nested 100000 deep")
        << QByteArray(R"({"epoch":1,"normal":{"ops":[],"edges":[],"probs":[]},"genotype":)") + QByteArray(100000, '[') +
               QByteArray(100000, ']') + "}"
        << "nested too deeply";
}

void TestRunRecord::malformedEpochsLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, why);
    RunDir run;
    writeSearchRun(run);
    appendFile(run.path("epochs.jsonl"), line.endsWith('\n') ? line : line + "\n");
    RunRecord r;
    RunFollower follower(run.root());
    try {
        follower.poll(r);
        QFAIL("accepted a malformed epoch line");
    } catch (const RunRecordError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains("epochs.jsonl:2: "), e.what());
        QVERIFY2(message.contains(why), e.what());
    }
}

void TestRunRecord::missingConfigIsNamed()
{
    RunDir run;
    writeFile(run.path("metrics.jsonl"), stepLine(0, 0, 0));
    try {
        readRunDirectory(run.root());
        QFAIL("read a directory without config.json");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(run.path("config.json")), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).contains("not a run directory"), e.what());
    }
}

void TestRunRecord::missingDirectoryIsNamed()
{
    const std::string path = "/nonexistent/runs/gdas-1";
    try {
        readRunDirectory(path);
        QFAIL("read a missing directory");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(path)), e.what());
    }
    RunRecord r;
    QVERIFY_THROWS_EXCEPTION(RunRecordError, RunFollower(path).poll(r));
}

void TestRunRecord::malformedConfigAndGenotypeAreNamed()
{
    RunDir run;
    writeFile(run.path("config.json"), "{\"kind\": \"search\",");
    try {
        readRunDirectory(run.root());
        QFAIL("accepted a truncated config.json");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(run.path("config.json") + ": not valid JSON"), e.what());
    }
    writeFile(run.path("config.json"), "{\"kind\": 3}");
    QVERIFY_THROWS_EXCEPTION(RunRecordError, readRunDirectory(run.root()));

    writeSearchRun(run);
    writeFile(run.path("genotype.json"), "{\"normal\": [[{\"op\": \"sep_conv_3x3\", \"input\": 9}]]}");
    try {
        readRunDirectory(run.root());
        QFAIL("accepted a malformed genotype.json");
    } catch (const RunRecordError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(run.path("genotype.json") + ": "), e.what());
        QVERIFY2(message.contains("at 1:"), e.what());
    }
}

void TestRunRecord::shrunkFileIsReported()
{
    RunDir run;
    writeSearchRun(run);
    RunRecord r;
    RunFollower follower(run.root());
    follower.poll(r);
    writeFile(run.path("metrics.jsonl"), stepLine(0, 0, 0));
    try {
        follower.poll(r);
        QFAIL("followed a file that shrank");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains("metrics.jsonl: shrank"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestRunRecord)
#include "tst_runrecord.moc"
