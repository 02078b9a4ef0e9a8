#include "model/SearchSpace.h"

#include "ModelTestPrinters.h"

#include <QtTest>

#include <stdexcept>

using gdas::model::CellEdge;
using gdas::model::kindName;
using gdas::model::SearchSpace;
using gdas::model::SpaceKind;

Q_DECLARE_METATYPE(SpaceKind)

class TestSearchSpace : public QObject {
    Q_OBJECT

private slots:
    void dartsOpsInAlphaColumnOrder();
    void dartsEdgesInToFromOrder();
    void nasBench201Layout();
    void opAndEdgeLookups();
    void extendedOpsAreKnownButNotSearched();
    void edgeLabels_data();
    void edgeLabels();
    void edgeLabelRejectsMissingEdge();
    void byName_data();
    void byName();
    void byNameRejectsUnknown();
    void spaceNames();
};

void TestSearchSpace::dartsOpsInAlphaColumnOrder()
{
    const SearchSpace &s = SearchSpace::darts();
    const std::vector<std::string> expected = {"none",         "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
                                               "dil_conv_3x3", "dil_conv_5x5", "avg_pool_3x3", "max_pool_3x3"};
    QCOMPARE(s.ops, expected);
    QCOMPARE(kindName(s.kind), kindName(SpaceKind::Darts));
    QCOMPARE(s.inputNodes, 2);
    QCOMPARE(s.intermediateNodes, 4);
    QVERIFY(s.hasReductionCell);
    QCOMPARE(s.opCount(), 8);
}

void TestSearchSpace::dartsEdgesInToFromOrder()
{
    const SearchSpace &s = SearchSpace::darts();
    QCOMPARE(s.edgeCount(), 14);
    const int expected[14][2] = {{2, 0}, {2, 1}, {3, 0}, {3, 1}, {3, 2}, {4, 0}, {4, 1},
                                 {4, 2}, {4, 3}, {5, 0}, {5, 1}, {5, 2}, {5, 3}, {5, 4}};
    for (int i = 0; i < 14; ++i) {
        QCOMPARE(s.edges[static_cast<std::size_t>(i)].to, expected[i][0]);
        QCOMPARE(s.edges[static_cast<std::size_t>(i)].from, expected[i][1]);
    }
}

void TestSearchSpace::nasBench201Layout()
{
    const SearchSpace &s = SearchSpace::nasBench201();
    const std::vector<std::string> expected = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
    QCOMPARE(s.ops, expected);
    QCOMPARE(kindName(s.kind), kindName(SpaceKind::NasBench201));
    QCOMPARE(s.inputNodes, 1);
    QCOMPARE(s.intermediateNodes, 3);
    QVERIFY(!s.hasReductionCell);
    QCOMPARE(s.edgeCount(), 6);
    const int edges[6][2] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {3, 2}};
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(s.edges[static_cast<std::size_t>(i)].to, edges[i][0]);
        QCOMPARE(s.edges[static_cast<std::size_t>(i)].from, edges[i][1]);
    }
    QVERIFY(s.extendedOps.empty());
}

void TestSearchSpace::opAndEdgeLookups()
{
    const SearchSpace &d = SearchSpace::darts();
    QCOMPARE(d.opIndex("none"), 0);
    QCOMPARE(d.opIndex("sep_conv_3x3"), 2);
    QCOMPARE(d.opIndex("max_pool_3x3"), 7);
    QCOMPARE(d.opIndex("nor_conv_3x3"), -1);
    QCOMPARE(d.edgeIndex(2, 0), 0);
    QCOMPARE(d.edgeIndex(3, 2), 4);
    QCOMPARE(d.edgeIndex(5, 4), 13);
    QCOMPARE(d.edgeIndex(2, 2), -1);
    QCOMPARE(d.edgeIndex(6, 0), -1);

    const SearchSpace &n = SearchSpace::nasBench201();
    QCOMPARE(n.opIndex("nor_conv_1x1"), 2);
    QCOMPARE(n.opIndex("sep_conv_3x3"), -1);
    QCOMPARE(n.edgeIndex(3, 2), 5);
    QCOMPARE(n.edgeIndex(1, 1), -1);
}

