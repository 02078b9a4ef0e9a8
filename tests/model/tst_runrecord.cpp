#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "model/RunRecord.h"

#include "ModelTestPrinters.h"

#include <QTemporaryDir>
#include <QtTest>

#include <limits>

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
    void schemaWritesOldRunsByteForByte_data();
    void schemaWritesOldRunsByteForByte();
    void schemaRowsReadBackEqual();
    void runKindAndStatusWords_data();
    void runKindAndStatusWords();
    void unknownKindAndStatusWordsAreRejected_data();
    void unknownKindAndStatusWordsAreRejected();
    void unknownKindAndStatusInFilesReadAsBefore();
};

void TestRunRecord::readsAWholeRunDirectory()
{
    RunDir run;
    writeSearchRun(run);
    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(r.directory, run.root());
    QCOMPARE(runKindName(r.kind), std::string("search"));
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

    QCOMPARE(runStatusName(r.status), std::string("running"));
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
    QCOMPARE(runStatusName(r.status), std::string("finished"));
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
    QCOMPARE(runStatusName(r.status), std::string("stopped"));
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

namespace {

std::vector<std::string> fileLines(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    std::vector<std::string> lines;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.isEmpty())
            lines.push_back(line.toStdString());
    return lines;
}

} // namespace

void TestRunRecord::schemaWritesOldRunsByteForByte_data()
{
    QTest::addColumn<QString>("run");
    QTest::newRow("search") << "search-darts";
    QTest::newRow("retrain") << "retrain";
}

// Run directories written before the schema moved into the model (tests/data/runs) read, and
// written again row by row through metricRowToJson / statusRowToJson / epochRecordToJson, give
// the files back byte for byte: the format on disk did not change, old runs stay readable.
void TestRunRecord::schemaWritesOldRunsByteForByte()
{
    QFETCH(QString, run);
    const std::string dir = std::string(GDAS_SOURCE_DIR) + "/tests/data/runs/" + run.toStdString();
    const RunRecord r = readRunDirectory(dir);
    const auto metrics = fileLines(dir + "/metrics.jsonl");
    QCOMPARE(metrics.size(), r.metrics.size() + 2); // a status row first and last
    for (std::size_t i = 0; i < r.metrics.size(); ++i)
        QCOMPARE(metricRowToJson(r.metrics[i]), metrics[i + 1]);
    QVERIFY(r.status);
    QCOMPARE(statusRowToJson(*r.status, r.statusMessage), metrics.back());
    QCOMPARE(runStatusName(r.status), std::string("finished"));
    for (const MetricRow &row : r.metrics)
        QVERIFY2(row.has(metric::kTime) && row.has(metric::kLr), metricRowToJson(row).c_str());
    if (run == "search-darts") {
        QCOMPARE(statusRowToJson(RunStatus::Running), metrics.front());
        const auto epochs = fileLines(dir + "/epochs.jsonl");
        QCOMPARE(epochs.size(), r.epochs.size());
        QCOMPARE(epochs.size(), std::size_t(2));
        for (std::size_t i = 0; i < epochs.size(); ++i)
            QCOMPARE(epochRecordToJson(r.epochs[i]), epochs[i]);
    } else {
        QCOMPARE(statusRowToJson(RunStatus::Running, "started"), metrics.front());
    }
}

