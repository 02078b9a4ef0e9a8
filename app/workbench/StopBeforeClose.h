#pragma once

#include <QString>

class QWidget;

namespace gdas::app {

class RunControllerBase;

// Asked by a window that shows a run before it closes: while the run goes on, asks `question`
// under `title`; Yes stops the run at its next step (a checkpoint stays to resume from) and
// returns true, Cancel returns false and the window stays open. True at once when nothing runs.
bool stopBeforeClose(QWidget *window, RunControllerBase *controller, const QString &title, const QString &question);

} // namespace gdas::app
