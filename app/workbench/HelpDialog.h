#pragma once

#include <QDialog>

class QTextBrowser;

namespace gdas::app {

// The user guide, docs/USER_GUIDE.md compiled into the resources, so the page in the app and
// the one in the repository are the same text. Non-modal: one can follow it while working.
class HelpDialog : public QDialog {
    Q_OBJECT
public:
    explicit HelpDialog(QWidget *parent = nullptr);

    QTextBrowser *browser() const { return m_browser; }
    static QUrl guideUrl();

private:
    QTextBrowser *m_browser = nullptr;
};

} // namespace gdas::app
