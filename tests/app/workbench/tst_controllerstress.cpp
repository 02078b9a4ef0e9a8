// The workbench's search path under stress (docs/RELIABILITY.md, "The workbench under stress"):
// pause / resume / stop requested 1,000 times in random order while a synthetic search steps, a
// run directory followed while the search writes it, and the window closed mid-run. No crash, no
// deadlock, signals in a consistent order, and the run still finishes with every row once.
#include "MainWindow.h"
#include "RunDirectoryFollower.h"
#include "RunFailureDialog.h"
#include "SearchController.h"
#include "TinySearch.h"
#include "WorkbenchMetaTypes.h"

#include "engine/SearchConfig.h"
#include "model/RunRecord.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>

using namespace gdas;

namespace {

engine::SearchConfig tinySearch(const QString &runDir, int epochs)
{
    engine::SearchConfig c = test::tinySearch(runDir, epochs);
    c.name = "stress";
    c.seed = 5;
    return c;
}

// Checks the order of one controller's signals as they arrive: within a run, started first and
// finished last, paused(true) and paused(false) alternating from true, steps and epochs moving
// forward, never paused at the end; failed never (these runs cannot fail).
class OrderChecker : public QObject {
public:
    explicit OrderChecker(app::SearchController *controller) : m_controller(controller)
    {
        connect(controller, &app::SearchController::started, this, [this](const engine::RunStarted &info) {
            expect(!m_inRun, "started inside a run");
            m_inRun = true;
            m_paused = false;
            m_lastStep = -1;
            m_lastEpoch = info.startEpoch - 1;
            ++starts;
        });
        connect(controller, &app::SearchController::stepReported, this, [this](const engine::StepMetrics &s) {
            expect(m_inRun, "step outside a run");
            expect(s.globalStep > m_lastStep, "step reports out of order");
            expect(std::isfinite(s.wLoss) && std::isfinite(s.aLoss), "a non-finite loss reported");
            m_lastStep = s.globalStep;
            ++steps;
        });
        connect(controller, &app::SearchController::epochReported, this, [this](const engine::EpochReport &e) {
            expect(m_inRun, "epoch outside a run");
            expect(e.epoch == m_lastEpoch + 1, "epoch reports skip or repeat");
            m_lastEpoch = e.epoch;
            ++epochs;
        });
        connect(controller, &app::SearchController::paused, this, [this](bool paused) {
            expect(m_inRun, "paused outside a run");
            expect(paused != m_paused, "paused(true)/paused(false) do not alternate");
            expect(m_controller->isPaused() == paused, "isPaused() disagrees with the signal");
            m_paused = paused;
            ++pauses;
        });
        connect(controller, &app::SearchController::failed, this,
                [this](const QString &message) { expect(false, "failed: " + message); });
        connect(controller, &app::SearchController::finished, this, [this](const engine::RunOutcome &o) {
            expect(m_inRun, "finished outside a run");
            expect(!m_paused, "finished while paused");
            expect(!m_controller->isRunning() && !m_controller->isPaused(), "controller state after finished");
            m_inRun = false;
            last = o.end;
            ++finishes;
        });
    }
    QStringList problems;
    int starts = 0;
    int finishes = 0;
    int pauses = 0;
    int steps = 0;  // step reports, over every run
    int epochs = 0; // epoch reports, over every run
    // Starts, steps, epochs and ends: the engine's progress.
    int events() const { return starts + steps + epochs + finishes; }
    engine::RunEnd last = engine::RunEnd::Failed;

private:
    void expect(bool ok, const QString &what)
    {
        if (!ok && problems.size() < 20)
            problems << what;
    }
    app::SearchController *m_controller;
    bool m_inRun = false;
    bool m_paused = false;
    std::int64_t m_lastStep = -1;
    int m_lastEpoch = -1;
};

// The run directory as the engine left it: every step and epoch row once, each epoch once in
// epochs.jsonl, finished with a genotype.
void verifyCompleteRun(const QString &runDir, int epochs, int stepsPerEpoch)
{
    const model::RunRecord record = model::readRunDirectory(runDir.toStdString());
    QSet<QPair<int, int>> steps;
    QSet<int> epochRows;
    for (const model::MetricRow &row : record.metrics) {
        if (row.type == "step") {
            QVERIFY2(!steps.contains({row.epoch, int(row.step)}),
                     qPrintable(QStringLiteral("step row (%1, %2) twice").arg(row.epoch).arg(row.step)));
            steps.insert({row.epoch, int(row.step)});
        } else if (row.type == "epoch") {
            QVERIFY2(!epochRows.contains(row.epoch), qPrintable(QStringLiteral("epoch row %1 twice").arg(row.epoch)));
            epochRows.insert(row.epoch);
        }
    }
    QCOMPARE(steps.size(), epochs * stepsPerEpoch);
    QCOMPARE(epochRows.size(), epochs);
    QCOMPARE(int(record.epochs.size()), epochs);
    for (int e = 0; e < epochs; ++e)
        QCOMPARE(record.epochs[std::size_t(e)].epoch, e);
    QCOMPARE(QString::fromStdString(model::statusWord(record)), QString("finished"));
    QVERIFY(record.finalGenotype && !record.finalGenotype->normal.empty());
}

// Waits until `done()` for as long as the engine moves: fails only when it reports nothing (no
// start, step, epoch or end) for `stallMs` — a deadlock or a lost wake-up — and not when a slow
// build takes long (under ThreadSanitizer on 2 cores a step of the tiny search takes most of a
// second, and a fixed limit for a whole run is a guess at the machine).
template <class Done>
bool waitWhileMoving(const OrderChecker &order, Done done, qint64 stallMs = 60000)
{
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    int seen = order.events();
    while (!done()) {
        QTest::qWait(2);
        if (order.events() != seen) {
            seen = order.events();
            sinceProgress.restart();
        } else if (sinceProgress.elapsed() > stallMs) {
            return false;
        }
    }
    return true;
}

quint32 seedFromEnvironment(const char *name)
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable(name).toUInt(&ok);
    return ok ? seed : QRandomGenerator::global()->generate();
}

} // namespace

