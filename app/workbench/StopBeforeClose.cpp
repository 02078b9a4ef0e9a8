#include "StopBeforeClose.h"

#include "RunControllerBase.h"

#include <QMessageBox>

namespace gdas::app {

bool stopBeforeClose(QWidget *window, RunControllerBase *controller, const QString &title, const QString &question)
{
    if (!controller->isRunning())
        return true;
    const auto answer =
        QMessageBox::question(window, title, question, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    controller->stop();
    return true;
}

} // namespace gdas::app
