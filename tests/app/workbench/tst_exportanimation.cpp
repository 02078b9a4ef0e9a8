// `gdas-workbench --export-animation RUN_DIR --output FILE.gif [--overwrite]` as a user runs it:
// no window, exit 0 and a GIF with one frame per epoch, or exit 2 and one line naming the file
// and the problem; an existing file is never replaced without --overwrite.
#include "WorkbenchProcess.h"
#include "support/CliProcess.h"
#include "support/GifFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Result = gdas::testing::CliResult;

const QString kRunData = QStringLiteral(GDAS_SOURCE_DIR "/tests/data/runs/search-darts");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

bool copyRun(const QString &from, const QString &to, const QStringList &files)
{
    if (!QDir().mkpath(to))
        return false;
    for (const QString &name : files)
        if (!QFile::copy(from + QLatin1Char('/') + name, to + QLatin1Char('/') + name))
            return false;
    return true;
}

} // namespace

class TestExportAnimation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void writesOneFramePerEpoch();
    void worksWithoutADisplay();
    void refusals_data();
    void refusals();
    void existingFileNeedsOverwrite();

private:
    Result workbench(const QStringList &args, const QProcessEnvironment &environment) const;
    Result workbench(const QStringList &args) const { return workbench(args, m_environment); }

    QTemporaryDir m_dir;
    QString m_run;
    QProcessEnvironment m_environment;
};

void TestExportAnimation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_run = m_dir.filePath(QStringLiteral("search-darts"));
    QVERIFY(copyRun(kRunData, m_run,
                    {QStringLiteral("config.json"), QStringLiteral("metrics.jsonl"), QStringLiteral("epochs.jsonl"),
                     QStringLiteral("genotype.json")}));
    m_environment = gdas::test::workbenchEnvironment(m_dir.path());
    QVERIFY(!m_environment.isEmpty());
}

Result TestExportAnimation::workbench(const QStringList &args, const QProcessEnvironment &environment) const
{
    return gdas::testing::runProgram(QStringLiteral(GDAS_WORKBENCH_PATH), args, 120000, environment);
}

void TestExportAnimation::writesOneFramePerEpoch()
{
    const QString output = m_dir.filePath(QStringLiteral("cells.gif"));
    const Result r = workbench({QStringLiteral("--export-animation"), m_run, QStringLiteral("--output"), output});
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    QVERIFY2(r.out.contains(output) && r.out.contains(QStringLiteral("2 frames")), qPrintable(r.out));
    const gdas::testing::GifContents gif = gdas::testing::readGif(output);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.frames.size(), std::size_t(2)); // epochs.jsonl holds two epochs
    QVERIFY(gif.loops);
    QVERIFY(gif.delays.back() > gif.delays.front()); // the last frame stays longer
    QVERIFY(gif.size.width() > 200 && gif.size.height() > 150);
    QCOMPARE(QColor(gif.frames.back().pixel(0, 0)), QColor(Qt::white));
}

// On a server: no display, no QT_QPA_PLATFORM; the export picks the offscreen platform itself.
void TestExportAnimation::worksWithoutADisplay()
{
    QProcessEnvironment environment = m_environment;
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        environment.remove(QString::fromLatin1(name));
    const QString output = m_dir.filePath(QStringLiteral("no-display.gif"));
    const Result r =
        workbench({QStringLiteral("--export-animation"), m_run, QStringLiteral("--output"), output}, environment);
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    QVERIFY2(gdas::testing::readGif(output).ok, "no readable GIF");
}

void TestExportAnimation::refusals_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("named"); // the file the message must name
    QTest::addColumn<QString>("problem");
    QTest::newRow("run directory missing") << "missing"
                                           << "no-such-run"
                                           << "no such run directory";
    QTest::newRow("not a run directory") << "empty"
                                         << "empty-folder/config.json"
                                         << "no such file";
    QTest::newRow("no epochs") << "no-epochs"
                               << "no-epochs/epochs.jsonl"
                               << "nothing to animate";
    QTest::newRow("broken epochs.jsonl") << "broken"
                                         << "broken/epochs.jsonl"
                                         << "";
    QTest::newRow("output folder missing") << "output-folder"
                                           << "no-folder/cells.gif"
                                           << "No such file or directory";
    QTest::newRow("output under a file") << "output-file"
                                         << "a-file/cells.gif"
                                         << "Not a directory";
    QTest::newRow("no --output") << "no-output"
                                 << "--output"
                                 << "";
}

