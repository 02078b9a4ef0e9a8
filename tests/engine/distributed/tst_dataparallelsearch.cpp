// `gdas search` as torchrun would start it: two processes on 127.0.0.1 over Gloo.
//
// "The same steps" here means: two ranks, each taking its half of every global batch of B
// images, with gradients averaged across ranks, end with the same weights and α as ONE process
// that takes each batch as two micro-batches of B/2 (--micro-batches 2) and averages their
// gradients. (A plain single-process step over all B images differs on purpose: each rank's
// BatchNorm normalises with its own shard's statistics, as DDP without SyncBatchNorm.) Both
// runs sample one architecture per step from the same sampler state. Tolerance: every
// parameter within 1e-5 of the reference, relative to the tensor's largest magnitude.
//
// Also: only rank 0 writes (rank 1's working directory stays empty), the run resumes in one
// process, and a rank that is killed makes the other fail with a message instead of hanging.
#include "FreePort.h"

#include "engine/DataConfig.h"
#include "engine/EngineError.h"
#include "engine/data/Batcher.h"
#include "engine/data/ImageDataset.h"
#include "engine/distributed/DistributedContext.h"
#include "engine/nn/Supernet.h"

#include <torch/torch.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "support/Prerequisite.h"
#include <memory>
#include <numeric>

namespace {
// The ci preset (GDAS_REQUIRE_GLOO) builds against a LibTorch with Gloo: no skip there.
#ifdef GDAS_EXPECT_GLOO
constexpr bool kGlooExpected = true;
#else
constexpr bool kGlooExpected = false;
#endif
} // namespace

using namespace gdas;

namespace {

constexpr int kRankTimeoutMs = 120000;

// A small DARTS-space search: 64 images per half, batch 16, 3 steps per epoch, 2 epochs.
QStringList searchArguments(const QString &out)
{
    return {"search", "--dataset",  "synthetic", "--train-limit", "128", "--space",
            "darts",  "--channels", "4",         "--cells",       "1",   "--batch",
            "16",     "--epochs",   "2",         "--max-steps",   "3",   "--log-every",
            "2",      "--seed",     "7",         "--threads",     "1",   "--quiet",
            "--out",  out};
}

QProcessEnvironment environment(int rank, int world, int port)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"WORLD_SIZE", "RANK", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"})
        env.remove(name);
    env.insert("OMP_NUM_THREADS", "1");
    if (world > 1) {
        env.insert("WORLD_SIZE", QString::number(world));
        env.insert("RANK", QString::number(rank));
        env.insert("LOCAL_RANK", QString::number(rank));
        env.insert("MASTER_ADDR", "127.0.0.1");
        env.insert("MASTER_PORT", QString::number(port));
    }
    return env;
}

std::unique_ptr<QProcess> start(const QStringList &args, const QProcessEnvironment &env, const QString &workDir)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessEnvironment(env);
    p->setWorkingDirectory(workDir);
    p->start(GDAS_CLI_PATH, args);
    return p;
}

struct Finished {
    int code = -1;
    QString err;
};

Finished finish(QProcess &p, int timeoutMs = kRankTimeoutMs)
{
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, "timed out; " + QString::fromUtf8(p.readAllStandardError())};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

QList<QJsonObject> jsonLines(const QString &path)
{
    QList<QJsonObject> rows;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            rows.push_back(QJsonDocument::fromJson(line).object());
    return rows;
}

// The parameters (not the per-rank BatchNorm statistics) of a search checkpoint.
std::vector<std::pair<std::string, torch::Tensor>> checkpointParameters(const QString &runDir)
{
    engine::SupernetOptions options;
    options.space = model::SpaceKind::Darts;
    options.channels = 4;
    options.cells = 1;
    options.inChannels = 3;
    options.classes = 10;
    engine::Supernet net(options);
    torch::serialize::InputArchive archive, model;
    archive.load_from((runDir + "/checkpoint.pt").toStdString());
    archive.read("model", model);
    net->load(model);
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto &item : net->named_parameters())
        result.emplace_back(item.key(), item.value().detach().clone());
    return result;
}

} // namespace

