// The importer and the lookup: a NATS-Bench topology "simple" folder written by the test in the
// published layout -> SQLite -> the numbers put in, exactly; damaged files give errors naming
// the file and leave an existing database as it was.
#include "benchmark/BenchmarkDatabase.h"
#include "benchmark/BenchmarkError.h"

#include "model/GenotypeFormats.h"

#include "support/NatsBenchFixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas::benchmark;
using nats_fixture::trial;

namespace {

const std::string kArch0 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const std::string kArch1 =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
const std::string kArch2 = "|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|";
const std::string kArch3 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
const std::string kArch4 = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

// Accuracies that are not short binary fractions, so a mean taken in another order would differ.
constexpr double kV12a = 63.277999984130858, kV12b = 63.510000000000005;

std::vector<nats_fixture::Architecture> fixtureArchitectures()
{
    nats_fixture::Architecture a0;
    a0.index = 0;
    a0.arch = kArch0;
    a0.results["12"]["cifar10-valid"] = {trial("cifar10-valid", 111, kV12a, 62.5, 1.5, 220.1),
                                         trial("cifar10-valid", 777, kV12b, 63.25, 1.5, 220.1)};
    a0.results["12"]["cifar10"] = {trial("cifar10", 111, 0, 74.0, 1.5, 220.1)};
    a0.results["12"]["cifar100"] = {trial("cifar100", 111, 33.64, 32.76, 1.51, 220.2)};
    a0.results["12"]["ImageNet16-120"] = {trial("ImageNet16-120", 111, 15.5, 14.75, 1.52, 55.3)};
    a0.results["200"]["cifar10-valid"] = {trial("cifar10-valid", 777, 87.94, 87.65, 1.5, 220.1),
                                          trial("cifar10-valid", 888, 88.0, 87.5, 1.5, 220.1),
                                          trial("cifar10-valid", 999, 88.5, 88.25, 1.5, 220.1)};
    a0.results["200"]["cifar10"] = {trial("cifar10", 777, 0, 93.5, 1.5, 220.1),
                                    trial("cifar10", 888, 0, 93.75, 1.5, 220.1)};
    a0.results["200"]["cifar100"] = {trial("cifar100", 777, 70.25, 70.5, 1.51, 220.2)};
    a0.results["200"]["ImageNet16-120"] = {trial("ImageNet16-120", 777, 44.0, 44.5, 1.52, 55.3)};

    nats_fixture::Architecture a2; // 200 epochs on cifar10 only
    a2.index = 2;
    a2.arch = kArch2;
    a2.results["200"]["cifar10"] = {trial("cifar10", 777, 0, 93.75, 0.08, 9.5)};

    nats_fixture::Architecture a3; // the legacy case: seeds disagree on parameters and FLOPs
    a3.index = 3;
    a3.arch = kArch3;
    a3.results["12"]["cifar100"] = {trial("cifar100", 111, 40.0, 41.0, 1.0, 100.0)};
    a3.results["200"]["cifar100"] = {trial("cifar100", 777, 72.0, 73.0, 1.9, 300.0),
                                     trial("cifar100", 888, 72.5, 72.0, 2.0, 310.0),
                                     trial("cifar100", 999, 73.0, 71.0, 2.1, 320.0)};
    return {a0, a2, a3};
}

QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const BenchmarkError &e) {
        return QString::fromStdString(e.what());
    }
    return "no error";
}

QStringList leftovers(const QString &dir) { return QDir(dir).entryList({"*.partial-*"}, QDir::Files); }

} // namespace

