#include "WindowScreenshot.h"

#include "MainWindow.h"
#include "SearchController.h"

#include <QApplication>
#include <QDir>
#include <QImageWriter>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <utility>

namespace gdas::app {

namespace {

// Time for the views to draw the rows that arrived with the last signal (the plots redraw
// on a timer) before the window is grabbed.
constexpr int kSettleMilliseconds = 400;

} // namespace

WindowScreenshot::WindowScreenshot(MainWindow *window, QString path, int epochs)
    : QObject(window), m_window(window), m_path(std::move(path)), m_epochs(epochs)
{
    RunDocument *document = window->document();
    connect(document, &RunDocument::rowsAppended, this, &WindowScreenshot::check);
    connect(document, &RunDocument::changed, this, &WindowScreenshot::check);
    connect(document, &RunDocument::reset, this, &WindowScreenshot::check);
}

void WindowScreenshot::arm()
{
    m_armed = true;
    QTimer::singleShot(0, this, &WindowScreenshot::check);
}

void WindowScreenshot::check()
{
    if (!m_armed || m_taken || !m_window)
        return;
    const bool running = m_window->searchController()->isRunning();
    const auto epochsDone = static_cast<int>(m_window->record().epochs.size());
    if (running && (m_epochs <= 0 || epochsDone < m_epochs))
        return;
    m_taken = true;
    QTimer::singleShot(kSettleMilliseconds, this, &WindowScreenshot::take);
}

void WindowScreenshot::take()
{
    if (!m_window)
        return;
    const QPixmap picture = m_window->grab();
    QImageWriter writer(m_path, "png");
    int code = 0;
    if (picture.isNull() || !writer.write(picture.toImage())) {
        std::fprintf(
            stderr, "gdas-workbench: cannot write the screenshot %s: %s\n",
            qPrintable(QDir::toNativeSeparators(m_path)),
            qPrintable(picture.isNull() ? QStringLiteral("the window could not be grabbed") : writer.errorString()));
        code = 2;
    } else {
        std::printf("gdas-workbench: wrote %s (%dx%d, %d epochs shown, state: %s)\n",
                    qPrintable(QDir::toNativeSeparators(m_path)), picture.width(), picture.height(),
                    static_cast<int>(m_window->record().epochs.size()), qPrintable(m_window->document()->stateText()));
        std::fflush(stdout);
    }
    quitWhenStopped(code);
}

void WindowScreenshot::quitWhenStopped(int code)
{
    SearchController *controller = m_window->searchController();
    if (!controller->isRunning()) {
        QApplication::exit(code);
        return;
    }
    connect(controller, &SearchController::runningChanged, this, [code](bool running) {
        if (!running)
            QApplication::exit(code);
    });
    controller->stop();
}

} // namespace gdas::app