class TestDataParallelSearch : public QObject {
    Q_OBJECT
private slots:
    void shardsTileTheWholeBatch_data();
    void shardsTileTheWholeBatch();
    void twoRanksTakeTheStepsOfMicroBatchedProcess();
    void killedRankFailsTheOther();
    void retrainTwoRanksWriteOnceAndResume();

private:
    QTemporaryDir m_dir;
};

void TestDataParallelSearch::shardsTileTheWholeBatch_data()
{
    QTest::addColumn<int>("shards");
    QTest::addColumn<int>("cutout");
    QTest::newRow("1 shard") << 1 << 0;
    QTest::newRow("2 shards") << 2 << 0;
    QTest::newRow("4 shards, cutout") << 4 << 6;
}

void TestDataParallelSearch::shardsTileTheWholeBatch()
{
    // Each rank's slice, augmentation included, is exactly its rows of the one-process batch.
    QFETCH(int, shards);
    QFETCH(int, cutout);
    engine::DataConfig data;
    data.dataset = "synthetic";
    data.syntheticSize = 100;
    data.syntheticSide = 16;
    const engine::ImageDataset set = engine::loadDataset(data, true);
    std::vector<std::int64_t> indices(set.size());
    std::iota(indices.begin(), indices.end(), 0);
    engine::BatcherOptions options;
    options.batchSize = 16;
    options.cutout = cutout;
    options.channelsLast = true;
    options.prefetch = 0;
    options.seed = 5;
    const engine::Batch whole = engine::Batcher(set, indices, options).make(1, 2);
    std::vector<torch::Tensor> images, labels;
    for (int k = 0; k < shards; ++k) {
        options.shardIndex = k;
        options.shardCount = shards;
        engine::Batcher shard(set, indices, options);
        QCOMPARE(shard.batchesPerEpoch(), std::int64_t(100 / 16));
        const engine::Batch part = shard.make(1, 2);
        QCOMPARE(part.images.size(0), std::int64_t(16 / shards));
        QVERIFY(part.images.is_contiguous(at::MemoryFormat::ChannelsLast));
        images.push_back(part.images);
        labels.push_back(part.labels);
    }
    QVERIFY(torch::equal(torch::cat(images), whole.images));
    QVERIFY(torch::equal(torch::cat(labels), whole.labels));
    options.shardIndex = shards;
    QVERIFY_THROWS_EXCEPTION(engine::InputError, engine::Batcher(set, indices, options));
}

