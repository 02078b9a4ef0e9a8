// A retrain checkpoint with one key left out (written by another version, or edited): `gdas
// retrain --resume` refuses it with exit 2 naming the checkpoint and the key, never exit 1 with
// LibTorch's message. The checkpoint is the real one of a tiny run, rewritten without the key
// (a checkpoint archive is a TorchScript module whose attributes are the keys).
#include "GdasProcess.h"

#include <torch/script.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas::reliability;

namespace {

const QString kNb201Cell =
    QStringLiteral("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_3x3~2|");

// `from` without the attribute `key` (empty: a copy of every attribute), saved to `to`.
void writeWithout(const QString &from, const QString &to, const std::string &key)
{
    torch::jit::Module original = torch::jit::load(from.toStdString());
    torch::jit::Module stripped(c10::QualifiedName("__torch__.Stripped"),
                                std::make_shared<torch::jit::CompilationUnit>());
    const auto type = original.type();
    bool found = false;
    for (std::size_t i = 0; i < type->numAttributes(); ++i) {
        const std::string name = type->getAttributeName(i);
        if (name == key) {
            found = true;
            continue;
        }
        const c10::IValue value = original.attr(name);
        if (value.isModule())
            stripped.register_module(name, value.toModule());
        else
            stripped.register_attribute(name, type->getAttribute(i), value, type->is_parameter(i), type->is_buffer(i));
    }
    QVERIFY2(key.empty() || found, key.c_str());
    stripped.save(to.toStdString());
}

bool copyDirectory(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    for (const QString &file : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(from + "/" + file, to + "/" + file))
            return false;
    return true;
}

} // namespace

class TestCheckpointKeys : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void retrainCheckpointWithoutAKey_data();
    void retrainCheckpointWithoutAKey();

private:
    QTemporaryDir m_dir;
    QString m_run;
};

void TestCheckpointKeys::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_run = m_dir.filePath("retrain");
    const GdasResult r =
        runGdas({"retrain", "--genotype", kNb201Cell, "--dataset", "synthetic", "--channels",  "4",     "--layers",
                 "1",       "--batch",    "8",        "--epochs",  "1",         "--max-steps", "2",     "--test-limit",
                 "16",      "--threads",  "1",        "--seed",    "1",         "--quiet",     "--out", m_run});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
}

void TestCheckpointKeys::retrainCheckpointWithoutAKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("control: nothing left out") << QString();
    for (const char *key : {"meter", "drop_path_rng", "meter_count", "epoch", "step", "best_top1", "elapsed"})
        QTest::newRow(key) << QString(key);
}

void TestCheckpointKeys::retrainCheckpointWithoutAKey()
{
    QFETCH(QString, key);
    const QString dir = m_dir.filePath("without-" + (key.isEmpty() ? QStringLiteral("nothing") : key));
    QVERIFY(copyDirectory(m_run, dir));
    const QString checkpoint = dir + "/checkpoint.pt";
    writeWithout(m_run + "/checkpoint.pt", checkpoint, key.toStdString());
    if (QTest::currentTestFailed())
        return;
    const GdasResult r = runGdas({"retrain", "--resume", dir, "--epochs", "2", "--quiet"});
    if (key.isEmpty()) {
        // The rewritten archive itself is a good checkpoint: the refusals below are the key's.
        QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1:\n%2").arg(r.code).arg(r.err)));
        return;
    }
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1, expected 2:\n%2").arg(r.code).arg(r.err)));
    QVERIFY2(r.err.contains(checkpoint), qPrintable(r.err));
    QVERIFY2(r.err.contains("'" + key + "'"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCheckpointKeys)
#include "tst_checkpointkeys.moc"