void TestSearchSpace::extendedOpsAreKnownButNotSearched()
{
    const SearchSpace &d = SearchSpace::darts();
    for (const char *op : {"sep_conv_7x7", "conv_7x1_1x7", "conv_3x1_1x3"}) {
        QVERIFY2(d.knowsOp(op), op);
        QCOMPARE(d.opIndex(op), -1);
    }
    QVERIFY(d.knowsOp("sep_conv_3x3"));
    QVERIFY(!d.knowsOp("sep_conv_9x9"));
    QVERIFY(!SearchSpace::nasBench201().knowsOp("sep_conv_7x7"));
}

void TestSearchSpace::edgeLabels_data()
{
    QTest::addColumn<SpaceKind>("space");
    QTest::addColumn<int>("edge");
    QTest::addColumn<QString>("label");
    QTest::newRow("darts c_{k-2} to first node") << SpaceKind::Darts << 0 << QStringLiteral("c_{k-2} → 0");
    QTest::newRow("darts c_{k-1} to first node") << SpaceKind::Darts << 1 << QStringLiteral("c_{k-1} → 0");
    QTest::newRow("darts node to node") << SpaceKind::Darts << 4 << QStringLiteral("0 → 1");
    QTest::newRow("darts last edge") << SpaceKind::Darts << 13 << QStringLiteral("2 → 3");
    QTest::newRow("nb201 first edge") << SpaceKind::NasBench201 << 0 << QStringLiteral("0 → 1");
    QTest::newRow("nb201 last edge") << SpaceKind::NasBench201 << 5 << QStringLiteral("2 → 3");
}

void TestSearchSpace::edgeLabels()
{
    QFETCH(SpaceKind, space);
    QFETCH(int, edge);
    QFETCH(QString, label);
    QCOMPARE(QString::fromStdString(SearchSpace::of(space).edgeLabel(edge)), label);
}

void TestSearchSpace::edgeLabelRejectsMissingEdge()
{
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, SearchSpace::darts().edgeLabel(14));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, SearchSpace::nasBench201().edgeLabel(-1));
}

void TestSearchSpace::byName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<SpaceKind>("kind");
    QTest::newRow("darts") << "darts" << SpaceKind::Darts;
    QTest::newRow("DARTS") << "DARTS" << SpaceKind::Darts;
    QTest::newRow("nasnet") << "nasnet" << SpaceKind::Darts;
    QTest::newRow("nas-bench-201") << "nas-bench-201" << SpaceKind::NasBench201;
    QTest::newRow("nb201") << "nb201" << SpaceKind::NasBench201;
    QTest::newRow("NB201") << "NB201" << SpaceKind::NasBench201;
}

void TestSearchSpace::byName()
{
    QFETCH(QString, name);
    QFETCH(SpaceKind, kind);
    const SearchSpace &s = SearchSpace::byName(name.toStdString());
    QCOMPARE(kindName(s.kind), kindName(kind));
    QCOMPARE(&s, &SearchSpace::of(kind));
}

void TestSearchSpace::byNameRejectsUnknown()
{
    try {
        SearchSpace::byName("mobilenet");
        QFAIL("byName accepted an unknown space");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains("mobilenet"), e.what());
    }
}

void TestSearchSpace::spaceNames()
{
    QCOMPARE(kindName(SpaceKind::Darts), std::string("darts"));
    QCOMPARE(kindName(SpaceKind::NasBench201), std::string("nas-bench-201"));
    QCOMPARE(SearchSpace::darts().name, std::string("darts"));
    QCOMPARE(SearchSpace::nasBench201().name, std::string("nas-bench-201"));
}

QTEST_GUILESS_MAIN(TestSearchSpace)
#include "tst_searchspace.moc"
