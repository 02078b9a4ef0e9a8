#include "FigureChecks.h"

#include "widgets/CellGraphView.h"
#include "widgets/GenotypeCompareView.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QtTest>

using namespace gdas;
using widgets::CellGraphView;
using widgets::CompareEntry;
using widgets::GenotypeCompareView;

namespace {

int boldLabels(const CellGraphView *view)
{
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

} // namespace

class TestGenotypeCompareView : public QObject {
    Q_OBJECT

private slots:
    void differingOpsPerNode()
    {
        const model::CellGenotype reference = {{{"sep_conv_3x3", 0}, {"sep_conv_3x3", 1}},
                                               {{"skip_connect", 0}, {"sep_conv_3x3", 2}}};
        const model::CellGenotype cell = {{{"sep_conv_3x3", 1}, {"dil_conv_5x5", 0}},
                                          {{"sep_conv_3x3", 2}, {"sep_conv_3x3", 0}},
                                          {{"max_pool_3x3", 0}, {"skip_connect", 3}}};
        const auto flags = GenotypeCompareView::differingOps(cell, reference);
        // Order within a node does not matter; an op with another input does; extra nodes differ.
        QCOMPARE(flags, (std::vector<std::vector<bool>>{{false, true}, {false, true}, {true, true}}));
        QCOMPARE(flagged(GenotypeCompareView::differingOps(reference, reference)), 0);
    }

    void builtinsDiffer()
    {
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        const model::Genotype darts = *model::builtinGenotype("DARTS_V2");
        GenotypeCompareView view;
        view.resize(1200, 800);
        view.setEntries({{QStringLiteral("GDAS_V1"), gdas, 3400000}, {QStringLiteral("DARTS_V2"), darts, 3300000}});
        QCOMPARE(static_cast<int>(view.entries().size()), 2);
        const QStringList summaries = view.summaries();
        QCOMPARE(summaries.size(), 2);
        QCOMPARE(summaries[0], QStringLiteral("reference"));
        // DARTS_V2's node 0 takes sep_conv_3x3 from both inputs; GDAS_V1's skip_connect.
        QVERIFY2(
            summaries[1].contains(QStringLiteral(
                "normal node 0: sep_conv_3x3←c_{k-2}, sep_conv_3x3←c_{k-1} vs skip_connect←c_{k-2}, skip_connect←c_{k-1}")),
            qPrintable(summaries[1]));
        // Both have skip_connect←c_{k-2} into node 2: only the other op of that node differs.
        QVERIFY2(summaries[1].contains(QStringLiteral("normal node 2: sep_conv_3x3←c_{k-1} vs sep_conv_3x3←1")),
                 qPrintable(summaries[1]));
        QVERIFY(summaries[1].contains(QStringLiteral("reduce node 0: max_pool_3x3←c_{k-2}, max_pool_3x3←c_{k-1}")));

        const auto normalFlags = GenotypeCompareView::differingOps(darts.normal, gdas.normal);
        QCOMPARE(normalFlags[2], (std::vector<bool>{true, false}));
        QCOMPARE(flagged(normalFlags), 7);
        // The views draw exactly the flagged ops highlighted; the reference none.
        QCOMPARE(boldLabels(view.cellView(1, false)), 7);
        QCOMPARE(boldLabels(view.cellView(1, true)),
                 flagged(GenotypeCompareView::differingOps(darts.reduce, gdas.reduce)));
        QCOMPARE(boldLabels(view.cellView(0, false)), 0);
        QVERIFY(view.cellView(2, false) == nullptr);
    }

    void identicalAndForeignEntries()
    {
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        model::Genotype copy = gdas;
        copy.name = "copy";
        const model::Genotype nb = model::parseGenotype(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        QVERIFY(GenotypeCompareView::differences(copy, gdas).isEmpty());
        const QStringList foreign = GenotypeCompareView::differences(nb, gdas);
        QCOMPARE(foreign.size(), 1);
        QVERIFY(foreign.front().startsWith(QStringLiteral("different search spaces")));

        GenotypeCompareView view;
        view.setEntries({{QStringLiteral("a"), gdas, -1},
                         {QStringLiteral("b"), copy, -1},
                         {QStringLiteral("c"), nb, -1},
                         {QStringLiteral("d"), gdas, -1},
                         {QStringLiteral("e"), gdas, -1}});
        QCOMPARE(static_cast<int>(view.entries().size()), 4); // at most four are compared
        QCOMPARE(view.summaries()[1], QStringLiteral("same cells as a"));
        QVERIFY(view.summaries()[2].startsWith(QStringLiteral("different search spaces")));
        QVERIFY(view.cellView(2, true) == nullptr); // NAS-Bench-201 has one cell
        QCOMPARE(boldLabels(view.cellView(1, false)), 0);
        QCOMPARE(boldLabels(view.cellView(2, false)), 0);
    }

    void nasBench201NodesDiffer()
    {
        const model::Genotype a = model::parseGenotype(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        const model::Genotype b = model::parseGenotype(
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        const QStringList lines = GenotypeCompareView::differences(b, a);
        QCOMPARE(lines, QStringList({QStringLiteral("cell node 2: nor_conv_1x1←0 vs nor_conv_3x3←0")}));
    }

    void exports()
    {
        GenotypeCompareView view;
        QString error;
        QVERIFY(!view.exportFigure(QDir::temp().filePath(QStringLiteral("gdas-none.svg")), QSize(100, 100), &error));
        view.setEntries({{QStringLiteral("GDAS_V1"), *model::builtinGenotype("GDAS_V1"), 3400000},
                         {QStringLiteral("DARTS_V2"), *model::builtinGenotype("DARTS_V2"), 3300000}});
        widgets::testdata::checkFigureExports(
            [&](const QString &path, QSize size, QString *err) { return view.exportFigure(path, size, err); },
            QSize(1200, 900));
    }
};

QTEST_MAIN(TestGenotypeCompareView)
#include "tst_genotypecompareview.moc"
