#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

namespace gdas::app {

class MainWindow;

// gdas-workbench --screenshot: once the run the window shows has finished `epochs` epochs (0: once
// it has ended; a run opened from disk and not running: once it is drawn), saves the window as a
// PNG, stops a search still running at its next step (its checkpoint stays) and quits the
// application, with 0, or with 2 when the file could not be written. A run that fails before
// then is shot too: the picture shows what went wrong.
class WindowScreenshot : public QObject {
    Q_OBJECT
public:
    WindowScreenshot(MainWindow *window, QString path, int epochs);

    // Where the shot is taken from now on: call after the run started or was opened.
    void arm();

private:
    void check();
    void take();
    void quitWhenStopped(int code);

    QPointer<MainWindow> m_window;
    QString m_path;
    int m_epochs = 0;
    bool m_armed = false;
    bool m_taken = false;
};

} // namespace gdas::app
