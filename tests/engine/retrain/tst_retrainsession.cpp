// RetrainSession on a tiny network and synthetic data: training lowers the loss, the run
// directory holds what the format promises, a stopped and resumed run reproduces the metrics
// of an uninterrupted one, pause/continue works, and the exported weights read back.
#include "engine/EngineError.h"
#include "engine/MetricRows.h"
#include "engine/RetrainSession.h"
#include "engine/WeightsExport.h"
#include "engine/nn/ClassifierNetwork.h"
#include "engine/retrain/StateDictFile.h"
#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "model/RunRecord.h"
#include "support/TestDevice.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace gdas;
using namespace gdas::engine;

namespace {

RetrainConfig tinyConfig(const std::string &runDir, int epochs)
{
    RetrainConfig c;
    c.runDir = runDir;
    c.network.genotype = *model::builtinGenotype("GDAS_V1");
    c.network.channels = 4;
    c.network.layers = 3; // reductions at cells 1 and 2, auxiliary head after cell 2
    c.data.dataset = "synthetic";
    c.data.syntheticSize = 192;
    c.data.syntheticChannels = 3;
    c.data.syntheticSide = 24; // the head then sees 6x6 maps
    c.data.syntheticClasses = 4;
    c.data.cutout = 8;
    c.epochs = epochs;
    c.batchSize = 32;
    c.lr = 0.05;
    c.logEvery = 1;
    c.seed = 3;
    c.threads = 1; // one thread: bit-identical reductions run to run
    c.device = test::deviceName();
    c.deterministic = test::onCuda(); // resume compares runs value by value
    return c;
}

// Stops the run after `stopAt` steps of `stopEpoch`; counts what it saw.
class RecordingObserver : public RetrainObserver {
public:
    RunControl *control = nullptr;
    int stopEpoch = -1;
    std::int64_t stopAfterStep = -1;
    std::int64_t pauseAfterGlobalStep = -1;
    std::vector<RetrainEpoch> epochs;
    std::vector<bool> pauses;
    int started = 0;
    RetrainOutcome outcome;
    std::thread resumer;

    RecordingObserver() = default;
    RecordingObserver(const RecordingObserver &) = delete;
    RecordingObserver &operator=(const RecordingObserver &) = delete;
    ~RecordingObserver() override
    {
        if (resumer.joinable())
            resumer.join();
    }

    void onStarted(const RetrainStarted &) override { ++started; }
    void onStep(const RetrainStep &s) override
    {
        if (s.epoch == stopEpoch && s.step == stopAfterStep)
            control->requestStop();
        if (s.globalStep == pauseAfterGlobalStep) {
            control->requestPause();
            // Another thread continues the run a little later, as the GUI would; joined before
            // the observer (and the control it points to) goes away.
            resumer = std::thread([c = control] {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                c->resume();
            });
        }
    }
    void onEpoch(const RetrainEpoch &e) override { epochs.push_back(e); }
    void onPaused(bool paused) override { pauses.push_back(paused); }
    void onFinished(const RetrainOutcome &o) override { outcome = o; }
};

// The metric rows without the wall-clock fields, for comparing two runs.
std::vector<model::MetricRow> comparableRows(const std::string &runDir)
{
    std::vector<model::MetricRow> rows;
    for (auto row : model::readRunDirectory(runDir).metrics) {
        if (row.type != "step" && row.type != "epoch")
            continue;
        row.values.erase("time");
        row.values.erase("seconds");
        row.values.erase("images_per_s");
        rows.push_back(row);
    }
    return rows;
}

} // namespace

