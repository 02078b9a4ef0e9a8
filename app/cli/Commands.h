#pragma once

#include <string>

namespace CLI {
class App;
}

namespace gdas::model {
struct Genotype;
}

namespace gdas::app {

// Each function registers one subcommand of `gdas`; its callback stores the exit code
// (0 ok, 2 bad usage or input, 1 runtime failure) in `exitCode`.
void addSearchCommand(CLI::App &app, int &exitCode);
void addGenotypeCommand(CLI::App &app, int &exitCode);
void addBenchCommand(CLI::App &app, int &exitCode);
void addRetrainCommand(CLI::App &app, int &exitCode);
void addInfoCommand(CLI::App &app, int &exitCode);
void addBenchmarkCommand(CLI::App &app, int &exitCode);

// BenchmarkCommand.cpp: the NAS-Bench-201 benchmark's numbers for one cell, as `gdas genotype
// show --benchmark FILE` prints them; throws (exit 2) for a bad database or a non-NAS-Bench-201 cell.
std::string benchmarkVerdict(const std::string &databaseFile, const model::Genotype &genotype);

// The whole command line; main() only calls this.
int runCli(int argc, char **argv);

} // namespace gdas::app