class TestBenchmarkDb : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_simple;
    std::string m_db;

    std::string path(const QString &name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkdir("NATS-tss-v1_0-3ffb9-simple"));
        m_simple = path("NATS-tss-v1_0-3ffb9-simple");
        nats_fixture::writeSimpleFolder(m_simple, {kArch0, kArch1, kArch2, kArch3, kArch4}, fixtureArchitectures());
        m_db = path("nb201.sqlite");
    }

    void importCountsWhatItRead()
    {
        std::vector<std::pair<std::size_t, std::size_t>> progress;
        ImportOptions options;
        options.progress = [&](std::size_t done, std::size_t listed) { progress.emplace_back(done, listed); };
        const ImportSummary s = importNatsTopology(m_simple, m_db, options);
        QCOMPARE(s.listed, std::size_t(5));
        QCOMPARE(s.architectures, std::size_t(3));
        QCOMPARE(s.missing, std::size_t(2));
        QVERIFY(s.seconds >= 0.0);
        QCOMPARE(progress.size(), std::size_t(5));
        QCOMPARE(progress.back(), (std::pair<std::size_t, std::size_t>(3, 5)));
        QVERIFY(leftovers(m_dir.path()).isEmpty());

        BenchmarkDatabase db(m_db);
        QCOMPARE(db.architectureCount(), std::size_t(3));
        QCOMPARE(db.meta("source_layout"), std::string("nats-tss-simple"));
        QCOMPARE(db.meta("listed"), std::string("5"));
        QVERIFY(db.meta("imported_at").size() == 20);
    }

    void roundTripGivesTheNumbersPutIn()
    {
        BenchmarkDatabase db(m_db);
        const auto r = db.find(gdas::model::fromNb201String(kArch0));
        QVERIFY(r);
        QCOMPARE(r->index, 0);
        QCOMPARE(r->arch, kArch0);
        QCOMPARE(r->datasets.size(), std::size_t(4));
        QCOMPARE(r->datasets[0].dataset, std::string("cifar10-valid"));
        QCOMPARE(r->datasets[3].dataset, std::string("ImageNet16-120"));

        const DatasetResults *c10v = r->dataset("cifar10-valid");
        QVERIFY(c10v);
        QCOMPARE(*c10v->validAccuracy12, (kV12a + kV12b) / 2); // the mean over seeds 111 and 777
        QCOMPARE(*c10v->testAccuracy12, (62.5 + 63.25) / 2);
        QCOMPARE(*c10v->validAccuracy200, (87.94 + 88.0 + 88.5) / 3);
        QCOMPARE(*c10v->testAccuracy200, (87.65 + 87.5 + 88.25) / 3); // ori-test@199 only, as published
        QCOMPARE(*c10v->paramsMb, 1.5);
        QCOMPARE(*c10v->flopsM, 220.1);
        QCOMPARE(c10v->seeds12, (std::vector<int>{111, 777}));
        QCOMPARE(c10v->seeds200, (std::vector<int>{777, 888, 999}));

        const DatasetResults *c10 = r->dataset("cifar10");
        QVERIFY(!c10->validAccuracy12); // cifar10 trains on train+valid: no validation numbers
        QVERIFY(!c10->validAccuracy200);
        QCOMPARE(*c10->testAccuracy12, 74.0);
        QCOMPARE(*c10->testAccuracy200, (93.5 + 93.75) / 2);

        const DatasetResults *c100 = r->dataset("cifar100");
        QCOMPARE(*c100->validAccuracy12, 33.64);
        QCOMPARE(*c100->testAccuracy12, 32.76); // x-test, not ori-test (valid+test)
        QCOMPARE(*c100->validAccuracy200, 70.25);
        QCOMPARE(*c100->testAccuracy200, 70.5);
        QCOMPARE(*c100->paramsMb, 1.51);
        QCOMPARE(*c100->flopsM, 220.2);

        const DatasetResults *im = r->dataset("ImageNet16-120");
        QCOMPARE(*im->validAccuracy12, 15.5);
        QCOMPARE(*im->testAccuracy12, 14.75);
        QCOMPARE(*im->validAccuracy200, 44.0);
        QCOMPARE(*im->testAccuracy200, 44.5);
        QCOMPARE(*im->flopsM, 55.3);

        const auto r2 = db.find(kArch2);
        QVERIFY(r2);
        QCOMPARE(r2->datasets.size(), std::size_t(1));
        QVERIFY(!r2->datasets[0].testAccuracy12);
        QVERIFY(r2->datasets[0].seeds12.empty());
        QCOMPARE(*r2->datasets[0].testAccuracy200, 93.75);
        QCOMPARE(*r2->datasets[0].paramsMb, 0.08);
    }

    void seedsThatDisagreeOnCostsTakeSeed888()
    {
        // ArchResults.get_compute_costs(): inconsistent seeds -> the value of seed 888.
        BenchmarkDatabase db(m_db);
        const auto r = db.find(kArch3);
        QVERIFY(r);
        const DatasetResults *d = r->dataset("cifar100");
        QCOMPARE(*d->paramsMb, 2.0);
        QCOMPARE(*d->flopsM, 310.0);
        QCOMPARE(*d->testAccuracy200, (73.0 + 72.0 + 71.0) / 3);
        QCOMPARE(*d->testAccuracy12, 41.0);
    }

    void cellsNotInTheDatabase()
    {
        BenchmarkDatabase db(m_db);
        QVERIFY(!db.find(kArch1)); // listed in meta_archs, but its file is missing
        QVERIFY(!db.find(gdas::model::fromNb201String(kArch4)));
        // A DARTS cell cannot be looked up: the model's own error says why.
        const auto darts = gdas::model::resolveGenotype("DARTS_V2");
        QVERIFY_THROWS_EXCEPTION(gdas::model::GenotypeError, db.find(darts));
    }

    void theModelWritesTheBenchmarksStrings()
    {
        for (const std::string &a : {kArch0, kArch1, kArch2, kArch3, kArch4})
            QCOMPARE(gdas::model::toNb201String(gdas::model::fromNb201String(a)), a);
    }

    void bestPerDataset()
    {
        BenchmarkDatabase db(m_db);
        const auto best = db.best(200);
        QCOMPARE(best.size(), std::size_t(4));
        QCOMPARE(best[0].dataset, std::string("cifar10-valid"));
        QCOMPARE(best[0].index, 0);
        QCOMPARE(best[1].dataset, std::string("cifar10"));
        QCOMPARE(best[1].index, 2); // 93.75 beats 93.625
        QCOMPARE(best[1].testAccuracy, 93.75);
        QVERIFY(!best[1].validAccuracy);
        QCOMPARE(best[2].dataset, std::string("cifar100"));
        QCOMPARE(best[2].index, 3); // 72.0 beats 70.5
        QCOMPARE(best[2].arch, kArch3);
        QCOMPARE(*best[2].validAccuracy, 72.5);
        QCOMPARE(best[3].dataset, std::string("ImageNet16-120"));
        QCOMPARE(best[3].testAccuracy, 44.5);
        const auto best12 = db.best(12);
        QCOMPARE(best12[2].index, 3); // 41.0 beats 32.76
        QVERIFY(errorOf([&] { db.best(50); }).contains("not 50"));
    }

    void refusesAnExistingFileWithoutOverwrite()
    {
        QFile existing(QString::fromStdString(path("taken.sqlite")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        const QString e = errorOf([&] { importNatsTopology(m_simple, path("taken.sqlite")); });
        QVERIFY2(e.startsWith(QString::fromStdString(path("taken.sqlite")) + ": already exists"), qPrintable(e));
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me"));
        existing.close();
        ImportOptions overwrite;
        overwrite.overwrite = true;
        importNatsTopology(m_simple, path("taken.sqlite"), overwrite);
        QCOMPARE(BenchmarkDatabase(path("taken.sqlite")).architectureCount(), std::size_t(3));
    }

    void damagedFilesNameTheFileAndKeepTheOldDatabase_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated bz2") << "truncate-bz2"
                                       << "truncated bzip2 data";
        QTest::newRow("not bz2") << "plain"
                                 << "not bzip2 data";
        QTest::newRow("truncated pickle") << "truncate-pickle"
                                          << "pickle byte";
        QTest::newRow("another class") << "class"
                                       << "builds an object of class nats_bench.api_utils.ResultsCount";
        QTest::newRow("wrong arch_str") << "arch"
                                        << "['200']['arch_str']: is '";
        QTest::newRow("missing trial") << "seed"
                                       << "has no entry ('cifar10', 555) although dataset_seed lists it";
        QTest::newRow("a list instead") << "list"
                                        << "holds a list, expected a dict";
    }
    void damagedFilesNameTheFileAndKeepTheOldDatabase()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        nats_fixture::writeSimpleFolder(folder, {kArch0, kArch1, kArch2, kArch3, kArch4}, fixtureArchitectures());
        const std::string victim = folder + "/000002.pickle.pbz2";
        nats_fixture::Architecture a2 = fixtureArchitectures()[1];
        std::string pickle = nats_fixture::architecturePickle(a2);
        if (damage == "truncate-bz2") {
            const std::string packed = nats_fixture::bzip2(pickle);
            nats_fixture::writeFile(victim, packed.substr(0, packed.size() - 20));
        } else if (damage == "plain") {
            nats_fixture::writeFile(victim, pickle);
        } else if (damage == "truncate-pickle") {
            nats_fixture::writeFile(victim, nats_fixture::bzip2(pickle.substr(0, pickle.size() / 2)));
        } else if (damage == "class") {
            // ArchResults objects instead of their state dicts (not how the files are written)
            nats_fixture::PickleWriter w;
            w.raw() += "cnats_bench.api_utils\nResultsCount\n)R";
            nats_fixture::writeFile(victim, nats_fixture::bzip2(w.finish()));
        } else if (damage == "arch") {
            a2.arch = kArch4;
            nats_fixture::writeFile(victim, nats_fixture::bzip2(nats_fixture::architecturePickle(a2)));
        } else if (damage == "seed") {
            // dataset_seed lists a seed all_results lacks: rewrite seed 777's key to 555 in the
            // list only (the seed ints follow 'dataset_seed' in the byte stream)
            const std::size_t at = pickle.find("dataset_seed");
            QVERIFY(at != std::string::npos);
            const std::size_t k = pickle.find(std::string("M\x09\x03", 3), at); // BININT2 777
            QVERIFY(k != std::string::npos);
            pickle.replace(k, 3, std::string("M\x2b\x02", 3)); // 555
            nats_fixture::writeFile(victim, nats_fixture::bzip2(pickle));
        } else if (damage == "list") {
            nats_fixture::PickleWriter w;
            w.listBegin();
            w.listEnd();
            nats_fixture::writeFile(victim, nats_fixture::bzip2(w.finish()));
        }
        const std::string dbPath = path("kept-" + damage + ".sqlite");
        importNatsTopology(m_simple, dbPath); // a good database already there
        ImportOptions overwrite;
        overwrite.overwrite = true;
        const QString e = errorOf([&] { importNatsTopology(folder, dbPath, overwrite); });
        QVERIFY2(e.startsWith(QString::fromStdString(victim) + ": "), qPrintable(e));
        QVERIFY2(e.contains(expected), qPrintable(e));
        QCOMPARE(BenchmarkDatabase(dbPath).architectureCount(), std::size_t(3)); // untouched
        QVERIFY(leftovers(m_dir.path()).isEmpty());
    }

    void sourcesThatAreNotASimpleFolder()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        QVERIFY(errorOf([&] { importNatsTopology(folder, path("x.sqlite")); }).contains("meta.pickle.pbz2: missing"));
        QVERIFY(
            errorOf([&] { importNatsTopology(folder + "/nope", path("x.sqlite")); }).endsWith("nope: does not exist"));
        nats_fixture::writeFile(folder + "/NAS-Bench-201-v1_1-096897.pth", "PK");
        QVERIFY(errorOf([&] {
                    importNatsTopology(folder + "/NAS-Bench-201-v1_1-096897.pth", path("x.sqlite"));
                }).contains("pth_to_pickle.py"));
        // The size search space's meta lists channel strings, not cells.
        nats_fixture::writeFile(folder + "/meta.pickle.pbz2",
                                nats_fixture::bzip2(nats_fixture::metaPickle({"64:64:64:64:64"})));
        QVERIFY(
            errorOf([&] { importNatsTopology(folder, path("x.sqlite")); }).contains("not the topology search space"));
        // Listed architectures without any file.
        nats_fixture::writeFile(folder + "/meta.pickle.pbz2", nats_fixture::bzip2(nats_fixture::metaPickle({kArch0})));
        QVERIFY(errorOf([&] { importNatsTopology(folder, path("x.sqlite")); }).contains("none of the 1 architectures"));
        QVERIFY(!QFile::exists(QString::fromStdString(path("x.sqlite"))));
        QVERIFY(errorOf([&] {
                    importNatsTopology(m_simple, path("no/such/folder/x.sqlite"));
                }).contains("x.sqlite: its folder "));
        QVERIFY(leftovers(m_dir.path()).isEmpty());
    }

    void openingSomethingElse()
    {
        const QString missing = errorOf([&] { BenchmarkDatabase db(path("none.sqlite")); });
        QVERIFY2(missing.startsWith(QString::fromStdString(path("none.sqlite")) + ": does not exist"),
                 qPrintable(missing));
        nats_fixture::writeFile(path("text.sqlite"), std::string(4096, 'x'));
        const QString text = errorOf([&] { BenchmarkDatabase db(path("text.sqlite")); });
        QVERIFY2(text.startsWith(QString::fromStdString(path("text.sqlite")) + ": not a benchmark database"),
                 qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestBenchmarkDb)
#include "tst_benchmarkdb.moc"
