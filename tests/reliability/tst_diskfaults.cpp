// A disk that fills up or a path that cannot be written, under a real `gdas search`: a clear
// error (exit 1, the message names the file and the OS reason), the last checkpoint intact, and
// a resume that ends where an uninterrupted run ends. Writes to /dev/full fail with ENOSPC even
// for root (whom directory permissions do not stop), so a symlink to it stands for a full disk at
// one file; a tiny tmpfs, where it can be mounted, stands for a whole full disk.
#include "GdasProcess.h"
#include "RunComparison.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "support/Prerequisite.h"
#include <cerrno>
#include <cstring>
#include <sys/mount.h>
#include <sys/statvfs.h>

using namespace gdas::reliability;

namespace {

const QStringList kSearchArgs = {"search",      "--dataset", "synthetic", "--space",     "nas-bench-201",
                                 "--channels",  "4",         "--cells",   "1",           "--batch",
                                 "16",          "--epochs",  "3",         "--max-steps", "6",
                                 "--log-every", "1",         "--threads", "1",           "--seed",
                                 "5",           "--name",    "disk-test"};

bool hasEpochLine(const QString &dir, int epoch)
{
    for (const QJsonObject &row : readJsonObjects(dir + "/epochs.jsonl"))
        if (row.value("epoch").toInt() == epoch)
            return true;
    return false;
}

// Starts `gdas`, runs `action` once epoch `epoch` is on record (its checkpoint is on disk), and
// waits for the end.
GdasResult runWithActionAfterEpoch(const QStringList &args, const QString &dir, int epoch,
                                   const std::function<void()> &action)
{
    QProcess p;
    p.start(gdasPath(), args);
    QElapsedTimer clock;
    clock.start();
    bool acted = false;
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 180000) {
        if (!acted && hasEpochLine(dir, epoch)) {
            action();
            acted = true;
        }
        p.waitForFinished(3);
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    GdasResult r;
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.code = r.crashed ? -1 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError()) + (acted ? "" : "\n(the action never ran)");
    return r;
}

void expectFullDiskError(const GdasResult &r, const QString &file)
{
    QVERIFY2(!r.crashed, qPrintable("gdas crashed:\n" + r.err));
    QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1, expected 1:\n%2").arg(r.code).arg(r.err)));
    QVERIFY2(r.err.contains(file) && r.err.contains("No space left on device"),
             qPrintable("the message should name " + file + " and the reason:\n" + r.err));
}

} // namespace

class TestDiskFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void checkpointWriteFailsOnFullDisk();
    void metricsWriteFailsOnFullDisk();
    void epochsWriteFailsOnFullDisk();
    void runDirectoryUnderARegularFile();
    void wholeDiskFillsUp();
    void cleanupTestCase();

private:
    QString fullTmpfs(const QString &name);
    void lineFileOnFullDisk(const QString &file);

    QTemporaryDir m_dir;
    QString m_reference;
    QString m_mountPoint;
    QStringList m_mounts;
    QString m_skipReason;
};

void TestDiskFaults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QFileInfo("/dev/full").exists())
        GDAS_MISSING_PREREQUISITE("these tests need /dev/full (a full disk on demand)");
    m_reference = m_dir.filePath("reference");
    const GdasResult r = runGdas(kSearchArgs + QStringList{"--out", m_reference});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
}

void TestDiskFaults::checkpointWriteFailsOnFullDisk()
{
    // The epoch-1 checkpoint goes to checkpoint.pt.tmp first; that name now leads to a full disk.
    const QString dir = m_dir.filePath("checkpoint-full");
    const QString tmp = dir + "/checkpoint.pt.tmp";
    const GdasResult r = runWithActionAfterEpoch(kSearchArgs + QStringList{"--out", dir}, dir, 0, [&] {
        QFile::remove(tmp);
        QVERIFY(QFile::link("/dev/full", tmp));
    });
    expectFullDiskError(r, dir + "/checkpoint.pt");
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(r.err.contains("previous file is kept"), qPrintable(r.err));
    const QList<QJsonObject> rows = readJsonObjects(dir + "/metrics.jsonl");
    QVERIFY(!rows.isEmpty() && isStatus(rows.last(), "failed"));
    QVERIFY(!QFileInfo(tmp).isSymLink()); // the writer removed its temporary name

    // The epoch-0 checkpoint is intact: the resume ends exactly where the reference ended.
    const GdasResult resumed = runGdas({"search", "--resume", dir});
    QVERIFY2(resumed.code == 0, qPrintable(resumed.out + resumed.err));
    compareMetrics(m_reference, dir);
    if (QTest::currentTestFailed())
        return;
    compareEpochLines(m_reference, dir);
    if (QTest::currentTestFailed())
        return;
    compareGenotypeFiles(m_reference, dir);
}

