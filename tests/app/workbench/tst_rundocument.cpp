#include "RunDirectoryFollower.h"
#include "RunDocument.h"
#include "SearchController.h"
#include "TinySearch.h"
#include "WorkbenchMetaTypes.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "model/SearchSpace.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

using namespace gdas;

// The open run without a window: a directory followed on disk and a search live in this process
// append to the same record through the same signal, and a live run, once finished, reads back
// exactly the rows it showed.
namespace {

void writeFile(const QString &path, const QByteArray &content, QIODevice::OpenMode mode = QIODevice::Truncate)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | mode))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
}

QByteArray stepLine(int epoch, int step, int global, double imagesPerSecond)
{
    return "{\"type\":\"step\",\"epoch\":" + QByteArray::number(epoch) + ",\"step\":" + QByteArray::number(step) +
           ",\"global_step\":" + QByteArray::number(global) +
           ",\"w_loss\":2.25,\"w_top1\":17.5,\"a_loss\":2.5,\"a_top1\":12.5,\"lr\":0.025,\"tau\":10.0,"
           "\"images_per_s\":" +
           QByteArray::number(imagesPerSecond) + "}\n";
}

QByteArray epochRowLine(int epoch)
{
    return "{\"type\":\"epoch\",\"epoch\":" + QByteArray::number(epoch) + ",\"w_loss\":2.1,\"a_top1\":15.0}\n";
}

// An epochs.jsonl line of a NAS-Bench-201 search: uniform weights, the genotype given.
QByteArray epochLine(int epoch, const model::Genotype &g)
{
    const model::SearchSpace &space = model::SearchSpace::nasBench201();
    QByteArray ops, edges, probs;
    for (const std::string &op : space.ops)
        ops += (ops.isEmpty() ? "\"" : ",\"") + QByteArray::fromStdString(op) + "\"";
    for (const model::CellEdge &edge : space.edges) {
        edges +=
            (edges.isEmpty() ? "[" : ",[") + QByteArray::number(edge.to) + "," + QByteArray::number(edge.from) + "]";
        QByteArray row;
        for (int k = 0; k < space.opCount(); ++k)
            row += (k ? "," : "") + QByteArray::number(1.0 / space.opCount());
        probs += (probs.isEmpty() ? "[" : ",[") + row + "]";
    }
    return "{\"epoch\":" + QByteArray::number(epoch) + ",\"tau\":5.0,\"normal\":{\"ops\":[" + ops + "],\"edges\":[" +
           edges + "],\"probs\":[" + probs + "]},\"genotype\":" + QByteArray::fromStdString(model::toJson(g, -1)) +
           "}\n";
}

// What rowsAppended announced, and what record() held when it did.
struct Appended {
    int firstMetric;
    int firstEpoch;
    int metrics;
    int epochs;
};

class AppendLog : public QObject {
public:
    explicit AppendLog(app::RunDocument *document)
    {
        connect(document, &app::RunDocument::rowsAppended, this, [this, document](int firstMetric, int firstEpoch) {
            entries.push_back({firstMetric, firstEpoch, static_cast<int>(document->record().metrics.size()),
                               static_cast<int>(document->record().epochs.size())});
        });
        connect(document, &app::RunDocument::progressChanged, this,
                [this](const app::RunProgress &p) { progress.push_back(p); });
    }
    std::vector<Appended> entries;
    std::vector<app::RunProgress> progress;
};

// Each announcement continues the record where the last one ended: no row is skipped or
// announced twice.
void verifyContiguous(const std::vector<Appended> &entries, int metricsBefore, int epochsBefore)
{
    int metrics = metricsBefore, epochs = epochsBefore;
    for (const Appended &a : entries) {
        QCOMPARE(a.firstMetric, metrics);
        QCOMPARE(a.firstEpoch, epochs);
        QVERIFY(a.metrics > a.firstMetric || a.epochs > a.firstEpoch);
        metrics = a.metrics;
        epochs = a.epochs;
    }
}

} // namespace

class TestRunDocument : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { app::registerWorkbenchMetaTypes(); }
    void followedRowsAreAppended();
    void openRefusesAFolderWithoutConfig();
    void liveRowsAreAppendedAndReadBack();
    void genotypePrefersTheFinalOneForTheNewestEpoch();
};

