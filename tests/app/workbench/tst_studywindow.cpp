#include "MainWindow.h"
#include "RecentRuns.h"
#include "StudyDocument.h"
#include "StudyFixture.h"
#include "StudyWindow.h"

#include "model/GenotypeLibrary.h"
#include "widgets/CellGraphView.h"
#include "widgets/GenotypeCompareView.h"
#include "widgets/StudyCurvePlot.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QListWidget>
#include <QSettings>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace gdas;
using app::StudyWindow;
using namespace study_fixture;

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The table widget's cells, one string per row joined by " | ".
QStringList tableRows(const QTableWidget *table)
{
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table->columnCount(); ++c)
            cells << (table->item(r, c) ? table->item(r, c)->text() : QString());
        rows << cells.join(QStringLiteral(" | "));
    }
    return rows;
}

QStringList headerLabels(const QTableWidget *table)
{
    QStringList labels;
    for (int c = 0; c < table->columnCount(); ++c)
        labels << table->horizontalHeaderItem(c)->text();
    return labels;
}

// The tool tip of the drawn edge labelled `op` that also names `share`.
bool edgeTipShows(const widgets::CellGraphView *view, const QString &op, const QString &share)
{
    const QStringList labels = view->edgeLabels();
    const QStringList tips = view->edgeToolTips();
    for (int i = 0; i < labels.size() && i < tips.size(); ++i)
        if (labels[i] == op && tips[i].contains(QStringLiteral("<b>%1</b>").arg(op)) &&
            tips[i].contains(QStringLiteral("<b>%1</b>").arg(share)))
            return true;
    return false;
}

} // namespace

class TestStudyWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studywindow"));
        QVERIFY(m_tmp.isValid());
    }

    void init() { QSettings().clear(); }

    // Three finished seeds: the consensus with each edge's agreement, every seed's curves with
    // their mean, the seeds side by side and the tables.
    void showsTheConsensusCurvesSeedsAndTables()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("three"));
        writeThreeSeedStudy(dir);
        StudyWindow window;
        window.show();
        QString error;
        QVERIFY2(window.open(dir, &error), qPrintable(error));
        QVERIFY2(window.headerText().contains(QStringLiteral("3 of 3 seeds finished")),
                 qPrintable(window.headerText()));
        QVERIFY(window.headerText().contains(QStringLiteral("three-seeds")));
        QVERIFY(window.problemText().isEmpty());
        QVERIFY(window.windowTitle().contains(QStringLiteral("three-seeds")));

        // The consensus is cell 1; 2 of 3 seeds agree on two edges, all three on the others.
        widgets::CellGraphView *cell = window.consensusView(false);
        QVERIFY(cell->hasCell());
        QCOMPARE(cell->chosenEdgeCount(), 6);
        QStringList labels = cell->edgeLabels();
        labels.sort();
        QCOMPARE(labels, QStringList({"avg_pool_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "skip_connect",
                                      "skip_connect"}));
        // Each edge's shares, as the tool tips list them: the chosen op's share in bold.
        QVERIFY2(edgeTipShows(cell, QStringLiteral("avg_pool_3x3"), QStringLiteral("0.667")),
                 qPrintable(cell->edgeToolTips().join('\n')));
        QVERIFY(edgeTipShows(cell, QStringLiteral("nor_conv_3x3"), QStringLiteral("1.000")));
        QVERIFY(edgeTipShows(cell, QStringLiteral("skip_connect"), QStringLiteral("0.667")));
        QVERIFY(cell->edgeToolTips().join('\n').contains(QStringLiteral("0.333")));
        QVERIFY(!window.consensusView(true)->isVisibleTo(&window)); // NAS-Bench-201: one cell
        // (1 + 1 + 2/3 + 1 + 1 + 2/3) / 6 = 89 %.
        QVERIFY2(window.consensusCaption().contains(QStringLiteral("89 %")), qPrintable(window.consensusCaption()));
        QVERIFY(window.consensusCaption().contains(QStringLiteral("3 of 3")));

        // Curves: a_top1 first, one line per seed, the mean of 10, 12, 14 ... at epoch 1.
        QCOMPARE(window.curveKeys(), QStringList({"a_top1", "a_loss", "w_top1", "w_loss", "bench_test"}));
        QCOMPARE(window.curveKey(), QStringLiteral("a_top1"));
        widgets::StudyCurvePlot *plot = window.curvePlot();
        QCOMPARE(plot->seedCurveCount(), 3);
        QCOMPARE(plot->meanPoints().size(), 3);
        QCOMPARE(plot->meanPoints()[0], QPointF(1, 12.0));
        QCOMPARE(plot->meanPoints()[2], QPointF(3, 32.0));
        QCOMPARE(plot->bandUpperPoints()[0], QPointF(1, 14.0)); // mean + 1 std (2)
        window.setCurveKey(QStringLiteral("w_loss"));
        QVERIFY(std::abs(plot->meanPoints()[1].y() - 1.4) < 1e-9);
        // The benchmark: seed 2's cell of epoch 2 is not in it, so that epoch's mean is of two.
        window.setCurveKey(QStringLiteral("bench_test"));
        QVERIFY2(plot->valueLabel().contains(QStringLiteral("cifar10")), qPrintable(plot->valueLabel()));
        QCOMPARE(plot->spread()[1].count, 2);
        QCOMPARE(plot->meanPoints()[1], QPointF(2, 66.0));
        window.setBand(widgets::StudyCurvePlot::Band::MinMax);
        QCOMPARE(plot->bandLowerPoints()[0], QPointF(1, 60.0));
        QCOMPARE(plot->bandUpperPoints()[0], QPointF(1, 62.0));

        // Seeds side by side, seed 1 the reference.
        const auto &entries = window.compareView()->entries();
        QCOMPARE(entries.size(), std::size_t(3));
        QCOMPARE(entries[0].label, QStringLiteral("seed 1"));
        QCOMPARE(entries[1].genotype, model::parseGenotype(kCell2));
        QCOMPARE(window.compareView()->summaries()[0], QStringLiteral("reference"));

        // Tables: the per-edge choices and the final metrics.
        QCOMPARE(window.tables().size(), std::size_t(2));
        window.showTable(StudyWindow::Table::Consensus);
        QCOMPARE(headerLabels(window.tableWidget()), QStringList({"Edge", "seed 1", "seed 2", "seed 3", "Consensus"}));
        const QStringList consensusRows = tableRows(window.tableWidget());
        QCOMPARE(consensusRows.size(), 6);
        QVERIFY2(consensusRows.join('\n').contains(QStringLiteral("avg_pool_3x3 | nor_conv_3x3 | avg_pool_3x3 | "
                                                                  "avg_pool_3x3 (2/3)")),
                 qPrintable(consensusRows.join('\n')));
        QVERIFY(consensusRows.join('\n').contains(QStringLiteral("skip_connect (2/3)")));
        window.showTable(StudyWindow::Table::Metrics);
        QCOMPARE(window.shownTable(), StudyWindow::Table::Metrics);
        const QStringList metricRows = tableRows(window.tableWidget());
        QVERIFY2(metricRows.contains(QStringLiteral("search valid top-1 (%) | 32.00 ± 2.00 | 3")),
                 qPrintable(metricRows.join('\n')));
        QVERIFY(metricRows.join('\n').contains(QStringLiteral("benchmark test (%) | 71.00 ± 1.00 | 3")));

        if (const QByteArray shots = qgetenv("GDAS_SCREENSHOT_DIR"); !shots.isEmpty()) {
            window.resize(1500, 940);
            window.tabs()->setCurrentIndex(0);
            window.setCurveKey(QStringLiteral("a_top1"));
            window.setBand(widgets::StudyCurvePlot::Band::StdDev);
            window.showTable(StudyWindow::Table::Consensus);
            QTest::qWait(200); // layouts, the queued replot and the cell layout
            window.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/study-window.png"));
        }
    }

    // CSV, Markdown and LaTeX hold what the study holds; an existing file is never replaced
    // unless told to.
    void exportsTheStudy()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("exports"));
        writeThreeSeedStudy(dir);
        StudyWindow window;
        QVERIFY(window.open(dir));
        const QString out = m_tmp.filePath(QStringLiteral("exports-out"));
        QVERIFY(QDir().mkpath(out));
        QString error;

        const QString csv = QDir(out).filePath(QStringLiteral("study.csv"));
        QVERIFY2(window.exportCsv(csv, &error), qPrintable(error));
        const QStringList lines = readText(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 3 * 3);
        QCOMPARE(lines[0],
                 QStringLiteral("seed,epoch,a_loss,a_top1,time,w_loss,w_top1,bench_valid,bench_test,genotype"));
        QVERIFY2(lines.contains(QStringLiteral("2,1,1.91,22,10,1.4,31,,,") + QLatin1String(kCell2)),
                 qPrintable(lines.join('\n')));
        QVERIFY(lines.contains(QStringLiteral("1,2,1.8,30,15,1.3,40,,70,") + QLatin1String(kCell1)));
        QVERIFY(lines.contains(QStringLiteral("3,0,2.02,14,5,1.5,22,,62,") + QLatin1String(kCell3)));

        const model::StudySummary &summary = window.document()->summary();
        const QString md = QDir(out).filePath(QStringLiteral("consensus.md"));
        QVERIFY2(window.exportTable(StudyWindow::Table::Consensus, md, &error), qPrintable(error));
        QCOMPARE(readText(md), QString::fromStdString(model::toMarkdown(model::consensusTable(summary, false))));
        QVERIFY(readText(md).contains(QStringLiteral("| avg_pool_3x3 (2/3) |")));
        const QString tex = QDir(out).filePath(QStringLiteral("metrics.tex"));
        QVERIFY2(window.exportTable(StudyWindow::Table::Metrics, tex, &error), qPrintable(error));
        const QString latex = readText(tex);
        QVERIFY(latex.contains(QStringLiteral("\\toprule")) && latex.contains(QStringLiteral("\\bottomrule")));
        QVERIFY2(latex.contains(QStringLiteral("search valid top-1 (\\%) & 32.00 $\\pm$ 2.00 & 3 \\\\")),
                 qPrintable(latex));
        QVERIFY(!window.exportTable(StudyWindow::Table::Metrics, QDir(out).filePath(QStringLiteral("t.doc")), &error));
        QVERIFY(error.contains(QStringLiteral("t.doc")));

        // Existing files: refused and left alone without `replace`, replaced with it.
        QVERIFY(!window.exportTable(StudyWindow::Table::Consensus, tex, &error));
        QVERIFY2(error.contains(QStringLiteral("metrics.tex")) && error.contains(QStringLiteral("exists")),
                 qPrintable(error));
        QCOMPARE(readText(tex), latex);
        QVERIFY(!window.exportCsv(md, &error));
        QVERIFY(readText(md).startsWith(QStringLiteral("The cell chosen")));
        QVERIFY2(window.exportTable(StudyWindow::Table::Consensus, tex, &error, true), qPrintable(error));
        QVERIFY(readText(tex).contains(QStringLiteral("avg\\_pool\\_3x3 (2/3)")));

        window.copyTable(StudyWindow::Table::Consensus, app::TableFormat::Markdown);
        QCOMPARE(QGuiApplication::clipboard()->text(), readText(md));
        window.copyTable(StudyWindow::Table::Metrics, app::TableFormat::Latex);
        QVERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("\\midrule")));

        // The figures.
        for (const char *name : {"consensus.svg", "consensus.png"}) {
            QVERIFY2(window.exportConsensusFigure(QDir(out).filePath(QLatin1String(name)), QSize(900, 500), &error),
                     qPrintable(error));
        }
        QVERIFY(QSvgRenderer(QDir(out).filePath(QStringLiteral("consensus.svg"))).isValid());
        QCOMPARE(QImage(QDir(out).filePath(QStringLiteral("consensus.png"))).size(), QSize(900, 500));
        QVERIFY(!window.exportConsensusFigure(QDir(out).filePath(QStringLiteral("consensus.png")), QSize(900, 500),
                                              &error));
        QVERIFY(error.contains(QStringLiteral("exists")));
        QVERIFY2(window.exportCurvesFigure(QDir(out).filePath(QStringLiteral("curves.pdf")), QSize(500, 300), &error),
                 qPrintable(error));
        QVERIFY2(window.exportSeedsFigure(QDir(out).filePath(QStringLiteral("seeds.png")), QSize(1200, 600), &error),
                 qPrintable(error));
        QVERIFY(!QImage(QDir(out).filePath(QStringLiteral("seeds.png"))).isNull());
    }

    // The window follows the folder while seeds run and finish.
    void followsSeedsAsTheyFinish()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("running"));
        writePlan(dir, {1, 2, 3}, "nas-bench-201", 3);
        writeSearchRun(seedDir(dir, 1), 0, model::parseGenotype(kCell1), 3, 3, true, true);
        writeSearchRun(seedDir(dir, 2), 1, model::parseGenotype(kCell2), 2, 3, false, true);
        StudyWindow window;
        QVERIFY(window.open(dir));
        window.document()->setPollInterval(100);
        QVERIFY(window.document()->isFollowing());
        QVERIFY2(window.headerText().contains(QStringLiteral("1 of 3")), qPrintable(window.headerText()));
        QCOMPARE(window.document()->seedState(1), QStringLiteral("running, epoch 2 of 3"));
        QCOMPARE(window.document()->seedState(2), QStringLiteral("not started"));
        // Seed 2 shows its newest epoch's cell; seed 3 has none yet.
        QCOMPARE(window.compareView()->entries().size(), std::size_t(2));
        QCOMPARE(window.compareView()->entries()[1].label, QStringLiteral("seed 2 (epoch 2)"));
        QCOMPARE(window.curvePlot()->meanPoints().size(), 3);
        QCOMPARE(window.curvePlot()->spread()[1].count, 2);

        writeSearchRun(seedDir(dir, 2), 1, model::parseGenotype(kCell2), 3, 3, true, true);
        writeSearchRun(seedDir(dir, 3), 2, model::parseGenotype(kCell3), 3, 3, true, true);
        QTRY_VERIFY_WITH_TIMEOUT(window.headerText().contains(QStringLiteral("3 of 3")), 5000);
        QCOMPARE(window.compareView()->entries().size(), std::size_t(3));
        QCOMPARE(window.compareView()->entries()[1].label, QStringLiteral("seed 2"));
        QCOMPARE(window.curvePlot()->spread()[2].count, 3);
        QVERIFY(window.consensusCaption().contains(QStringLiteral("89 %")));
        QVERIFY(!window.document()->poll()); // nothing new

        // Seed 3 restarted in place: its files are shorter than what was read. Read afresh, no
        // error.
        QVERIFY(QFile::remove(QDir(seedDir(dir, 3)).filePath(QStringLiteral("genotype.json"))));
        writeSearchRun(seedDir(dir, 3), 2, model::parseGenotype(kCell3), 1, 3, false, true);
        QVERIFY(window.document()->poll());
        QVERIFY2(window.problemText().isEmpty(), qPrintable(window.problemText()));
        QVERIFY(window.headerText().contains(QStringLiteral("2 of 3")));
        QCOMPARE(window.document()->seedState(2), QStringLiteral("running, epoch 1 of 3"));
        QCOMPARE(window.document()->study().seeds[2].record.epochs.size(), std::size_t(1));
    }

    // A seed whose files are malformed: the others are shown, the banner names the file, and a
    // repaired file is read again.
    void aMalformedSeedNamesTheFile()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("malformed"));
        writeThreeSeedStudy(dir);
        const QString metrics = QDir(seedDir(dir, 2)).filePath(QStringLiteral("metrics.jsonl"));
        const QString good = readText(metrics);
        writeFile(metrics, model::statusRowToJson(model::RunStatus::Running) + "\n{\"type\": \"epoch\", \"epoch\": \n");
        StudyWindow window;
        QString error;
        QVERIFY2(window.open(dir, &error), qPrintable(error));
        window.document()->setPollInterval(100);
        QVERIFY2(window.problemText().contains(QDir::toNativeSeparators(metrics) + QStringLiteral(":2")),
                 qPrintable(window.problemText()));
        QVERIFY(window.headerText().contains(QStringLiteral("2 of 3")));
        QCOMPARE(window.document()->seedState(1), QStringLiteral("cannot be read"));
        QVERIFY(window.consensusView(false)->hasCell());
        QVERIFY(window.consensusCaption().contains(QStringLiteral("2 of 3")));

        writeFile(metrics, good.toStdString());
        QTRY_VERIFY_WITH_TIMEOUT(window.problemText().isEmpty(), 5000);
        QVERIFY(window.headerText().contains(QStringLiteral("3 of 3")));
    }

    void foldersThatAreNoStudyAreRefused()
    {
        StudyWindow window;
        QString error;
        const QString empty = m_tmp.filePath(QStringLiteral("no-study"));
        QVERIFY(QDir().mkpath(empty));
        QVERIFY(!window.open(empty, &error));
        QVERIFY2(error.contains(QStringLiteral("study.json")), qPrintable(error));
        QVERIFY(!window.open(m_tmp.filePath(QStringLiteral("does-not-exist")), &error));
        QVERIFY(error.contains(QStringLiteral("does-not-exist")));

        const QString broken = m_tmp.filePath(QStringLiteral("broken-plan"));
        QVERIFY(QDir().mkpath(broken));
        writeFile(QDir(broken).filePath(QStringLiteral("study.json")), "{\"kind\": \"study\", \"seeds\": []}\n");
        QVERIFY(!window.open(broken, &error));
        QVERIFY2(error.contains(QDir(broken).filePath(QStringLiteral("study.json"))) &&
                     error.contains(QStringLiteral("seeds")),
                 qPrintable(error));
    }

    // More than four seeds: the first four are shown; the user picks others, never a fifth.
    void picksWhichSeedsAreCompared()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("six"));
        writePlan(dir, {1, 2, 3, 4, 5, 6}, "nas-bench-201", 1);
        const char *cells[] = {kCell1, kCell2, kCell3};
        for (int k = 0; k < 6; ++k)
            writeSearchRun(seedDir(dir, static_cast<std::uint64_t>(k + 1)), k, model::parseGenotype(cells[k % 3]), 1, 1,
                           true, false);
        StudyWindow window;
        QVERIFY(window.open(dir));
        QCOMPARE(window.comparedSeeds(), (std::vector<std::uint64_t>{1, 2, 3, 4}));
        QCOMPARE(window.compareView()->entries().size(), std::size_t(4));
        QVERIFY(!window.curveKeys().contains(QStringLiteral("bench_test"))); // no benchmark in this study

        auto *list = window.findChild<QListWidget *>();
        QVERIFY(list);
        QCOMPARE(list->count(), 6);
        list->item(4)->setCheckState(Qt::Checked); // a fifth: refused
        QCOMPARE(list->item(4)->checkState(), Qt::Unchecked);
        QCOMPARE(window.comparedSeeds().size(), std::size_t(4));
        list->item(0)->setCheckState(Qt::Unchecked);
        list->item(5)->setCheckState(Qt::Checked);
        QCOMPARE(window.comparedSeeds(), (std::vector<std::uint64_t>{2, 3, 4, 6}));
        QCOMPARE(window.compareView()->entries()[0].label, QStringLiteral("seed 2"));

        window.setComparedSeeds({6, 5});
        QCOMPARE(window.comparedSeeds(), (std::vector<std::uint64_t>{5, 6}));
        QCOMPARE(window.compareView()->entries().size(), std::size_t(2));
        QCOMPARE(window.compareView()->entries()[1].label, QStringLiteral("seed 6"));
        QCOMPARE(list->item(4)->checkState(), Qt::Checked);
        QCOMPARE(list->item(1)->checkState(), Qt::Unchecked);
    }

    // The DARTS space: both cells of the consensus, and a table for each.
    void dartsStudyShowsBothCells()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("darts"));
        writePlan(dir, {7, 8, 9}, "darts", 1);
        const char *names[] = {"GDAS_V1", "DARTS_V2", "DARTS_V1"};
        for (int k = 0; k < 3; ++k)
            writeSearchRun(seedDir(dir, static_cast<std::uint64_t>(7 + k)), k, *model::builtinGenotype(names[k]), 1, 1,
                           true, false);
        StudyWindow window;
        window.show();
        QVERIFY(window.open(dir));
        QVERIFY(window.headerText().contains(QStringLiteral("DARTS")));
        QCOMPARE(window.consensusView(false)->chosenEdgeCount(), 8);
        QCOMPARE(window.consensusView(true)->chosenEdgeCount(), 8);
        QVERIFY(window.consensusView(true)->isVisibleTo(&window));
        QVERIFY2(window.consensusCaption().contains(QStringLiteral("reduction cell")),
                 qPrintable(window.consensusCaption()));
        QCOMPARE(window.tables().size(), std::size_t(3));
        QVERIFY(!window.table(StudyWindow::Table::ReductionConsensus).rows.empty());
        QString error;
        QVERIFY2(window.exportConsensusFigure(m_tmp.filePath(QStringLiteral("darts-consensus.png")), QSize(1200, 500),
                                              &error),
                 qPrintable(error));
    }

    // The main window opens a study folder in a study window (and remembers it), a run
    // directory as before.
    void mainWindowOpensStudyFolders()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("from-main"));
        writeThreeSeedStudy(dir, false);
        app::MainWindow main;
        main.setErrorDialogsEnabled(false);
        QString error;
        QVERIFY2(main.openDirectory(dir, &error), qPrintable(error));
        auto *study = main.findChild<StudyWindow *>();
        QVERIFY(study);
        QVERIFY(study->isVisible());
        QVERIFY(study->headerText().contains(QStringLiteral("3 of 3")));
        QVERIFY(app::RecentRuns().directories().contains(QDir(dir).absolutePath()));
        QVERIFY(main.welcomeShown()); // the main window's run is untouched
        QVERIFY(!main.openStudy(m_tmp.filePath(QStringLiteral("nothing-here")), &error));
        QVERIFY(error.contains(QStringLiteral("nothing-here")));
        // A seed's folder is a run directory: it opens in the main window.
        QVERIFY2(main.openDirectory(seedDir(dir, 2), &error), qPrintable(error));
        QVERIFY(!main.welcomeShown());
    }
};

QTEST_MAIN(TestStudyWindow)
#include "tst_studywindow.moc"
