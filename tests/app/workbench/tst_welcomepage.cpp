#include "AboutDialog.h"
#include "CompareDialog.h"
#include "HelpDialog.h"
#include "MainWindow.h"
#include "WelcomePage.h"

#include "widgets/CellGraphPanel.h"

#include <QApplication>
#include <QCommandLinkButton>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace gdas;

// The first-run experience: the welcome page's three offers and recent runs, keyboard focus,
// the main window switching between the page and the run views, the user guide and About.
class TestWelcomePage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void buttonsAskForTheirAction_data();
    void buttonsAskForTheirAction();
    void recentRunsAreListedAndOpenWithEnter();
    void keyboardStartsOnQuickLookAndTabsOn();
    void mainWindowShowsThePageUntilARunOpens();
    void comparePublishedCellsOpensTwoCells();
    void helpShowsTheUserGuide();
    void aboutNamesTheVersions();

private:
    QTemporaryDir m_tmp;
};

void TestWelcomePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_welcomepage"));
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    QVERIFY(m_tmp.isValid());
}

void TestWelcomePage::init() { QSettings().clear(); }

void TestWelcomePage::buttonsAskForTheirAction_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<QByteArray>("signal");
    QTest::newRow("quick look") << "quickLookButton" << QByteArray(SIGNAL(quickLookRequested()));
    QTest::newRow("open") << "openRunButton" << QByteArray(SIGNAL(openRequested()));
    QTest::newRow("compare") << "compareCellsButton" << QByteArray(SIGNAL(compareRequested()));
}

void TestWelcomePage::buttonsAskForTheirAction()
{
    QFETCH(QString, button);
    QFETCH(QByteArray, signal);
    app::WelcomePage page;
    QSignalSpy asked(&page, signal.constData());
    QSignalSpy quickLook(&page, &app::WelcomePage::quickLookRequested);
    auto *target = page.findChild<QCommandLinkButton *>(button);
    QVERIFY(target);
    QVERIFY(!target->toolTip().isEmpty() || !target->description().isEmpty());
    target->click();
    QCOMPARE(asked.count(), 1);
    QCOMPARE(quickLook.count(), button == QLatin1String("quickLookButton") ? 1 : 0);
}

void TestWelcomePage::recentRunsAreListedAndOpenWithEnter()
{
    app::WelcomePage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(!page.recentList()->isVisible()); // nothing to list yet

    const QStringList runs{QStringLiteral("/data/runs/nb201-a"), QStringLiteral("/data/runs/darts-b")};
    page.setRecentRuns(runs);
    QVERIFY(page.recentList()->isVisible());
    QCOMPARE(page.recentList()->count(), 2);
    QVERIFY(page.recentList()->item(1)->text().startsWith(QLatin1String("darts-b")));

    QSignalSpy requested(&page, &app::WelcomePage::recentRunRequested);
    page.recentList()->setFocus();
    page.recentList()->setCurrentRow(1);
    QTest::keyClick(page.recentList(), Qt::Key_Return);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), runs.at(1));
}

void TestWelcomePage::keyboardStartsOnQuickLookAndTabsOn()
{
    app::WelcomePage page;
    page.setRecentRuns({QStringLiteral("/data/runs/nb201-a")});
    page.show();
    QApplication::setActiveWindow(&page);
    QVERIFY(QTest::qWaitForWindowActive(&page));
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(page.quickLookButton()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(page.openButton()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(page.compareButton()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(page.recentList()));
}

void TestWelcomePage::mainWindowShowsThePageUntilARunOpens()
{
    const QString dir = m_tmp.filePath(QStringLiteral("tiny-run"));
    QVERIFY(QDir().mkpath(dir));
    QFile config(dir + QStringLiteral("/config.json"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"kind":"search","name":"tiny-run","space":"nas-bench-201","algorithm":"gdas","epochs":2})");
    config.close();
    QFile metrics(dir + QStringLiteral("/metrics.jsonl"));
    QVERIFY(metrics.open(QIODevice::WriteOnly));
    metrics.close();

    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(window.welcomeShown());
    QVERIFY(window.welcomePage()->isVisible());
    QString error;
    QVERIFY2(window.openRunDirectory(dir, &error), qPrintable(error));
    QVERIFY(!window.welcomeShown());
    QVERIFY(window.cellPanel()->isVisible());
    // Screen readers name the views.
    QCOMPARE(window.cellPanel()->accessibleName(), QStringLiteral("Cells"));
    QVERIFY(!window.logView()->accessibleName().isEmpty());
    // The run now heads the page's recent runs, for the next start.
    QCOMPARE(window.welcomePage()->recentList()->count(), 1);
    QCOMPARE(window.welcomePage()->recentList()->item(0)->data(Qt::UserRole).toString(), QDir(dir).absolutePath());
}

void TestWelcomePage::comparePublishedCellsOpensTwoCells()
{
    app::MainWindow window;
    window.show();
    window.welcomePage()->compareButton()->click();
    app::CompareDialog *compare = window.compareDialog();
    QVERIFY(compare->isVisible());
    QCOMPARE(compare->entryCount(), 2);
}

void TestWelcomePage::helpShowsTheUserGuide()
{
    app::HelpDialog help;
    const QString text = help.browser()->toPlainText();
    QVERIFY2(text.contains(QLatin1String("GDAS Workbench user guide")), qPrintable(text.left(200)));
    QVERIFY(text.contains(QLatin1String("Quick look on Fashion-MNIST")));
    // The guide is Markdown rendered, not shown as source.
    QVERIFY(!text.contains(QLatin1String("## ")));
}

void TestWelcomePage::aboutNamesTheVersions()
{
    app::AboutDialog about;
    const QString versions = about.versionsText();
    QVERIFY2(versions.contains(QLatin1String("GDAS Workbench 9.8.7")), qPrintable(versions));
    QVERIFY2(versions.contains(QStringLiteral("Qt %1").arg(QLatin1String(qVersion()))), qPrintable(versions));
    QVERIFY2(versions.contains(QLatin1String("LibTorch ")), qPrintable(versions));
    QVERIFY2(versions.contains(QLatin1String("cpu")) || versions.contains(QLatin1String("cuda")), qPrintable(versions));
}

QTEST_MAIN(TestWelcomePage)
#include "tst_welcomepage.moc"
