#include "SearchController.h"
#include "StepThrottle.h"
#include "TinySearch.h"
#include "WorkbenchMetaTypes.h"

#include "engine/SearchConfig.h"
#include "model/RunRecord.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace gdas;

namespace {

// Pauses the run from the engine's thread when a given step is reported, so a test can stop
// a run at an exact step without racing a fast engine.
class PauseAtStep : public engine::SearchObserver {
public:
    explicit PauseAtStep(app::SearchController *controller) : m_controller(controller) {}
    void pauseAt(std::int64_t globalStep) { m_target.store(globalStep); }
    void onStep(const engine::StepMetrics &step) override
    {
        if (step.globalStep == m_target.load())
            m_controller->pause(); // RunControl atomics: safe from the engine's thread
    }

private:
    app::SearchController *m_controller;
    std::atomic<std::int64_t> m_target{-1};
};

// Every signal of a controller as one line, in arrival order.
class EventLog : public QObject {
public:
    explicit EventLog(app::SearchController *controller)
    {
        connect(controller, &app::SearchController::started, this, [this] { events << QStringLiteral("started"); });
        connect(controller, &app::SearchController::stepReported, this,
                [this](const engine::StepMetrics &s) { events << QStringLiteral("step:%1").arg(s.globalStep); });
        connect(controller, &app::SearchController::epochReported, this,
                [this](const engine::EpochReport &e) { events << QStringLiteral("epoch:%1").arg(e.epoch); });
        connect(controller, &app::SearchController::paused, this,
                [this](bool p) { events << QStringLiteral("paused:%1").arg(int(p)); });
        connect(controller, &app::SearchController::failed, this, [this](const QString &message) {
            events << QStringLiteral("failed");
            failure = message;
        });
        connect(controller, &app::SearchController::finished, this, [this](const engine::RunOutcome &o) {
            static const char *names[] = {"finished", "stopped", "failed"};
            events << QStringLiteral("finished:%1").arg(QLatin1String(names[int(o.end)]));
            outcome = o;
        });
    }
    QStringList events;
    QString failure;
    engine::RunOutcome outcome;
};

using test::tinySearch;

QString statusLines(const QString &runDir)
{
    QFile file(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList statuses;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.contains("\"status\""))
            statuses << QString::fromUtf8(line);
    return statuses.join(QLatin1Char('\n'));
}

} // namespace

class TestSearchController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { app::registerWorkbenchMetaTypes(); }
    void pauseResumeStop();
    void stoppedRunResumesFromItsCheckpoint();
    void throttleKeepsNewestStepBeforeEachEpoch();
    void zeroIntervalDeliversEveryOfferInOrder();
    void setupFailureIsReported();
    void destructorStopsARun();
    void secondStartIsRefusedWhileRunning();
};

void TestSearchController::pauseResumeStop()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runDir = tmp.filePath(QStringLiteral("run"));

    app::SearchController controller;
    controller.setStepInterval(0); // every step, so the order can be checked exactly
    PauseAtStep pauser(&controller);
    controller.addEngineObserver(&pauser);
    EventLog log(&controller);
    QSignalSpy pausedSpy(&controller, &app::SearchController::paused);
    QSignalSpy finishedSpy(&controller, &app::SearchController::finished);

    pauser.pauseAt(2);
    QVERIFY(controller.start(tinySearch(runDir)));
    QVERIFY(controller.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(pausedSpy.count(), 1, 60000);
    QVERIFY(controller.isPaused());
    QCOMPARE(log.events, (QStringList{"started", "step:1", "step:2", "paused:1"}));
    QTRY_VERIFY_WITH_TIMEOUT(statusLines(runDir).contains(QLatin1String("\"paused\"")), 10000);

    pauser.pauseAt(5); // epoch 1, second step
    controller.resume();
    QTRY_COMPARE_WITH_TIMEOUT(pausedSpy.count(), 3, 60000);
    QVERIFY(controller.isPaused());
    controller.stop(); // while paused: the engine wakes, reports paused(false) and stops
    QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 1, 60000);
    QCOMPARE(log.events, (QStringList{"started", "step:1", "step:2", "paused:1", "paused:0", "step:3", "epoch:0",
                                      "step:4", "step:5", "paused:1", "paused:0", "finished:stopped"}));
    QCOMPARE(log.outcome.epochsDone, 1);
    QVERIFY(!controller.isRunning());
    QVERIFY(!controller.isPaused());
    QVERIFY(QFileInfo::exists(QDir(runDir).filePath(QStringLiteral("checkpoint.pt"))));
    QVERIFY(statusLines(runDir).contains(QLatin1String("\"stopped\"")));
}

