#pragma once

namespace CLI {
class App;
}

namespace gdas::app {

// Each function registers one subcommand of `gdas`; its callback stores the exit code
// (0 ok, 2 bad usage or input, 1 runtime failure) in `exitCode`.
void addSearchCommand(CLI::App &app, int &exitCode);
void addGenotypeCommand(CLI::App &app, int &exitCode);
void addBenchCommand(CLI::App &app, int &exitCode);
void addRetrainCommand(CLI::App &app, int &exitCode);
void addInfoCommand(CLI::App &app, int &exitCode);

// The whole command line; main() only calls this.
int runCli(int argc, char **argv);

} // namespace gdas::app
