#pragma once

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <string>

namespace gdas::engine {

// Saves an archive to `path` atomically: serialised in memory, written to a temporary file,
// fsynced and renamed, so a crash or a full disk never leaves a half checkpoint and the
// previous one stays loadable.
void saveArchiveAtomically(torch::serialize::OutputArchive &archive, const std::string &path);

// Loads `path`; a missing, truncated or foreign file throws InputError naming the file.
void loadArchive(torch::serialize::InputArchive &archive, const std::string &path);

// Reads a value written with archive.write(key, IValue); a missing key throws InputError that
// names the checkpoint and the key (a checkpoint of another kind or version).
c10::IValue readValue(torch::serialize::InputArchive &archive, const std::string &key, const std::string &path);
// The same for a tensor written with archive.write(key, tensor[, is_buffer]); a fresh tensor,
// since reading into a defined one would set_() it in place.
torch::Tensor readTensor(torch::serialize::InputArchive &archive, const std::string &key, const std::string &path,
                         bool isBuffer = false);

} // namespace gdas::engine
