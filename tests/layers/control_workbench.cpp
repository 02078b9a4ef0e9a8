// Compiles: the workbench's own headers, the widgets, and the engine's public API.
#include "AboutDialog.h"
#include "engine/RuntimeInfo.h"
#include "engine/SearchSession.h"
#include "widgets/CurvePanel.h"