// A row written by the schema and read back by the reader is the same row; a value that is not
// finite is written as null and read as absent.
void TestRunRecord::schemaRowsReadBackEqual()
{
    RunDir run;
    writeFile(run.path("config.json"), kConfig);
    MetricRow step;
    step.type = metric::kStep;
    step.epoch = 3;
    step.step = 7;
    step.globalStep = 1234567890123LL;
    step.values = {{metric::kWLoss, 0.1 + 0.2},
                   {metric::kLr, 1e-300},
                   {metric::kTime, 12345.678901234567},
                   {metric::kImagesPerSecond, 3.0}};
    MetricRow epoch;
    epoch.type = metric::kEpoch;
    epoch.epoch = 3;
    epoch.values = {{metric::kTestTop1, 97.5}, {metric::kSeconds, 2.5}, {metric::kTime, 99.25}};
    MetricRow diverged = step;
    diverged.step = 8;
    diverged.values[metric::kALoss] = std::numeric_limits<double>::quiet_NaN();
    const std::string divergedLine = metricRowToJson(diverged);
    QVERIFY2(divergedLine.find("\"a_loss\":null") != std::string::npos, divergedLine.c_str());
    writeFile(run.path("metrics.jsonl"),
              QByteArray::fromStdString(statusRowToJson(RunStatus::Running) + "\n" + metricRowToJson(step) + "\n" +
                                        metricRowToJson(epoch) + "\n" + divergedLine + "\n" +
                                        statusRowToJson(RunStatus::Failed, "non-finite arch loss") + "\n"));
    EpochRecord record;
    record.epoch = 3;
    record.tau = 4.25;
    record.genotype = *builtinGenotype("GDAS_V1");
    record.normal = AlphaTable(SearchSpace::darts(), std::vector<float>(14 * 8, 0.125f));
    record.reduce = AlphaTable(SearchSpace::darts(), std::vector<float>(14 * 8, 0.1f));
    writeFile(run.path("epochs.jsonl"), QByteArray::fromStdString(epochRecordToJson(record) + "\n"));

    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(r.metrics.size(), std::size_t(3));
    QVERIFY(r.metrics[0] == step);
    QVERIFY(r.metrics[1] == epoch);
    MetricRow expectedDiverged = diverged;
    expectedDiverged.values.erase(metric::kALoss);
    QVERIFY(r.metrics[2] == expectedDiverged);
    QVERIFY(r.metrics[2] != diverged);
    QCOMPARE(runStatusName(r.status), std::string("failed"));
    QCOMPARE(r.statusMessage, std::string("non-finite arch loss"));
    QCOMPARE(r.epochs.size(), std::size_t(1));
    QCOMPARE(r.epochs[0].epoch, 3);
    QCOMPARE(r.epochs[0].tau, 4.25);
    QCOMPARE(r.epochs[0].normal.probs, record.normal.probs);
    QCOMPARE(r.epochs[0].reduce.probs, record.reduce.probs);
    QVERIFY(r.epochs[0].genotype == record.genotype);
    QCOMPARE(epochRecordToJson(r.epochs[0]), epochRecordToJson(record));
    QVERIFY(!r.epochs[0].normalHealth && !r.epochs[0].reduceHealth);

    // The search's health travels in the epoch line and reads back equal, "changed" unknown
    // (null) at a first epoch included.
    record.normalHealth = cellHealth(record.normal, nullptr, record.genotype.normal);
    CellHealth reduceHealth = cellHealth(record.reduce, &record.reduce, record.genotype.reduce);
    reduceHealth.meanEntropy = 0.1 + 0.2; // a double that must survive the text exactly
    record.reduceHealth = reduceHealth;
    const std::string line = epochRecordToJson(record);
    QVERIFY2(line.find("\"changed\":null") != std::string::npos, line.c_str());
    writeFile(run.path("epochs.jsonl"), QByteArray::fromStdString(line + "\n"));
    const RunRecord withHealth = readRunDirectory(run.root());
    QCOMPARE(withHealth.epochs.size(), std::size_t(1));
    QVERIFY(withHealth.epochs[0].normalHealth == record.normalHealth);
    QVERIFY(withHealth.epochs[0].reduceHealth == record.reduceHealth);
    QCOMPARE(*withHealth.epochs[0].reduceHealth->changedEdges, 0);
    QCOMPARE(withHealth.epochs[0].normalHealth->derivedOps, 8);
    QCOMPARE(epochRecordToJson(withHealth.epochs[0]), line);

    // A malformed health entry is an error naming the field.
    std::string bad = line;
    bad.replace(bad.find("\"skip_connect\":"), std::string("\"skip_connect\":").size(),
                "\"skip_connect\":\"two\",\"x\":");
    writeFile(run.path("epochs.jsonl"), QByteArray::fromStdString(bad + "\n"));
    try {
        (void)readRunDirectory(run.root());
        QFAIL("a health entry with a string count was accepted");
    } catch (const RunRecordError &e) {
        QVERIFY2(std::string(e.what()).find("health.normal.skip_connect") != std::string::npos, e.what());
    }

    // The benchmark's verdict travels too: found (valid unknown) and not found.
    record.benchmark = BenchmarkScore{"cifar10", 1462, std::nullopt, 93.76, 94.37};
    std::string judged = epochRecordToJson(record);
    QVERIFY2(
        judged.find(R"("benchmark":{"best_test":94.37,"dataset":"cifar10","index":1462,"test":93.76,"valid":null})") !=
            std::string::npos,
        judged.c_str());
    writeFile(run.path("epochs.jsonl"), QByteArray::fromStdString(judged + "\n"));
    QVERIFY(readRunDirectory(run.root()).epochs[0].benchmark == record.benchmark);
    record.benchmark = BenchmarkScore{"cifar100", -1, std::nullopt, std::nullopt, 73.5};
    judged = epochRecordToJson(record);
    QVERIFY2(judged.find(R"("index":null)") != std::string::npos, judged.c_str());
    writeFile(run.path("epochs.jsonl"), QByteArray::fromStdString(judged + "\n"));
    QVERIFY(readRunDirectory(run.root()).epochs[0].benchmark == record.benchmark);
    judged.replace(judged.find(R"("dataset":"cifar100")"), std::string(R"("dataset":"cifar100")").size(),
                   R"("dataset":7)");
    writeFile(run.path("epochs.jsonl"), QByteArray::fromStdString(judged + "\n"));
    try {
        (void)readRunDirectory(run.root());
        QFAIL("a benchmark entry with a numeric data set was accepted");
    } catch (const RunRecordError &e) {
        QVERIFY2(std::string(e.what()).find("benchmark.dataset") != std::string::npos, e.what());
    }
}

