#include "MainWindow.h"
#include "SettingsDialog.h"
#include "UiLanguage.h"
#include "WelcomePage.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCommandLinkButton>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>

#include "support/Prerequisite.h"
#include <functional>

using namespace gdas;

// Each shipped translation loads from the build tree's .qm files, and the main window, built
// after it, shows translated menus and a translated welcome page; the .ts files stay complete.
class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void mainWindowSpeaksTheLanguage_data();
    void mainWindowSpeaksTheLanguage();
    void qtsOwnStringsFollow();
    void englishLoadsNoTranslation();
    void configuredLanguageWinsOverTheSystem();
    void settingsDialogStoresTheLanguage();
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();

private:
    static QStringList menuTitles(const app::MainWindow &window);
    static QStringList menuEntries(const app::MainWindow &window);
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
}

void TestTranslations::init() { QSettings().clear(); }

QStringList TestTranslations::menuTitles(const app::MainWindow &window)
{
    QStringList titles;
    for (QAction *action : window.menuBar()->actions())
        titles.append(action->text());
    return titles;
}

// Every entry of every menu (submenus included), in menu order.
QStringList TestTranslations::menuEntries(const app::MainWindow &window)
{
    QStringList entries;
    std::function<void(const QList<QAction *> &)> collect = [&](const QList<QAction *> &actions) {
        for (QAction *action : actions) {
            if (action->isSeparator())
                continue;
            entries.append(action->text());
            if (action->menu())
                collect(action->menu()->actions());
        }
    };
    collect(window.menuBar()->actions());
    return entries;
}

void TestTranslations::mainWindowSpeaksTheLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("fileMenu");
    QTest::addColumn<QString>("helpMenu");
    QTest::addColumn<QString>("windowTitle");
    QTest::addColumn<QString>("quickLook");
    QTest::addColumn<QString>("welcomeWords");      // a phrase of the three-line explanation
    QTest::addColumn<QStringList>("sameAsEnglish"); // menu entries that are spelt alike

    QTest::newRow("de") << "de"
                        << "&Datei"
                        << "&Hilfe"
                        << "GDAS Workbench"
                        << "Schnellansicht auf &Fashion-MNIST"
                        << "Kandidatenoperation" << QStringList{"&Pause", "Benchmark"};
    QTest::newRow("zh_CN") << "zh_CN"
                           << "文件(&F)"
                           << "帮助(&H)"
                           << "GDAS 工作台"
                           << "Fashion-MNIST 快速体验(&Q)"
                           << "候选操作" << QStringList{};
}

void TestTranslations::mainWindowSpeaksTheLanguage()
{
    QFETCH(QString, language);
    QStringList english;
    {
        const app::MainWindow window;
        english = menuEntries(window);
    }
    app::UiLanguage ui;
    QVERIFY2(ui.install(QLocale(language), {QStringLiteral(GDAS_QM_DIR)}),
             qPrintable(QStringLiteral("no gdas_workbench_%1.qm in %2").arg(language, QStringLiteral(GDAS_QM_DIR))));
    QVERIFY(ui.loadedFile().endsWith(QStringLiteral("gdas_workbench_%1.qm").arg(language)));

    app::MainWindow window;
    const QStringList titles = menuTitles(window);
    QFETCH(QString, fileMenu);
    QFETCH(QString, helpMenu);
    QCOMPARE(titles.constFirst(), fileMenu);
    QCOMPARE(titles.constLast(), helpMenu);
    QFETCH(QString, windowTitle);
    QCOMPARE(window.windowTitle(), windowTitle);

    QVERIFY(window.welcomeShown());
    QFETCH(QString, quickLook);
    QCOMPARE(window.welcomePage()->quickLookButton()->text(), quickLook);
    QFETCH(QString, welcomeWords);
    const auto *title = window.welcomePage()->findChild<QLabel *>(QStringLiteral("welcomeTitle"));
    QVERIFY(title);
    QVERIFY2(title->text().contains(welcomeWords), qPrintable(title->text()));
    // Every menu entry is translated: none keeps its English text unless it is spelt alike.
    QFETCH(QStringList, sameAsEnglish);
    const QStringList translated = menuEntries(window);
    QCOMPARE(translated.size(), english.size());
    QVERIFY(translated.size() > 30);
    for (int i = 0; i < translated.size(); ++i)
        if (!sameAsEnglish.contains(english.at(i)))
            QVERIFY2(translated.at(i) != english.at(i), qPrintable(english.at(i)));
}

