// `gdas study` (seeds, resume, the summary and its tables) and `gdas search --benchmark` as a
// user runs them: tiny searches on synthetic data, a NATS-Bench folder the test writes.
#include "support/CliProcess.h"
#include "support/NatsBenchFixture.h"
#include "support/Prerequisite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using nats_fixture::trial;

namespace {

using Result = gdas::testing::CliResult;

Result runGdas(const QStringList &args) { return gdas::testing::runProgram(GDAS_CLI_PATH, args, 240000); }

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<QJsonObject> jsonLines(const QString &path)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : readAll(path).split('\n'))
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    return lines;
}

// The tiny NAS-Bench-201 search every case runs (a few seconds on one thread).
const QStringList kTiny{"--dataset", "synthetic",  "--space", "nas-bench-201", "--epochs", "2",           "--batch",
                        "16",        "--channels", "4",       "--cells",       "1",        "--max-steps", "2",
                        "--threads", "1"};

} // namespace

class TestStudyCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_latex; // the study's tables as `--table latex` printed them

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The benchmark's verdict at every epoch: a first search finds which cells this seed derives,
    // the test writes a benchmark holding them with numbers it chooses, and the same search with
    // --benchmark prints and records them.
    void searchWithTheBenchmarkRecordsEachEpoch()
    {
        const QString first = m_dir.filePath("first");
        Result r = runGdas(QStringList{"search"} + kTiny + QStringList{"--seed", "5", "--out", first});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QStringList cells;
        for (const QJsonObject &e : jsonLines(first + "/epochs.jsonl")) {
            const Result show = runGdas({"genotype", "convert", "--to", "nb201",
                                         QString::fromUtf8(QJsonDocument(e["genotype"].toObject()).toJson())});
            QVERIFY2(show.code == 0, qPrintable(show.err));
            cells.append(show.out.trimmed());
        }
        QCOMPARE(cells.size(), 2);

        const QString simple = m_dir.filePath("simple");
        QVERIFY(QDir().mkpath(simple));
        std::vector<nats_fixture::Architecture> archs;
        std::vector<std::string> listed;
        const QString best = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
                             "nor_conv_3x3~2|";
        QStringList distinct = cells;
        distinct.removeDuplicates();
        distinct.removeAll(best);
        distinct.append(best);
        for (int i = 0; i < distinct.size(); ++i) {
            nats_fixture::Architecture a;
            a.index = i;
            a.arch = distinct[i].toStdString();
            const double test = distinct[i] == best ? 94.25 : 80.0 + i;
            a.results["200"]["cifar10-valid"] = {trial("cifar10-valid", 777, 70.5 + i, 71.0, 1.0, 100.0)};
            a.results["200"]["cifar10"] = {trial("cifar10", 777, 0.0, test, 1.0, 100.0)};
            archs.push_back(a);
            listed.push_back(a.arch);
        }
        nats_fixture::writeSimpleFolder(simple.toStdString(), listed, archs);
        const QString db = m_dir.filePath("nb201.sqlite");
        r = runGdas({"benchmark", "import", simple, "-o", db});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));

        const QString judged = m_dir.filePath("judged");
        r = runGdas(QStringList{"search"} + kTiny + QStringList{"--seed", "5", "--benchmark", db, "--out", judged});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QList<QJsonObject> epochs = jsonLines(judged + "/epochs.jsonl");
        QCOMPARE(epochs.size(), 2);
        for (int e = 0; e < 2; ++e) {
            const int index = static_cast<int>(distinct.indexOf(cells[e]));
            const double test = cells[e] == best ? 94.25 : 80.0 + index;
            const QJsonObject b = epochs[e]["benchmark"].toObject();
            QCOMPARE(b["dataset"].toString(), QStringLiteral("cifar10"));
            QCOMPARE(b["index"].toInt(), index);
            QCOMPARE(b["test"].toDouble(), test);
            QCOMPARE(b["valid"].toDouble(), 70.5 + index); // cifar10-valid's, as the paper's tables
            QCOMPARE(b["best_test"].toDouble(), 94.25);
            const QString line = QString("benchmark cifar10 (arch %1): valid %2%, test %3% (best test 94.25%)")
                                     .arg(index)
                                     .arg(70.5 + index, 0, 'f', 2)
                                     .arg(test, 0, 'f', 2);
            QVERIFY2(r.out.contains(line), qPrintable(line + "\n" + r.out));
        }
        QVERIFY(QJsonDocument::fromJson(readAll(judged + "/config.json")).object()["benchmark"].toString() == db);

        // Bad uses: another space, a file that is not a database, a data set the benchmark lacks.
        r = runGdas({"search", "--space", "darts", "--benchmark", db, "--out", m_dir.filePath("x1")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--space nas-bench-201"), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("x1")));
        const QString notDb = m_dir.filePath("not.sqlite");
        QFile f(notDb);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not SQLite");
        f.close();
        r = runGdas(QStringList{"search"} + kTiny + QStringList{"--benchmark", notDb, "--out", m_dir.filePath("x2")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(notDb), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("x2")));
        r = runGdas(QStringList{"search"} + kTiny +
                    QStringList{"--benchmark", db, "--benchmark-dataset", "cifar100", "--out", m_dir.filePath("x3")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no 200-epoch test accuracies on cifar100"), qPrintable(r.err));
    }

    // Three seeds into one folder; the summary's consensus agrees with the seeds' own genotypes.
    void threeSeedStudy()
    {
        const QString study = m_dir.filePath("study");
        Result r = runGdas(QStringList{"study", "--seeds", "3"} + kTiny + QStringList{"--out", study});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        for (const char *seed : {"seed-0", "seed-1", "seed-2"})
            QVERIFY2(QFile::exists(study + "/" + seed + "/genotype.json"), seed);
        const QJsonObject plan = QJsonDocument::fromJson(readAll(study + "/study.json")).object();
        QCOMPARE(plan["kind"].toString(), QStringLiteral("study"));
        QCOMPARE(plan["seeds"].toArray().size(), 3);
        QCOMPARE(plan["search"].toObject()["space"].toString(), QStringLiteral("nas-bench-201"));
        QVERIFY2(r.out.contains("3 of 3 seeds finished"), qPrintable(r.out));
        QVERIFY2(r.out.contains("consensus |"), qPrintable(r.out));
        QVERIFY2(r.out.contains("summary written to " + study + "/summary.json"), qPrintable(r.out));

        // The consensus per edge: the op most seeds chose, recomputed here from genotype.json.
        const QJsonObject summary = QJsonDocument::fromJson(readAll(study + "/summary.json")).object();
        QCOMPARE(summary["finished"].toInt(), 3);
        QMap<QString, QMap<QString, int>> votes; // "to<-from" -> op -> seeds
        for (const char *seed : {"seed-0", "seed-1", "seed-2"}) {
            const QJsonObject g = QJsonDocument::fromJson(readAll(study + "/" + seed + "/genotype.json")).object();
            const QJsonArray nodes = g["normal"].toArray();
            for (int k = 0; k < nodes.size(); ++k)
                for (const QJsonValue &op : nodes[k].toArray())
                    votes[QString("%1<-%2").arg(k + 1).arg(op["input"].toInt())][op["op"].toString()]++;
        }
        const QJsonArray consensusNodes = summary["consensus"].toObject()["genotype"].toObject()["normal"].toArray();
        QCOMPARE(consensusNodes.size(), 3);
        for (int k = 0; k < consensusNodes.size(); ++k)
            for (const QJsonValue &op : consensusNodes[k].toArray()) {
                const QMap<QString, int> edge = votes[QString("%1<-%2").arg(k + 1).arg(op["input"].toInt())];
                int most = 0;
                for (int n : edge)
                    most = std::max(most, n);
                QVERIFY(most > 0);
                QCOMPARE(edge.value(op["op"].toString()), most);
            }
        const QJsonObject aTop1 = summary["final_metrics"].toObject()["a_top1"].toObject();
        QCOMPARE(aTop1["count"].toInt(), 3);
        QVERIFY(aTop1["std"].toDouble() >= 0.0);

        // --summary again, as each table format.
        r = runGdas({"study", "--summary", study, "--table", "markdown"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("| Edge | seed 0 | seed 1 | seed 2 | Consensus |"), qPrintable(r.out));
        QVERIFY2(r.out.contains("| Cell | Params (M) | Mult-Adds (M) | Search valid (%) | Note |"), qPrintable(r.out));
        r = runGdas({"study", "--summary", study, "--table", "latex"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("\\toprule") && r.out.contains("\\bottomrule"));
        QVERIFY2(r.out.contains("search valid top-1 (\\%) & "), qPrintable(r.out));
        m_latex = r.out;
        r = runGdas({"study", "--summary", study, "--table", "html"});
        QCOMPARE(r.code, 2);

        // A study folder is never written over.
        const QByteArray before = readAll(study + "/study.json");
        r = runGdas(QStringList{"study", "--seeds", "2"} + kTiny + QStringList{"--out", study});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(study) && r.err.contains("--resume"), qPrintable(r.err));
        QCOMPARE(readAll(study + "/study.json"), before);
    }

    // The LaTeX tables compile with pdflatex and booktabs (texlive-latex-recommended).
    void latexTablesCompile()
    {
        QVERIFY2(!m_latex.isEmpty(), "threeSeedStudy did not run");
        const QString pdflatex = QStandardPaths::findExecutable("pdflatex");
        if (pdflatex.isEmpty())
            GDAS_MISSING_PREREQUISITE("pdflatex is not installed (texlive-latex-base, texlive-latex-recommended)");
        QTemporaryDir tex;
        QFile doc(tex.filePath("tables.tex"));
        QVERIFY(doc.open(QIODevice::WriteOnly));
        doc.write("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n"
                  "\\begin{document}\n" +
                  m_latex.toUtf8() + "\\end{document}\n");
        doc.close();
        QProcess latex;
        latex.setWorkingDirectory(tex.path());
        latex.start(pdflatex, {"-interaction=nonstopmode", "-halt-on-error", "tables.tex"});
        QVERIFY(latex.waitForFinished(120000));
        const QByteArray log = latex.readAllStandardOutput();
        QVERIFY2(latex.exitCode() == 0, log.right(3000).constData());
        QVERIFY(QFileInfo(tex.filePath("tables.pdf")).size() > 1000);
    }

    // A study stopped part-way resumes: finished seeds stay as they are, the missing one runs.
    void resumeRunsOnlyWhatIsMissing()
    {
        const QString study = m_dir.filePath("resumed");
        Result r = runGdas(QStringList{"study", "--seed-list", "3,9"} + kTiny + QStringList{"--out", study});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QByteArray seed3 = readAll(study + "/seed-3/metrics.jsonl");
        // As if the study had been stopped before seed 9: its folder goes away (moved here).
        QVERIFY(QDir().rename(study + "/seed-9", m_dir.filePath("seed-9-elsewhere")));
        r = runGdas({"study", "--summary", study});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("1 of 2 seeds finished") && r.out.contains("seed 9: not started"), qPrintable(r.out));
        r = runGdas({"study", "--resume", study});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("seed 3: finished earlier"), qPrintable(r.out));
        QVERIFY2(r.out.contains("== seed 9: "), qPrintable(r.out));
        QCOMPARE(readAll(study + "/seed-3/metrics.jsonl"), seed3);
        QVERIFY(QFile::exists(study + "/seed-9/genotype.json"));
        // The seed run again is the same search: same genotype as before.
        QCOMPARE(QJsonDocument::fromJson(readAll(study + "/seed-9/genotype.json")).object()["normal"],
                 QJsonDocument::fromJson(readAll(m_dir.filePath("seed-9-elsewhere/genotype.json"))).object()["normal"]);
        QVERIFY2(r.out.contains("2 of 2 seeds finished"), qPrintable(r.out));

        // A seed whose first attempt ended before its first checkpoint (a config.json and a log
        // only): its files are moved aside into previous-*, never deleted, and the seed runs.
        QVERIFY(QDir().rename(study + "/seed-9", m_dir.filePath("seed-9-second")));
        QVERIFY(QDir().mkpath(study + "/seed-9"));
        QFile config(study + "/seed-9/config.json");
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(readAll(m_dir.filePath("seed-9-second/config.json")));
        config.close();
        QFile note(study + "/seed-9/my-notes.txt");
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("kept");
        note.close();
        r = runGdas({"study", "--resume", study});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("seed 9: its unfinished first attempt is kept in " + study + "/seed-9/previous-"),
                 qPrintable(r.out));
        const QStringList aside = QDir(study + "/seed-9").entryList({"previous-*"}, QDir::Dirs);
        QCOMPARE(aside.size(), 1);
        QCOMPARE(readAll(study + "/seed-9/" + aside.front() + "/my-notes.txt"), QByteArray("kept"));
        QVERIFY(QFile::exists(study + "/seed-9/" + aside.front() + "/config.json"));
        QVERIFY(QFile::exists(study + "/seed-9/genotype.json"));
    }

    // Under a launcher (torchrun's variables), rank r runs every world-th seed from the r-th, each
    // as a search of its own; rank 1 waits for rank 0's study.json.
    void seedsAreSharedOutUnderALauncher()
    {
        const QString study = m_dir.filePath("launched");
        QProcess ranks[2];
        for (int rank = 1; rank >= 0; --rank) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("WORLD_SIZE", "2");
            env.insert("RANK", QString::number(rank));
            env.insert("LOCAL_RANK", QString::number(rank));
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", "29533");
            ranks[rank].setProcessEnvironment(env);
            ranks[rank].start(GDAS_CLI_PATH,
                              QStringList{"study", "--seeds", "2"} + kTiny + QStringList{"--out", study});
        }
        QString out[2];
        for (int rank = 0; rank < 2; ++rank) {
            QVERIFY(ranks[rank].waitForFinished(240000));
            out[rank] = QString::fromUtf8(ranks[rank].readAllStandardOutput());
            QVERIFY2(ranks[rank].exitCode() == 0, qPrintable(out[rank] + ranks[rank].readAllStandardError()));
        }
        QVERIFY2(out[0].contains("== seed 0: ") && !out[0].contains("== seed 1: "), qPrintable(out[0]));
        QVERIFY2(out[1].contains("== seed 1: ") && !out[1].contains("== seed 0: "), qPrintable(out[1]));
        for (const char *seed : {"seed-0", "seed-1"}) {
            QVERIFY2(QFile::exists(study + "/" + seed + "/genotype.json"), seed);
            // Each seed ran as one process, not as a rank of a data-parallel job.
            const QByteArray log = readAll(study + "/" + seed + "/log.txt");
            QVERIFY2(!log.contains("ranks"), log.constData());
        }
        const Result r = runGdas({"study", "--summary", study});
        QVERIFY2(r.out.contains("2 of 2 seeds finished"), qPrintable(r.out));
    }

    void badStudiesExit2NamingTheProblem()
    {
        Result r = runGdas({"study", "--summary", m_dir.filePath("nothing-here")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(m_dir.filePath("nothing-here")), qPrintable(r.err));
        const QString bad = m_dir.filePath("bad");
        QVERIFY(QDir().mkpath(bad));
        QFile f(bad + "/study.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"kind\": \"study\", \"seeds\": [1, 1], \"search\": {}}");
        f.close();
        r = runGdas({"study", "--resume", bad});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(bad + "/study.json") && r.err.contains("twice"), qPrintable(r.err));
        r = runGdas({"study", "--resume", bad, "--epochs", "9"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--epochs goes with a new study"), qPrintable(r.err));
        r = runGdas(QStringList{"study", "--seed-list", "1,1"} + kTiny + QStringList{"--out", m_dir.filePath("dup")});
        QCOMPARE(r.code, 2);
        QVERIFY(!QFile::exists(m_dir.filePath("dup")));
        r = runGdas(QStringList{"study", "--seeds", "0"} + kTiny + QStringList{"--out", m_dir.filePath("zero")});
        QCOMPARE(r.code, 2);
        QVERIFY(!QFile::exists(m_dir.filePath("zero")));
    }
};

QTEST_GUILESS_MAIN(TestStudyCli)
#include "tst_studycli.moc"
