#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>
#include <QTranslator>

namespace gdas::app {

// The language of the user interface: the workbench's own translation (gdas_workbench_<lang>.qm)
// and Qt's (qtbase_<lang>.qm, for standard dialogs and buttons). It follows the system locale
// unless the user picked a language in the settings (QSettings key "language"); a change takes
// effect at the next start, because most windows build their texts once.
class UiLanguage {
public:
    UiLanguage() = default;
    UiLanguage(const UiLanguage &) = delete;
    UiLanguage &operator=(const UiLanguage &) = delete;
    ~UiLanguage();

    // Language codes with a translation in the source tree, besides English (the source).
    static QStringList shippedLanguages();
    // The language's own name ("Deutsch", "简体中文"), for the settings' list.
    static QString nativeName(const QString &code);

    // "" (follow the system), "en" or one of shippedLanguages().
    static QString configured();
    static void setConfigured(const QString &code);
    // The locale whose translation to load: the configured language, else the system's.
    static QLocale effectiveLocale();

    // Where .qm files are looked for, first match wins: next to an installed binary
    // (../share/gdas-workbench/translations), then beside it (translations/, the build tree).
    static QStringList translationFolders();

    // Loads and installs the translators for `locale`; English installs none. True when the
    // workbench's own translation was found. Replaces what an earlier call installed.
    bool install(const QLocale &locale, const QStringList &folders = translationFolders());
    void uninstall();
    // The .qm file that was loaded, empty when none.
    QString loadedFile() const { return m_loadedFile; }

private:
    QTranslator m_workbench;
    QTranslator m_qtbase;
    bool m_workbenchInstalled = false;
    bool m_qtbaseInstalled = false;
    QString m_loadedFile;
};

} // namespace gdas::app
