#pragma once

#include <stdexcept>
#include <string>

namespace gdas::benchmark {

// Bad input: a file that is not what the importer expects (truncated bz2, a pickle opcode or
// class outside the supported subset, a missing key), or a database file that is not one this
// library wrote. what() starts with the file's path and says what is wrong. The CLI exits 2.
class BenchmarkError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace gdas::benchmark
