// Compiles: the engine's public, LibTorch-free API and the model beneath it.
#include "engine/RetrainSession.h"
#include "engine/RuntimeInfo.h"
#include "engine/SearchSession.h"
#include "engine/WholeFiles.h"
#include "model/GenotypeFormats.h"
