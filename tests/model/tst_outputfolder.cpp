// OutputFolder: what an output folder holds, the one-line refusal, moving old contents aside
// (nothing copied, nothing deleted), fresh names, and single-file exports that never replace.
#include "model/OutputFolder.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas;

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.insert(QDir(root).relativeFilePath(path), f.readAll());
    }
    return files;
}

std::string str(const QString &s) { return s.toStdString(); }

} // namespace

class TestOutputFolder : public QObject {
    Q_OBJECT
private slots:
    void inspect()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath("missing");
        QVERIFY(!model::inspectOutputFolder(str(missing)).occupied());
        QVERIFY(!model::inspectOutputFolder(str(dir.path())).occupied()); // empty: may be written
        QVERIFY(model::describeOccupiedFolder(str(dir.path()), model::inspectOutputFolder(str(dir.path()))).empty());

        writeFile(dir.filePath("a/notes.txt"), "x");
        auto c = model::inspectOutputFolder(str(dir.filePath("a")));
        QVERIFY(c.occupied() && !c.holdsRun);

        writeFile(dir.filePath("b/config.json"), "{}");
        writeFile(dir.filePath("b/metrics.jsonl"), "{\"type\":\"status\",\"status\":\"running\"}\n");
        c = model::inspectOutputFolder(str(dir.filePath("b")));
        QVERIFY(c.holdsRun && !c.holdsFinishedRun);
        writeFile(dir.filePath("b/metrics.jsonl"),
                  "{\"type\":\"status\",\"status\":\"running\"}\n{\"type\":\"status\",\"status\":\"finished\"}\n");
        QVERIFY(model::inspectOutputFolder(str(dir.filePath("b"))).holdsFinishedRun);

        writeFile(dir.filePath("file"), "x");
        c = model::inspectOutputFolder(str(dir.filePath("file")));
        QVERIFY(c.occupied() && !c.isDirectory);
        QVERIFY(
            QString::fromStdString(model::describeOccupiedFolder(str(dir.filePath("file")), c)).contains("is a file"));
    }

    void describeNamesTheFirstEntries()
    {
        QTemporaryDir dir;
        for (int i = 0; i < 7; ++i)
            writeFile(dir.filePath(QString("f%1").arg(i)), "x");
        const QString text = QString::fromStdString(
            model::describeOccupiedFolder(str(dir.path()), model::inspectOutputFolder(str(dir.path()))));
        QVERIFY2(text.startsWith(dir.path() + " is not empty"), qPrintable(text));
        QVERIFY2(text.contains("f0, f1, f2, f3 and 3 more"), qPrintable(text));
    }

    void moveAsideMovesEverythingAndDeletesNothing()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("run");
        writeFile(run + "/config.json", "{\"a\":1}");
        writeFile(run + "/sub/deep/file.bin", QByteArray(100000, '\7'));
        writeFile(run + "/.hidden", "h");
        const auto before = snapshot(run);
        const QString aside = QString::fromStdString(model::moveContentsAside(str(run)));
        QVERIFY2(QFileInfo(aside).fileName().startsWith("previous-"), qPrintable(aside));
        QCOMPARE(QFileInfo(aside).dir().absolutePath(), QDir(run).absolutePath());
        QCOMPARE(QDir(run).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QFileInfo(aside).fileName()});
        QCOMPARE(snapshot(aside), before);
        // A folder that holds only moved-aside contents may take a new run.
        QVERIFY(!model::inspectOutputFolder(str(run)).occupied());
        // Again within the same second: another name beside the first; the first stays.
        writeFile(run + "/new.txt", "n");
        const QString second = QString::fromStdString(model::moveContentsAside(str(run)));
        QVERIFY(second != aside);
        QCOMPARE(snapshot(aside), before);
        QCOMPARE(snapshot(second), (QMap<QString, QByteArray>{{"new.txt", "n"}}));
        QVERIFY(!model::inspectOutputFolder(str(run)).occupied());
        QVERIFY_THROWS_EXCEPTION(model::OutputFolderError, model::moveContentsAside(str(dir.filePath("missing"))));
    }

    void freshName()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("run");
        QCOMPARE(QString::fromStdString(model::freshFolderName(str(run))), run);
        writeFile(run + "/x", "x");
        QCOMPARE(QString::fromStdString(model::freshFolderName(str(run))), run + "-2");
        writeFile(run + "-2/x", "x");
        QVERIFY(QDir().mkpath(run + "-3")); // empty: may be used
        QCOMPARE(QString::fromStdString(model::freshFolderName(str(run + "/"))), run + "-3");
    }

    void singleFileExports()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("weights.pt");
        model::refuseExistingFile(str(file), false, "--overwrite"); // absent: fine
        writeFile(file, "old");
        try {
            model::refuseExistingFile(str(file), false, "--overwrite");
            QFAIL("an existing file was not refused");
        } catch (const model::OutputFolderError &e) {
            QVERIFY2(QString(e.what()).contains(file) && QString(e.what()).contains("--overwrite"), e.what());
        }
        model::refuseExistingFile(str(file), true, "--overwrite");
        QVERIFY_THROWS_EXCEPTION(model::OutputFolderError, model::refuseExistingFile(str(dir.path()), false, "-f"));
    }
};

QTEST_GUILESS_MAIN(TestOutputFolder)
#include "tst_outputfolder.moc"
