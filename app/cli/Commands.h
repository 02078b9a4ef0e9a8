#pragma once

#include "engine/SearchConfig.h"

#include <string>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace gdas::engine {
struct DataConfig;
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
void addStudyCommand(CLI::App &app, int &exitCode);

// The settings of a search, as `gdas search` and `gdas study` take them: every option but the
// run folder's (and, without `withSeed`, --seed). Returns the --epochs option.
struct SearchSettings {
    engine::SearchConfig config;
    std::string algorithm = "gdas";
    std::string amp = "off";
};
CLI::Option *addSearchSettingsOptions(CLI::App &cmd, SearchSettings &settings, bool withSeed);
// The algorithm and the mixed precision from their names (InputError when unknown).
void resolveSearchSettings(SearchSettings &settings);

// BenchmarkCommand.cpp: the NAS-Bench-201 benchmark's numbers for one cell, as `gdas genotype
// show --benchmark FILE` prints them; throws (exit 2) for a bad database or a non-NAS-Bench-201 cell.
std::string benchmarkVerdict(const std::string &databaseFile, const model::Genotype &genotype);

// The options `gdas search` and `gdas retrain` share. The data set: --dataset, --data-dir,
// --image-size and --train-limit (`trainLimitHelp` says what the first N images are for).
void addDataOptions(CLI::App &cmd, engine::DataConfig &data, const std::string &trainLimitHelp);
// The run folder: --out (`outHelp` says where a new run goes by default), --name, --resume and
// --move-aside.
void addRunFolderOptions(CLI::App &cmd, std::string &runDir, std::string &name, std::string &resume, bool &moveAside,
                         const std::string &outHelp);

// The whole command line; main() only calls this.
int runCli(int argc, char **argv);

} // namespace gdas::app
