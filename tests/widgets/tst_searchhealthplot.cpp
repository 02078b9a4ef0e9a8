#include "widgets/SearchHealthPlot.h"

#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"

#include <QtTest>

using namespace gdas;
using widgets::SearchHealthPlot;

namespace {

// An NAS-Bench-201 epoch whose every edge's strongest op is `op` (so its cell holds six of it).
model::EpochRecord epochWith(int epoch, const char *op)
{
    const model::SearchSpace &space = model::SearchSpace::nasBench201();
    std::vector<float> probs;
    for (int e = 0; e < space.edgeCount(); ++e)
        for (int o = 0; o < space.opCount(); ++o)
            probs.push_back(space.ops[static_cast<std::size_t>(o)] == op ? 0.6f : 0.1f);
    model::EpochRecord r;
    r.epoch = epoch;
    r.normal = model::AlphaTable(space, probs);
    r.genotype = model::deriveGenotype(space, r.normal, {}, model::DeriveRule::GdasOfficial);
    return r;
}

} // namespace

class TestSearchHealthPlot : public QObject {
    Q_OBJECT

private slots:
    void warnsFromTheFirstCollapsedEpoch()
    {
        SearchHealthPlot plot;
        plot.resize(600, 300);
        plot.setSkipLimit(2);
        plot.appendEpoch(epochWith(0, "nor_conv_3x3"));
        QCOMPARE(plot.pointCount(), 1);
        QVERIFY(!plot.warningShown());
        plot.appendEpoch(epochWith(1, "skip_connect"));
        plot.appendEpoch(epochWith(2, "nor_conv_1x1"));
        QCOMPARE(plot.pointCount(), 3);
        QVERIFY(plot.warningShown());
        // Epoch 2 (1-based) is where six skip connections appeared, limit 2.
        QVERIFY2(plot.warningText().contains(QStringLiteral("epoch 2")), qPrintable(plot.warningText()));
        QVERIFY2(plot.warningText().contains(QStringLiteral("6 skip")), qPrintable(plot.warningText()));
        const QImage image = plot.grab().toImage();
        QVERIFY(!image.isNull());
        if (const QByteArray dir = qgetenv("GDAS_SCREENSHOT_DIR"); !dir.isEmpty())
            image.save(QString::fromLocal8Bit(dir) + QStringLiteral("/search-health.png"));
    }

    void limitZeroNeverWarnsAndALaterLimitRejudges()
    {
        SearchHealthPlot plot;
        plot.setSkipLimit(0);
        plot.setEpochs({epochWith(0, "skip_connect"), epochWith(1, "skip_connect")});
        QVERIFY(!plot.warningShown());
        plot.setSkipLimit(7); // more than the six edges: still no collapse
        QVERIFY(!plot.warningShown());
        plot.setSkipLimit(6);
        QVERIFY(plot.warningShown());
        QVERIFY(plot.warningText().contains(QStringLiteral("epoch 1")));
        plot.clear();
        QCOMPARE(plot.pointCount(), 0);
        QVERIFY(!plot.warningShown());
    }

    void recordedHealthIsUsedAsWritten()
    {
        // A health read from epochs.jsonl wins over what the α would give.
        model::EpochRecord e = epochWith(0, "nor_conv_3x3");
        model::CellHealth h;
        h.skipConnections = 3;
        h.parameterFreeOps = 4;
        h.derivedOps = 6;
        e.normalHealth = h;
        SearchHealthPlot plot;
        plot.setSkipLimit(3);
        plot.appendEpoch(e);
        QVERIFY(plot.warningShown());
        QVERIFY(plot.warningText().contains(QStringLiteral("3 skip")));
    }
};

QTEST_MAIN(TestSearchHealthPlot)
#include "tst_searchhealthplot.moc"