void TestDataParallelSearch::twoRanksTakeTheStepsOfMicroBatchedProcess()
{
    if (!engine::DistributedContext::backendAvailable(torch::kCPU))
        GDAS_MISSING_PREREQUISITE_EXPECTED(
            "this LibTorch has no Gloo (pip's wheels ship no Gloo headers): no CPU process group", kGlooExpected);
    QVERIFY(m_dir.isValid());
    const QString rank0Dir = m_dir.filePath("rank0"), rank1Dir = m_dir.filePath("rank1");
    QVERIFY(QDir().mkpath(rank0Dir) && QDir().mkpath(rank1Dir));
    const int port = testing::freeLoopbackPort();

    // The two ranks get identical command lines (torchrun's way) and different working folders.
    auto rank0 = start(searchArguments("run"), environment(0, 2, port), rank0Dir);
    auto rank1 = start(searchArguments("run"), environment(1, 2, port), rank1Dir);
    QStringList referenceArgs = searchArguments(m_dir.filePath("reference"));
    referenceArgs << "--micro-batches"
                  << "2";
    auto reference = start(referenceArgs, environment(0, 1, 0), m_dir.path());
    const Finished r0 = finish(*rank0), r1 = finish(*rank1), ref = finish(*reference);
    QVERIFY2(r0.code == 0, qPrintable(r0.err));
    QVERIFY2(r1.code == 0, qPrintable(r1.err));
    QVERIFY2(ref.code == 0, qPrintable(ref.err));

    // Only rank 0 wrote; rank 1 said nothing on success.
    QVERIFY2(QDir(rank1Dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty(), "rank 1 wrote files");
    QVERIFY2(r1.err.trimmed().isEmpty(), qPrintable(r1.err));
    const QString run = rank0Dir + "/run";
    QFile configFile(run + "/config.json");
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    const QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
    QCOMPARE(config.value("world_size").toInt(), 2);
    QVERIFY2(config.value("device").toString().contains("2 ranks over gloo"),
             qPrintable(config.value("device").toString()));

    // Same weights and α as the reference after 6 steps.
    const auto got = checkpointParameters(run);
    const auto want = checkpointParameters(m_dir.filePath("reference"));
    QCOMPARE(got.size(), want.size());
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].first, want[i].first);
        const double scale = std::max(1e-12, want[i].second.abs().max().item<double>());
        const double diff = (got[i].second - want[i].second).abs().max().item<double>() / scale;
        worst = std::max(worst, diff);
        QVERIFY2(diff <= 1e-5,
                 qPrintable(QString::fromStdString(got[i].first) + QString(": relative difference %1").arg(diff)));
    }
    qInfo("largest relative parameter difference to the micro-batched reference: %g", worst);
    // And α moved between the epochs: a comparison of two untrained nets would prove nothing.
    const auto epochRows = jsonLines(run + "/epochs.jsonl");
    QCOMPARE(epochRows.size(), 2);
    QVERIFY(epochRows[0].value("normal").toObject().value("probs") !=
            epochRows[1].value("normal").toObject().value("probs"));

    // The logged metrics are the job's: averaged over both ranks, equal to the reference's.
    const auto rows = jsonLines(run + "/metrics.jsonl"), refRows = jsonLines(m_dir.filePath("reference/metrics.jsonl"));
    QCOMPARE(rows.size(), refRows.size());
    int compared = 0;
    for (int i = 0; i < rows.size(); ++i) {
        if (rows[i].value("type").toString() == "status")
            continue;
        for (const char *key : {"w_loss", "w_top1", "a_loss", "a_top1"}) {
            const double a = rows[i].value(key).toDouble(), b = refRows[i].value(key).toDouble();
            QVERIFY2(std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)),
                     qPrintable(QString("row %1 %2: %3 vs %4").arg(i).arg(key).arg(a).arg(b)));
            ++compared;
        }
    }
    QVERIFY(compared >= 16);

    // The checkpoint holds nothing rank-specific: one process continues the two ranks' run.
    QStringList resumeArgs{"search", "--resume", run, "--epochs", "3", "--quiet", "--threads", "1"};
    auto resumed = start(resumeArgs, environment(0, 1, 0), m_dir.path());
    const Finished res = finish(*resumed);
    QVERIFY2(res.code == 0, qPrintable(res.err));
    const auto epochs = jsonLines(run + "/epochs.jsonl");
    QCOMPARE(epochs.size(), 3);
    QCOMPARE(epochs.back().value("epoch").toInt(), 2);
    const auto after = jsonLines(run + "/metrics.jsonl");
    QCOMPARE(after.back().value("status").toString(), QString("finished"));
}

