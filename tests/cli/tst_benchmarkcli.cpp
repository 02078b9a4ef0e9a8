// `gdas benchmark import`, `gdas benchmark show` and `gdas genotype show --benchmark` as a user
// runs them, on a NATS-Bench topology "simple" folder the test writes in the published layout.
#include "support/CliProcess.h"
#include "support/NatsBenchFixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using nats_fixture::trial;

namespace {

using Result = gdas::testing::CliResult;

Result runGdas(const QStringList &args) { return gdas::testing::runProgram(GDAS_CLI_PATH, args, 120000); }

const QString kCell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const QString kOther = "|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|";
const QString kAbsent = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestBenchmarkCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_simple;
    QString m_db;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_simple = m_dir.filePath("NATS-tss-v1_0-3ffb9-simple");
        QVERIFY(QDir().mkpath(m_simple));
        nats_fixture::Architecture a0;
        a0.index = 0;
        a0.arch = kCell.toStdString();
        a0.results["12"]["cifar10-valid"] = {trial("cifar10-valid", 111, 80.25, 79.5, 1.531556, 220.11),
                                             trial("cifar10-valid", 777, 80.75, 80.0, 1.531556, 220.11)};
        a0.results["200"]["cifar10-valid"] = {trial("cifar10-valid", 777, 90.5, 90.25, 1.531556, 220.11)};
        a0.results["200"]["cifar100"] = {trial("cifar100", 777, 70.125, 70.75, 1.54, 220.12)};
        nats_fixture::Architecture a1;
        a1.index = 1;
        a1.arch = kOther.toStdString();
        a1.results["200"]["cifar10-valid"] = {trial("cifar10-valid", 777, 91.0, 91.5, 0.08, 9.5)};
        nats_fixture::writeSimpleFolder(m_simple.toStdString(), {a0.arch, a1.arch, kAbsent.toStdString()}, {a0, a1});
        m_db = m_dir.filePath("nb201.sqlite");
    }

    void importWritesTheDatabase()
    {
        const Result r = runGdas({"benchmark", "import", m_simple, "-o", m_db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("read 2 architectures of the 3 in meta_archs (1 without a file) from " + m_simple),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(" s\nwrote " + m_db), qPrintable(r.out));
        QVERIFY(QFile::exists(m_db));
        QVERIFY(QDir(m_dir.path()).entryList({"*.partial-*"}).isEmpty());
    }

    void importRefusesAnExistingFile()
    {
        const QByteArray before = readAll(m_db);
        const Result r = runGdas({"benchmark", "import", m_simple, "-o", m_db});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(m_db + " exists") && r.err.contains("--overwrite"), qPrintable(r.err));
        QCOMPARE(readAll(m_db), before);
        const Result again = runGdas({"benchmark", "import", m_simple, "-o", m_db, "--overwrite"});
        QVERIFY2(again.code == 0, qPrintable(again.err));
    }

    void showTheBestPerDataset()
    {
        const Result r = runGdas({"benchmark", "show", m_db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("2 architectures (of 3 listed) imported from "), qPrintable(r.out));
        QVERIFY2(r.out.contains("the highest test accuracy after 200 epochs"), qPrintable(r.out));
        // cifar10-valid: index 1 (91.50) beats index 0 (90.25); cifar100 only has index 0.
        QVERIFY2(r.out.contains(
                     QRegularExpression("cifar10-valid +91\\.50 +91\\.00 +1  " + QRegularExpression::escape(kOther))),
                 qPrintable(r.out));
        QVERIFY2(
            r.out.contains(QRegularExpression("cifar100 +70\\.75 +70\\.12 +0  " + QRegularExpression::escape(kCell))),
            qPrintable(r.out));
        const Result r12 = runGdas({"benchmark", "show", m_db, "--epochs", "12"});
        QVERIFY2(r12.code == 0, qPrintable(r12.err));
        QVERIFY2(r12.out.contains(QRegularExpression("cifar10-valid +79\\.75 +80\\.50 +0 ")), qPrintable(r12.out));
        QCOMPARE(runGdas({"benchmark", "show", m_db, "--epochs", "50"}).code, 2);
    }

    void showOneCell()
    {
        const Result r = runGdas({"benchmark", "show", m_db, kCell});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("NAS-Bench-201 index 0 in " + m_db), qPrintable(r.out));
        // valid@12 test@12 valid@200 test@200 params FLOPs seeds
        QVERIFY2(r.out.contains(QRegularExpression(
                     "cifar10-valid +80\\.50 +79\\.75 +90\\.50 +90\\.25 +1\\.532 +220\\.11  111,777 +777")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("cifar100 +- +- +70\\.12 +70\\.75 +1\\.540 +220\\.12  - +777")),
                 qPrintable(r.out));
        const Result absent = runGdas({"benchmark", "show", m_db, kAbsent});
        QCOMPARE(absent.code, 0);
        QVERIFY2(absent.out.contains("not in the benchmark"), qPrintable(absent.out));
        const Result darts = runGdas({"benchmark", "show", m_db, "DARTS_V2"});
        QCOMPARE(darts.code, 2);
        QVERIFY2(darts.err.contains("NAS-Bench-201 cells"), qPrintable(darts.err));
    }

    void genotypeShowWithTheBenchmark()
    {
        const Result r = runGdas({"genotype", "show", kOther, "--benchmark", m_db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("NAS-Bench-201: " + kOther), qPrintable(r.out));
        QVERIFY2(r.out.contains("NAS-Bench-201 index 1 in " + m_db), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("cifar10-valid +- +- +91\\.00 +91\\.50 +0\\.080 +9\\.50")),
                 qPrintable(r.out));
        // A bad database or a DARTS cell: exit 2 before anything is printed.
        const Result missing = runGdas({"genotype", "show", kOther, "--benchmark", m_dir.filePath("none.sqlite")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.out.isEmpty());
        QVERIFY2(missing.err.contains(m_dir.filePath("none.sqlite") + ": does not exist"), qPrintable(missing.err));
        const Result darts = runGdas({"genotype", "show", "DARTS_V2", "--benchmark", m_db});
        QCOMPARE(darts.code, 2);
        QVERIFY(darts.out.isEmpty());
    }

    void corruptFilesExit2NamingTheFile()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("simple");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(m_simple + "/meta.pickle.pbz2", folder + "/meta.pickle.pbz2"));
        const QByteArray good = readAll(m_simple + "/000001.pickle.pbz2");
        QFile bad(folder + "/000001.pickle.pbz2");
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(good.left(good.size() / 2));
        bad.close();
        const QByteArray before = readAll(m_db);
        const Result r = runGdas({"benchmark", "import", folder, "-o", m_db, "--overwrite"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(folder + "/000001.pickle.pbz2: truncated bzip2 data"), qPrintable(r.err));
        QCOMPARE(readAll(m_db), before); // the database already there is kept

        const Result notADb = runGdas({"benchmark", "show", folder + "/000001.pickle.pbz2"});
        QCOMPARE(notADb.code, 2);
        QVERIFY2(notADb.err.contains(folder + "/000001.pickle.pbz2: not a benchmark database"), qPrintable(notADb.err));
        const Result aFile =
            runGdas({"benchmark", "import", folder + "/meta.pickle.pbz2", "-o", dir.filePath("x.sqlite")});
        QCOMPARE(aFile.code, 2);
        QVERIFY2(aFile.err.contains("pth_to_pickle.py"), qPrintable(aFile.err));
    }
    void pthLayoutThroughTheScript()
    {
        // tools/benchmark/pth_to_pickle.py on a dict in the .pth's layout ({'meta_archs',
        // 'arch2infos': {i: {'less': ..., 'full': ...}}}). torch.load is the one step not run
        // here: Python builds that dict from the test's folder and hands the script a pickle.
        const QString python = QStandardPaths::findExecutable("python3");
        if (python.isEmpty())
            QSKIP("python3 is not installed");
        QTemporaryDir dir;
        const QString make = dir.filePath("make_pth_layout.py");
        QFile f(make);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"py(
import bz2, pickle, struct, sys, types
# The simple files hold numpy float64 scalars; a stand-in module turns them into floats.
numpy = types.ModuleType("numpy"); core = types.ModuleType("numpy.core"); multiarray = types.ModuleType("numpy.core.multiarray")
class dtype:
    def __init__(self, code, align=0, copy=1): self.code = code
    def __setstate__(self, state): self.order = state[1]
def scalar(dt, raw): return struct.unpack("<d", raw)[0]
numpy.dtype = dtype; multiarray.scalar = scalar; numpy.core = core; core.multiarray = multiarray
sys.modules.update({"numpy": numpy, "numpy.core": core, "numpy.core.multiarray": multiarray})
folder, out = sys.argv[1], sys.argv[2]
meta = pickle.load(bz2.BZ2File(folder + "/meta.pickle.pbz2"))
arch2infos = {}
for i in range(len(meta["meta_archs"])):
    try:
        d = pickle.load(bz2.BZ2File(folder + "/{:06d}.pickle.pbz2".format(i)))
    except FileNotFoundError:
        continue
    arch2infos[i] = {{"12": "less", "200": "full"}[hp]: state for hp, state in d.items()}
with bz2.BZ2File(out, "wb") as f:
    pickle.dump({"meta_archs": meta["meta_archs"], "arch2infos": arch2infos,
                 "evaluated_indexes": set(arch2infos)}, f, protocol=4)
)py");
        f.close();
        const QString layout = dir.filePath("nb201-layout.pbz2");
        QProcess p;
        p.start(python, {make, m_simple, layout});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QString out = dir.filePath("nb201-simple");
        p.start(python, {QString(GDAS_SOURCE_DIR) + "/tools/benchmark/pth_to_pickle.py", layout, out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY2(QString::fromUtf8(p.readAllStandardOutput()).contains("wrote 2 of 3 architectures"), "");

        const QString db = dir.filePath("from-pth.sqlite");
        const Result r = runGdas({"benchmark", "import", out, "-o", db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const QString &cell : {kCell, kOther}) {
            const QString viaPth = runGdas({"benchmark", "show", db, cell}).out;
            const QString direct = runGdas({"benchmark", "show", m_db, cell}).out;
            QVERIFY(!direct.isEmpty());
            QCOMPARE(viaPth.section('\n', 2), direct.section('\n', 2)); // the table, after the path line
        }
        // Without torch, a .pth is refused with what to install.
        const QString pth = dir.filePath("NAS-Bench-201-v1_1-096897.pth");
        QFile(pth).open(QIODevice::WriteOnly);
        p.start(python, {"-c", "import torch"});
        QVERIFY(p.waitForFinished(60000));
        if (p.exitCode() != 0) {
            p.start(python, {QString(GDAS_SOURCE_DIR) + "/tools/benchmark/pth_to_pickle.py", pth, dir.filePath("x")});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 2);
            QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("python3-torch"));
        }
    }
};

QTEST_GUILESS_MAIN(TestBenchmarkCli)
#include "tst_benchmarkcli.moc"
