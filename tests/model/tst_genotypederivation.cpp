#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"

#include "ModelTestPrinters.h"

#include <QtTest>

#include <random>
#include <stdexcept>

using namespace gdas::model;

namespace {

// A table filled with `base`, then the named (to, from, op) cells set by hand.
struct Cell {
    int to;
    int from;
    const char *op;
    float p;
};

AlphaTable table(const SearchSpace &space, std::initializer_list<Cell> cells, float base = 0.01f)
{
    std::vector<float> probs(static_cast<std::size_t>(space.edgeCount() * space.opCount()), base);
    for (const Cell &c : cells) {
        const int edge = space.edgeIndex(c.to, c.from);
        const int op = space.opIndex(c.op);
        if (edge < 0 || op < 0)
            qFatal("bad test cell %d<-%d %s", c.to, c.from, c.op);
        probs[static_cast<std::size_t>(edge * space.opCount() + op)] = c.p;
    }
    return AlphaTable(space, std::move(probs));
}

AlphaTable randomTable(const SearchSpace &space, std::mt19937 &rng)
{
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<float> probs(static_cast<std::size_t>(space.edgeCount() * space.opCount()));
    for (float &p : probs)
        p = u(rng);
    return AlphaTable(space, std::move(probs));
}

float weightOf(const SearchSpace &space, const AlphaTable &t, int to, const GenotypeOp &op)
{
    return t.at(space.edgeIndex(to, op.input), space.opIndex(op.op));
}

} // namespace

class TestGenotypeDerivation : public QObject {
    Q_OBJECT

private slots:
    void alphaTableShape();
    void alphaTableRejectsWrongSize();
    void rulesDifferWhenOnePredecessorHoldsBothBest();
    void noneIsNeverChosenInDarts();
    void tiesGoToTheLowestIndex();
    void reduceCellDerivedSeparately();
    void emptyReduceTableMeansFixedReduction();
    void nb201TakesArgmaxIncludingNone();
    void derivedGenotypesValidateAndRoundTrip();
    void randomTablesObeyEachRule();
    void mismatchedTableIsRejected();
    void ruleNames();
};

void TestGenotypeDerivation::alphaTableShape()
{
    const AlphaTable t = table(SearchSpace::darts(), {{3, 1, "dil_conv_5x5", 0.7f}});
    QCOMPARE(t.rows(), 14);
    QCOMPARE(t.cols(), 8);
    QCOMPARE(t.at(3, 5), 0.7f); // edge 3 is 3<-1, column 5 is dil_conv_5x5
    QCOMPARE(t.at(0, 0), 0.01f);
    QVERIFY(!t.empty());
    QVERIFY(AlphaTable().empty());
}

void TestGenotypeDerivation::alphaTableRejectsWrongSize()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AlphaTable(SearchSpace::darts(), std::vector<float>(14 * 7)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AlphaTable(SearchSpace::nasBench201(), std::vector<float>(31)));
}

void TestGenotypeDerivation::rulesDifferWhenOnePredecessorHoldsBothBest()
{
    const SearchSpace &s = SearchSpace::darts();
    // Node 2: edge 2<-0 holds the two strongest entries; 2<-1 only a weaker one.
    // Node 3: the strongest pair comes from 3<-2, the runner-up from 3<-2 again, then 3<-0.
    const AlphaTable normal = table(s, {{2, 0, "sep_conv_3x3", 0.50f},
                                        {2, 0, "sep_conv_5x5", 0.40f},
                                        {2, 1, "skip_connect", 0.30f},
                                        {3, 2, "max_pool_3x3", 0.60f},
                                        {3, 2, "avg_pool_3x3", 0.55f},
                                        {3, 0, "dil_conv_3x3", 0.20f},
                                        {4, 3, "sep_conv_5x5", 0.35f},
                                        {4, 1, "skip_connect", 0.34f},
                                        {5, 4, "dil_conv_5x5", 0.45f},
                                        {5, 4, "skip_connect", 0.44f},
                                        {5, 2, "sep_conv_3x3", 0.43f}});
    const Genotype darts = deriveGenotype(s, normal, normal, DeriveRule::Darts);
    const Genotype gdas = deriveGenotype(s, normal, normal, DeriveRule::GdasOfficial);

    const CellGenotype expectedDarts = {{{"sep_conv_3x3", 0}, {"skip_connect", 1}},
                                        {{"max_pool_3x3", 2}, {"dil_conv_3x3", 0}},
                                        {{"sep_conv_5x5", 3}, {"skip_connect", 1}},
                                        {{"dil_conv_5x5", 4}, {"sep_conv_3x3", 2}}};
    const CellGenotype expectedGdas = {{{"sep_conv_3x3", 0}, {"sep_conv_5x5", 0}},
                                       {{"max_pool_3x3", 2}, {"avg_pool_3x3", 2}},
                                       {{"sep_conv_5x5", 3}, {"skip_connect", 1}},
                                       {{"dil_conv_5x5", 4}, {"skip_connect", 4}}};
    QCOMPARE(darts.normal, expectedDarts);
    QCOMPARE(gdas.normal, expectedGdas);
    QCOMPARE(darts.normalConcat, (std::vector<int>{2, 3, 4, 5}));
    QCOMPARE(gdas.reduceConcat, (std::vector<int>{2, 3, 4, 5}));
}

