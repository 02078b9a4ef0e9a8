#include "SettingsDialog.h"

#include "UiLanguage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>

#include <algorithm>

namespace gdas::app {

namespace {

const QString kPaletteKey = QStringLiteral("palette");

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Settings"));
    auto *form = new QFormLayout(this);

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageBox"));
    const QString systemName = UiLanguage::nativeName(QLocale::system().name());
    m_language->addItem(tr("System language (%1)").arg(systemName), QString());
    m_language->addItem(UiLanguage::nativeName(QStringLiteral("en")), QStringLiteral("en"));
    for (const QString &code : UiLanguage::shippedLanguages())
        m_language->addItem(UiLanguage::nativeName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(UiLanguage::configured())));
    m_language->setToolTip(tr("The language of menus, dialogs and messages. Without a choice the "
                              "workbench follows the system's language (LANG, LC_MESSAGES)."));
    form->addRow(tr("&Language:"), m_language);

    m_palette = new QComboBox(this);
    m_palette->setObjectName(QStringLiteral("paletteBox"));
    m_palette->addItem(tr("System colours"), QStringLiteral("system"));
    m_palette->addItem(tr("Light"), QStringLiteral("light"));
    m_palette->addItem(tr("Dark"), QStringLiteral("dark"));
    m_palette->setCurrentIndex(std::max(0, m_palette->findData(configuredPalette())));
    m_palette->setToolTip(tr("System colours follow the desktop's theme; Light and Dark use Qt's "
                             "Fusion style with a fixed palette. The command-line option --palette "
                             "overrides this for one start."));
    form->addRow(tr("&Colours:"), m_palette);

    auto *note = new QLabel(tr("Changes take effect when the workbench is started again."), this);
    note->setWordWrap(true);
    form->addRow(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    form->addRow(buttons);
}

QString SettingsDialog::configuredPalette()
{
    return QSettings().value(kPaletteKey, QStringLiteral("system")).toString();
}

void SettingsDialog::accept()
{
    UiLanguage::setConfigured(m_language->currentData().toString());
    QSettings().setValue(kPaletteKey, m_palette->currentData().toString());
    QDialog::accept();
}

} // namespace gdas::app
