#include "model/Duration.h"

#include <QtTest>

#include <cmath>
#include <limits>

using gdas::model::DurationStyle;
using gdas::model::formatDuration;

class TestDuration : public QObject {
    Q_OBJECT

private slots:
    void styles_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("units");
        QTest::addColumn<QString>("clock");
        QTest::newRow("zero") << 0.0 << "0s"
                              << "0:00";
        QTest::newRow("rounds") << 11.6 << "12s"
                                << "0:12";
        QTest::newRow("minutes") << 185.0 << "3m05s"
                                 << "3:05";
        QTest::newRow("hour") << 3727.0 << "1h02m"
                              << "1:02:07";
        QTest::newRow("day") << 90061.0 << "25h01m"
                             << "25:01:01";
        QTest::newRow("negative") << -1.0 << "?"
                                  << "—";
        QTest::newRow("nan") << std::nan("") << "?"
                             << "—";
        QTest::newRow("infinite") << std::numeric_limits<double>::infinity() << "?"
                                  << "—";
    }

    void styles()
    {
        QFETCH(double, seconds);
        QFETCH(QString, units);
        QFETCH(QString, clock);
        QCOMPARE(QString::fromStdString(formatDuration(seconds, DurationStyle::Units)), units);
        QCOMPARE(QString::fromStdString(formatDuration(seconds, DurationStyle::Clock)), clock);
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