class TestRetrainSession : public QObject {
    Q_OBJECT
private slots:
    void trainingLowersLossAndWritesRunDirectory()
    {
        QTemporaryDir dir;
        const std::string runDir = dir.filePath("run").toStdString();
        RetrainSession session(tinyConfig(runDir, 4));
        RecordingObserver observer;
        RunControl control;
        observer.control = &control;
        session.addObserver(&observer);
        const RetrainOutcome outcome = session.run(control);
        QCOMPARE(int(outcome.end), int(RunEnd::Finished));
        QCOMPARE(outcome.epochsDone, 4);
        QCOMPARE(observer.epochs.size(), std::size_t(4));
        QVERIFY2(
            observer.epochs.back().trainLoss < observer.epochs.front().trainLoss,
            qPrintable(
                QString("loss %1 -> %2").arg(observer.epochs.front().trainLoss).arg(observer.epochs.back().trainLoss)));
        QVERIFY(observer.epochs.back().testTop1 > 25.0); // 4 classes: better than chance
        QCOMPARE(outcome.bestTestTop1, std::max({observer.epochs[0].testTop1, observer.epochs[1].testTop1,
                                                 observer.epochs[2].testTop1, observer.epochs[3].testTop1}));
        QCOMPARE(outcome.finalTestTop1, observer.epochs.back().testTop1);

        // Schedules: DARTS's cosine per epoch, drop-path rising linearly from 0.
        QCOMPARE(observer.epochs[0].lr, 0.05);
        QVERIFY(std::abs(observer.epochs[2].lr - 0.05 * 0.5 * (1 + std::cos(M_PI * 2 / 4))) < 1e-12);
        QCOMPARE(observer.epochs[0].dropPath, 0.0);
        QVERIFY(std::abs(observer.epochs[3].dropPath - 0.2 * 3 / 4) < 1e-12);

        const model::RunRecord record = model::readRunDirectory(runDir);
        QVERIFY(record.kind == model::RunKind::Retrain);
        QCOMPARE(record.algorithm, std::string("retrain"));
        QCOMPARE(record.space, std::string("darts"));
        QCOMPARE(model::statusWord(record), std::string("finished"));
        QVERIFY(record.finalGenotype.has_value());
        QVERIFY(*record.finalGenotype == *model::builtinGenotype("GDAS_V1"));
        int epochRows = 0, stepRows = 0;
        for (const auto &row : record.metrics) {
            if (row.type == "epoch") {
                ++epochRows;
                for (const char *key : {"train_loss", "train_top1", "train_top5", "test_loss", "test_top1", "test_top5",
                                        "lr", "drop_path", "time"})
                    QVERIFY2(row.has(key), key);
            } else if (row.type == "step") {
                ++stepRows;
                QVERIFY(row.has("train_loss") && row.has("images_per_s"));
            }
        }
        QCOMPARE(epochRows, 4);
        QCOMPARE(stepRows, 4 * 6); // 192 images / 32, one row per step
        for (const char *file : {"config.json", "checkpoint.pt", "best.pt", "weights.pt", "log.txt", "genotype.json"})
            QVERIFY2(std::filesystem::exists(std::filesystem::path(runDir) / file), file);
    }

