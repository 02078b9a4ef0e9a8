#include "CellAnimationExport.h"
#include "CompareDialog.h"
#include "MainWindow.h"
#include "SearchPresets.h"
#include "SettingsDialog.h"
#include "UiLanguage.h"
#include "WindowScreenshot.h"
#include "WorkbenchPalette.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {

// --export-animation shows no window: it runs on a server without a display too.
void useOffscreenPlatformForExports(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        return;
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--export-animation", 18) == 0)
            qputenv("QT_QPA_PLATFORM", "offscreen");
}

} // namespace

int main(int argc, char *argv[])
{
    useOffscreenPlatformForExports(argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GDAS Workbench"));
    QApplication::setApplicationName(QStringLiteral("gdas-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("GDAS Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(GDAS_VERSION));
    // Wayland and the task bars match windows to the installed .desktop entry by this name.
    QApplication::setDesktopFileName(QStringLiteral(GDAS_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/gdas/icons/gdas-workbench.svg")));

    // Before the parser, so that --help speaks the user's language too.
    gdas::app::UiLanguage language;
    language.install(gdas::app::UiLanguage::effectiveLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Run GDAS architecture searches, watch the cell evolve, export genotypes and figures."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption openOption(
        QStringList{QStringLiteral("o"), QStringLiteral("open")},
        QApplication::translate("main", "Open (and follow) the run directory or study folder DIR."),
        QStringLiteral("DIR"));
    const QCommandLineOption quickLookOption(
        QStringLiteral("quick-look"),
        QApplication::translate(
            "main", "Start the quick search preset at once (NAS-Bench-201 on Fashion-MNIST; on the CPU unless --device "
                    "names another)."));
    const QCommandLineOption outputOption(
        QStringLiteral("output"),
        QApplication::translate("main", "With --quick-look: its run directory (default: ~/gdas-runs/<generated "
                                        "name>). With --export-animation: the GIF file to write."),
        QStringLiteral("PATH"));
    const QCommandLineOption datasetOption(
        QStringLiteral("dataset"),
        QApplication::translate("main", "Data set for --quick-look: fashion-mnist (default) or synthetic."),
        QStringLiteral("NAME"), QStringLiteral("fashion-mnist"));
    const QCommandLineOption deviceOption(
        QStringLiteral("device"),
        QApplication::translate("main", "Device for --quick-look: cpu (default), cuda, cuda:N or auto."),
        QStringLiteral("DEVICE"), QStringLiteral("cpu"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save the window as a PNG to FILE once the run started with --quick-look "
                                        "or opened with --open has ended (or reached --screenshot-epoch), stop "
                                        "the search (its checkpoint stays) and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotEpochOption(
        QStringLiteral("screenshot-epoch"),
        QApplication::translate("main", "With --screenshot: take it once N epochs are done, while the search runs."),
        QStringLiteral("N"), QStringLiteral("0"));
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
        QStringLiteral("palette"),
        QApplication::translate("main",
                                "Colour palette: system, light or dark (default: the one chosen in the settings)."),
        QStringLiteral("NAME"));
    const QCommandLineOption exportAnimationOption(
        QStringLiteral("export-animation"),
        QApplication::translate("main", "Write the cells of every epoch of the run directory DIR as an animated GIF "
                                        "to --output FILE.gif, without a window, and quit."),
        QStringLiteral("DIR"));
    const QCommandLineOption overwriteOption(
        QStringLiteral("overwrite"),
        QApplication::translate("main", "Let --export-animation replace an existing file."));
    parser.addOptions({openOption, quickLookOption, outputOption, datasetOption, deviceOption, newSearchOption,
                       compareOption, paletteOption, exportAnimationOption, overwriteOption, screenshotOption,
                       screenshotEpochOption, selfTestOption});
    parser.process(app);

    const QString device = parser.value(deviceOption);
    if (!gdas::app::isDeviceName(device)) {
        std::fprintf(
            stderr, "gdas-workbench: %s\n",
            qPrintable(
                QApplication::translate("main", "--device '%1' is not one of cpu, cuda, cuda:N or auto").arg(device)));
        return 2;
    }
    bool epochOk = false;
    const int screenshotEpoch = parser.value(screenshotEpochOption).toInt(&epochOk);
    if (!epochOk || screenshotEpoch < 0) {
        std::fprintf(
            stderr, "gdas-workbench: %s\n",
            qPrintable(QApplication::translate("main", "--screenshot-epoch needs a whole number of 0 or more")));
        return 2;
    }

    if (parser.isSet(exportAnimationOption)) {
        if (!parser.isSet(outputOption)) {
            std::fprintf(stderr, "gdas-workbench: %s\n",
                         qPrintable(QApplication::translate("main", "--export-animation needs --output FILE.gif")));
            return 2;
        }
        QString error;
        int frames = 0;
        if (!gdas::app::exportRunAnimation(parser.value(exportAnimationOption), parser.value(outputOption),
                                           parser.isSet(overwriteOption), &error, &frames)) {
            std::fprintf(stderr, "gdas-workbench: %s\n", qPrintable(error));
            return 2;
        }
        const QString output = QDir::toNativeSeparators(parser.value(outputOption));
        std::printf("%s\n",
                    qPrintable(frames == 1
                                   ? QApplication::translate("main", "wrote %1 (1 frame)").arg(output)
                                   : QApplication::translate("main", "wrote %1 (%2 frames)").arg(output).arg(frames)));
        return 0;
    }
    const QString palette =
        parser.isSet(paletteOption) ? parser.value(paletteOption) : gdas::app::SettingsDialog::configuredPalette();
    if (!gdas::app::applyPalette(palette)) {
        std::fprintf(stderr, "gdas-workbench: unknown palette '%s' (system, light or dark)\n", qPrintable(palette));
        return 2;
    }

    gdas::app::MainWindow window;
    if (parser.isSet(selfTestOption)) {
        window.show();
        // Prints what a packaging test checks: the window came up, and in which language.
        std::printf("gdas-workbench %s self-test: main window \"%s\", welcome page %s, translation %s\n",
                    qPrintable(QApplication::applicationVersion()), qPrintable(window.windowTitle()),
                    window.welcomeShown() ? "shown" : "hidden",
                    language.loadedFile().isEmpty() ? "none (English)" : qPrintable(language.loadedFile()));
        QTimer::singleShot(0, &window, [&window] { window.close(); });
        return app.exec();
    }
    window.show();
    gdas::app::WindowScreenshot *screenshot =
        parser.isSet(screenshotOption)
            ? new gdas::app::WindowScreenshot(&window, parser.value(screenshotOption), screenshotEpoch)
            : nullptr;

    if (parser.isSet(openOption)) {
        QString error;
        if (!window.openDirectory(parser.value(openOption), &error)) {
            std::fprintf(stderr, "gdas-workbench: %s\n", qPrintable(error));
            return 2;
        }
    } else if (parser.isSet(quickLookOption)) {
        QString error;
        if (!window.startQuickLook(parser.value(datasetOption), parser.value(outputOption), &error, device)) {
            std::fprintf(stderr, "gdas-workbench: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (screenshot)
        screenshot->arm();
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
