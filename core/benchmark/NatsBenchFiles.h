#pragma once

#include "benchmark/Pickle.h"
#include "benchmark/Results.h"

#include <string>
#include <vector>

namespace gdas::benchmark {

// The NATS-Bench topology "simple" folder (NATS-tss-v1_0-3ffb9-simple), as the official API
// reads it (docs/BENCHMARK.md cites the lines): meta.pickle.pbz2 and one
// {index:06d}.pickle.pbz2 per architecture, each a bz2-compressed pickle.

// meta.pickle.pbz2: the dict's "meta_archs", the list of architecture strings by index.
// Throws BenchmarkError naming `file` when the layout differs.
std::vector<std::string> readMetaArchs(const PickleValue &meta, const std::string &file);

// One architecture file: {"12": ArchResults state, "200": ArchResults state}. Checks that its
// arch_index and arch_str match the meta entry and condenses it as the official API's
// get_metrics(is_random=False) and get_compute_costs do. Throws BenchmarkError naming `file`.
ArchitectureResults readArchitecture(const PickleValue &root, const std::string &file, int expectedIndex,
                                     const std::string &expectedArch);

// The path of architecture `index` in `folder`: {index:06d}.pickle.pbz2, or {index}.pickle.pbz2
// as the API's reload() falls back to; empty when neither exists.
std::string architectureFile(const std::string &folder, int index);

} // namespace gdas::benchmark
