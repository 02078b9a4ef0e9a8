#pragma once

#include <stdexcept>
#include <string>

namespace gdas::engine {

// Bad user input (a data file, a genotype, a config, a checkpoint that does not match):
// the CLI exits with 2. what() names the file and the problem.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Something failed while running (I/O, a NaN loss, a device problem): the CLI exits with 1.
class RuntimeFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace gdas::engine
