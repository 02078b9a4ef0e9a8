// Must not compile: the model is the bottom layer and sees no engine header.
#include "model/Genotype.h"
#include "engine/EngineError.h"
