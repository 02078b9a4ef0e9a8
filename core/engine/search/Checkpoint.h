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

} // namespace gdas::engine