void TestGenotypeDerivation::noneIsNeverChosenInDarts()
{
    const SearchSpace &s = SearchSpace::darts();
    // 'none' dominates edges 3<-0 and 2<-1; the predecessor ranking must ignore it too:
    // node 3 keeps 3<-1 and 3<-2, not 3<-0 whose only strong entry is 'none'.
    const AlphaTable t = table(s,
                               {{2, 1, "none", 0.90f},
                                {2, 1, "avg_pool_3x3", 0.05f},
                                {2, 0, "skip_connect", 0.04f},
                                {3, 0, "none", 0.95f},
                                {3, 0, "skip_connect", 0.02f},
                                {3, 1, "max_pool_3x3", 0.20f},
                                {3, 2, "dil_conv_3x3", 0.10f}},
                               0.001f);
    for (DeriveRule rule : {DeriveRule::Darts, DeriveRule::GdasOfficial}) {
        const Genotype g = deriveGenotype(s, t, t, rule);
        for (const auto &node : g.normal)
            for (const GenotypeOp &op : node)
                QVERIFY(op.op != "none");
        QCOMPARE(g.normal[1], (std::vector<GenotypeOp>{{"max_pool_3x3", 1}, {"dil_conv_3x3", 2}}));
    }
    QCOMPARE(deriveGenotype(s, t, t, DeriveRule::Darts).normal[0],
             (std::vector<GenotypeOp>{{"avg_pool_3x3", 1}, {"skip_connect", 0}}));
}

void TestGenotypeDerivation::tiesGoToTheLowestIndex()
{
    const SearchSpace &s = SearchSpace::darts();
    const AlphaTable uniform = table(s, {}, 0.125f);
    const Genotype darts = deriveGenotype(s, uniform, uniform, DeriveRule::Darts);
    const Genotype gdas = deriveGenotype(s, uniform, uniform, DeriveRule::GdasOfficial);
    for (const auto &node : darts.normal)
        QCOMPARE(node, (std::vector<GenotypeOp>{{"skip_connect", 0}, {"skip_connect", 1}}));
    for (const auto &node : gdas.normal)
        QCOMPARE(node, (std::vector<GenotypeOp>{{"skip_connect", 0}, {"sep_conv_3x3", 0}}));

    const SearchSpace &nb = SearchSpace::nasBench201();
    const AlphaTable flat = table(nb, {}, 0.2f);
    for (const auto &node : deriveGenotype(nb, flat, AlphaTable(), DeriveRule::Darts).normal)
        for (const GenotypeOp &op : node)
            QCOMPARE(op.op, std::string("none"));
}

void TestGenotypeDerivation::reduceCellDerivedSeparately()
{
    const SearchSpace &s = SearchSpace::darts();
    const AlphaTable normal = table(s, {{2, 0, "sep_conv_3x3", 0.5f}});
    const AlphaTable reduce = table(s, {{2, 1, "max_pool_3x3", 0.5f}, {2, 0, "avg_pool_3x3", 0.4f}});
    const Genotype g = deriveGenotype(s, normal, reduce, DeriveRule::Darts);
    QCOMPARE(g.normal[0][0], (GenotypeOp{"sep_conv_3x3", 0}));
    QCOMPARE(g.reduce[0], (std::vector<GenotypeOp>{{"max_pool_3x3", 1}, {"avg_pool_3x3", 0}}));
}

void TestGenotypeDerivation::emptyReduceTableMeansFixedReduction()
{
    const SearchSpace &s = SearchSpace::darts();
    const Genotype g =
        deriveGenotype(s, table(s, {{2, 0, "sep_conv_3x3", 0.5f}}), AlphaTable(), DeriveRule::GdasOfficial);
    QVERIFY(g.reduce.empty());
    QVERIFY(g.reduceConcat.empty());
    QCOMPARE(g.normal.size(), std::size_t(4));
    g.validate();
}

void TestGenotypeDerivation::nb201TakesArgmaxIncludingNone()
{
    const SearchSpace &s = SearchSpace::nasBench201();
    const AlphaTable t = table(s, {{1, 0, "nor_conv_3x3", 0.6f},
                                   {2, 0, "none", 0.7f},
                                   {2, 0, "skip_connect", 0.2f},
                                   {2, 1, "nor_conv_1x1", 0.5f},
                                   {3, 0, "skip_connect", 0.4f},
                                   {3, 1, "none", 0.3f},
                                   {3, 1, "avg_pool_3x3", 0.29f},
                                   {3, 2, "avg_pool_3x3", 0.9f}});
    for (DeriveRule rule : {DeriveRule::Darts, DeriveRule::GdasOfficial}) {
        const Genotype g = deriveGenotype(s, t, AlphaTable(), rule);
        QCOMPARE(kindName(g.space), kindName(SpaceKind::NasBench201));
        QCOMPARE(QString::fromStdString(toNb201String(g)),
                 QStringLiteral("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|"));
        QVERIFY(g.reduce.empty());
        QVERIFY(g.normalConcat.empty());
    }
}

