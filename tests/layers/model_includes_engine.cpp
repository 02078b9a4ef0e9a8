// Must not compile: the model is the bottom layer and sees no engine header.
#include "engine/EngineError.h"
#include "model/Genotype.h"
