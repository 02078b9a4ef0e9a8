#include "RetrainController.h"
#include "RetrainWindow.h"

#include "engine/RetrainSession.h"
#include "model/GenotypeLibrary.h"
#include "widgets/CurvePanel.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas;

namespace {

// Every signal of a retrain controller as one line, in arrival order.
class RetrainEventLog : public QObject {
public:
    explicit RetrainEventLog(app::RetrainController *controller)
    {
        connect(controller, &app::RetrainController::started, this,
                [this](const engine::RetrainStarted &) { events << QStringLiteral("started"); });
        connect(controller, &app::RetrainController::stepReported, this, [this](const engine::RetrainStep &s) {
            events << QStringLiteral("step:%1").arg(s.globalStep);
            ++steps;
        });
        connect(controller, &app::RetrainController::epochReported, this, [this](const engine::RetrainEpoch &e) {
            events << QStringLiteral("epoch:%1").arg(e.epoch);
            ++epochs;
        });
        connect(controller, &app::RetrainController::paused, this,
                [this](bool p) { events << QStringLiteral("paused:%1").arg(int(p)); });
        connect(controller, &app::RetrainController::failed, this, [this](const QString &message) {
            events << QStringLiteral("failed");
            failure = message;
        });
        connect(controller, &app::RetrainController::finished, this, [this](const engine::RetrainOutcome &o) {
            static const char *names[] = {"finished", "stopped", "failed"};
            events << QStringLiteral("finished:%1").arg(QLatin1String(names[int(o.end)]));
            outcome = o;
        });
    }
    bool has(const QString &event) const { return events.contains(event); }
    QStringList events;
    QString failure;
    int steps = 0;
    int epochs = 0;
    engine::RetrainOutcome outcome;
};

// GDAS_V1's evaluation network at C=4 with 3 cells on 24x24 synthetic images: a few
// hundredths of a second per step on one CPU thread.
engine::RetrainConfig tinyRetrain(const QString &runDir, int epochs, int images)
{
    engine::RetrainConfig c;
    c.runDir = runDir.toStdString();
    c.name = "tiny-retrain";
    c.genotypeSource = "GDAS_V1";
    c.network.genotype = *model::builtinGenotype("GDAS_V1");
    c.network.channels = 4;
    c.network.layers = 3;
    c.data.dataset = "synthetic";
    c.data.syntheticSize = images;
    c.data.syntheticChannels = 3;
    c.data.syntheticSide = 24;
    c.data.syntheticClasses = 4;
    c.epochs = epochs;
    c.batchSize = 32;
    c.logEvery = 1;
    c.seed = 5;
    c.threads = 1;
    c.device = "cpu";
    return c;
}

QAction *windowAction(app::RetrainWindow &window, const char *name)
{
    return window.findChild<QAction *>(QLatin1String(name));
}

QString stateText(app::RetrainWindow &window)
{
    auto *label = window.findChild<QLabel *>(QStringLiteral("retrainStateLabel"));
    return label ? label->text() : QString();
}

} // namespace

class TestRetrainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_retrainwindow"));
        QVERIFY(m_tmp.isValid());
    }

    // Start, pause (nothing moves), resume (steps again), pause, stop: the controller's
    // signals in that order, and the window's actions and status following them.
    void startPauseResumeStop()
    {
        app::RetrainWindow window;
        window.show();
        app::RetrainController *controller = window.controller();
        controller->setStepInterval(0);
        RetrainEventLog log(controller);
        QAction *pause = windowAction(window, "retrainPauseAction");
        QAction *stop = windowAction(window, "retrainStopAction");
        QVERIFY(pause && stop);
        QVERIFY(!pause->isEnabled() && !stop->isEnabled());

        const QString runDir = m_tmp.filePath(QStringLiteral("paused-run"));
        // 12 steps per epoch, 3 epochs: far more than the few steps a queued pause can lag.
        QVERIFY(window.start(tinyRetrain(runDir, 3, 384)));
        QVERIFY(controller->isRunning());
        QVERIFY(pause->isEnabled() && stop->isEnabled());
        pause->trigger(); // before the worker has run a step
        QTRY_VERIFY_WITH_TIMEOUT(log.has(QStringLiteral("paused:1")), 20000);
        QVERIFY(controller->isPaused());
        QVERIFY(pause->isChecked());
        QCOMPARE(pause->text(), QStringLiteral("Res&ume"));
        QCOMPARE(stateText(window), QStringLiteral("Paused"));

        const int stepsWhilePaused = log.steps;
        QTest::qWait(400);
        QCOMPARE(log.steps, stepsWhilePaused);

        pause->trigger(); // resume
        QTRY_VERIFY_WITH_TIMEOUT(log.has(QStringLiteral("paused:0")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(log.steps > stepsWhilePaused, 20000);
        QCOMPARE(pause->text(), QStringLiteral("&Pause"));

        // Pause again, then stop the paused run: the stop wakes it.
        pause->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(log.events.count(QStringLiteral("paused:1")), 2, 10000);
        stop->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 20000);

        QCOMPARE(log.events.first(), QStringLiteral("started"));
        QCOMPARE(log.events.last(), QStringLiteral("finished:stopped"));
        const int firstPause = static_cast<int>(log.events.indexOf(QStringLiteral("paused:1")));
        const int resumed = static_cast<int>(log.events.indexOf(QStringLiteral("paused:0")));
        const int secondPause = static_cast<int>(log.events.lastIndexOf(QStringLiteral("paused:1")));
        QVERIFY(0 < firstPause && firstPause < resumed && resumed < secondPause);
        for (int i = firstPause + 1; i < resumed; ++i)
            QVERIFY2(!log.events[i].startsWith(QLatin1String("step:")), qPrintable(log.events.join(' ')));
        QVERIFY(!log.has(QStringLiteral("failed")));
        // Steps arrive in order, each with a later global step.
        qint64 previous = -1;
        for (const QString &event : log.events) {
            if (!event.startsWith(QLatin1String("step:")))
                continue;
            const qint64 step = event.mid(5).toLongLong();
            QVERIFY2(step > previous, qPrintable(log.events.join(' ')));
            previous = step;
        }

        QVERIFY(!pause->isEnabled() && !stop->isEnabled());
        QVERIFY(!pause->isChecked());
        QCOMPARE(pause->text(), QStringLiteral("&Pause"));
        QVERIFY2(stateText(window).startsWith(QLatin1String("Stopped")), qPrintable(stateText(window)));
        // One curve point per reported step.
        const widgets::CurvePanel *curves = window.curvePanel();
        QVERIFY(curves->plottedKeys().contains(QStringLiteral("train_loss")));
        QCOMPARE(curves->plottedPoints(QStringLiteral("train_loss")).size(), log.steps);
        QCOMPARE(curves->plottedPoints(QStringLiteral("lr")).size(), log.steps);
        // A stop keeps a checkpoint to resume from.
        QVERIFY(QFileInfo::exists(QDir(runDir).filePath(QStringLiteral("checkpoint.pt"))));
    }

    // A short retraining to its end: train and test curves, the progress bar full, the run
    // directory announced and its weights written.
    void runsToTheEnd()
    {
        app::RetrainWindow window;
        window.show();
        window.controller()->setStepInterval(0);
        RetrainEventLog log(window.controller());
        QSignalSpy created(&window, &app::RetrainWindow::runDirectoryCreated);
        const QString runDir = m_tmp.filePath(QStringLiteral("finished-run"));
        QVERIFY(window.start(tinyRetrain(runDir, 2, 128)));
        QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->isRunning(), 30000);

        QCOMPARE(log.events.first(), QStringLiteral("started"));
        QCOMPARE(log.events.last(), QStringLiteral("finished:finished"));
        QCOMPARE(log.epochs, 2);
        QCOMPARE(log.events.count(QStringLiteral("epoch:0")), 1);
        QVERIFY(log.events.indexOf(QStringLiteral("epoch:0")) < log.events.indexOf(QStringLiteral("epoch:1")));
        QCOMPARE(created.count(), 1);
        QCOMPARE(QDir(created.first().first().toString()), QDir(runDir));

        const widgets::CurvePanel *curves = window.curvePanel();
        for (const char *key : {"train_loss", "train_top1", "test_loss", "test_top1", "lr"})
            QVERIFY2(curves->plottedKeys().contains(QLatin1String(key)), key);
        QCOMPARE(curves->plottedPoints(QStringLiteral("train_loss")).size(), log.steps);
        // Test values come once per epoch.
        QCOMPARE(curves->plottedPoints(QStringLiteral("test_top1")).size(), 2);
        for (const QPointF &p : curves->plottedPoints(QStringLiteral("test_top1")))
            QVERIFY(p.y() >= 0 && p.y() <= 100);

        QVERIFY2(stateText(window).startsWith(QLatin1String("Finished")), qPrintable(stateText(window)));
        auto *progress = window.findChild<QProgressBar *>();
        QVERIFY(progress);
        QCOMPARE(progress->value(), progress->maximum());
        QCOMPARE(log.outcome.epochsDone, 2);
        QVERIFY(QFileInfo::exists(QString::fromStdString(log.outcome.weightsPath)));
    }

    // A retraining that cannot start: failed before finished, and a dialog naming the problem.
    void failureIsShown()
    {
        app::RetrainWindow window;
        window.show();
        RetrainEventLog log(window.controller());
        engine::RetrainConfig config = tinyRetrain(m_tmp.filePath(QStringLiteral("failed-run")), 1, 64);
        config.data.dataset = "cifar10";
        config.data.dataDir = m_tmp.filePath(QStringLiteral("no-such-folder")).toStdString();
        QVERIFY(window.start(config));
        QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->isRunning(), 20000);
        QCOMPARE(log.events, (QStringList{QStringLiteral("failed"), QStringLiteral("finished:failed")}));
        QVERIFY(log.failure.contains(QLatin1String("no-such-folder")));
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr);
        QCOMPARE(box->text(), log.failure);
        QCOMPARE(stateText(window), QStringLiteral("Failed"));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestRetrainWindow)
#include "tst_retrainwindow.moc"
