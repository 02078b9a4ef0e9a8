// Must not compile: the workbench reaches the engine through its public API only (versions and
// devices: engine/RuntimeInfo.h), never an internal, LibTorch-using header.
#include "AboutDialog.h"
#include "engine/search/DeviceSelection.h"
