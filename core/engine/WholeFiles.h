#pragma once

#include <string>

namespace gdas::engine {

// Writes `data` to `path` atomically (temp file in the same folder, fsync, rename): a reader
// sees the old file or the new one, never half of it. Throws RuntimeFailure naming the file.
// The temporary file is `path` + `temporarySuffix`: give processes that may write the same file
// at once (the ranks of `gdas study` writing summary.json) suffixes of their own.
void writeFileAtomically(const std::string &path, const std::string &data, const std::string &temporarySuffix = ".tmp");
std::string readWholeFile(const std::string &path); // throws InputError naming the file

} // namespace gdas::engine