void TestRunDocument::followedRowsAreAppended()
{
    QTemporaryDir dir;
    const auto path = [&dir](const char *file) { return dir.filePath(QLatin1String(file)); };
    writeFile(path("config.json"),
              R"({"kind":"search","name":"followed","space":"nas-bench-201","algorithm":"gdas","epochs":4})");
    writeFile(path("metrics.jsonl"), R"({"type":"status","status":"running"})"
                                     "\n" +
                                         stepLine(0, 0, 0, 40.0) + stepLine(0, 1, 1, 42.0));

    app::RunDocument document;
    QSignalSpy resets(&document, &app::RunDocument::reset);
    QSignalSpy states(&document, &app::RunDocument::stateChanged);
    AppendLog log(&document);
    QString error;
    QVERIFY2(document.open(dir.path(), &error), qPrintable(error));
    QCOMPARE(resets.count(), 1);
    QVERIFY(document.source() == app::RunDocument::Source::Directory);
    QCOMPARE(document.label(), QStringLiteral("followed"));
    QCOMPARE(document.plannedEpochs(), 4);
    QVERIFY(!document.searchesReductionCell()); // NAS-Bench-201 has one cell
    QCOMPARE(document.record().metrics.size(), std::size_t(2));
    QVERIFY(log.entries.empty()); // what was there is drawn from reset(), not appended
    // Progress from the newest step row: no steps per epoch and no ETA on disk.
    QCOMPARE(document.progress().epoch, 0);
    QCOMPARE(document.progress().step, std::int64_t(1));
    QCOMPARE(document.progress().epochs, 4);
    QCOMPARE(document.progress().stepsPerEpoch, std::int64_t(0));
    QCOMPARE(document.progress().imagesPerSecond.value_or(-1), 42.0);
    QVERIFY(!document.progress().etaSeconds);
    QCOMPARE(document.progress().permille, 0);
    QCOMPARE(document.stateText(), QStringLiteral("Following followed"));

    // Another process writes an epoch: one announcement for the rows and the epoch it appended.
    const model::Genotype genotype = *model::builtinGenotype("NB201_RESNET");
    writeFile(path("metrics.jsonl"), stepLine(0, 2, 2, 44.0) + epochRowLine(0), QIODevice::Append);
    writeFile(path("epochs.jsonl"), epochLine(0, genotype));
    QVERIFY(document.follower()->poll());
    QCOMPARE(log.entries.size(), std::size_t(1));
    QCOMPARE(log.entries[0].firstMetric, 2);
    QCOMPARE(log.entries[0].firstEpoch, 0);
    QCOMPARE(log.entries[0].metrics, 4);
    QCOMPARE(log.entries[0].epochs, 1);
    QCOMPARE(document.record().metrics[2].type, std::string("step"));
    QCOMPARE(document.record().metrics[3].type, std::string("epoch"));
    QCOMPARE(log.progress.size(), std::size_t(1));
    QCOMPARE(log.progress[0].step, std::int64_t(2));
    QCOMPARE(log.progress[0].imagesPerSecond.value_or(-1), 44.0);
    QCOMPARE(log.progress[0].permille, 250); // one of four planned epochs
    QVERIFY(document.genotypeAt(-1) == genotype);

    // Rows without a step leave the progress alone; a status line changes the state.
    QSignalSpy changed(&document, &app::RunDocument::changed);
    writeFile(path("metrics.jsonl"),
              epochRowLine(1) + R"({"type":"status","status":"stopped"})"
                                "\n",
              QIODevice::Append);
    QVERIFY(document.follower()->poll());
    QCOMPARE(log.entries.size(), std::size_t(2));
    QCOMPARE(log.entries[1].firstMetric, 4);
    QCOMPARE(log.entries[1].firstEpoch, 1);
    QCOMPARE(log.progress.size(), std::size_t(1));
    QCOMPARE(document.stateText(), QStringLiteral("stopped"));
    QVERIFY(changed.count() >= 1);
    verifyContiguous(log.entries, 2, 0);
    // Stopped, but no checkpoint to continue from.
    QVERIFY(!document.isResumable());
}