void TestDataParallelSearch::killedRankFailsTheOther()
{
    if (!engine::DistributedContext::backendAvailable(torch::kCPU))
        GDAS_MISSING_PREREQUISITE_EXPECTED(
            "this LibTorch has no Gloo (pip's wheels ship no Gloo headers): no CPU process group", kGlooExpected);
    QVERIFY(m_dir.isValid());
    const QString rank0Dir = m_dir.filePath("dead0"), rank1Dir = m_dir.filePath("dead1");
    QVERIFY(QDir().mkpath(rank0Dir) && QDir().mkpath(rank1Dir));
    const int port = testing::freeLoopbackPort();
    QStringList args = searchArguments("run");
    args.replace(args.indexOf("--epochs") + 1, "200");
    args << "--dist-timeout"
         << "30";
    auto rank0 = start(args, environment(0, 2, port), rank0Dir);
    auto rank1 = start(args, environment(1, 2, port), rank1Dir);

    // Kill rank 1 once the job is under way (rank 0 has logged a step).
    QElapsedTimer waiting;
    waiting.start();
    bool running = false;
    while (!running && waiting.elapsed() < 60000 && rank0->state() != QProcess::NotRunning) {
        QTest::qWait(100);
        for (const auto &row : jsonLines(rank0Dir + "/run/metrics.jsonl"))
            running = running || row.value("type").toString() == "step";
    }
    QVERIFY2(running, qPrintable("the job did not start: " + QString::fromUtf8(rank0->readAllStandardError())));
    rank1->kill();
    rank1->waitForFinished();

    QElapsedTimer failing;
    failing.start();
    const Finished r0 = finish(*rank0, 60000);
    const double seconds = failing.elapsed() / 1000.0;
    qInfo("rank 0 failed %.1f s after rank 1 was killed", seconds);
    QVERIFY2(r0.code == 1, qPrintable(QString("exit %1: %2").arg(r0.code).arg(r0.err)));
    QVERIFY2(seconds < 40, qPrintable(QString("rank 0 needed %1 s").arg(seconds)));
    QVERIFY2(r0.err.contains("distributed rank 0 of 2"), qPrintable(r0.err));
    const auto rows = jsonLines(rank0Dir + "/run/metrics.jsonl");
    QCOMPARE(rows.back().value("status").toString(), QString("failed"));
    QVERIFY2(rows.back().value("message").toString().contains("rank"),
             qPrintable(rows.back().value("message").toString()));
}

void TestDataParallelSearch::retrainTwoRanksWriteOnceAndResume()
{
    if (!engine::DistributedContext::backendAvailable(torch::kCPU))
        GDAS_MISSING_PREREQUISITE_EXPECTED(
            "this LibTorch has no Gloo (pip's wheels ship no Gloo headers): no CPU process group", kGlooExpected);
    // gdas retrain under torchrun: both ranks finish, only rank 0 writes, one process resumes.
    QVERIFY(m_dir.isValid());
    const QString rank0Dir = m_dir.filePath("retrain0"), rank1Dir = m_dir.filePath("retrain1");
    QVERIFY(QDir().mkpath(rank0Dir) && QDir().mkpath(rank1Dir));
    const int port = testing::freeLoopbackPort();
    const QStringList args{"retrain", "--genotype",   "GDAS_V1", "--dataset",  "synthetic", "--train-limit",
                           "64",      "--test-limit", "32",      "--epochs",   "1",         "--max-steps",
                           "3",       "--batch",      "8",       "--channels", "8",         "--layers",
                           "5",       "--log-every",  "1",       "--threads",  "1",         "--quiet",
                           "--out",   "run"};
    auto rank0 = start(args, environment(0, 2, port), rank0Dir);
    auto rank1 = start(args, environment(1, 2, port), rank1Dir);
    const Finished r0 = finish(*rank0), r1 = finish(*rank1);
    QVERIFY2(r0.code == 0, qPrintable(r0.err));
    QVERIFY2(r1.code == 0, qPrintable(r1.err));
    QVERIFY2(QDir(rank1Dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty(), "rank 1 wrote files");
    const QString run = rank0Dir + "/run";
    QVERIFY(QFile::exists(run + "/weights.pt"));
    auto rows = jsonLines(run + "/metrics.jsonl");
    int steps = 0, epochs = 0;
    for (const auto &row : rows) {
        steps += row.value("type").toString() == "step";
        epochs += row.value("type").toString() == "epoch";
    }
    QCOMPARE(steps, 3); // one row per step of the job, not per rank
    QCOMPARE(epochs, 1);

    auto resumed = start({"retrain", "--resume", run, "--epochs", "2", "--quiet", "--threads", "1"},
                         environment(0, 1, 0), m_dir.path());
    const Finished res = finish(*resumed);
    QVERIFY2(res.code == 0, qPrintable(res.err));
    rows = jsonLines(run + "/metrics.jsonl");
    epochs = 0;
    for (const auto &row : rows)
        epochs += row.value("type").toString() == "epoch";
    QCOMPARE(epochs, 2);
    QCOMPARE(rows.back().value("status").toString(), QString("finished"));
}

QTEST_GUILESS_MAIN(TestDataParallelSearch)
#include "tst_dataparallelsearch.moc"
