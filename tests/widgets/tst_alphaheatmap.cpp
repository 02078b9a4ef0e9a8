#include "FigureChecks.h"
#include "WidgetTestData.h"

#include "widgets/AlphaHeatmap.h"

#include "model/GenotypeLibrary.h"

#include <QtTest>

#include <algorithm>

using namespace gdas;
using widgets::AlphaHeatmap;

namespace {

bool near(const QColor &a, const QColor &b, int tolerance = 3)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

double lightness(const QColor &c) { return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF(); }

} // namespace

class TestAlphaHeatmap : public QObject {
    Q_OBJECT

private slots:
    void labelsFollowTheTable()
    {
        const model::AlphaTable table = widgets::testdata::alphasFavouring(*model::builtinGenotype("GDAS_V1"), false);
        AlphaHeatmap heatmap;
        heatmap.setTable(table, QStringLiteral("normal cell"));
        QCOMPARE(heatmap.rowLabels().size(), 14);
        QCOMPARE(heatmap.rowLabels().front(), QStringLiteral("c_{k-2} → 0"));
        QCOMPARE(heatmap.rowLabels().at(4), QStringLiteral("0 → 1"));
        QCOMPARE(heatmap.rowLabels().back(), QStringLiteral("2 → 3"));
        QStringList ops;
        for (const std::string &op : table.ops)
            ops << QString::fromStdString(op);
        QCOMPARE(heatmap.columnLabels(), ops);
        QCOMPARE(heatmap.title(), QStringLiteral("normal cell"));
    }

    void colourMapRisesInLightness()
    {
        double previous = -1.0;
        for (int i = 0; i <= 10; ++i) {
            const double l = lightness(AlphaHeatmap::colorAt(i / 10.0));
            QVERIFY(l > previous);
            previous = l;
        }
        QCOMPARE(AlphaHeatmap::colorAt(-1.0), AlphaHeatmap::colorAt(0.0));
        QCOMPARE(AlphaHeatmap::colorAt(2.0), AlphaHeatmap::colorAt(1.0));
    }

    void paintedCellsMatchTheTable()
    {
        const model::AlphaTable table = widgets::testdata::alphasFavouring(*model::builtinGenotype("DARTS_V2"), true);
        AlphaHeatmap heatmap;
        heatmap.resize(760, 560);
        heatmap.setTable(table, QStringLiteral("reduction cell"));
        const QImage image = heatmap.grab().toImage();

        const auto [lo, hi] = std::minmax_element(table.probs.begin(), table.probs.end());
        const int maxIndex = static_cast<int>(hi - table.probs.begin());
        const int minIndex = static_cast<int>(lo - table.probs.begin());
        QCOMPARE(heatmap.maximum(), *hi);
        QCOMPARE(heatmap.minimum(), *lo);
        const int maxRow = maxIndex / table.cols(), maxCol = maxIndex % table.cols();
        const int minRow = minIndex / table.cols(), minCol = minIndex % table.cols();
        QCOMPARE(heatmap.cellColor(maxRow, maxCol), AlphaHeatmap::colorAt(1.0));
        QCOMPARE(heatmap.cellColor(minRow, minCol), AlphaHeatmap::colorAt(0.0));

        // Sample each cell's corner (the centre holds the printed value) in the painted image.
        const qreal dpr = image.devicePixelRatio();
        auto painted = [&](int row, int col) {
            const QRect r = heatmap.cellRect(row, col);
            return QColor(image.pixel(QPoint(r.left() + 3, r.top() + 3) * dpr));
        };
        for (int row = 0; row < table.rows(); ++row)
            for (int col = 0; col < table.cols(); ++col)
                QVERIFY2(near(painted(row, col), heatmap.cellColor(row, col)),
                         qPrintable(QStringLiteral("cell %1,%2").arg(row).arg(col)));
        QVERIFY(lightness(painted(maxRow, maxCol)) > lightness(painted(minRow, minCol)) + 0.5);

        // Cells are laid out as a grid: same row, same top; next column, further right.
        QCOMPARE(heatmap.cellRect(2, 0).top(), heatmap.cellRect(2, 5).top());
        QVERIFY(heatmap.cellRect(2, 1).left() > heatmap.cellRect(2, 0).left());
        QVERIFY(heatmap.cellRect(3, 0).top() > heatmap.cellRect(2, 0).top());
        QVERIFY(heatmap.cellRect(table.rows(), 0).isNull());
    }

    void toolTipNamesEdgeOpAndRank()
    {
        const model::AlphaTable table = widgets::testdata::alphasFavouring(*model::builtinGenotype("GDAS_V1"), false);
        AlphaHeatmap heatmap;
        heatmap.setTable(table, QString());
        // Row 0 (c_{k-2} → 0) is led by skip_connect in GDAS_V1's normal cell.
        const QString tip = heatmap.cellToolTip(0, 1);
        QVERIFY2(tip.contains(QStringLiteral("c_{k-2} → 0")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("skip_connect")));
        QVERIFY(tip.contains(QString::number(table.at(0, 1), 'f', 4)));
        QVERIFY(tip.contains(QStringLiteral("rank 1 of 8")));
        QVERIFY(heatmap.cellToolTip(-1, 0).isEmpty());
    }

    void emptyTablePaintsANote()
    {
        AlphaHeatmap heatmap;
        heatmap.resize(300, 200);
        heatmap.clear();
        QVERIFY(heatmap.table().empty());
        QVERIFY(heatmap.cellRect(0, 0).isNull());
        QVERIFY(!heatmap.grab().isNull());
    }

    void exports()
    {
        AlphaHeatmap heatmap;
        heatmap.setTable(widgets::testdata::alphasFavouring(*model::builtinGenotype("GDAS_V1"), false),
                         QStringLiteral("normal cell"));
        widgets::testdata::checkFigureExports(
            [&](const QString &path, QSize size, QString *error) { return heatmap.exportFigure(path, size, error); });
    }
};

QTEST_MAIN(TestAlphaHeatmap)
#include "tst_alphaheatmap.moc"
