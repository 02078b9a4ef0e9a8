#pragma once

#include <QStringList>
#include <QWidget>

class QCommandLinkButton;
class QLabel;
class QListWidget;

namespace gdas::app {

// What the main window shows while no run is open: what GDAS does, in three lines, and the
// three ways in (a quick live search, a run directory, the published cells), with the recent
// runs below. The page only asks; MainWindow does.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);

    void setRecentRuns(const QStringList &directories);

    QCommandLinkButton *quickLookButton() const { return m_quickLook; }
    QCommandLinkButton *openButton() const { return m_open; }
    QCommandLinkButton *compareButton() const { return m_compare; }
    QListWidget *recentList() const { return m_recent; }

signals:
    void quickLookRequested();
    void openRequested();
    void compareRequested();
    void recentRunRequested(const QString &directory);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QCommandLinkButton *m_quickLook = nullptr;
    QCommandLinkButton *m_open = nullptr;
    QCommandLinkButton *m_compare = nullptr;
    QLabel *m_recentTitle = nullptr;
    QListWidget *m_recent = nullptr;
};

} // namespace gdas::app
