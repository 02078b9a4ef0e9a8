#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

namespace gdas::engine {

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

// A module's state_dict as PyTorch orders it: per module (depth first, in registration order)
// its parameters, then its buffers (BatchNorm: weight, bias, running_mean, running_var,
// num_batches_tracked). Tensors are detached views of the module's own.
StateDict stateDictOf(const torch::nn::Module &module);

// Writes `dict` (copied to contiguous CPU tensors) as a pickled str -> Tensor dict in PyTorch's
// zip serialisation, atomically. Python's torch.load returns it as a dict.
void writeStateDictFile(const StateDict &dict, const std::string &path);

// Reads a file written by writeStateDictFile (or by Python's torch.save of a plain dict of
// tensors); entries in file order. Throws InputError naming the file and the problem.
StateDict readStateDictFile(const std::string &path);

// Copies `dict` into `module` like load_state_dict(strict=True): every key must exist with the
// same shape, and every parameter and buffer of the module must be given. Throws InputError
// naming `source` and the first mismatch.
void loadStateDict(torch::nn::Module &module, const StateDict &dict, const std::string &source);

} // namespace gdas::engine
