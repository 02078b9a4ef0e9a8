#include "CompareDialog.h"
#include "ParameterCounter.h"

#include "support/NatsBenchFixture.h"

#include "benchmark/BenchmarkDatabase.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "widgets/CellGraphView.h"
#include "widgets/GenotypeCompareView.h"

#include <QClipboard>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGuiApplication>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas;
using widgets::CellGraphView;
using widgets::GenotypeCompareView;

namespace {

// Edge labels drawn highlighted (bold) in a cell view.
int highlightedLabels(const CellGraphView *view)
{
    if (!view)
        return 0;
    int count = 0;
    for (QGraphicsItem *item : view->scene()->items())
        if (item->data(CellGraphView::KindKey).toInt() == static_cast<int>(CellGraphView::ItemKind::EdgeLabel))
            count += static_cast<QGraphicsSimpleTextItem *>(item)->font().bold() ? 1 : 0;
    return count;
}

int flagged(const std::vector<std::vector<bool>> &flags)
{
    int count = 0;
    for (const auto &node : flags)
        for (bool f : node)
            count += f ? 1 : 0;
    return count;
}

// True once the dialog shows a count for every entry (the counter works on the thread pool).
bool allCounted(const app::CompareDialog &dialog)
{
    const auto &entries = dialog.compareView()->entries();
    return !entries.empty() && std::all_of(entries.begin(), entries.end(),
                                           [](const widgets::CompareEntry &e) { return e.parameters >= 0; });
}

QStringList listTexts(const app::CompareDialog &dialog)
{
    QStringList texts;
    auto *list = dialog.findChild<QListWidget *>();
    for (int i = 0; list && i < list->count(); ++i)
        texts << list->item(i)->text();
    return texts;
}

} // namespace

class TestCompareDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_comparedialog"));
        QVERIFY(m_tmp.isValid());
    }

    void init()
    {
        // The evaluation network and the benchmark are remembered; every test starts from the
        // spaces' defaults and no benchmark.
        QSettings().remove(QStringLiteral("compare/benchmarkDatabase"));
        QSettings().remove(QStringLiteral("compare/benchmarkDataset"));
        app::CompareDialog dialog;
        dialog.setEvaluationNetwork(0, 0);
    }

    // Published cells and a pasted DARTS literal side by side: the reference first, the
    // others' differing ops highlighted and listed, and each one's parameter count shown.
    void builtinsAndPastedText()
    {
        app::CompareDialog dialog;
        dialog.show();
        QString error;
        QVERIFY2(dialog.addBuiltin(QStringLiteral("GDAS_V1"), &error), qPrintable(error));
        QVERIFY2(dialog.addBuiltin(QStringLiteral("DARTS_V2"), &error), qPrintable(error));
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        const model::Genotype darts = *model::builtinGenotype("DARTS_V2");
        // GDAS_V1 again, as a user would paste it from the paper's code.
        const QString literal = QString::fromStdString(model::format(gdas, model::GenotypeFormat::DartsLiteral));
        QVERIFY2(dialog.addFromText(literal, &error), qPrintable(error));
        QCOMPARE(dialog.entryCount(), 3);

        const GenotypeCompareView *view = dialog.compareView();
        QCOMPARE(view->entries().size(), std::size_t(3));
        QCOMPARE(view->entries()[0].label, QStringLiteral("GDAS_V1"));
        QCOMPARE(view->entries()[1].label, QStringLiteral("DARTS_V2"));
        QVERIFY(view->entries()[2].genotype.normal == gdas.normal);
        QVERIFY(view->entries()[2].genotype.reduce == gdas.reduce);

        // Summaries: the reference, DARTS_V2's differences, the pasted copy the same.
        const QStringList summaries = view->summaries();
        QCOMPARE(summaries.size(), 3);
        QCOMPARE(summaries[0], QStringLiteral("reference"));
        QCOMPARE(summaries[1], GenotypeCompareView::differences(darts, gdas).join(QLatin1Char('\n')));
        QVERIFY(summaries[1].contains(QLatin1String("normal node")));
        QVERIFY(summaries[1].contains(QLatin1String("reduce node")));
        QVERIFY2(summaries[2].startsWith(QLatin1String("same cells as GDAS_V1")), qPrintable(summaries[2]));

        // Highlighting: none on the reference or the identical copy; on DARTS_V2 exactly the
        // ops GDAS_V1 lacks, in both cells.
        for (bool reduction : {false, true}) {
            QCOMPARE(highlightedLabels(view->cellView(0, reduction)), 0);
            QCOMPARE(highlightedLabels(view->cellView(2, reduction)), 0);
        }
        const int normalDiff = flagged(GenotypeCompareView::differingOps(darts.normal, gdas.normal));
        const int reduceDiff = flagged(GenotypeCompareView::differingOps(darts.reduce, gdas.reduce));
        QVERIFY(normalDiff > 0 && reduceDiff > 0);
        QCOMPARE(highlightedLabels(view->cellView(1, false)), normalDiff);
        QCOMPARE(highlightedLabels(view->cellView(1, true)), reduceDiff);

        // Parameter counts at the default evaluation network (C=36, 20 cells), as the engine
        // counts them; both published cells are about 3.3M parameters there.
        QTRY_VERIFY_WITH_TIMEOUT(allCounted(dialog), 30000);
        const auto &entries = view->entries();
        QString countError;
        QCOMPARE(entries[0].parameters, app::ParameterCounter::count(gdas, 0, 0, &countError));
        QCOMPARE(entries[1].parameters, app::ParameterCounter::count(darts, 0, 0, &countError));
        QCOMPARE(entries[2].parameters, entries[0].parameters);
        QVERIFY(entries[0].parameters != entries[1].parameters);
        for (const auto &entry : entries)
            QVERIFY2(entry.parameters > 2'500'000 && entry.parameters < 4'000'000, qPrintable(entry.label));
        // Shown in the list and above each column, in millions.
        const QString gdasMillions = QString::number(entries[0].parameters / 1e6, 'f', 2);
        QVERIFY2(listTexts(dialog).at(0).contains(gdasMillions + QStringLiteral(" M")),
                 qPrintable(listTexts(dialog).join('|')));
        bool titleShown = false;
        for (const QLabel *label : view->findChildren<QLabel *>())
            titleShown |= label->text().contains(QLatin1String("GDAS_V1")) &&
                          label->text().contains(gdasMillions + QStringLiteral(" M parameters"));
        QVERIFY(titleShown);
    }

    // A smaller evaluation network is counted again, and smaller.
    void evaluationNetworkChangesCounts()
    {
        app::CompareDialog dialog;
        QString error;
        QVERIFY(dialog.addBuiltin(QStringLiteral("GDAS_V1"), &error));
        QVERIFY(dialog.addBuiltin(QStringLiteral("DARTS_V1"), &error));
        QTRY_VERIFY_WITH_TIMEOUT(allCounted(dialog), 30000);
        const qint64 full = dialog.compareView()->entries()[0].parameters;
        dialog.setEvaluationNetwork(16, 8);
        QTRY_VERIFY_WITH_TIMEOUT(allCounted(dialog), 30000);
        const qint64 small = dialog.compareView()->entries()[0].parameters;
        QVERIFY(small > 0 && small < full);
        QCOMPARE(small, app::ParameterCounter::count(*model::builtinGenotype("GDAS_V1"), 16, 8, &error));
    }

    // NAS-Bench-201 strings pasted as text; one op apart.
    void pastedNasBench201()
    {
        app::CompareDialog dialog;
        QString error;
        const QString a = QStringLiteral(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        const QString b = QStringLiteral(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        QVERIFY2(dialog.addFromText(a, &error), qPrintable(error));
        QVERIFY2(dialog.addFromText(b, &error), qPrintable(error));
        const GenotypeCompareView *view = dialog.compareView();
        QCOMPARE(view->entries().size(), std::size_t(2));
        QCOMPARE(view->entries()[0].label, QStringLiteral("Pasted 1"));
        QCOMPARE(view->entries()[1].label, QStringLiteral("Pasted 2"));
        QVERIFY(!view->cellView(0, true)); // one cell type only
        QCOMPARE(highlightedLabels(view->cellView(1, false)), 1);
        QCOMPARE(view->summaries()[1].count(QLatin1Char('\n')), 0); // one difference, one line
        QVERIFY(view->summaries()[1].contains(QLatin1String("nor_conv_3x3")));
        QTRY_VERIFY_WITH_TIMEOUT(allCounted(dialog), 30000);
        // A 3x3 convolution has more weights than a pooling.
        QVERIFY(view->entries()[1].parameters > view->entries()[0].parameters);
    }

    // Two to four: a fifth is refused with the reason, bad text too; removing makes room.
    void limitsAndBadInput()
    {
        app::CompareDialog dialog;
        QString error;
        QVERIFY(!dialog.addFromText(QStringLiteral("Genotype(normal=[('sep_conv_3x3', 0)"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!dialog.addBuiltin(QStringLiteral("NO_SUCH_CELL"), &error));
        QVERIFY(error.contains(QLatin1String("NO_SUCH_CELL")));
        QCOMPARE(dialog.entryCount(), 0);
        QCOMPARE(dialog.compareView()->summaries().size(), 0);

        for (const char *name : {"GDAS_V1", "DARTS_V1", "DARTS_V2", "GDAS_FRC"})
            QVERIFY2(dialog.addBuiltin(QLatin1String(name), &error), qPrintable(error));
        QCOMPARE(dialog.entryCount(), app::CompareDialog::kMaxEntries);
        QVERIFY(!dialog.addBuiltin(QStringLiteral("GDAS_V1"), &error));
        QVERIFY(error.contains(QLatin1String("4")));
        QCOMPARE(dialog.compareView()->entries().size(), std::size_t(4));

        dialog.removeEntry(0);
        QCOMPARE(dialog.entryCount(), 3);
        // The next one is now the reference.
        QCOMPARE(dialog.compareView()->entries()[0].label, QStringLiteral("DARTS_V1"));
        QCOMPARE(dialog.compareView()->summaries()[0], QStringLiteral("reference"));
        QVERIFY(dialog.addAny(QStringLiteral("GDAS_V1"), &error));
        QCOMPARE(dialog.entryCount(), 4);
    }

    // A genotype file through addAny; a folder that is no run directory is refused by name.
    void fromFileAndFolder()
    {
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        QDir root(m_tmp.path());
        QVERIFY(root.mkpath(QStringLiteral("not-a-run")));
        const QString path = root.filePath(QStringLiteral("cell.json"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(model::format(gdas, model::GenotypeFormat::Json).c_str());
        }
        app::CompareDialog dialog;
        QString error;
        QVERIFY(dialog.addBuiltin(QStringLiteral("DARTS_V2"), &error));
        QVERIFY2(dialog.addAny(path, &error), qPrintable(error));
        QCOMPARE(dialog.entryCount(), 2);
        QCOMPARE(dialog.compareView()->entries()[1].label, QStringLiteral("cell.json"));
        QVERIFY(dialog.compareView()->entries()[1].genotype == gdas);
        QVERIFY(!dialog.addAny(root.filePath(QStringLiteral("not-a-run")), &error));
        QVERIFY2(error.contains(QLatin1String("not-a-run")), qPrintable(error));
        QCOMPARE(dialog.entryCount(), 2);
    }

    // The cells shown as a table for papers: sizes as the engine counts them, the benchmark's
    // test accuracy from a chosen database (remembered), Markdown and LaTeX; files are never
    // replaced unless told to.
    void exportsTheCellsAsATable()
    {
        const QString kInBenchmark = QStringLiteral(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        const QString kNotInBenchmark = QStringLiteral(
            "|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        // A one-architecture benchmark: 93.5 % test on cifar10, 70.25 % on cifar100.
        const QString simple = m_tmp.filePath(QStringLiteral("nats-simple"));
        QVERIFY(QDir().mkpath(simple));
        nats_fixture::Architecture a;
        a.index = 0;
        a.arch = kInBenchmark.toStdString();
        a.results["200"]["cifar10"] = {nats_fixture::trial("cifar10", 777, 0.0, 93.5, 1.0, 100.0)};
        a.results["200"]["cifar100"] = {nats_fixture::trial("cifar100", 777, 70.0, 70.25, 1.0, 100.0)};
        nats_fixture::writeSimpleFolder(simple.toStdString(), {a.arch}, {a});
        const QString db = m_tmp.filePath(QStringLiteral("nb201.sqlite"));
        benchmark::importNatsTopology(simple.toStdString(), db.toStdString());

        QString error;
        {
            app::CompareDialog dialog;
            QVERIFY(dialog.benchmarkDatabase().isEmpty());
            QVERIFY(!dialog.setBenchmarkDatabase(m_tmp.filePath(QStringLiteral("missing.sqlite")), &error));
            QVERIFY2(error.contains(QStringLiteral("missing.sqlite")), qPrintable(error));
            QVERIFY2(dialog.setBenchmarkDatabase(db, &error), qPrintable(error));
        }
        app::CompareDialog dialog; // a new one remembers the database
        QCOMPARE(dialog.benchmarkDatabase(), db);
        QCOMPARE(dialog.benchmarkDataset(), QStringLiteral("cifar10"));
        QVERIFY(dialog.addFromText(kInBenchmark, &error));
        QVERIFY(dialog.addFromText(kNotInBenchmark, &error));
        QVERIFY(dialog.addBuiltin(QStringLiteral("GDAS_V1"), &error));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.sizesKnown(), 60000);

        const model::TextTable table = dialog.cellTable();
        QCOMPARE(table.header, (std::vector<std::string>{"Cell", "Params (M)", "Mult-Adds (M)", "cifar10 test (%)"}));
        QCOMPARE(table.rows.size(), std::size_t(3));
        QCOMPARE(table.rows[0][0], std::string("Pasted 1"));
        QCOMPARE(table.rows[0][3], std::string("93.50"));
        QCOMPARE(table.rows[1][3], std::string("\u2013")); // not in the benchmark
        QCOMPARE(table.rows[2][3], std::string("\u2013")); // another space
        for (int i = 0; i < 3; ++i) {
            const model::Genotype g = dialog.compareView()->entries()[static_cast<std::size_t>(i)].genotype;
            QString countError;
            const qint64 parameters = app::ParameterCounter::count(g, 0, 0, &countError);
            QVERIFY(parameters > 0);
            QCOMPARE(QString::fromStdString(table.rows[static_cast<std::size_t>(i)][1]),
                     QString::number(parameters / 1e6, 'f', 2));
            QVERIFY(table.rows[static_cast<std::size_t>(i)][2] != "\u2013"); // multiply-adds counted
        }
        // GDAS_V1 at C=36, 20 cells: hundreds of millions of multiply-adds.
        QVERIFY(std::stod(table.rows[2][2]) > 300.0);
        QVERIFY(table.caption.find("NetworkCIFAR, C=36, 20 cells") != std::string::npos);
        QVERIFY(table.caption.find("TinyNetwork, C=16, N=5") != std::string::npos);

        // The list names the accuracy too.
        QVERIFY2(listTexts(dialog).at(0).contains(QStringLiteral("93.50 % on cifar10")),
                 qPrintable(listTexts(dialog).join('|')));
        QVERIFY(!listTexts(dialog).at(1).contains(QStringLiteral(" % on ")));
        dialog.setBenchmarkDataset(QStringLiteral("cifar100"));
        QVERIFY(listTexts(dialog).at(0).contains(QStringLiteral("70.25 % on cifar100")));
        QCOMPARE(dialog.cellTable().rows[0][3], std::string("70.25"));
        QCOMPARE(dialog.cellTable().header[3], std::string("cifar100 test (%)"));

        const QString md = m_tmp.filePath(QStringLiteral("cells.md"));
        const QString tex = m_tmp.filePath(QStringLiteral("cells.tex"));
        QVERIFY2(dialog.exportTable(md, &error), qPrintable(error));
        QVERIFY2(dialog.exportTable(tex, &error), qPrintable(error));
        QFile mdFile(md), texFile(tex);
        QVERIFY(mdFile.open(QIODevice::ReadOnly) && texFile.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(mdFile.readAll());
        const QString latex = QString::fromUtf8(texFile.readAll());
        QCOMPARE(markdown, QString::fromStdString(model::toMarkdown(dialog.cellTable())));
        QVERIFY2(markdown.contains(QStringLiteral("| Pasted 1 |")) && markdown.contains(QStringLiteral("| 70.25 |")),
                 qPrintable(markdown));
        QVERIFY(latex.contains(QStringLiteral("\\toprule")) && latex.contains(QStringLiteral("\\bottomrule")));
        QVERIFY2(latex.contains(QStringLiteral("cifar100 test (\\%)")), qPrintable(latex));
        QVERIFY(latex.contains(QStringLiteral("GDAS\\_V1")));
        // An existing file stays unless replacing was asked for.
        QVERIFY(!dialog.exportTable(md, &error));
        QVERIFY2(error.contains(QStringLiteral("cells.md")) && error.contains(QStringLiteral("exists")),
                 qPrintable(error));
        dialog.setBenchmarkDataset(QStringLiteral("cifar10"));
        QVERIFY2(dialog.exportTable(md, &error, true), qPrintable(error));
        QFile again(md);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(again.readAll()).contains(QStringLiteral("| 93.50 |")));

        dialog.copyTable(app::TableFormat::Latex);
        QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromStdString(model::toLatex(dialog.cellTable())));
        QVERIFY(dialog.setBenchmarkDatabase(QString(), &error)); // forgotten
        QCOMPARE(dialog.cellTable().header.size(), std::size_t(3));
        app::CompareDialog later;
        QVERIFY(later.benchmarkDatabase().isEmpty());
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestCompareDialog)
#include "tst_comparedialog.moc"