void TestGenotypeDerivation::derivedGenotypesValidateAndRoundTrip()
{
    std::mt19937 rng(7);
    const SearchSpace &s = SearchSpace::darts();
    for (int i = 0; i < 20; ++i) {
        const Genotype g = deriveGenotype(s, randomTable(s, rng), randomTable(s, rng),
                                          i % 2 ? DeriveRule::Darts : DeriveRule::GdasOfficial);
        g.validate();
        QVERIFY(!g.usesExtendedSpace());
        QCOMPARE(fromJson(toJson(g)), g);
        QCOMPARE(fromDartsLiteral(toDartsLiteral(g)), g);
    }
    const SearchSpace &nb = SearchSpace::nasBench201();
    const Genotype g = deriveGenotype(nb, randomTable(nb, rng), AlphaTable(), DeriveRule::Darts);
    QCOMPARE(fromNb201String(toNb201String(g)), g);
}

void TestGenotypeDerivation::randomTablesObeyEachRule()
{
    // Properties stated without the derivation's own code: what was kept outranks what was not.
    std::mt19937 rng(2019);
    const SearchSpace &s = SearchSpace::darts();
    const int none = s.opIndex("none");
    for (int trial = 0; trial < 50; ++trial) {
        const AlphaTable t = randomTable(s, rng);
        const Genotype darts = deriveGenotype(s, t, t, DeriveRule::Darts);
        const Genotype gdas = deriveGenotype(s, t, t, DeriveRule::GdasOfficial);
        for (int n = 0; n < 4; ++n) {
            const int to = n + 2;
            auto bestOn = [&](int from) {
                float best = -1.0f;
                for (int k = 0; k < s.opCount(); ++k)
                    if (k != none)
                        best = std::max(best, t.at(s.edgeIndex(to, from), k));
                return best;
            };
            const auto &dNode = darts.normal[static_cast<std::size_t>(n)];
            QVERIFY(dNode[0].input != dNode[1].input);
            for (const GenotypeOp &op : dNode)
                QCOMPARE(weightOf(s, t, to, op), bestOn(op.input));
            QVERIFY(weightOf(s, t, to, dNode[0]) >= weightOf(s, t, to, dNode[1]));
            for (int from = 0; from < to; ++from)
                if (from != dNode[0].input && from != dNode[1].input)
                    QVERIFY(bestOn(from) <= weightOf(s, t, to, dNode[1]));

            const auto &gNode = gdas.normal[static_cast<std::size_t>(n)];
            const float kept0 = weightOf(s, t, to, gNode[0]);
            const float kept1 = weightOf(s, t, to, gNode[1]);
            QVERIFY(kept0 >= kept1);
            QVERIFY(gNode[0] != gNode[1]);
            for (int from = 0; from < to; ++from)
                for (int k = 0; k < s.opCount(); ++k) {
                    const GenotypeOp candidate{s.ops[static_cast<std::size_t>(k)], from};
                    if (k == none || candidate == gNode[0] || candidate == gNode[1])
                        continue;
                    QVERIFY(t.at(s.edgeIndex(to, from), k) <= kept1);
                }
        }
    }
}

void TestGenotypeDerivation::mismatchedTableIsRejected()
{
    const AlphaTable nb = table(SearchSpace::nasBench201(), {});
    QVERIFY_THROWS_EXCEPTION(GenotypeError, deriveGenotype(SearchSpace::darts(), nb, nb, DeriveRule::Darts));
    AlphaTable renamed = table(SearchSpace::darts(), {});
    renamed.ops[2] = "dua_sepc_3x3";
    QVERIFY_THROWS_EXCEPTION(GenotypeError, deriveGenotype(SearchSpace::darts(), renamed, renamed, DeriveRule::Darts));
}

void TestGenotypeDerivation::ruleNames()
{
    QCOMPARE(ruleName(deriveRuleByName("darts")), ruleName(DeriveRule::Darts));
    QCOMPARE(ruleName(deriveRuleByName("GDAS")), ruleName(DeriveRule::GdasOfficial));
    QCOMPARE(ruleName(DeriveRule::Darts), std::string("darts"));
    QCOMPARE(ruleName(DeriveRule::GdasOfficial), std::string("gdas"));
    QVERIFY(deriveRuleByName(toString(DeriveRule::GdasOfficial)) == DeriveRule::GdasOfficial);
    QVERIFY(deriveRuleByName("gdas-official") == DeriveRule::GdasOfficial);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, deriveRuleByName("argmax"));
}

QTEST_GUILESS_MAIN(TestGenotypeDerivation)
#include "tst_genotypederivation.moc"
