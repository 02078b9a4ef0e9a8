// RunWriter: whole files replaced atomically (the old one survives a failed write), line files
// flushed per record, and truncateAfter() leaves no torn or duplicated lines for a resume.
#include "engine/EngineError.h"
#include "engine/run/RunWriter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace gdas::engine;

namespace {
std::vector<std::string> readLines(const std::string &path)
{
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}
} // namespace

class TestRunWriter : public QObject {
    Q_OBJECT
private slots:
    void appendsFlushedLines()
    {
        QTemporaryDir dir;
        RunWriter w(dir.filePath("run").toStdString());
        w.appendMetric({{"type", "step"}, {"epoch", 0}, {"step", 0}, {"w_loss", 2.3}});
        // Readable by another reader before the writer closes: flushed per record.
        const auto rows = readLines(w.path("metrics.jsonl"));
        QCOMPARE(rows.size(), std::size_t(1));
        QVERIFY(rows[0].find("\"w_loss\":2.3") != std::string::npos);
    }

    void failedAtomicWriteKeepsOldFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("config.json").toStdString();
        writeFileAtomically(path, "old\n");
        // A target whose temporary file cannot be created: the parent "directory" is a file.
        const std::string bad = dir.filePath("config.json/inner.json").toStdString();
        QVERIFY_THROWS_EXCEPTION(RuntimeFailure, writeFileAtomically(bad, "new\n"));
        QCOMPARE(readWholeFile(path), std::string("old\n"));
        try {
            writeFileAtomically(bad, "x");
        } catch (const RuntimeFailure &e) {
            QVERIFY2(QString(e.what()).contains("inner.json"), e.what());
        }
    }

    void truncateAfterDropsLaterRecordsAndTornLine()
    {
        QTemporaryDir dir;
        {
            RunWriter w(dir.path().toStdString());
            w.appendStatus(gdas::model::RunStatus::Running);
            for (int e = 0; e < 3; ++e) {
                for (int s = 0; s < 4; ++s)
                    w.appendMetric({{"type", "step"}, {"epoch", e}, {"step", s}});
                w.appendMetric({{"type", "epoch"}, {"epoch", e}});
                w.appendEpoch({{"epoch", e}});
            }
        }
        {
            std::ofstream torn(dir.filePath("metrics.jsonl").toStdString(), std::ios::app);
            torn << "{\"type\":\"step\",\"epo"; // a crash in the middle of a line
        }
        RunWriter w(dir.path().toStdString());
        w.truncateAfter(1, 2); // resume at epoch 1, step 2
        const auto m = readLines(w.path("metrics.jsonl"));
        // status + epoch 0 (4 steps + epoch row) + epoch 1 steps 0 and 1.
        QCOMPARE(m.size(), std::size_t(1 + 5 + 2));
        QVERIFY(m.back().find("\"step\":1") != std::string::npos);
        QCOMPARE(readLines(w.path("epochs.jsonl")).size(), std::size_t(1));
        w.appendMetric({{"type", "step"}, {"epoch", 1}, {"step", 2}});
        QCOMPARE(readLines(w.path("metrics.jsonl")).size(), std::size_t(9));
    }
};

QTEST_GUILESS_MAIN(TestRunWriter)
#include "tst_runwriter.moc"
