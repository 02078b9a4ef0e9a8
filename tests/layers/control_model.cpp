// Compiles: what the model offers, through its own root.
#include "model/Genotype.h"
#include "model/RunRecord.h"