class TestControllerStress : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { app::registerWorkbenchMetaTypes(); }
    void thousandRandomRequests();
    void followerSeesNoTornRows();
    void closingTheWindowMidRunStopsAndTheRunResumes();
    void nonFiniteLossOffersLowerLearningRates();
};

void TestControllerStress::thousandRandomRequests()
{
    const quint32 seed = seedFromEnvironment("GDAS_STRESS_SEED");
    qInfo("random requests use seed %u (set GDAS_STRESS_SEED to repeat)", seed);
    QRandomGenerator random(seed);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runDir = tmp.filePath("run");
    // 150 steps. The requests let it take about 15 plus 1.6 a stop (~30 stops, spread 5.4, each
    // after its run's first step): 50-90 in a release build, 35-55 under ThreadSanitizer; 150
    // would take ~84 stops, ten times the spread above the mean.
    constexpr int kEpochs = 50;
    constexpr int kSteps = 3;

    app::SearchController controller;
    controller.setStepInterval(0);
    OrderChecker order(&controller);
    QSignalSpy finishedSpy(&controller, &app::SearchController::finished);
    QVERIFY(controller.start(tinySearch(runDir, kEpochs)));
    // Every run, the first and each resumed one, is let take its first step before the requests
    // go on, so that they meet a search that is stepping and not only one setting up.
    auto firstStep = [&order, &controller] {
        const int before = order.steps;
        return waitWhileMoving(order, [&] { return order.steps != before || !controller.isRunning(); });
    };
    QVERIFY2(firstStep(), "no progress reported for 60 s after the start: a deadlock?");

    QElapsedTimer clock;
    clock.start();
    int pauses = 0, resumes = 0, stops = 0, restarts = 0;
    for (int i = 0; i < 1000; ++i) {
        if (!controller.isRunning()) {
            // A stop was honoured: the run continues from its checkpoint, as the workbench's
            // Resume does.
            QVERIFY2(order.last != engine::RunEnd::Finished,
                     qPrintable(QStringLiteral("the run finished after %1 requests (raise kEpochs)").arg(i)));
            QVERIFY(controller.resumeRun(runDir));
            ++restarts;
            QVERIFY2(firstStep(), "no progress reported for 60 s after a resume: a deadlock?");
        }
        const quint32 pick = random.bounded(100u);
        if (pick < 47) {
            controller.pause();
            ++pauses;
        } else if (pick < 97) {
            controller.resume();
            ++resumes;
        } else {
            controller.stop();
            ++stops;
            // The stop ends the run within a step; wait for it, or the loop would race ahead.
            QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 60000);
        }
        // Let signals arrive, and now and then the engine take a step or two.
        QCoreApplication::processEvents();
        if (random.bounded(4u) == 0)
            QTest::qWait(int(random.bounded(4u)));
        // No limit on the loop's total time: each wait in it fails on 60 s without progress.
    }
    qInfo(
        "%d pauses, %d resumes, %d stops requested; %d restarts; %d paused signals; %d of %d steps reported in %.1f s",
        pauses, resumes, stops, restarts, order.pauses, order.steps, kEpochs * kSteps, double(clock.elapsed()) / 1e3);

    // Let the run finish undisturbed.
    if (!controller.isRunning() && order.last != engine::RunEnd::Finished)
        QVERIFY(controller.resumeRun(runDir));
    controller.resume();
    clock.restart();
    QVERIFY2(waitWhileMoving(order, [&] { return !controller.isRunning(); }),
             "no progress reported for 60 s: a deadlock?");
    qInfo("the rest of the run took %.1f s", double(clock.elapsed()) / 1e3);
    QVERIFY2(order.problems.isEmpty(), qPrintable(order.problems.join('\n')));
    QCOMPARE(order.finishes, order.starts);
    QCOMPARE(finishedSpy.count(), order.finishes);
    QCOMPARE(int(order.last), int(engine::RunEnd::Finished));
    verifyCompleteRun(runDir, kEpochs, kSteps);
}