void TestSearchController::stoppedRunResumesFromItsCheckpoint()
{
    QTemporaryDir tmp;
    const QString runDir = tmp.filePath(QStringLiteral("run"));
    app::SearchController controller;
    controller.setStepInterval(0);
    PauseAtStep pauser(&controller);
    controller.addEngineObserver(&pauser);
    EventLog log(&controller);
    QSignalSpy pausedSpy(&controller, &app::SearchController::paused);
    QSignalSpy finishedSpy(&controller, &app::SearchController::finished);
    pauser.pauseAt(4); // epoch 1, first step
    QVERIFY(controller.start(tinySearch(runDir)));
    QTRY_COMPARE_WITH_TIMEOUT(pausedSpy.count(), 1, 60000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 1, 60000);
    QCOMPARE(log.outcome.epochsDone, 1);

    // The stopped run continues from its checkpoint to the end.
    log.events.clear();
    QVERIFY(controller.resumeRun(runDir));
    QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 2, 60000);
    QVERIFY2(log.failure.isEmpty(), qPrintable(log.failure));
    QCOMPARE(log.events.first(), QStringLiteral("started"));
    QCOMPARE(log.events.last(), QStringLiteral("finished:finished"));
    QVERIFY(log.events.contains(QStringLiteral("epoch:1")));
    QVERIFY(log.events.contains(QStringLiteral("epoch:2")));
    QVERIFY(!log.events.contains(QStringLiteral("epoch:0")));
    QCOMPARE(log.outcome.epochsDone, 3);
    QVERIFY(log.outcome.genotype.space == model::SpaceKind::NasBench201);
    const model::RunRecord record = model::readRunDirectory(runDir.toStdString());
    QCOMPARE(model::statusWord(record), std::string("finished"));
    QCOMPARE(record.epochs.size(), std::size_t(3));
    QVERIFY(record.finalGenotype.has_value());
}

void TestSearchController::throttleKeepsNewestStepBeforeEachEpoch()
{
    QTemporaryDir tmp;
    app::SearchController controller;
    controller.setStepInterval(60000); // nothing but the first step and the flushes get through
    EventLog log(&controller);
    QSignalSpy finishedSpy(&controller, &app::SearchController::finished);
    QVERIFY(controller.start(tinySearch(tmp.filePath(QStringLiteral("run")))));
    QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 1, 60000);

    QStringList steps;
    qint64 last = 0;
    for (int i = 0; i < log.events.size(); ++i) {
        const QString &e = log.events.at(i);
        if (e.startsWith(QLatin1String("step:"))) {
            const qint64 g = e.mid(5).toLongLong();
            QVERIFY2(g > last, qPrintable(log.events.join(QLatin1Char(' '))));
            last = g;
            steps << e;
        } else if (e.startsWith(QLatin1String("epoch:"))) {
            // The epoch's last step is flushed right before its report.
            const int epoch = e.mid(6).toInt();
            QVERIFY2(log.events.at(i - 1) == QStringLiteral("step:%1").arg(3 * (epoch + 1)),
                     qPrintable(log.events.join(QLatin1Char(' '))));
        }
    }
    QVERIFY2(steps.size() <= 4, qPrintable(steps.join(QLatin1Char(' '))));
    QVERIFY2(log.failure.isEmpty(), qPrintable(log.failure));
    QCOMPARE(log.events.last(), QStringLiteral("finished:finished"));
}

