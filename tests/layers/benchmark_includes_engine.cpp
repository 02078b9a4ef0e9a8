// Must not compile: the benchmark database knows the model, not the engine.
#include "benchmark/BenchmarkDatabase.h"
#include "engine/SearchSession.h"
