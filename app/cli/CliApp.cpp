#include "Commands.h"

#include "benchmark/BenchmarkError.h"
#include "engine/EngineError.h"
#include "model/GenotypeFormats.h"
#include "model/OutputFolder.h"
#include "model/RunRecord.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace gdas::app {

namespace {

// The errors that mean the user's input is wrong (a setting, a genotype, a folder, a run or
// benchmark file) rather than the run failing: exit code 2, as a bad command line.
bool isUsageError(const std::exception &e)
{
    return dynamic_cast<const engine::InputError *>(&e) || dynamic_cast<const model::GenotypeError *>(&e) ||
           dynamic_cast<const model::OutputFolderError *>(&e) || dynamic_cast<const model::RunRecordError *>(&e) ||
           dynamic_cast<const benchmark::BenchmarkError *>(&e);
}

} // namespace

int runCli(int argc, char **argv)
{
    CLI::App app{"gdas — GDAS neural architecture search (Dong & Yang, CVPR 2019), headless.\n"
                 "Search a cell, look at genotypes, retrain a cell, benchmark the engine.\n"
                 "Each subcommand has its own --help, e.g. `gdas search --help`.",
                 "gdas"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("gdas ") + GDAS_VERSION);
    app.footer("Exit codes: 0 ok, 2 bad usage or input, 1 runtime failure.\n"
               "Example: gdas search --epochs 5 --train-limit 2000 --out runs/first");
    int exitCode = 0;
    addSearchCommand(app, exitCode);
    addStudyCommand(app, exitCode);
    addGenotypeCommand(app, exitCode);
    addRetrainCommand(app, exitCode);
    addInfoCommand(app, exitCode);
    addBenchCommand(app, exitCode);
    addBenchmarkCommand(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const std::exception &e) {
        std::cerr << "gdas: " << e.what() << "\n";
        return isUsageError(e) ? 2 : 1;
    }
    return exitCode;
}

} // namespace gdas::app
