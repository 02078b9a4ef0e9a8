#include "FigureChecks.h"
#include "WidgetTestData.h"

#include "widgets/CellGraphPanel.h"
#include "widgets/CellGraphView.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

using namespace gdas;
using widgets::CellGraphPanel;

namespace {

model::EpochRecord epochRecord(const model::Genotype &genotype, int epoch)
{
    model::EpochRecord record;
    record.epoch = epoch;
    record.tau = 10.0 - epoch * 0.2;
    record.normal = widgets::testdata::alphasFavouring(genotype, false, 0.2 * epoch, static_cast<unsigned>(epoch));
    if (genotype.space == model::SpaceKind::Darts)
        record.reduce = widgets::testdata::alphasFavouring(genotype, true, 0.2 * epoch, 100u + epoch);
    record.genotype = genotype;
    return record;
}

} // namespace

class TestCellGraphPanel : public QObject {
    Q_OBJECT

private slots:
    void followsNewestUntilUserMovesBack()
    {
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        const model::Genotype darts = *model::builtinGenotype("DARTS_V2");
        CellGraphPanel panel;
        panel.setTotalEpochs(50);
        QSignalSpy shown(&panel, &CellGraphPanel::shownEpochChanged);
        panel.setEpochs({epochRecord(gdas, 0), epochRecord(gdas, 1)});
        QCOMPARE(panel.shownIndex(), 1);
        QCOMPARE(panel.epochText(), QStringLiteral("epoch 2 / 50  (τ = 9.800)"));
        QVERIFY(panel.followsNewest());

        panel.appendEpoch(epochRecord(darts, 2));
        QCOMPARE(panel.shownIndex(), 2);
        QCOMPARE(panel.normalView()->edgeLabels().front(), QStringLiteral("sep_conv_3x3"));
        QCOMPARE(shown.count(), 2);
        QCOMPARE(shown.last().at(0).toInt(), 2);

        // The user drags the slider back: new epochs no longer move the view.
        auto *slider = panel.findChild<QSlider *>();
        QVERIFY(slider);
        slider->setValue(0);
        QCOMPARE(panel.shownIndex(), 0);
        QVERIFY(!panel.followsNewest());
        QCOMPARE(panel.normalView()->edgeLabels().front(), QStringLiteral("skip_connect"));
        panel.appendEpoch(epochRecord(darts, 3));
        QCOMPARE(panel.shownIndex(), 0);
        QCOMPARE(slider->maximum(), 3);
        QCOMPARE(panel.epochText(), QStringLiteral("epoch 1 / 50  (τ = 10.000)"));

        // Back to the end: following again.
        slider->setValue(slider->maximum());
        QVERIFY(panel.followsNewest());
        panel.appendEpoch(epochRecord(gdas, 4));
        QCOMPARE(panel.shownIndex(), 4);
    }

    void showsAlphasOfTheShownEpoch()
    {
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        CellGraphPanel panel;
        const model::EpochRecord record = epochRecord(gdas, 7);
        panel.setEpochs({record});
        QVERIFY(panel.reductionView()->hasCell());
        QCOMPARE(panel.reductionView()->edgeLabels().size(), 8);
        // The tooltip carries the probabilities of that epoch's reduction table.
        const QString tip = panel.reductionView()->edgeToolTips().front();
        const int row = 0; // edge c_{k-2} → 0: GDAS_V1's reduce node 0 takes sep_conv_5x5 from it
        const int col = 3; // sep_conv_5x5
        QCOMPARE(record.reduce.ops[col], std::string("sep_conv_5x5"));
        QVERIFY2(tip.contains(QString::number(record.reduce.at(row, col), 'f', 3)), qPrintable(tip));
    }

    void nasBench201HasOneCell()
    {
        const model::Genotype nb = model::parseGenotype(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        CellGraphPanel panel;
        panel.setEpochs({epochRecord(nb, 0)});
        QCOMPARE(panel.normalView()->edgeCount(), 6);
        QVERIFY(!panel.reductionView()->hasCell());
    }

    void staticGenotypeAndShowAll()
    {
        CellGraphPanel panel;
        panel.setGenotype(*model::builtinGenotype("DARTS_V2"));
        QCOMPARE(panel.shownIndex(), -1);
        QCOMPARE(panel.epochText(), QStringLiteral("DARTS_V2"));
        QCOMPARE(panel.normalView()->edgeCount(), 8);
        QCOMPARE(panel.reductionView()->edgeCount(), 8);
        panel.setShowAllCandidates(true);
        QVERIFY(panel.normalView()->showAllCandidates());
        QVERIFY(panel.reductionView()->showAllCandidates());
        QCOMPARE(panel.normalView()->edgeCount(), 14);
    }

    void exportsBothCells()
    {
        CellGraphPanel panel;
        QString error;
        QVERIFY(!panel.exportFigure(QDir::temp().filePath(QStringLiteral("gdas-empty.png")), QSize(100, 100), &error));
        QVERIFY(!error.isEmpty());
        const model::Genotype gdas = *model::builtinGenotype("GDAS_V1");
        panel.setEpochs({epochRecord(gdas, 0)});
        widgets::testdata::checkFigureExports(
            [&](const QString &path, QSize size, QString *err) { return panel.exportFigure(path, size, err); },
            QSize(1400, 500));
    }

    // A paper figure of two wide DARTS cells on a landscape page: the cells take the page
    // (stacked, not side by side in thin strips), so their labels are readable in print.
    void paperFigureFillsThePage()
    {
        CellGraphPanel panel;
        panel.setGenotype(*model::builtinGenotype("DARTS_V2"));
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("cells.png"));
        QString error;
        QVERIFY2(panel.exportFigure(png, QSize(1200, 800), &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        int inkedRows = 0;
        for (int y = 0; y < image.height(); ++y) {
            bool inked = false;
            for (int x = 0; x < image.width() && !inked; ++x)
                inked = qGray(image.pixel(x, y)) < 200;
            inkedRows += inked ? 1 : 0;
        }
        QVERIFY2(inkedRows > image.height() / 2,
                 qPrintable(QStringLiteral("%1 of %2 rows drawn on").arg(inkedRows).arg(image.height())));
    }
};

QTEST_MAIN(TestCellGraphPanel)
#include "tst_cellgraphpanel.moc"