void TestExportAnimation::refusals()
{
    QFETCH(QString, setup);
    QFETCH(QString, named);
    QFETCH(QString, problem);
    const QString root = m_dir.filePath(QStringLiteral("refusals"));
    QVERIFY(QDir().mkpath(root));
    QString run = m_run;
    QString output = root + QStringLiteral("/cells.gif");
    if (setup == QLatin1String("missing")) {
        run = root + QStringLiteral("/no-such-run");
    } else if (setup == QLatin1String("empty")) {
        run = root + QStringLiteral("/empty-folder");
        QVERIFY(QDir().mkpath(run));
    } else if (setup == QLatin1String("no-epochs")) {
        run = root + QStringLiteral("/no-epochs");
        QVERIFY(copyRun(kRunData, run, {QStringLiteral("config.json"), QStringLiteral("metrics.jsonl")}));
    } else if (setup == QLatin1String("broken")) {
        run = root + QStringLiteral("/broken");
        QVERIFY(copyRun(kRunData, run, {QStringLiteral("config.json")}));
        QVERIFY(writeFile(run + QStringLiteral("/epochs.jsonl"), "{\"epoch\": 0, \"tau\": \n{}\n"));
    } else if (setup == QLatin1String("output-folder")) {
        output = root + QStringLiteral("/no-folder/cells.gif");
    } else if (setup == QLatin1String("output-file")) {
        QVERIFY(writeFile(root + QStringLiteral("/a-file"), "text"));
        output = root + QStringLiteral("/a-file/cells.gif");
    }
    QStringList args{QStringLiteral("--export-animation"), run};
    if (setup != QLatin1String("no-output"))
        args << QStringLiteral("--output") << output;
    const Result r = workbench(args);
    QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1:\n%2%3").arg(r.code).arg(r.out, r.err)));
    const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
    QVERIFY2(lines.size() == 1 && lines.front().startsWith(QStringLiteral("gdas-workbench: ")),
             qPrintable(QStringLiteral("expected one line:\n") + r.err));
    QVERIFY2(r.err.contains(named), qPrintable(QStringLiteral("the message should name %1:\n%2").arg(named, r.err)));
    if (!problem.isEmpty())
        QVERIFY2(r.err.contains(problem), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(output));
    QCOMPARE(QDir(root).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral(".gif")), QStringList());
}

void TestExportAnimation::existingFileNeedsOverwrite()
{
    const QString dir = m_dir.filePath(QStringLiteral("existing"));
    QVERIFY(QDir().mkpath(dir));
    const QString output = dir + QStringLiteral("/cells.gif");
    const QByteArray mine("a GIF I made by hand");
    QVERIFY(writeFile(output, mine));

    const QStringList args{QStringLiteral("--export-animation"), m_run, QStringLiteral("--output"), output};
    const Result refused = workbench(args);
    QVERIFY2(refused.code == 2, qPrintable(refused.out + refused.err));
    QVERIFY2(refused.err.startsWith(QStringLiteral("gdas-workbench: ") + output) &&
                 refused.err.contains(QStringLiteral("--overwrite")),
             qPrintable(refused.err));
    QCOMPARE(readAll(output), mine);
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("cells.gif")});

    const Result replaced = workbench(args + QStringList{QStringLiteral("--overwrite")});
    QVERIFY2(replaced.code == 0, qPrintable(replaced.out + replaced.err));
    const gdas::testing::GifContents gif = gdas::testing::readGif(output);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.frames.size(), std::size_t(2));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("cells.gif")});
}

QTEST_GUILESS_MAIN(TestExportAnimation)
#include "tst_exportanimation.moc"
