#include "CompareDialog.h"
#include "MainWindow.h"
#include "NewSearchDialog.h"
#include "SearchPresets.h"
#include "WorkbenchPalette.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GDAS Workbench"));
    QApplication::setApplicationName(QStringLiteral("gdas-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("GDAS Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(GDAS_VERSION));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("gdas-workbench"), QStringLiteral("_"),
                        QDir(QApplication::applicationDirPath()).filePath(QStringLiteral("../share/gdas-workbench/translations"))))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Run GDAS architecture searches, watch the cell evolve, export genotypes and figures."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption openOption(QStringList{QStringLiteral("o"), QStringLiteral("open")},
                                        QApplication::translate("main", "Open (and follow) the run directory DIR."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption quickLookOption(
        QStringLiteral("quick-look"),
        QApplication::translate("main", "Start the quick CPU search preset at once (NAS-Bench-201 on Fashion-MNIST)."));
    const QCommandLineOption outputOption(
        QStringLiteral("output"),
        QApplication::translate("main", "Run directory for --quick-look (default: ~/gdas-runs/<generated name>)."),
        QStringLiteral("DIR"));
    const QCommandLineOption datasetOption(
        QStringLiteral("dataset"),
        QApplication::translate("main", "Data set for --quick-look: fashion-mnist (default) or synthetic."),
        QStringLiteral("NAME"), QStringLiteral("fashion-mnist"));
    const QCommandLineOption selfTestOption(
        QStringLiteral("self-test"), QApplication::translate("main", "Build the main window and quit (smoke test)."));
    const QCommandLineOption newSearchOption(QStringLiteral("new-search"),
                                             QApplication::translate("main", "Show the New Search dialog at start."));
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QApplication::translate("main", "Compare genotypes: a published NAME, a run DIR, a FILE or the text "
                                        "(repeat for 2-4 entries)."),
        QStringLiteral("GENOTYPE"));
    const QCommandLineOption paletteOption(
        QStringLiteral("palette"), QApplication::translate("main", "Colour palette: system (default), light or dark."),
        QStringLiteral("NAME"), QStringLiteral("system"));
    parser.addOptions({openOption, quickLookOption, outputOption, datasetOption, newSearchOption, compareOption,
                       paletteOption, selfTestOption});
    parser.process(app);
    if (!gdas::app::applyPalette(parser.value(paletteOption))) {
        std::fprintf(stderr, "gdas-workbench: unknown palette '%s' (system, light or dark)\n",
                     qPrintable(parser.value(paletteOption)));
        return 2;
    }

    gdas::app::MainWindow window;
    if (parser.isSet(selfTestOption)) {
        window.show();
        QTimer::singleShot(0, &window, [&window] { window.close(); });
        return app.exec();
    }
    window.show();

    if (parser.isSet(openOption)) {
        QString error;
        if (!window.openRunDirectory(parser.value(openOption), &error)) {
            std::fprintf(stderr, "gdas-workbench: %s\n", qPrintable(error));
            return 2;
        }
    } else if (parser.isSet(quickLookOption)) {
        gdas::engine::SearchConfig config = gdas::app::quickLookSearchConfig();
        config.data.dataset = parser.value(datasetOption).toStdString();
        config.name = gdas::app::generatedRunName(config).toStdString();
        config.runDir = parser.isSet(outputOption)
                            ? QDir::cleanPath(parser.value(outputOption)).toStdString()
                            : QDir(gdas::app::defaultRunsFolder()).filePath(QString::fromStdString(config.name)).toStdString();
        QString error;
        if (!window.startSearch(config, &error)) {
            std::fprintf(stderr, "gdas-workbench: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(compareOption)) {
        gdas::app::CompareDialog *compare = window.compareDialog();
        for (const QString &genotype : parser.values(compareOption)) {
            QString error;
            if (!compare->addAny(genotype, &error))
                std::fprintf(stderr, "gdas-workbench: %s\n", qPrintable(error));
        }
        compare->show();
    }
    if (parser.isSet(newSearchOption))
        QTimer::singleShot(0, &window, [&window] { window.newSearch(); });
    return app.exec();
}