void TestTranslations::qtsOwnStringsFollow()
{
    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (!QFile::exists(qtDir + QStringLiteral("/qtbase_de.qm")))
        GDAS_MISSING_PREREQUISITE("Qt's own German translation is not installed (qt6-translations-l10n)");
    app::UiLanguage ui;
    QVERIFY(ui.install(QLocale(QStringLiteral("de")), {QStringLiteral(GDAS_QM_DIR)}));
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    // The platform theme decides on a mnemonic.
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')), QStringLiteral("Abbrechen"));
}

void TestTranslations::englishLoadsNoTranslation()
{
    app::UiLanguage ui;
    QVERIFY(!ui.install(QLocale(QStringLiteral("en_GB")), {QStringLiteral(GDAS_QM_DIR)}));
    QVERIFY(ui.loadedFile().isEmpty());
    app::MainWindow window;
    QCOMPARE(menuTitles(window).constFirst(), QStringLiteral("&File"));
    QCOMPARE(window.welcomePage()->quickLookButton()->text(), QStringLiteral("&Quick look on Fashion-MNIST"));
}

void TestTranslations::configuredLanguageWinsOverTheSystem()
{
    QCOMPARE(app::UiLanguage::configured(), QString());
    QCOMPARE(app::UiLanguage::effectiveLocale(), QLocale::system());
    app::UiLanguage::setConfigured(QStringLiteral("zh_CN"));
    QCOMPARE(app::UiLanguage::effectiveLocale().name(), QStringLiteral("zh_CN"));
    app::UiLanguage::setConfigured(QString());
    QCOMPARE(app::UiLanguage::effectiveLocale(), QLocale::system());
}

void TestTranslations::settingsDialogStoresTheLanguage()
{
    app::SettingsDialog dialog;
    QComboBox *languages = dialog.languageBox();
    // System, English and the shipped translations.
    QCOMPARE(languages->count(), 2 + app::UiLanguage::shippedLanguages().size());
    QCOMPARE(languages->currentData().toString(), QString());
    languages->setCurrentIndex(languages->findData(QStringLiteral("de")));
    dialog.paletteBox()->setCurrentIndex(dialog.paletteBox()->findData(QStringLiteral("dark")));
    dialog.accept();
    QCOMPARE(app::UiLanguage::configured(), QStringLiteral("de"));
    QCOMPARE(app::SettingsDialog::configuredPalette(), QStringLiteral("dark"));

    app::SettingsDialog reopened;
    QCOMPARE(reopened.languageBox()->currentText(), QStringLiteral("Deutsch"));
}

void TestTranslations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : app::UiLanguage::shippedLanguages())
        QTest::newRow(qPrintable(language)) << language;
}

// lupdate adds new strings as unfinished: this fails until someone translates them.
void TestTranslations::tsFilesAreComplete()
{
    QFETCH(QString, language);
    QFile file(QStringLiteral(GDAS_SOURCE_DIR "/translations/gdas_workbench_%1.ts").arg(language));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            ++messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == QLatin1String("unfinished") || text.trimmed().isEmpty())
                unfinished.append(source);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 400);
    QVERIFY2(unfinished.isEmpty(), qPrintable(QStringLiteral("%1 unfinished in %2, e.g. “%3”")
                                                  .arg(unfinished.size())
                                                  .arg(file.fileName(), unfinished.value(0))));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
