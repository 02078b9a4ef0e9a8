#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gdas::engine {

// Weights files for Python: a network's state_dict in PyTorch's own serialisation (the zip
// format torch.save writes), so that `torch.load(path)` gives a dict of tensors whose keys and
// shapes are those of DARTS's NetworkCIFAR / NetworkImageNet (or NAS-Bench-201's TinyNetwork)
// for the same genotype, and `model.load_state_dict(torch.load(path))` succeeds.

// One entry of a weights file.
struct WeightsEntry {
    std::string name; // e.g. "cells.0._ops.3.op.1.weight"
    std::vector<std::int64_t> shape;
    std::string dtype; // "float32", "int64", ...
};

// Which model state of a retrain run to export.
enum class RunWeights { Latest, Best };

// Writes the weights of a retrain run directory (from checkpoint.pt, or best.pt) to `outPath`.
// A run on an image folder also gets OUTPATH.classes.txt: the class names, one a line, in the
// order of the classifier's outputs. Throws InputError when the directory is not a readable
// retrain run.
void exportRunWeights(const std::string &runDir, const std::string &outPath, RunWeights which = RunWeights::Latest);

// Lists a weights file's entries in file order. Throws InputError for a file that is not one.
std::vector<WeightsEntry> readWeightsEntries(const std::string &path);

} // namespace gdas::engine