    void resumedRunMatchesUninterruptedRun()
    {
        QTemporaryDir dir;
        const std::string straightDir = dir.filePath("straight").toStdString();
        const std::string stoppedDir = dir.filePath("stopped").toStdString();
        {
            RetrainSession straight(tinyConfig(straightDir, 3));
            RunControl control;
            QCOMPARE(int(straight.run(control).end), int(RunEnd::Finished));
        }
        {
            RetrainSession first(tinyConfig(stoppedDir, 3));
            RecordingObserver observer;
            RunControl control;
            observer.control = &control;
            observer.stopEpoch = 1;
            observer.stopAfterStep = 2; // mid-epoch: the epoch's running averages must survive
            first.addObserver(&observer);
            const RetrainOutcome outcome = first.run(control);
            QCOMPARE(int(outcome.end), int(RunEnd::Stopped));
            QCOMPARE(outcome.epochsDone, 1);
            QCOMPARE(model::statusWord(model::readRunDirectory(stoppedDir)), std::string("stopped"));
        }
        {
            auto resumed = RetrainSession::resume(stoppedDir);
            RecordingObserver observer;
            RunControl control;
            observer.control = &control;
            resumed->addObserver(&observer);
            const RetrainOutcome outcome = resumed->run(control);
            QCOMPARE(int(outcome.end), int(RunEnd::Finished));
            QCOMPARE(observer.epochs.size(), std::size_t(2)); // epochs 1 and 2
        }
        const auto expected = comparableRows(straightDir);
        const auto actual = comparableRows(stoppedDir);
        QCOMPARE(actual.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(actual[i].type, expected[i].type);
            QCOMPARE(actual[i].epoch, expected[i].epoch);
            QCOMPARE(actual[i].step, expected[i].step);
            QCOMPARE(actual[i].values.size(), expected[i].values.size());
            for (const auto &[key, value] : expected[i].values)
                QVERIFY2(actual[i].value(key, -1e300) == value,
                         qPrintable(QString("row %1 %2: resumed %3, uninterrupted %4")
                                        .arg(i)
                                        .arg(QString::fromStdString(key))
                                        .arg(actual[i].value(key), 0, 'g', 17)
                                        .arg(value, 0, 'g', 17)));
        }
        // And the final weights are the same.
        const StateDict a = readStateDictFile(straightDir + "/weights.pt");
        const StateDict b = readStateDictFile(stoppedDir + "/weights.pt");
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].first, b[i].first);
            QVERIFY2(torch::equal(a[i].second, b[i].second), a[i].first.c_str());
        }
    }

    void pauseAndContinue()
    {
        QTemporaryDir dir;
        RetrainSession session(tinyConfig(dir.filePath("run").toStdString(), 1));
        RecordingObserver observer;
        RunControl control;
        observer.control = &control;
        observer.pauseAfterGlobalStep = 2;
        session.addObserver(&observer);
        QCOMPARE(int(session.run(control).end), int(RunEnd::Finished));
        QCOMPARE(observer.pauses, (std::vector<bool>{true, false}));
    }

    void exportedWeightsReadBackWithDartsKeys()
    {
        QTemporaryDir dir;
        const std::string runDir = dir.filePath("run").toStdString();
        RetrainConfig config = tinyConfig(runDir, 1);
        config.maxStepsPerEpoch = 2;
        RetrainSession session(config);
        RunControl control;
        const RetrainOutcome outcome = session.run(control);
        QCOMPARE(int(outcome.end), int(RunEnd::Finished));

        // The network the run built: same spec as stored (classes, channels from the data).
        NetworkSpec spec = session.config().network;
        const auto fresh = makeClassifierNetwork(spec);
        const StateDict reference = stateDictOf(*fresh);
        const StateDict weights = readStateDictFile(outcome.weightsPath);
        QCOMPARE(weights.size(), reference.size());
        for (std::size_t i = 0; i < reference.size(); ++i) {
            QCOMPARE(weights[i].first, reference[i].first);
            QCOMPARE(weights[i].second.sizes().vec(), reference[i].second.sizes().vec());
            QCOMPARE(weights[i].second.scalar_type(), reference[i].second.scalar_type());
        }
        QCOMPARE(weights.front().first, std::string("stem.0.weight"));
        QCOMPARE(weights.back().first, std::string("classifier.bias"));

        // The public reader and the exporter agree with the file the run wrote.
        const auto entries = readWeightsEntries(outcome.weightsPath);
        QCOMPARE(entries.size(), weights.size());
        QCOMPARE(entries[1].name, std::string("stem.1.weight"));
        QCOMPARE(entries[1].dtype, std::string("float32"));
        const std::string exported = dir.filePath("exported.pt").toStdString();
        exportRunWeights(runDir, exported, RunWeights::Latest);
        const StateDict again = readStateDictFile(exported);
        for (std::size_t i = 0; i < weights.size(); ++i)
            QVERIFY2(torch::equal(again[i].second, weights[i].second), weights[i].first.c_str());
        exportRunWeights(runDir, dir.filePath("best.pt").toStdString(), RunWeights::Best);

        // The weights load into a fresh network; an incomplete set is refused.
        loadStateDict(*fresh, weights, outcome.weightsPath);
        StateDict wrong = weights;
        wrong.pop_back();
        QVERIFY_THROWS_EXCEPTION(InputError, loadStateDict(*fresh, wrong, "truncated"));
        QVERIFY_THROWS_EXCEPTION(InputError, readWeightsEntries(runDir + "/config.json"));
    }

    // One metric schema: every step and epoch row shown live is the row metrics.jsonl holds,
    // value for value, and the epoch rows carry the run's "time" on both sides.
    void liveRowsEqualRowsOnDisk()
    {
        struct LiveRows : RetrainObserver {
            std::vector<model::MetricRow> rows;
            void onStep(const RetrainStep &s) override { rows.push_back(metricRowOf(s)); }
            void onEpoch(const RetrainEpoch &e) override { rows.push_back(metricRowOf(e)); }
        };
        QTemporaryDir dir;
        RetrainConfig c = tinyConfig(dir.filePath("run").toStdString(), 2);
        c.maxStepsPerEpoch = 3;
        RetrainSession session(c);
        LiveRows live;
        session.addObserver(&live);
        RunControl control;
        QCOMPARE(int(session.run(control).end), int(RunEnd::Finished));
        const auto record = model::readRunDirectory(c.runDir);
        QCOMPARE(live.rows.size(), std::size_t(2 * (3 + 1))); // logEvery 1: 3 steps and an epoch row, twice
        QCOMPARE(record.metrics.size(), live.rows.size());
        for (std::size_t i = 0; i < live.rows.size(); ++i) {
            QVERIFY2(live.rows[i] == record.metrics[i], qPrintable(QString("row %1 differs").arg(i)));
            QCOMPARE(live.rows[i].value("time", -1.0), record.metrics[i].value("time", -2.0));
        }
        QCOMPARE(QString::fromStdString(record.metrics.back().type), QString("epoch"));
        QVERIFY(record.metrics.back().has("test_top1"));
    }

    void occupiedFolderIsRefused()
    {
        QTemporaryDir dir;
        QFile own(dir.filePath("run/results.csv"));
        QVERIFY(QDir().mkpath(dir.filePath("run")) && own.open(QIODevice::WriteOnly));
        own.write("epoch,top1\n1,93.1\n");
        own.close();
        RunControl control;
        try {
            RetrainSession(tinyConfig(dir.filePath("run").toStdString(), 1)).run(control);
            QFAIL("a retrain wrote into a folder of the user's files");
        } catch (const InputError &e) {
            QVERIFY2(QString(e.what()).contains(dir.filePath("run")) && QString(e.what()).contains("results.csv"),
                     e.what());
        }
        QCOMPARE(QDir(dir.filePath("run")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{"results.csv"});
        QVERIFY(own.open(QIODevice::ReadOnly));
        QCOMPARE(own.readAll(), QByteArray("epoch,top1\n1,93.1\n"));
    }

    void badSettingsAreInputErrors()
    {
        QTemporaryDir dir;
        RetrainConfig config = tinyConfig(dir.filePath("run").toStdString(), 1);
        config.dropPath = 1.5;
        RunControl control;
        QVERIFY_THROWS_EXCEPTION(InputError, RetrainSession(config).run(control));
        config = tinyConfig(dir.filePath("run2").toStdString(), 1);
        config.data.syntheticSide = 16; // too small for the auxiliary head
        try {
            RetrainSession(config).run(control);
            QFAIL("16x16 images were accepted with the auxiliary head");
        } catch (const InputError &e) {
            QVERIFY2(QString(e.what()).contains("auxiliary"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(InputError, RetrainSession::resume(dir.filePath("missing").toStdString()));
    }

    void networkDefaultsFollowTheDataSet_data()
    {
        QTest::addColumn<QString>("genotype");
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<int>("channels"); // given (0: default)
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("expectedChannels");
        QTest::addColumn<int>("expectedLayers");
        QTest::newRow("CIFAR-10: the papers' network") << "GDAS_V1"
                                                       << "cifar10" << 0 << 0 << 36 << 20;
        QTest::newRow("CIFAR-100") << "DARTS_V2"
                                   << "cifar100" << 0 << 0 << 36 << 20;
        QTest::newRow("Fashion-MNIST: the search network's size") << "GDAS_V1"
                                                                  << "fashion-mnist" << 0 << 0 << 16 << 8;
        QTest::newRow("Fashion-MNIST, C given") << "GDAS_V1"
                                                << "fashion-mnist" << 36 << 0 << 36 << 8;
        QTest::newRow("Fashion-MNIST, both given") << "GDAS_V1"
                                                   << "fashion-mnist" << 36 << 20 << 36 << 20;
        QTest::newRow("Fashion-MNIST, NAS-Bench-201")
            << "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"
            << "fashion-mnist" << 0 << 0 << 16 << 5;
    }
    void networkDefaultsFollowTheDataSet()
    {
        QFETCH(QString, genotype);
        QFETCH(QString, dataset);
        QFETCH(int, channels);
        QFETCH(int, layers);
        QFETCH(int, expectedChannels);
        QFETCH(int, expectedLayers);
        RetrainConfig config;
        config.runDir = "unused";
        const auto builtin = model::builtinGenotype(genotype.toStdString());
        config.network.genotype = builtin ? *builtin : model::parseGenotype(genotype.toStdString());
        config.data.dataset = dataset.toStdString();
        config.network.channels = channels;
        config.network.layers = layers;
        config.resolveDefaults();
        QCOMPARE(config.network.channels, expectedChannels);
        QCOMPARE(config.network.layers, expectedLayers);
    }
};

QTEST_GUILESS_MAIN(TestRetrainSession)
#include "tst_retrainsession.moc"
