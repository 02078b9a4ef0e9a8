#include "widgets/StudyCurvePlot.h"

#include "FigureChecks.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace gdas;
using widgets::SeedCurve;
using widgets::StudyCurvePlot;

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// Three seeds: the second has no value at epoch 3 and stopped there, the third ran one epoch
// longer.
std::vector<SeedCurve> threeSeeds()
{
    return {{QStringLiteral("seed 1"), {10.0, 20.0, 30.0}},
            {QStringLiteral("seed 2"), {12.0, 18.0, kNone}},
            {QStringLiteral("seed 3"), {14.0, 22.0, 33.0, 40.0}}};
}

} // namespace

class TestStudyCurvePlot : public QObject {
    Q_OBJECT

private slots:
    void spreadOfThreeKnownSeries()
    {
        const std::vector<widgets::EpochSpread> s = StudyCurvePlot::spreadOf(threeSeeds());
        QCOMPARE(s.size(), std::size_t(4));
        // Epoch 1: 10, 12, 14 -> mean 12, sample std 2.
        QCOMPARE(s[0].epoch, 1);
        QCOMPARE(s[0].count, 3);
        QCOMPARE(s[0].mean, 12.0);
        QCOMPARE(s[0].stddev, 2.0);
        QCOMPARE(s[0].min, 10.0);
        QCOMPARE(s[0].max, 14.0);
        // Epoch 2: 20, 18, 22.
        QCOMPARE(s[1].mean, 20.0);
        QCOMPARE(s[1].stddev, 2.0);
        QCOMPARE(s[1].min, 18.0);
        QCOMPARE(s[1].max, 22.0);
        // Epoch 3: 30, 33 (seed 2 has none) -> 31.5 ± sqrt(4.5).
        QCOMPARE(s[2].count, 2);
        QCOMPARE(s[2].mean, 31.5);
        QVERIFY(std::abs(s[2].stddev - std::sqrt(4.5)) < 1e-12);
        // Epoch 4: one seed -> no spread.
        QCOMPARE(s[3].count, 1);
        QCOMPARE(s[3].mean, 40.0);
        QCOMPARE(s[3].stddev, 0.0);
        QVERIFY(StudyCurvePlot::spreadOf({}).empty());
    }

    void meanAndBandAreDrawn()
    {
        StudyCurvePlot plot;
        plot.resize(800, 400);
        plot.show();
        plot.setCurves(QStringLiteral("search validation accuracy (%)"), threeSeeds());
        QCOMPARE(plot.seedCurveCount(), 3);
        QCOMPARE(plot.valueLabel(), QStringLiteral("search validation accuracy (%)"));

        const QVector<QPointF> mean = plot.meanPoints();
        QCOMPARE(mean.size(), 4);
        QCOMPARE(mean[0], QPointF(1, 12.0));
        QCOMPARE(mean[2], QPointF(3, 31.5));
        QCOMPARE(mean[3], QPointF(4, 40.0));
        // mean ± std by default.
        QCOMPARE(plot.band(), StudyCurvePlot::Band::StdDev);
        QCOMPARE(plot.bandLowerPoints()[0], QPointF(1, 10.0));
        QCOMPARE(plot.bandUpperPoints()[1], QPointF(2, 22.0));
        QVERIFY(std::abs(plot.bandUpperPoints()[2].y() - (31.5 + std::sqrt(4.5))) < 1e-12);
        QVERIFY(plot.legendEntries().contains(plot.bandName()));
        QVERIFY(plot.bandName().contains(QStringLiteral("standard deviation")));
        QVERIFY(plot.legendEntries().contains(QStringLiteral("seed 2")));

        // min–max.
        plot.setBand(StudyCurvePlot::Band::MinMax);
        QCOMPARE(plot.bandLowerPoints()[0], QPointF(1, 10.0));
        QCOMPARE(plot.bandUpperPoints()[0], QPointF(1, 14.0));
        QCOMPARE(plot.bandLowerPoints()[2], QPointF(3, 30.0));
        QCOMPARE(plot.bandUpperPoints()[2], QPointF(3, 33.0));
        QVERIFY(plot.bandName().contains(QStringLiteral("min")));
        QVERIFY(plot.legendEntries().contains(plot.bandName()));

        plot.setReferenceLine(73.5, QStringLiteral("best in the benchmark"));
        QCoreApplication::processEvents(); // the queued replot and layout
        const QImage image = plot.grab().toImage();
        QVERIFY(!image.isNull());
        if (const QByteArray dir = qgetenv("GDAS_SCREENSHOT_DIR"); !dir.isEmpty())
            image.save(QString::fromLocal8Bit(dir) + QStringLiteral("/study-curves.png"));
        widgets::testdata::checkFigureExports(
            [&plot](const QString &p, QSize s, QString *e) { return plot.exportFigure(p, s, e); });
    }

    // An epoch no seed reached is a gap in the mean, not a line across it.
    void epochsNoSeedReachedAreGaps()
    {
        StudyCurvePlot plot;
        plot.setCurves(QStringLiteral("loss"),
                       {{QStringLiteral("a"), {1.0, kNone, 3.0}}, {QStringLiteral("b"), {2.0, kNone, 4.0}}});
        const QVector<QPointF> mean = plot.meanPoints();
        QCOMPARE(mean.size(), 3);
        QCOMPARE(mean[0], QPointF(1, 1.5));
        QVERIFY(std::isnan(mean[1].y()));
        QCOMPARE(mean[2], QPointF(3, 3.5));
    }

    void manySeedsShareOneLegendEntry()
    {
        std::vector<SeedCurve> curves;
        for (int i = 0; i < 12; ++i)
            curves.push_back({QStringLiteral("seed %1").arg(i), {double(i), double(i + 1)}});
        StudyCurvePlot plot;
        plot.setCurves(QStringLiteral("x"), curves);
        QCOMPARE(plot.seedCurveCount(), 12);
        QVERIFY(!plot.legendEntries().contains(QStringLiteral("seed 3")));
        QCOMPARE(plot.legendEntries().size(), 3); // the band, all seeds, the mean
        plot.clear();
        QCOMPARE(plot.seedCurveCount(), 0);
        QVERIFY(plot.meanPoints().isEmpty());
        QString error;
        QVERIFY(!plot.exportFigure(QStringLiteral("/tmp/empty.png"), QSize(10, 10), &error));
    }
};

QTEST_MAIN(TestStudyCurvePlot)
#include "tst_studycurveplot.moc"