void TestRunRecord::runKindAndStatusWords_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("isKind");
    for (const char *word : {"search", "retrain"})
        QTest::newRow(word) << QString(word) << true;
    for (const char *word : {"running", "paused", "stopped", "finished", "failed"})
        QTest::newRow(word) << QString(word) << false;
}

// The words on disk stay what they were: each enumerator's word parses back to it, and a
// status row written from the enum reads back as that enum.
void TestRunRecord::runKindAndStatusWords()
{
    QFETCH(QString, word);
    QFETCH(bool, isKind);
    const std::string text = word.toStdString();
    if (isKind) {
        QCOMPARE(std::string(toString(runKindByName(text))), text);
        return;
    }
    const RunStatus status = runStatusByName(text);
    QCOMPARE(std::string(toString(status)), text);
    const std::string row = statusRowToJson(status, "a message");
    QCOMPARE(row, R"({"message":"a message","status":")" + text + R"(","type":"status"})");

    RunDir run;
    writeFile(run.path("config.json"), kConfig);
    writeFile(run.path("metrics.jsonl"), QByteArray::fromStdString(row + "\n"));
    const RunRecord r = readRunDirectory(run.root());
    QCOMPARE(runStatusName(r.status), text);
    QCOMPARE(statusWord(r), text);
    QVERIFY(r.unknownStatus.empty());
    QCOMPARE(r.statusMessage, std::string("a message"));
}

void TestRunRecord::unknownKindAndStatusWordsAreRejected_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("isKind");
    for (const char *word : {"", "study", "Search", "finished"})
        QTest::addRow("kind '%s'", word) << QString(word) << true;
    for (const char *word : {"", "queued", "Finished", "search"})
        QTest::addRow("status '%s'", word) << QString(word) << false;
}

void TestRunRecord::unknownKindAndStatusWordsAreRejected()
{
    QFETCH(QString, word);
    QFETCH(bool, isKind);
    const std::string text = word.toStdString();
    const std::string expected =
        isKind ? "unknown run kind '" + text + "' (expected search or retrain)"
               : "unknown run status '" + text + "' (expected running, paused, stopped, finished or failed)";
    try {
        if (isKind)
            runKindByName(text);
        else
            runStatusByName(text);
        QFAIL("an unknown word was parsed");
    } catch (const std::invalid_argument &e) {
        QCOMPARE(std::string(e.what()), expected);
    }
}

// Reading stays as lenient as when kinds and statuses were strings: a config.json without a kind
// or with one this version does not know reads as a run of no known kind, and a status word a
// newer writer may add is kept as written (shown, never an error).
void TestRunRecord::unknownKindAndStatusInFilesReadAsBefore()
{
    RunDir run;
    writeFile(run.path("config.json"), R"({"name":"old","space":"darts","epochs":3})");
    writeFile(run.path("metrics.jsonl"), R"({"type":"status","status":"queued","message":"waiting"})"
                                         "\n");
    RunFollower follower(run.root());
    RunRecord r;
    QVERIFY(follower.poll(r));
    QCOMPARE(runKindName(r.kind), std::string("(none)"));
    QCOMPARE(runStatusName(r.status), std::string("(none)"));
    QCOMPARE(r.unknownStatus, std::string("queued"));
    QCOMPARE(statusWord(r), std::string("queued"));
    QCOMPARE(r.statusMessage, std::string("waiting"));

    // A known word after it replaces it, and the change is seen.
    appendFile(run.path("metrics.jsonl"), R"({"type":"status","status":"finished"})"
                                          "\n");
    QVERIFY(follower.poll(r));
    QCOMPARE(runStatusName(r.status), std::string("finished"));
    QVERIFY(r.unknownStatus.empty());
    // ... and an unknown one after a known one is a change too.
    appendFile(run.path("metrics.jsonl"), R"({"type":"status","status":"archived"})"
                                          "\n");
    QVERIFY(follower.poll(r));
    QCOMPARE(runStatusName(r.status), std::string("(none)"));
    QCOMPARE(statusWord(r), std::string("archived"));

    writeFile(run.path("config.json"), R"({"kind":"study","name":"odd","space":"darts"})");
    QCOMPARE(runKindName(readRunDirectory(run.root()).kind), std::string("(none)"));
    writeFile(run.path("config.json"), R"({"kind":"retrain","name":"odd","space":"darts"})");
    QCOMPARE(runKindName(readRunDirectory(run.root()).kind), std::string("retrain"));

    // Before the first status row there is no status and no word.
    RunDir fresh;
    writeFile(fresh.path("config.json"), kConfig);
    const RunRecord empty = readRunDirectory(fresh.root());
    QCOMPARE(runStatusName(empty.status), std::string("(none)"));
    QCOMPARE(statusWord(empty), std::string());
}

QTEST_GUILESS_MAIN(TestRunRecord)
#include "tst_runrecord.moc"
