#include "model/Consensus.h"
#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "model/Study.h"
#include "model/TextTable.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace gdas::model;

namespace {

void writeFile(const std::string &path, const std::string &text)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// A finished search run directory of `genotype`, its last epoch row holding `aTop1`.
void writeSeedRun(const std::string &dir, const Genotype &genotype, double aTop1,
                  std::optional<BenchmarkScore> bench = std::nullopt)
{
    writeFile(dir + "/config.json", R"({"kind": "search", "space": "nas-bench-201", "epochs": 1})");
    MetricRow row;
    row.type = metric::kEpoch;
    row.epoch = 0;
    row.values = {{metric::kATop1, aTop1}, {metric::kALoss, 1.0}, {metric::kTime, 60.0}};
    writeFile(dir + "/metrics.jsonl", statusRowToJson(RunStatus::Running) + "\n" + metricRowToJson(row) + "\n" +
                                          statusRowToJson(RunStatus::Finished) + "\n");
    EpochRecord e;
    e.epoch = 0;
    e.normal = AlphaTable(SearchSpace::nasBench201(), std::vector<float>(static_cast<std::size_t>(6 * 5), 0.2f));
    e.genotype = genotype;
    e.benchmark = bench;
    writeFile(dir + "/epochs.jsonl", epochRecordToJson(e) + "\n");
    writeFile(dir + "/genotype.json", toJson(genotype));
}

// Equal up to the order of each node's inputs (a node sums them).
bool sameCell(CellGenotype a, CellGenotype b)
{
    const auto byInput = [](const GenotypeOp &x, const GenotypeOp &y) {
        return x.input != y.input ? x.input < y.input : x.op < y.op;
    };
    for (auto &node : a)
        std::sort(node.begin(), node.end(), byInput);
    for (auto &node : b)
        std::sort(node.begin(), node.end(), byInput);
    return a == b;
}

} // namespace

class TestStudy : public QObject {
    Q_OBJECT

private slots:
    void nasBench201ConsensusIsEachEdgesMajority()
    {
        const std::vector<Genotype> g{
            fromNb201String("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"),
            fromNb201String("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"),
            fromNb201String("|avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|")};
        const Consensus c = consensusOf(g);
        QCOMPARE(c.seeds, 3);
        QCOMPARE(
            QString::fromStdString(toNb201String(c.genotype)),
            QStringLiteral("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"));
        QVERIFY(c.reduce.cell.empty());
        // Agreement in the shape of the cell: 2/3, 2/3 2/3, 3/3 2/3 2/3.
        const std::vector<std::vector<double>> expected{{2.0 / 3}, {2.0 / 3, 2.0 / 3}, {1.0, 2.0 / 3, 2.0 / 3}};
        QCOMPARE(c.normal.agreement.size(), expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k)
            for (std::size_t i = 0; i < expected[k].size(); ++i)
                QVERIFY(std::abs(c.normal.agreement[k][i] - expected[k][i]) < 1e-12);
        QVERIFY(std::abs(c.normal.meanAgreement() - (2.0 / 3 * 5 + 1) / 6) < 1e-12);
        // Shares: the edge 1 <- 0 gave nor_conv_3x3 to 2 seeds, avg_pool_3x3 to one.
        const SearchSpace &space = SearchSpace::nasBench201();
        const int edge = space.edgeIndex(1, 0);
        QCOMPARE(c.normal.shares.at(edge, space.opIndex("nor_conv_3x3")), 2.0f / 3.0f);
        QCOMPARE(c.normal.shares.at(edge, space.opIndex("avg_pool_3x3")), 1.0f / 3.0f);
        QCOMPARE(c.normal.shares.at(edge, space.opIndex("none")), 0.0f);
        QCOMPARE(c.normal.edges[edge].ops.size(), std::size_t(2));
        QCOMPARE(c.normal.edges[edge].ops.front().first, std::string("nor_conv_3x3"));
        // A tie goes to the space's op order: one seed each.
        const Consensus tie = consensusOf({g[0], g[2]});
        QCOMPARE(tie.genotype.normal[0][0].op, std::string("nor_conv_3x3")); // before avg_pool_3x3
        QVERIFY(tie.normal.edges[edge].tied());
        QVERIFY(!c.normal.edges[edge].tied());
        // 3 <- 2: none (seed 0) against nor_conv_3x3 (seed 2): not 'none', which would drop the edge.
        QCOMPARE(tie.genotype.normal[2][2].op, std::string("nor_conv_3x3"));
        // With the seeds' α, the op they weigh more on average wins the tie.
        std::vector<float> probs(static_cast<std::size_t>(space.edgeCount() * space.opCount()), 0.2f);
        probs[static_cast<std::size_t>(edge * space.opCount() + space.opIndex("avg_pool_3x3"))] = 0.4f;
        probs[static_cast<std::size_t>(edge * space.opCount() + space.opIndex("nor_conv_3x3"))] = 0.1f;
        const AlphaTable favoursPooling(space, probs);
        const Consensus decided =
            consensusOf({g[0], g[2]}, {SeedAlphas{favoursPooling, {}}, SeedAlphas{favoursPooling, {}}});
        QCOMPARE(decided.genotype.normal[0][0].op, std::string("avg_pool_3x3"));
        QCOMPARE(decided.normal.edges[edge].meanProbability.size(), std::size_t(space.opCount()));
        QVERIFY(std::abs(decided.normal.edges[edge].meanProbability[space.opIndex("avg_pool_3x3")] - 0.4) < 1e-6);
        // Tables of another shape are left out, not misread.
        const Consensus ignored =
            consensusOf({g[0], g[2]}, {SeedAlphas{AlphaTable{}, {}}, SeedAlphas{AlphaTable{}, {}}});
        QCOMPARE(ignored.genotype.normal[0][0].op, std::string("nor_conv_3x3"));
    }

