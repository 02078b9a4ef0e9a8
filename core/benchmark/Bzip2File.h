#pragma once

#include <cstddef>
#include <string>

namespace gdas::benchmark {

// The whole decompressed content of a .bz2 file (one or more concatenated streams, as Python's
// bz2.BZ2File reads them). Refuses more than `maxBytes` of output (a bz2 bomb) and anything that
// is not complete bzip2 data; throws BenchmarkError naming `path`.
std::string readBzip2File(const std::string &path, std::size_t maxBytes = std::size_t(1) << 30);

// The same for bytes already in memory; `name` is used in error messages.
std::string decompressBzip2(const std::string &compressed, const std::string &name,
                            std::size_t maxBytes = std::size_t(1) << 30);

} // namespace gdas::benchmark