// An interval of 0 promises every step (the pause/resume test above relies on it): offers made
// faster than the controller's thread runs them must not replace each other.
void TestSearchController::zeroIntervalDeliversEveryOfferInOrder()
{
    app::StepThrottle throttle;
    QList<int> delivered;
    throttle.setMinimumInterval(60000);
    throttle.offer([&delivered] { delivered << -1; }); // pending when the interval drops to 0
    throttle.setMinimumInterval(0);
    std::thread engine([&] {
        for (int i = 0; i < 200; ++i)
            throttle.offer([&delivered, i] { delivered << i; });
    });
    engine.join(); // every offer made before this thread runs any of them
    QList<int> expected{-1};
    for (int i = 0; i < 200; ++i)
        expected << i;
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), expected.size(), 10000);
    QCOMPARE(delivered, expected);
}

void TestSearchController::setupFailureIsReported()
{
    QTemporaryDir tmp;
    const QString emptyData = tmp.filePath(QStringLiteral("no-cifar"));
    QVERIFY(QDir().mkpath(emptyData));
    engine::SearchConfig config = tinySearch(tmp.filePath(QStringLiteral("run")));
    config.data.dataset = "cifar10";
    config.data.dataDir = emptyData.toStdString();

    app::SearchController controller;
    EventLog log(&controller);
    QSignalSpy failedSpy(&controller, &app::SearchController::failed);
    QSignalSpy finishedSpy(&controller, &app::SearchController::finished);
    QVERIFY(controller.start(config));
    QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 1, 60000);
    QCOMPARE(failedSpy.count(), 1);
    const QString message = failedSpy.at(0).at(0).toString();
    QVERIFY2(message.contains(QLatin1String("no-cifar")), qPrintable(message));
    QCOMPARE(log.events, (QStringList{"failed", "finished:failed"}));
    QVERIFY(!controller.isRunning());
}

void TestSearchController::destructorStopsARun()
{
    QTemporaryDir tmp;
    const QString runDir = tmp.filePath(QStringLiteral("run"));
    auto controller = std::make_unique<app::SearchController>();
    QSignalSpy stepSpy(controller.get(), &app::SearchController::stepReported);
    QVERIFY(controller->start(tinySearch(runDir, 1000)));
    QTRY_VERIFY_WITH_TIMEOUT(stepSpy.count() > 0, 60000);
    QElapsedTimer clock;
    clock.start();
    controller.reset(); // requests a stop and waits for the worker
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(statusLines(runDir).contains(QLatin1String("\"stopped\"")));
}

void TestSearchController::secondStartIsRefusedWhileRunning()
{
    QTemporaryDir tmp;
    app::SearchController controller;
    QSignalSpy finishedSpy(&controller, &app::SearchController::finished);
    QSignalSpy runningSpy(&controller, &app::SearchController::runningChanged);
    QVERIFY(controller.start(tinySearch(tmp.filePath(QStringLiteral("a")), 1)));
    QVERIFY(!controller.start(tinySearch(tmp.filePath(QStringLiteral("b")), 1)));
    QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 1, 60000);
    QVERIFY(finishedSpy.at(0).at(0).value<engine::RunOutcome>().end == engine::RunEnd::Finished);
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("b"))));
    QCOMPARE(runningSpy.count(), 2);
    QCOMPARE(runningSpy.at(0).at(0).toBool(), true);
    QCOMPARE(runningSpy.at(1).at(0).toBool(), false);
}

// A QApplication although nothing here is a widget: CTest passes -platform offscreen to every
// test, which only a GUI application accepts.
QTEST_MAIN(TestSearchController)
#include "tst_searchcontroller.moc"