void TestControllerStress::followerSeesNoTornRows()
{
    // The workbench opening a run directory that a search is writing: every poll shows whole
    // rows only, in order, and ends with what is on disk.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runDir = tmp.filePath("run");
    constexpr int kEpochs = 6;
    app::SearchController controller;
    QVERIFY(controller.start(tinySearch(runDir, kEpochs)));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(runDir).filePath("config.json")), 60000);

    app::RunDirectoryFollower follower;
    QString error;
    QVERIFY2(follower.open(runDir, &error), qPrintable(error));
    QStringList problems;
    int polls = 0, appends = 0;
    QSet<QPair<int, int>> steps;
    int lastEpochRecord = -1;
    auto check = [&](int firstMetric, int firstEpoch) {
        ++appends;
        const model::RunRecord &r = follower.record();
        for (std::size_t i = std::size_t(firstMetric); i < r.metrics.size(); ++i) {
            const model::MetricRow &row = r.metrics[i];
            if (row.type == "step") {
                if (steps.contains({row.epoch, int(row.step)}))
                    problems << QStringLiteral("step (%1, %2) shown twice").arg(row.epoch).arg(row.step);
                steps.insert({row.epoch, int(row.step)});
                for (const char *key : {"w_loss", "a_loss", "lr", "tau"})
                    if (!row.has(key) || !std::isfinite(row.value(key)))
                        problems << QStringLiteral("step (%1, %2) without %3").arg(row.epoch).arg(row.step).arg(key);
            }
        }
        for (std::size_t e = std::size_t(firstEpoch); e < r.epochs.size(); ++e) {
            if (r.epochs[e].epoch != lastEpochRecord + 1)
                problems << QStringLiteral("epoch record %1 after %2").arg(r.epochs[e].epoch).arg(lastEpochRecord);
            lastEpochRecord = r.epochs[e].epoch;
            if (r.epochs[e].normal.probs.empty() || r.epochs[e].genotype.normal.empty())
                problems << QStringLiteral("epoch record %1 incomplete").arg(r.epochs[e].epoch);
        }
    };
    check(0, 0);
    connect(&follower, &app::RunDirectoryFollower::appended, this, check);
    connect(&follower, &app::RunDirectoryFollower::failed, this,
            [&problems](const QString &message) { problems << "follower failed: " + message; });
    QElapsedTimer clock;
    clock.start();
    while (controller.isRunning() && clock.elapsed() < 120000) {
        follower.poll(); // as fast as it goes, to meet the writer mid-line
        ++polls;
        QCoreApplication::processEvents();
    }
    QVERIFY(!controller.isRunning());
    follower.poll();
    qInfo("%d polls, %d of them with new rows", polls, appends);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    QVERIFY(appends > 1); // it did follow, not just read the end
    const model::RunRecord onDisk = model::readRunDirectory(runDir.toStdString());
    QCOMPARE(follower.record().metrics.size(), onDisk.metrics.size());
    QCOMPARE(follower.record().epochs.size(), onDisk.epochs.size());
    QCOMPARE(steps.size(), kEpochs * 3);
}

