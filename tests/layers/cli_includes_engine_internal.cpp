// Must not compile: above the engine (the CLI, the workbench) only its public API is seen.
#include "engine/SearchSession.h"
#include "engine/search/RunWriter.h"