void TestRunDocument::openRefusesAFolderWithoutConfig()
{
    QTemporaryDir dir;
    app::RunDocument document;
    QSignalSpy resets(&document, &app::RunDocument::reset);
    QString error;
    QVERIFY(!document.open(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
    QCOMPARE(resets.count(), 0);
    QVERIFY(document.source() == app::RunDocument::Source::None);
}

void TestRunDocument::liveRowsAreAppendedAndReadBack()
{
    QTemporaryDir dir;
    const QString runDir = dir.filePath(QStringLiteral("run"));
    app::RunDocument document;
    document.controller()->setStepInterval(0); // every step, none coalesced
    AppendLog log(&document);
    QSignalSpy resets(&document, &app::RunDocument::reset);
    QSignalSpy finished(document.controller(), &app::SearchController::finished);
    QString error;
    QVERIFY2(document.startSearch(test::tinySearch(runDir, 2), &error), qPrintable(error));
    QCOMPARE(resets.count(), 1);
    QVERIFY(document.source() == app::RunDocument::Source::Live);
    QVERIFY(document.isRunning());
    QCOMPARE(document.plannedEpochs(), 2);
    QVERIFY(document.record().metrics.empty());
    QVERIFY(finished.wait(120000));

    // Live: 3 steps and an epoch row per epoch, each announced as the followed rows are.
    const std::vector<Appended> live = log.entries;
    QCOMPARE(live.size(), std::size_t(8));
    verifyContiguous(live, 0, 0);
    QCOMPARE(live.back().epochs, 2);
    // The last live step said where the run stood, with the engine's own totals and estimate.
    const app::RunProgress *lastStep = nullptr;
    for (const app::RunProgress &p : log.progress)
        if (p.etaSeconds)
            lastStep = &p;
    QVERIFY(lastStep);
    QCOMPARE(lastStep->epoch, 1);
    QCOMPARE(lastStep->step, std::int64_t(2));
    QCOMPARE(lastStep->stepsPerEpoch, std::int64_t(3));
    QCOMPARE(lastStep->epochs, 2);
    QCOMPARE(log.progress.back().permille, 1000);

    // Finished: the document reads the run directory back and draws it from scratch.
    QCOMPARE(resets.count(), 2);
    QVERIFY(document.source() == app::RunDocument::Source::Directory);
    const model::RunRecord &disk = document.record();
    QCOMPARE(disk.plannedEpochs, 2);
    QCOMPARE(disk.metrics.size(), std::size_t(8));
    QCOMPARE(disk.epochs.size(), std::size_t(2));
    int row = 0;
    for (const Appended &a : live) {
        for (int i = a.firstMetric; i < a.metrics; ++i, ++row) {
            const model::MetricRow &r = disk.metrics[static_cast<std::size_t>(i)];
            // The live row at the same place had the same kind, epoch and step.
            QCOMPARE(r.type, std::string(row % 4 == 3 ? "epoch" : "step"));
            QCOMPARE(r.epoch, row / 4);
            QCOMPARE(r.step, row % 4 == 3 ? std::int64_t(-1) : std::int64_t(row % 4));
        }
    }
    QCOMPARE(row, 8);
    QCOMPARE(document.stateText(), QStringLiteral("Finished"));
    QVERIFY(document.genotypeAt(-1).has_value());
}

void TestRunDocument::genotypePrefersTheFinalOneForTheNewestEpoch()
{
    QTemporaryDir dir;
    const auto path = [&dir](const char *file) { return dir.filePath(QLatin1String(file)); };
    const model::Genotype first = *model::builtinGenotype("NB201_RESNET");
    model::Genotype second = first;
    second.normal[0][0].op = first.normal[0][0].op == "skip_connect" ? "avg_pool_3x3" : "skip_connect";
    model::Genotype final = second;
    final.name = "final";
    writeFile(path("config.json"), R"({"kind":"search","space":"nas-bench-201","algorithm":"gdas"})");
    writeFile(path("epochs.jsonl"), epochLine(0, first) + epochLine(1, second));
    app::RunDocument document;
    QString error;
    QVERIFY2(document.open(dir.path(), &error), qPrintable(error));
    QCOMPARE(document.plannedEpochs(), 0); // config.json without "epochs"
    QCOMPARE(document.progress().epoch, -1);
    QVERIFY(document.genotypeAt(0) == first);
    QVERIFY(document.genotypeAt(-1) == second);
    QVERIFY(document.genotypeAt(1) == second);

    writeFile(path("genotype.json"), QByteArray::fromStdString(model::toJson(final, -1)));
    QSignalSpy finalChanged(&document, &app::RunDocument::finalGenotypeChanged);
    QVERIFY(document.follower()->poll());
    QCOMPARE(finalChanged.count(), 1);
    QVERIFY(document.genotypeAt(-1) == final);
    QVERIFY(document.genotypeAt(1) == final);
    QVERIFY(document.genotypeAt(0) == first);
}

QTEST_MAIN(TestRunDocument)
#include "tst_rundocument.moc"