void TestControllerStress::closingTheWindowMidRunStopsAndTheRunResumes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runDir = tmp.filePath("run");
    constexpr int kEpochs = 4;
    {
        app::MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QString error;
        QVERIFY2(window.startSearch(tinySearch(runDir, kEpochs), &error), qPrintable(error));
        auto *controller = window.findChild<app::SearchController *>();
        QVERIFY(controller);
        QSignalSpy steps(controller, &app::SearchController::stepReported);
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 2, 60000);

        // The window asks first: Cancel keeps it open and the run going.
        int asked = 0;
        auto answer = [&asked](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [&asked, button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return;
                ++asked;
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!window.close());
        QCOMPARE(asked, 1);
        QVERIFY(controller->isRunning());

        // Yes: the run stops at the next step with a checkpoint, and the window closes.
        QSignalSpy finished(controller, &app::SearchController::finished);
        answer(QMessageBox::Yes);
        QVERIFY(window.close());
        QCOMPARE(asked, 2);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(int(finished.first().first().value<engine::RunOutcome>().end), int(engine::RunEnd::Stopped));
    }
    const model::RunRecord stopped = model::readRunDirectory(runDir.toStdString());
    QCOMPARE(QString::fromStdString(model::statusWord(stopped)), QString("stopped"));
    QVERIFY(QFile::exists(QDir(runDir).filePath("checkpoint.pt")));

    // Later, in a new window: the run resumes from its checkpoint and finishes.
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QString error;
    QVERIFY2(window.openRunDirectory(runDir, &error), qPrintable(error));
    QVERIFY2(window.resumeOpenRun(&error), qPrintable(error));
    auto *controller = window.findChild<app::SearchController *>();
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 120000);
    verifyCompleteRun(runDir, kEpochs, 3);
}

void TestControllerStress::nonFiniteLossOffersLowerLearningRates()
{
    // A live search whose loss turns non-finite: the window offers to resume from the kept
    // checkpoint with lower learning rates, and doing so resumes from that checkpoint.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runDir = tmp.filePath("run");
    const QString checkpoint = QDir(runDir).filePath("checkpoint.pt");
    auto checkpointHash = [&checkpoint] {
        QFile f(checkpoint);
        return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                                           : QByteArray();
    };
    auto scaleChanges = [&runDir] {
        QFile f(QDir(runDir).filePath("config.json"));
        return f.open(QIODevice::ReadOnly)
                   ? QJsonDocument::fromJson(f.readAll()).object().value("lr_scale_changes").toArray()
                   : QJsonArray();
    };
    constexpr int kEpochs = 3;
    app::MainWindow window;
    window.setErrorDialogsEnabled(true);
    window.show();
    QString error;
    QVERIFY2(window.startSearch(tinySearch(runDir, kEpochs), &error), qPrintable(error));
    auto *controller = window.findChild<app::SearchController *>();
    QVERIFY(controller);
    // One good epoch, then a stop: the checkpoint to come back to.
    QSignalSpy epochs(controller, &app::SearchController::epochReported);
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 60000);
    controller->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 60000);
    const QByteArray goodCheckpoint = checkpointHash();
    QVERIFY(!goodCheckpoint.isEmpty());

    // Learning rates 1e30 times too high: the first step overflows.
    QVERIFY2(window.resumeOpenRun(&error, 1e30), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<app::RunFailureDialog *>(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 60000);
    QVERIFY(controller->lastFailureWasNonFiniteLoss());
    QPointer<app::RunFailureDialog> first = window.findChild<app::RunFailureDialog *>();
    QVERIFY(first->isVisible());
    QCOMPARE(first->runDirectory(), runDir);
    QCOMPARE(first->learningRateScale(), 0.5);
    QVERIFY(first->findChild<QLabel *>("message")->text().contains("non-finite"));
    QCOMPARE(checkpointHash(), goodCheckpoint); // the last good checkpoint is kept

    // "Lower the learning rate and resume": from that checkpoint, at half the rates (5e29 x the
    // configured ones: still too high, so it fails again and offers the same again).
    first->findChild<QPushButton *>("resumeButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(first.isNull(), 10000); // closed and deleted
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<app::RunFailureDialog *>(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 60000);
    const QJsonArray changes = scaleChanges();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes[1].toObject().value("factor").toDouble(), 0.5);
    QCOMPARE(changes[1].toObject().value("epoch").toInt(), changes[0].toObject().value("epoch").toInt());
    QCOMPARE(changes[1].toObject().value("step").toInt(), changes[0].toObject().value("step").toInt());
    QCOMPARE(checkpointHash(), goodCheckpoint);

    // Closing the dialog leaves the run as it is; a resume at 2e-30 (1 x the configured rates
    // in all) then finishes it with every row once.
    QPointer<app::RunFailureDialog> second = window.findChild<app::RunFailureDialog *>();
    second->findChild<QPushButton *>("closeButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(second.isNull(), 10000);
    QVERIFY(!controller->isRunning());
    QCOMPARE(scaleChanges().size(), 2);
    QVERIFY2(window.resumeOpenRun(&error, 2e-30), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 120000);
    QVERIFY(!controller->lastFailureWasNonFiniteLoss());
    verifyCompleteRun(runDir, kEpochs, 3);
}

QTEST_MAIN(TestControllerStress)
#include "tst_controllerstress.moc"
