#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"
#include "model/SearchHealth.h"

#include <QtTest>

#include <cmath>

using namespace gdas::model;

namespace {

// Every edge of `space` gets the same row of probabilities (ops in the space's column order).
AlphaTable sameRows(const SearchSpace &space, const std::vector<float> &row)
{
    std::vector<float> probs;
    for (int e = 0; e < space.edgeCount(); ++e)
        probs.insert(probs.end(), row.begin(), row.end());
    return AlphaTable(space, std::move(probs));
}

std::vector<float> oneHot(const SearchSpace &space, const char *op)
{
    std::vector<float> row(static_cast<std::size_t>(space.opCount()), 0.0f);
    row[static_cast<std::size_t>(space.opIndex(op))] = 1.0f;
    return row;
}

} // namespace

class TestSearchHealth : public QObject {
    Q_OBJECT

private slots:
    void parameterFreeOps()
    {
        for (const char *op : {"skip_connect", "max_pool_3x3", "avg_pool_3x3", "none"})
            QVERIFY2(isParameterFreeOp(op), op);
        for (const char *op : {"sep_conv_3x3", "dil_conv_5x5", "nor_conv_1x1", "nor_conv_3x3", ""})
            QVERIFY2(!isParameterFreeOp(op), op);
    }

    void uniformAlphaIsFlat()
    {
        const SearchSpace &space = SearchSpace::nasBench201();
        const AlphaTable t = sameRows(space, std::vector<float>(5, 0.2f));
        const Genotype g = deriveGenotype(space, t, {}, DeriveRule::GdasOfficial);
        const CellHealth h = cellHealth(t, nullptr, g.normal);
        QVERIFY(std::abs(h.meanEntropy - 1.0) < 1e-6);
        QVERIFY(std::abs(h.meanMargin) < 1e-7);
        QVERIFY(!h.changedEdges.has_value());
        // Ties go to the first column, 'none', on every edge: six parameter-free ops.
        QCOMPARE(h.derivedOps, 6);
        QCOMPARE(h.parameterFreeOps, 6);
        QCOMPARE(h.skipConnections, 0);
    }

    void oneHotAlphaIsDecided()
    {
        const SearchSpace &space = SearchSpace::nasBench201();
        const AlphaTable t = sameRows(space, oneHot(space, "skip_connect"));
        const Genotype g = deriveGenotype(space, t, {}, DeriveRule::GdasOfficial);
        const CellHealth h = cellHealth(t, nullptr, g.normal);
        QCOMPARE(h.meanEntropy, 0.0);
        QCOMPARE(h.meanMargin, 1.0);
        QCOMPARE(h.skipConnections, 6);
        QCOMPARE(h.parameterFreeOps, 6);
    }

    void entropyAndMarginByHand()
    {
        // none 0.5, skip 0.25, nor_conv_1x1 0.25: H = 0.5 ln 2 + 0.5 ln 4 = 1.5 ln 2, over ln 5.
        const SearchSpace &space = SearchSpace::nasBench201();
        const AlphaTable t = sameRows(space, {0.5f, 0.25f, 0.25f, 0.0f, 0.0f});
        const CellHealth h = cellHealth(t, nullptr, {});
        QVERIFY(std::abs(h.meanEntropy - 1.5 * std::log(2.0) / std::log(5.0)) < 1e-6);
        QVERIFY(std::abs(h.meanMargin - 0.25) < 1e-7);
        QCOMPARE(h.derivedOps, 0);
    }

    void changedEdgesCountsNewWinners()
    {
        const SearchSpace &space = SearchSpace::nasBench201();
        const AlphaTable before = sameRows(space, {0.1f, 0.1f, 0.6f, 0.1f, 0.1f});
        std::vector<float> probs = before.probs;
        // Edges 0 and 4 change their strongest op; edge 2 only shifts weight.
        probs[0 * 5 + 3] = 0.7f;
        probs[4 * 5 + 1] = 0.65f;
        probs[2 * 5 + 2] = 0.3f;
        const AlphaTable after(space, probs);
        const CellHealth h = cellHealth(after, &before, {});
        QVERIFY(h.changedEdges.has_value());
        QCOMPARE(*h.changedEdges, 2);
        QCOMPARE(*cellHealth(before, &before, {}).changedEdges, 0);
    }

    void dartsCellCountsItsEightOps()
    {
        // DARTS_V2: two skip connections in the normal cell (what DARTS+ calls the start of a
        // collapse), three skips and five max pools in the reduction cell.
        const SearchSpace &space = SearchSpace::darts();
        const Genotype g = resolveGenotype("DARTS_V2");
        const AlphaTable flat = sameRows(space, std::vector<float>(8, 0.125f));
        const CellHealth normal = cellHealth(flat, nullptr, g.normal);
        QCOMPARE(normal.derivedOps, 8);
        QCOMPARE(normal.skipConnections, 2);
        QCOMPARE(normal.parameterFreeOps, 2);
        QVERIFY(collapsed(normal, CollapseRule{}));
        const CellHealth reduce = cellHealth(flat, nullptr, g.reduce);
        QCOMPARE(reduce.skipConnections, 3);
        QCOMPARE(reduce.parameterFreeOps, 8);
    }

    void collapseRule()
    {
        CellHealth h;
        h.skipConnections = 2;
        QVERIFY(collapsed(h, CollapseRule{}));
        QVERIFY(!collapsed(h, CollapseRule{3, false}));
        QVERIFY(!collapsed(h, CollapseRule{0, false})); // off
        h.skipConnections = 1;
        QVERIFY(!collapsed(h, CollapseRule{}));
    }

    void mismatchedPreviousIsAnError()
    {
        const AlphaTable nb = sameRows(SearchSpace::nasBench201(), std::vector<float>(5, 0.2f));
        const AlphaTable darts = sameRows(SearchSpace::darts(), std::vector<float>(8, 0.125f));
        QVERIFY_THROWS_EXCEPTION(GenotypeError, cellHealth(nb, &darts, {}));
    }
};

QTEST_GUILESS_MAIN(TestSearchHealth)
#include "tst_searchhealth.moc"
