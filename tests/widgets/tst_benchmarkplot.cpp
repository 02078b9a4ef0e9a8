#include "widgets/BenchmarkPlot.h"

#include "FigureChecks.h"

#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"

#include <QtTest>

#include <cmath>

using namespace gdas;
using widgets::BenchmarkPlot;

namespace {

// An NAS-Bench-201 epoch; `index` < 0: the cell is not in the benchmark (no accuracies).
model::EpochRecord epoch(int number, int index, std::optional<double> test, std::optional<double> valid = {},
                         const char *dataset = "cifar100")
{
    const model::SearchSpace &space = model::SearchSpace::nasBench201();
    model::EpochRecord r;
    r.epoch = number;
    r.normal =
        model::AlphaTable(space, std::vector<float>(static_cast<std::size_t>(space.edgeCount() * space.opCount()),
                                                    1.0f / static_cast<float>(space.opCount())));
    r.genotype = model::deriveGenotype(space, r.normal, {}, model::DeriveRule::GdasOfficial);
    model::BenchmarkScore b;
    b.dataset = dataset;
    b.index = index;
    if (index >= 0) {
        b.test = test;
        b.valid = valid;
    }
    b.bestTest = 73.51;
    r.benchmark = b;
    return r;
}

} // namespace

class TestBenchmarkPlot : public QObject {
    Q_OBJECT

private slots:
    // Test and valid accuracies per epoch, gaps where the cell is not in the benchmark, and the
    // benchmark's best as a labelled line.
    void pointsGapsAndTheBestLine()
    {
        BenchmarkPlot plot;
        plot.resize(700, 320);
        plot.show();
        plot.setEpochs({epoch(0, 12, 61.25, 60.5), epoch(1, -1, {}), epoch(2, 15624, 70.75, 71.0)});
        plot.appendEpoch(epoch(3, 7, 72.5, 72.0));
        QVERIFY(plot.hasData());
        QVERIFY(!plot.hintShown());
        QCOMPARE(plot.dataset(), QStringLiteral("cifar100"));

        const QVector<QPointF> test = plot.testPoints();
        QCOMPARE(test.size(), 4);
        QCOMPARE(test[0], QPointF(1, 61.25));
        QCOMPARE(test[1].x(), 2.0);
        QVERIFY(std::isnan(test[1].y())); // a gap, not a zero
        QCOMPARE(test[2], QPointF(3, 70.75));
        QCOMPARE(test[3], QPointF(4, 72.5));
        const QVector<QPointF> valid = plot.validPoints();
        QCOMPARE(valid.size(), 4);
        QCOMPARE(valid[0], QPointF(1, 60.5));
        QVERIFY(std::isnan(valid[1].y()));
        QCOMPARE(valid[3], QPointF(4, 72.0));
        QCOMPARE(plot.gapEpochs(), QVector<int>{2});

        QVERIFY(plot.bestTest().has_value());
        QCOMPARE(*plot.bestTest(), 73.51);
        QVERIFY2(plot.bestLineLabel().contains(QStringLiteral("73.51")), qPrintable(plot.bestLineLabel()));
        QVERIFY2(plot.noteText().contains(QStringLiteral("epoch 4")) &&
                     plot.noteText().contains(QStringLiteral("72.50")),
                 qPrintable(plot.noteText()));
        QVERIFY2(plot.noteText().contains(QStringLiteral("by epoch: 2.")), qPrintable(plot.noteText()));

        QCoreApplication::processEvents(); // the queued replot and layout
        const QImage image = plot.grab().toImage();
        QVERIFY(!image.isNull());
        if (const QByteArray dir = qgetenv("GDAS_SCREENSHOT_DIR"); !dir.isEmpty())
            image.save(QString::fromLocal8Bit(dir) + QStringLiteral("/benchmark-plot.png"));
        widgets::testdata::checkFigureExports(
            [&plot](const QString &p, QSize s, QString *e) { return plot.exportFigure(p, s, e); });
    }

    // cifar10 has no validation split: only the test curve.
    void testOnlyWhereTheBenchmarkHasNoValidation()
    {
        BenchmarkPlot plot;
        plot.appendEpoch(epoch(0, 3, 88.0, {}, "cifar10"));
        plot.appendEpoch(epoch(1, 4, 90.5, {}, "cifar10"));
        QCOMPARE(plot.testPoints().size(), 2);
        for (const QPointF &p : plot.validPoints())
            QVERIFY(std::isnan(p.y()));
        QVERIFY(plot.gapEpochs().isEmpty());
        QCOMPARE(plot.dataset(), QStringLiteral("cifar10"));
    }

    // A run searched without --benchmark: the hint, no figure; clear() starts over.
    void aRunWithoutScoresShowsTheHint()
    {
        BenchmarkPlot plot;
        model::EpochRecord plain = epoch(0, 1, 50.0);
        plain.benchmark.reset();
        plot.setEpochs({plain});
        QVERIFY(!plot.hasData());
        QVERIFY(plot.hintShown());
        QVERIFY(plot.noteText().contains(QStringLiteral("--benchmark")));
        QVERIFY(plot.gapEpochs().isEmpty());
        QString error;
        QVERIFY(!plot.exportFigure(QStringLiteral("/tmp/never.svg"), QSize(100, 100), &error));
        QVERIFY(error.contains(QStringLiteral("never.svg")));

        plot.appendEpoch(epoch(1, 2, 55.0));
        QVERIFY(plot.hasData());
        QVERIFY(!plot.hintShown());
        plot.clear();
        QVERIFY(!plot.hasData());
        QVERIFY(plot.testPoints().isEmpty());
        QVERIFY(!plot.bestTest().has_value());
        QVERIFY(plot.bestLineLabel().isEmpty());
    }
};

QTEST_MAIN(TestBenchmarkPlot)
#include "tst_benchmarkplot.moc"
