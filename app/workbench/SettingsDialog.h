#pragma once

#include <QDialog>

class QComboBox;

namespace gdas::app {

// Preferences that apply at the next start: the interface language (QSettings "language")
// and the colour palette (QSettings "palette"; --palette overrides it for one start).
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    QComboBox *languageBox() const { return m_language; }
    QComboBox *paletteBox() const { return m_palette; }

    // The palette name stored in the settings: "system" (default), "light" or "dark".
    static QString configuredPalette();

    void accept() override;

private:
    QComboBox *m_language = nullptr;
    QComboBox *m_palette = nullptr;
};

} // namespace gdas::app
