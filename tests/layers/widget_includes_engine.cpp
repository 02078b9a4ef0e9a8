// Must not compile: the widgets sit on the model alone; not even the engine's public API.
#include "engine/SearchConfig.h"
#include "widgets/CurvePanel.h"
