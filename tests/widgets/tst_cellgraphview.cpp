#include "FigureChecks.h"
#include "WidgetTestData.h"

#include "widgets/CellGraphView.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QtTest>

#include <map>

using namespace gdas;
using widgets::CellGraphView;

namespace {

QStringList opsOf(const model::CellGenotype &cell)
{
    QStringList ops;
    for (const auto &node : cell)
        for (const model::GenotypeOp &op : node)
            ops << QString::fromStdString(op.op);
    return ops;
}

QList<QGraphicsItem *> itemsOfKind(const CellGraphView &view, CellGraphView::ItemKind kind)
{
    QList<QGraphicsItem *> found;
    for (QGraphicsItem *item : view.scene()->items(Qt::AscendingOrder))
        if (item->data(CellGraphView::KindKey).toInt() == static_cast<int>(kind))
            found << item;
    return found;
}

const char *kNb201 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|";

} // namespace

class TestCellGraphView : public QObject {
    Q_OBJECT

private slots:
    void builtinCells_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("reduction");
        for (const char *name : {"GDAS_V1", "DARTS_V2", "DARTS_V1"}) {
            QTest::addRow("%s normal", name) << QString::fromLatin1(name) << false;
            QTest::addRow("%s reduce", name) << QString::fromLatin1(name) << true;
        }
    }

    void builtinCells()
    {
        QFETCH(QString, name);
        QFETCH(bool, reduction);
        const auto genotype = model::builtinGenotype(name.toStdString());
        QVERIFY(genotype.has_value());
        CellGraphView view;
        view.resize(800, 400);
        view.setCell(*genotype, reduction);
        QVERIFY2(view.layoutError().isEmpty(), qPrintable(view.layoutError()));

        const model::CellGenotype &cell = reduction ? genotype->reduce : genotype->normal;
        QCOMPARE(view.edgeLabels(), opsOf(cell));
        QCOMPARE(view.chosenEdgeCount(), 8);
        QCOMPARE(view.candidateEdgeCount(), 0);
        QCOMPARE(view.nodeLabels(), QStringList({"c_{k-2}", "c_{k-1}", "0", "1", "2", "3", "c_{k}"}));

        // The scene holds what the inspection says: nodes, chosen edges, one label per edge.
        QCOMPARE(itemsOfKind(view, CellGraphView::ItemKind::Node).size(), 7);
        QCOMPARE(itemsOfKind(view, CellGraphView::ItemKind::ChosenEdge).size(), 8);
        QCOMPARE(itemsOfKind(view, CellGraphView::ItemKind::OutputEdge).size(), 4);
        QStringList sceneLabels;
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::EdgeLabel)) {
            auto *text = dynamic_cast<QGraphicsSimpleTextItem *>(item);
            QVERIFY(text);
            QCOMPARE(text->text(), item->data(CellGraphView::LabelKey).toString());
            sceneLabels << text->text();
        }
        QStringList expected = opsOf(cell);
        sceneLabels.sort();
        expected.sort();
        QCOMPARE(sceneLabels, expected);
        // Each edge runs from its tail node to its head node (Graphviz's y axis is flipped right),
        // and the whole drawing lies inside the scene the view fits.
        std::map<QString, QRectF> nodeRects;
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::Node))
            nodeRects[item->data(CellGraphView::LabelKey).toString()] = item->sceneBoundingRect();
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::ChosenEdge)) {
            const QPainterPath path = static_cast<QGraphicsPathItem *>(item)->path();
            const QRectF tail = nodeRects.at(item->data(CellGraphView::FromKey).toString());
            const QRectF head = nodeRects.at(item->data(CellGraphView::ToKey).toString());
            QVERIFY(tail.adjusted(-3, -3, 3, 3).contains(path.pointAtPercent(0.0)));
            // The path stops where the arrow head starts, about 10 points before the node.
            QVERIFY(head.adjusted(-14, -14, 14, 14).contains(path.pointAtPercent(1.0)));
            QVERIFY(!head.adjusted(-14, -14, 14, 14).contains(path.pointAtPercent(0.0)));
            QVERIFY(view.scene()->sceneRect().contains(item->sceneBoundingRect()));
        }
    }

    void nasBench201Cell()
    {
        const model::Genotype genotype = model::parseGenotype(kNb201);
        CellGraphView view;
        view.setCell(genotype, false);
        QVERIFY2(view.layoutError().isEmpty(), qPrintable(view.layoutError()));
        QCOMPARE(view.nodeLabels(), QStringList({"0", "1", "2", "3"}));
        QCOMPARE(view.edgeLabels(), opsOf(genotype.normal));
        QCOMPARE(view.chosenEdgeCount(), 6);
        QCOMPARE(itemsOfKind(view, CellGraphView::ItemKind::OutputEdge).size(), 0);
        // The 'none' edge is drawn (dashed): it is part of the genotype.
        bool dashedNone = false;
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::ChosenEdge))
            if (item->data(CellGraphView::LabelKey).toString() == QLatin1String("none"))
                dashedNone = static_cast<QGraphicsPathItem *>(item)->pen().style() == Qt::DashLine;
        QVERIFY(dashedNone);
    }

    void showAllCandidates_data()
    {
        QTest::addColumn<QString>("genotype");
        QTest::addColumn<int>("allEdges");
        QTest::newRow("darts GDAS_V1") << QStringLiteral("GDAS_V1") << 14;
        QTest::newRow("darts DARTS_V2") << QStringLiteral("DARTS_V2") << 14;
        QTest::newRow("nb201") << QString::fromLatin1(kNb201) << 6;
    }

    void showAllCandidates()
    {
        QFETCH(QString, genotype);
        QFETCH(int, allEdges);
        const model::Genotype g = model::resolveGenotype(genotype.toStdString());
        const model::AlphaTable alphas = widgets::testdata::alphasFavouring(g, false);
        CellGraphView view;
        view.setCell(g, false, &alphas);
        const int chosen = view.chosenEdgeCount();
        QCOMPARE(view.candidateEdgeCount(), 0);
        view.setShowAllCandidates(true);
        QCOMPARE(view.edgeCount(), allEdges);
        QCOMPARE(view.chosenEdgeCount(), chosen);
        QCOMPARE(itemsOfKind(view, CellGraphView::ItemKind::CandidateEdge).size(), allEdges - chosen);
        // A candidate is labelled with its strongest op other than 'none' and that probability.
        const QStringList labels = view.edgeLabels();
        for (int i = chosen; i < labels.size(); ++i) {
            QVERIFY(!labels[i].isEmpty());
            QVERIFY(labels[i] != QLatin1String("none"));
        }
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::CandidateEdge)) {
            const double p = item->data(CellGraphView::ProbabilityKey).toDouble();
            QVERIFY(p > 0.0 && p < 1.0);
        }
        view.setShowAllCandidates(false);
        QCOMPARE(view.edgeCount(), chosen);
    }

    void probabilitiesDriveWidthAndTooltip()
    {
        const model::Genotype g = *model::builtinGenotype("GDAS_V1");
        model::AlphaTable alphas = widgets::testdata::alphasFavouring(g, false);
        // Make the first chosen edge (skip_connect from c_{k-2} into node 0) near certain and
        // the second (skip_connect from c_{k-1}) near uniform.
        const int strongRow = 0, weakRow = 1;
        QCOMPARE(alphas.edges[strongRow].from, 0);
        QCOMPARE(alphas.edges[weakRow].from, 1);
        const int skip = 1;
        QCOMPARE(alphas.ops[skip], std::string("skip_connect"));
        for (int c = 0; c < alphas.cols(); ++c) {
            alphas.probs[strongRow * alphas.cols() + c] = c == skip ? 0.93f : 0.01f;
            alphas.probs[weakRow * alphas.cols() + c] = c == skip ? 0.14f : 0.86f / 7;
        }
        CellGraphView view;
        view.setCell(g, false, &alphas);
        QGraphicsPathItem *strong = nullptr, *weak = nullptr;
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::ChosenEdge)) {
            const double p = item->data(CellGraphView::ProbabilityKey).toDouble();
            if (qFuzzyCompare(p, static_cast<double>(0.93f)))
                strong = static_cast<QGraphicsPathItem *>(item);
            if (qFuzzyCompare(p, static_cast<double>(0.14f)))
                weak = static_cast<QGraphicsPathItem *>(item);
        }
        QVERIFY(strong && weak);
        QVERIFY(strong->pen().widthF() > weak->pen().widthF() + 1.5);
        QVERIFY(strong->pen().color() != weak->pen().color());

        // The tooltip lists every op of the edge with its probability.
        const QString tip = strong->toolTip();
        for (const std::string &op : alphas.ops)
            QVERIFY2(tip.contains(QString::fromStdString(op)), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("0.930")));
        QVERIFY(tip.contains(QStringLiteral("0.010")));
        QCOMPARE(view.edgeToolTips().size(), 8);
        QCOMPARE(view.edgeToolTips().front(), tip);

        // Without α the tooltip says so instead of inventing numbers.
        view.setCell(g, false);
        QVERIFY(!view.edgeToolTips().front().contains(QStringLiteral("0.")));
    }

    void highlightedOpsAreMarked()
    {
        const model::Genotype g = *model::builtinGenotype("DARTS_V2");
        CellGraphView view;
        view.setCell(g, false);
        std::vector<std::vector<bool>> flags(g.normal.size(), std::vector<bool>(2, false));
        flags[1][0] = true;
        flags[3][1] = true;
        view.setHighlightedOps(flags);
        QStringList bold;
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::EdgeLabel))
            if (static_cast<QGraphicsSimpleTextItem *>(item)->font().bold())
                bold << item->data(CellGraphView::LabelKey).toString();
        bold.sort();
        QStringList expected{QString::fromStdString(g.normal[1][0].op), QString::fromStdString(g.normal[3][1].op)};
        expected.sort();
        QCOMPARE(bold, expected);
        // Highlights survive a relayout (show all candidates), and go with a new cell.
        view.setShowAllCandidates(true);
        int boldCount = 0;
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::EdgeLabel))
            boldCount += static_cast<QGraphicsSimpleTextItem *>(item)->font().bold() ? 1 : 0;
        QCOMPARE(boldCount, 2);
        view.setCell(g, false);
        for (QGraphicsItem *item : itemsOfKind(view, CellGraphView::ItemKind::EdgeLabel))
            QVERIFY(!static_cast<QGraphicsSimpleTextItem *>(item)->font().bold());
    }

    void clearLeavesAnEmptyScene()
    {
        CellGraphView view;
        view.setCell(*model::builtinGenotype("GDAS_V1"), true);
        QVERIFY(view.hasCell());
        view.clearCell();
        QVERIFY(!view.hasCell());
        QCOMPARE(view.edgeCount(), 0);
        QVERIFY(view.scene()->items().isEmpty());
    }

    void exports()
    {
        const model::Genotype g = *model::builtinGenotype("GDAS_V1");
        const model::AlphaTable alphas = widgets::testdata::alphasFavouring(g, true);
        CellGraphView view;
        view.setCell(g, true, &alphas);
        widgets::testdata::checkFigureExports(
            [&](const QString &path, QSize size, QString *error) { return view.exportFigure(path, size, error); });
    }
};

QTEST_MAIN(TestCellGraphView)
#include "tst_cellgraphview.moc"