// A new run never starts in an occupied folder (tst_cli), so a line file cannot be prepared as a
// link to /dev/full before the start. Instead: a copy of the finished reference run is extended
// by one epoch, with the line file moved away and its name a link into a full tmpfs. The resume
// finds no file to read there, then its first write of that file fails with ENOSPC.
QString TestDiskFaults::fullTmpfs(const QString &name)
{
    const QString mountPoint = m_dir.filePath(name);
    if (!QDir().mkpath(mountPoint))
        return {};
    if (::mount("tmpfs", QFile::encodeName(mountPoint).constData(), "tmpfs", 0, "size=256k") != 0) {
        m_skipReason = QStringLiteral("cannot mount a tmpfs here (%1); run as root with CAP_SYS_ADMIN")
                           .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    m_mounts << mountPoint;
    QFile filler(mountPoint + "/filler");
    if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return {};
    const QByteArray chunk(4096, '\0');
    while (filler.write(chunk) == chunk.size()) {
    }
    return mountPoint;
}

void TestDiskFaults::lineFileOnFullDisk(const QString &file)
{
    const QString dir = m_dir.filePath(file + "-full");
    QVERIFY(QDir().mkpath(dir));
    for (const QString &entry : QDir(m_reference).entryList(QDir::Files))
        QVERIFY(QFile::copy(m_reference + "/" + entry, dir + "/" + entry));
    const QString saved = m_dir.filePath(file + ".saved");
    QVERIFY(QFile::rename(dir + "/" + file, saved));
    const QString disk = fullTmpfs(file + "-tmpfs");
    if (disk.isEmpty())
        GDAS_MISSING_PREREQUISITE(qPrintable(m_skipReason));
    QVERIFY(QFile::link(disk + "/" + file, dir + "/" + file));
    const QByteArray checkpoint = readAll(dir + "/checkpoint.pt");

    const GdasResult r = runGdas({"search", "--resume", dir, "--epochs", "4"});
    expectFullDiskError(r, dir + "/" + file);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(r.err.contains("write failed"), qPrintable(r.err));
    // metrics.jsonl: the resume's first write fails; epochs.jsonl: the epoch-3 line fails before
    // its checkpoint (F5). Either way the last good checkpoint is the one that was there.
    QCOMPARE(readAll(dir + "/checkpoint.pt"), checkpoint);

    // Space comes back (the file as it was); the run goes on to its fourth epoch, each line once.
    QVERIFY(QFile::remove(dir + "/" + file));
    QVERIFY(QFile::rename(saved, dir + "/" + file));
    const GdasResult resumed = runGdas({"search", "--resume", dir, "--epochs", "4"});
    QVERIFY2(resumed.code == 0, qPrintable(resumed.out + resumed.err));
    QList<int> epochs;
    for (const QJsonObject &row : readJsonObjects(dir + "/epochs.jsonl"))
        epochs << row.value("epoch").toInt();
    QCOMPARE(epochs, (QList<int>{0, 1, 2, 3}));
    const QList<QJsonObject> reference = readJsonObjects(m_reference + "/metrics.jsonl");
    QList<QJsonObject> rows;
    for (const QJsonObject &row : readJsonObjects(dir + "/metrics.jsonl"))
        if (row.value("type").toString() == "step" && row.value("epoch").toInt() < 3)
            rows << row;
    QList<QJsonObject> referenceSteps;
    for (const QJsonObject &row : reference)
        if (row.value("type").toString() == "step")
            referenceSteps << row;
    QCOMPARE(rows, referenceSteps); // the first three epochs' rows, untouched
    QVERIFY(isStatus(readJsonObjects(dir + "/metrics.jsonl").last(), "finished"));
}

void TestDiskFaults::metricsWriteFailsOnFullDisk() { lineFileOnFullDisk(QStringLiteral("metrics.jsonl")); }

void TestDiskFaults::epochsWriteFailsOnFullDisk() { lineFileOnFullDisk(QStringLiteral("epochs.jsonl")); }

void TestDiskFaults::runDirectoryUnderARegularFile()
{
    const QString file = m_dir.filePath("somefile");
    QVERIFY(writeAll(file, "not a folder\n"));
    const GdasResult r = runGdas(kSearchArgs + QStringList{"--out", file + "/run"});
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1:\n%2").arg(r.code).arg(r.err)));
    QVERIFY2(r.err.contains(file + "/run") && r.err.contains("Not a directory"), qPrintable(r.err));
    QCOMPARE(readAll(file), QByteArray("not a folder\n"));
}

void TestDiskFaults::wholeDiskFillsUp()
{
    // A real file system that runs out of space mid-run: a 4 MiB tmpfs, filled up to a few KiB
    // once the first checkpoint is on disk. Whatever write fails first (a metrics line, the log,
    // the next checkpoint), the run ends with a clear error and the checkpoint survives.
    const QString mountPoint = m_dir.filePath("tmpfs");
    QVERIFY(QDir().mkpath(mountPoint));
    if (::mount("tmpfs", QFile::encodeName(mountPoint).constData(), "tmpfs", 0, "size=4m") != 0)
        GDAS_MISSING_PREREQUISITE(
            qPrintable(QStringLiteral("cannot mount a tmpfs here (%1); run as root with CAP_SYS_ADMIN")
                           .arg(QString::fromLocal8Bit(std::strerror(errno)))));
    m_mountPoint = mountPoint;
    const QString dir = mountPoint + "/run";
    const QString filler = mountPoint + "/filler";
    const GdasResult r = runWithActionAfterEpoch(kSearchArgs + QStringList{"--out", dir}, dir, 0, [&] {
        struct statvfs fs {};
        QVERIFY(::statvfs(QFile::encodeName(mountPoint).constData(), &fs) == 0);
        const qint64 freeBytes = qint64(fs.f_bavail) * qint64(fs.f_frsize);
        // gdas keeps writing meanwhile: when it takes the last bytes first, the filler's write
        // stops short with ENOSPC, and the disk is just as full.
        QFile file(filler);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        const QByteArray chunk(64 * 1024, '\0');
        for (qint64 left = freeBytes - 6 * 1024; left > 0;) {
            const qint64 written = file.write(chunk.constData(), std::min<qint64>(left, chunk.size()));
            if (written <= 0)
                break;
            left -= written;
        }
    });
    QVERIFY2(!r.crashed, qPrintable("gdas crashed:\n" + r.err));
    QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1, expected 1:\n%2").arg(r.code).arg(r.err)));
    QVERIFY2(r.err.contains(dir) && r.err.contains("No space left on device"), qPrintable(r.err));

    // Space comes back; the run continues from its checkpoint and ends as the reference did.
    QVERIFY(QFile::remove(filler));
    const GdasResult resumed = runGdas({"search", "--resume", dir});
    QVERIFY2(resumed.code == 0, qPrintable(resumed.out + resumed.err));
    compareMetrics(m_reference, dir);
    if (QTest::currentTestFailed())
        return;
    compareEpochLines(m_reference, dir);
    if (QTest::currentTestFailed())
        return;
    compareGenotypeFiles(m_reference, dir);
}

void TestDiskFaults::cleanupTestCase()
{
    if (!m_mountPoint.isEmpty())
        ::umount2(QFile::encodeName(m_mountPoint).constData(), MNT_DETACH);
    for (const QString &mountPoint : m_mounts)
        ::umount2(QFile::encodeName(mountPoint).constData(), MNT_DETACH);
}

QTEST_GUILESS_MAIN(TestDiskFaults)
#include "tst_diskfaults.moc"