    void dartsConsensusPicksTheTwoMostAgreedInputs()
    {
        const Genotype v1 = *builtinGenotype("DARTS_V1");
        const Genotype v2 = *builtinGenotype("DARTS_V2");
        // One seed alone is its own consensus, every op agreed by 1/1.
        const Consensus one = consensusOf({v2});
        QVERIFY(sameCell(one.genotype.normal, v2.normal));
        QVERIFY(sameCell(one.genotype.reduce, v2.reduce));
        QCOMPARE(one.normal.meanAgreement(), 1.0);
        QCOMPARE(one.genotype.normalConcat, (std::vector<int>{2, 3, 4, 5}));
        // V1, V2, V2: node 2 takes sep_conv_3x3 from 0 and 1 (3/3 each); node 5 (V2: skip 0,
        // dil_conv_3x3 2; V1: sep_conv_3x3 0, skip 2) takes skip_connect 0 (2/3) and
        // dil_conv_3x3 2 (2/3).
        const Consensus c = consensusOf({v1, v2, v2});
        QCOMPARE(c.genotype.normal[0].size(), std::size_t(2));
        QCOMPARE(c.genotype.normal[0][0], (GenotypeOp{"sep_conv_3x3", 0}));
        QCOMPARE(c.genotype.normal[0][1], (GenotypeOp{"sep_conv_3x3", 1}));
        QCOMPARE(c.normal.agreement[0], (std::vector<double>{1.0, 1.0}));
        QCOMPARE(c.genotype.normal[3][0], (GenotypeOp{"skip_connect", 0}));
        QCOMPARE(c.genotype.normal[3][1], (GenotypeOp{"dil_conv_3x3", 2}));
        QVERIFY(std::abs(c.normal.agreement[3][0] - 2.0 / 3) < 1e-12);
        QVERIFY(!c.genotype.reduce.empty());
        c.genotype.validate();
    }

    void consensusRejectsMixedSpacesAndNothing()
    {
        QVERIFY_THROWS_EXCEPTION(GenotypeError, consensusOf({}));
        const Genotype nb = fromNb201String("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|"
                                            "nor_conv_3x3~1|none~2|");
        QVERIFY_THROWS_EXCEPTION(GenotypeError, consensusOf({nb, *builtinGenotype("DARTS_V2")}));
    }

    void markdownAndLatexTables()
    {
        TextTable t;
        t.header = {"Cell", "Params (M)", "Acc"};
        t.rightAligned = {false, true, true};
        t.rows = {{"GDAS_V1 | a", "3.36", "97.2 \u00b1 0.1"}, {"my_cell & 50%", "2.1"}};
        t.caption = "Cells";
        QCOMPARE(QString::fromStdString(toMarkdown(t)),
                 QStringLiteral("Cells\n\n| Cell | Params (M) | Acc |\n| :--- | ---: | ---: |\n"
                                "| GDAS_V1 \\| a | 3.36 | 97.2 \u00b1 0.1 |\n| my_cell & 50% | 2.1 |   |\n"));
        const std::string latex = toLatex(t);
        QVERIFY(latex.find("\\begin{tabular}{lrr}") != std::string::npos);
        QVERIFY(latex.find("\\toprule") != std::string::npos);
        QVERIFY(latex.find("\\midrule") != std::string::npos);
        QVERIFY(latex.find("\\bottomrule") != std::string::npos);
        QVERIFY2(latex.find("my\\_cell \\& 50\\% & 2.1 &  \\\\") != std::string::npos, latex.c_str());
        QVERIFY2(latex.find("97.2 $\\pm$ 0.1") != std::string::npos, latex.c_str());
        QVERIFY(latex.find("GDAS\\_V1 \\textbar{} a") != std::string::npos);
        const std::string doc = latexDocument(t);
        QVERIFY(doc.find("\\usepackage{booktabs}") != std::string::npos);
        QVERIFY(doc.rfind("\\end{document}\n") == doc.size() - 15);
    }

