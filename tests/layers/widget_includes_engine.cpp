// Must not compile: the widgets sit on the model alone; not even the engine's public API.
#include "widgets/CurvePanel.h"
#include "engine/SearchConfig.h"
