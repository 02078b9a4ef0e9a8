// `gdas-workbench --screenshot FILE [--screenshot-epoch N]` as a user (or scripts/gpu-check.sh on a
// GPU server) runs it: the real binary under the offscreen platform. A quick look is shot once N
// epochs are done, then stopped before its end; an opened run is shot once drawn; bad options and
// an unwritable file end with exit 2 and a line naming the problem.
#include "WorkbenchProcess.h"
#include "support/CliProcess.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Result = gdas::testing::CliResult;

const QString kRunData = QStringLiteral(GDAS_SOURCE_DIR "/tests/data/runs/search-darts");

int lineCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return static_cast<int>(file.readAll().count('\n'));
}

} // namespace

class TestScreenshot : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void quickLookIsShotAtItsEpochAndStopped();
    void openedRunIsShotOnceDrawn();
    void refusals_data();
    void refusals();

private:
    Result workbench(const QStringList &args) const;

    QTemporaryDir m_dir;
    QString m_run;
    QProcessEnvironment m_environment;
};

void TestScreenshot::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_run = m_dir.filePath(QStringLiteral("search-darts"));
    QVERIFY(QDir().mkpath(m_run));
    for (const QString &name : {QStringLiteral("config.json"), QStringLiteral("metrics.jsonl"),
                                QStringLiteral("epochs.jsonl"), QStringLiteral("genotype.json")})
        QVERIFY(QFile::copy(kRunData + QLatin1Char('/') + name, m_run + QLatin1Char('/') + name));
    m_environment = gdas::test::workbenchEnvironment(m_dir.path());
    QVERIFY(!m_environment.isEmpty());
}

Result TestScreenshot::workbench(const QStringList &args) const
{
    return gdas::testing::runProgram(QStringLiteral(GDAS_WORKBENCH_PATH), args, 150000, m_environment);
}

void TestScreenshot::quickLookIsShotAtItsEpochAndStopped()
{
    const QString run = m_dir.filePath(QStringLiteral("quick-look"));
    const QString shot = m_dir.filePath(QStringLiteral("quick-look.png"));
    const Result r =
        workbench({QStringLiteral("--quick-look"), QStringLiteral("--dataset"), QStringLiteral("synthetic"),
                   QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--output"), run,
                   QStringLiteral("--screenshot"), shot, QStringLiteral("--screenshot-epoch"), QStringLiteral("2")});
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    // The window as the user sees it, while the search runs, with the device in its status bar.
    QVERIFY2(r.out.contains(shot) && r.out.contains(QStringLiteral("Running on cpu")), qPrintable(r.out));
    const QImage image(shot);
    QVERIFY2(!image.isNull(), "the screenshot is no readable PNG");
    QVERIFY2(image.width() >= 640 && image.height() >= 400,
             qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    // Shot at epoch 2 of the preset's 15, then stopped there: the run can be resumed.
    const int epochs = lineCount(run + QStringLiteral("/epochs.jsonl"));
    QVERIFY2(epochs >= 2 && epochs < 15, qPrintable(QString::number(epochs)));
    QVERIFY2(QFile::exists(run + QStringLiteral("/checkpoint.pt")), "no checkpoint to resume from");
}

void TestScreenshot::openedRunIsShotOnceDrawn()
{
    const QString shot = m_dir.filePath(QStringLiteral("opened.png"));
    const Result r = workbench({QStringLiteral("--open"), m_run, QStringLiteral("--screenshot"), shot});
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    QVERIFY2(r.out.contains(QStringLiteral("2 epochs shown")), qPrintable(r.out));
    QVERIFY(!QImage(shot).isNull());
}

void TestScreenshot::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString run = m_dir.filePath(QStringLiteral("search-darts"));
    QTest::newRow("unknown device") << QStringList{QStringLiteral("--quick-look"), QStringLiteral("--device"),
                                                   QStringLiteral("gpu")}
                                    << "--device 'gpu' is not one of cpu, cuda, cuda:N or auto";
    QTest::newRow("negative epoch") << QStringList{QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                                                   QStringLiteral("--screenshot-epoch"), QStringLiteral("-1")}
                                    << "--screenshot-epoch needs a whole number of 0 or more";
    QTest::newRow("unwritable file") << QStringList{QStringLiteral("--open"), run, QStringLiteral("--screenshot"),
                                                    QStringLiteral("/nonexistent-folder/shot.png")}
                                     << "cannot write the screenshot /nonexistent-folder/shot.png";
}

void TestScreenshot::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = workbench(args);
    QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