    void studyPlanRoundTripAndErrors()
    {
        StudyPlan plan;
        plan.name = "three seeds";
        plan.seeds = {0, 1, 7};
        plan.searchJson = R"({"space":"nas-bench-201","epochs":2})";
        const StudyPlan back = studyPlanFromJson(studyPlanToJson(plan), "study.json");
        QCOMPARE(back.name, plan.name);
        QCOMPARE(back.seeds, plan.seeds);
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(back.searchJson)),
                 QJsonDocument::fromJson(QByteArray::fromStdString(plan.searchJson)));
        for (const char *bad :
             {"[]", "{\"kind\":\"search\"}", "{\"kind\":\"study\",\"seeds\":[],\"search\":{}}",
              "{\"kind\":\"study\",\"seeds\":[1,1],\"search\":{}}", "{\"kind\":\"study\",\"seeds\":[-1],\"search\":{}}",
              "{\"kind\":\"study\",\"seeds\":[1]}", "{\"kind\":\"study\""}) {
            try {
                studyPlanFromJson(bad, "/x/study.json");
                QFAIL(bad);
            } catch (const RunRecordError &e) {
                QVERIFY2(std::string(e.what()).rfind("/x/study.json: ", 0) == 0, e.what());
            }
        }
    }

    void readAndSummarizeAStudyFolder()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/study";
        StudyPlan plan;
        plan.name = "s";
        plan.seeds = {0, 1, 2, 3};
        plan.searchJson = "{}";
        writeFile(dir + "/study.json", studyPlanToJson(plan));
        QVERIFY(isStudyDirectory(dir));
        QVERIFY(!isStudyDirectory(tmp.path().toStdString()));
        const Genotype a =
            fromNb201String("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|none~2|");
        const Genotype b =
            fromNb201String("|nor_conv_1x1~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|none~2|");
        BenchmarkScore score{"cifar10", 17, 88.0, 91.0, 94.37};
        writeSeedRun(dir + "/seed-0", a, 50.0, score);
        score.test = 93.0;
        writeSeedRun(dir + "/seed-1", b, 60.0, score);
        writeSeedRun(dir + "/seed-2", a, 70.0, score);
        // seed 3: started, not finished.
        writeFile(dir + "/seed-3/config.json", R"({"kind": "search", "space": "nas-bench-201"})");
        writeFile(dir + "/seed-3/metrics.jsonl", statusRowToJson(RunStatus::Running) + "\n");

        const StudyRecord study = readStudyDirectory(dir);
        QCOMPARE(study.seeds.size(), std::size_t(4));
        QVERIFY(study.seeds[0].finished());
        QVERIFY(study.seeds[3].started && !study.seeds[3].finished());
        const StudySummary s = summarizeStudy(study);
        QCOMPARE(s.planned, 4);
        QCOMPARE(s.finishedSeeds, (std::vector<std::uint64_t>{0, 1, 2}));
        QVERIFY(s.consensus.has_value());
        QCOMPARE(s.consensus->genotype.normal, a.normal);
        const auto metric = [&](const std::string &key) -> const MetricSpread * {
            for (const MetricSpread &m : s.finalMetrics)
                if (m.key == key)
                    return &m;
            return nullptr;
        };
        QVERIFY(metric(metric::kATop1));
        QCOMPARE(metric(metric::kATop1)->mean, 60.0);
        QCOMPARE(metric(metric::kATop1)->stddev, 10.0);
        QCOMPARE(metric(metric::kATop1)->count, 3);
        QVERIFY(metric(metric::kBenchTest));
        QVERIFY(std::abs(metric(metric::kBenchTest)->mean - (91.0 + 93.0 + 93.0) / 3) < 1e-9);
        QVERIFY(!metric(metric::kWTop1)); // no seed wrote it

        const TextTable table = consensusTable(s, false);
        QCOMPARE(table.header, (std::vector<std::string>{"Edge", "seed 0", "seed 1", "seed 2", "Consensus"}));
        QCOMPARE(table.rows.size(), std::size_t(6));
        QCOMPARE(table.rows[0][1], std::string("nor_conv_3x3"));
        QCOMPARE(table.rows[0][2], std::string("nor_conv_1x1"));
        QCOMPARE(table.rows[0][4], std::string("nor_conv_3x3 (2/3)"));
        const TextTable metrics = metricsTable(s);
        QCOMPARE(metrics.rows.front()[1], std::string("60.00 \u00b1 10.00"));

        const std::string json = studySummaryToJson(s);
        QVERIFY(json.find("\"finished\": 3") != std::string::npos);
        QVERIFY(json.find("\"consensus\"") != std::string::npos);

        // A malformed seed run names its file.
        writeFile(dir + "/seed-2/epochs.jsonl", "{\"epoch\": \"x\"}\n");
        try {
            readStudyDirectory(dir);
            QFAIL("a malformed epochs.jsonl was read");
        } catch (const RunRecordError &e) {
            QVERIFY2(std::string(e.what()).find("seed-2") != std::string::npos, e.what());
        }
    }

    void missingStudyFileIsNamed()
    {
        QTemporaryDir tmp;
        try {
            readStudyDirectory(tmp.path().toStdString());
            QFAIL("read a folder without study.json");
        } catch (const RunRecordError &e) {
            QVERIFY2(std::string(e.what()).find("study.json") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"
