#include "UiLanguage.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QSettings>

namespace gdas::app {

namespace {

const QString kLanguageKey = QStringLiteral("language");
const QString kQmBaseName = QStringLiteral("gdas_workbench");

} // namespace

UiLanguage::~UiLanguage() { uninstall(); }

QStringList UiLanguage::shippedLanguages() { return {QStringLiteral("de"), QStringLiteral("zh_CN")}; }

QString UiLanguage::nativeName(const QString &code)
{
    // "C" (no locale set) shows the untranslated interface, which is English.
    if (code == QLatin1String("C") || code == QLatin1String("en") || code.startsWith(QLatin1String("en_")))
        return QStringLiteral("English");
    if (code == QLatin1String("de") || code.startsWith(QLatin1String("de_")))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    // Not shipped: let Qt's locale data name it.
    const QLocale locale(code);
    return locale.nativeLanguageName().isEmpty() ? code : locale.nativeLanguageName();
}

QString UiLanguage::configured() { return QSettings().value(kLanguageKey).toString(); }

void UiLanguage::setConfigured(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, code);
}

QLocale UiLanguage::effectiveLocale()
{
    const QString code = configured();
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

QStringList UiLanguage::translationFolders()
{
    const QDir binary(QCoreApplication::applicationDirPath());
    return {QDir::cleanPath(binary.filePath(QStringLiteral("../share/gdas-workbench/translations"))),
            binary.filePath(QStringLiteral("translations"))};
}

bool UiLanguage::install(const QLocale &locale, const QStringList &folders)
{
    uninstall();
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return false;
    for (const QString &folder : folders) {
        if (m_workbench.load(locale, kQmBaseName, QStringLiteral("_"), folder)) {
            m_loadedFile = m_workbench.filePath();
            m_workbenchInstalled = QCoreApplication::installTranslator(&m_workbench);
            break;
        }
    }
    // Qt's own strings (buttons of standard dialogs, the file dialog, context menus), when the
    // system has them (Debian: qt6-translations-l10n).
    if (m_qtbase.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        m_qtbaseInstalled = QCoreApplication::installTranslator(&m_qtbase);
    return m_workbenchInstalled;
}

void UiLanguage::uninstall()
{
    if (m_workbenchInstalled)
        QCoreApplication::removeTranslator(&m_workbench);
    if (m_qtbaseInstalled)
        QCoreApplication::removeTranslator(&m_qtbase);
    m_workbenchInstalled = m_qtbaseInstalled = false;
    m_loadedFile.clear();
}

} // namespace gdas::app
