#include "Commands.h"
#include "OutputFiles.h"

#include "engine/Benchmark.h"
#include "engine/EngineError.h"
#include "model/OutputFolder.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

extern char **environ;

namespace gdas::app {

namespace {

struct BenchArgs {
    std::string device = "cpu";
    int steps = 5;
    int warmup = 2;
    int threads = 0;
    int batch = 64;
    std::vector<std::string> cases;
    std::string single;
    std::string output;
    bool noChannelsLast = false;
    bool overwrite = false;
    std::string amp = "off";
    std::string profile;
    std::int64_t sampleSeed = -1;
};

// The paper's search configurations: DARTS space C=16 N=2 and NAS-Bench-201 C=16 N=5,
// each with GDAS and with DARTS first-order, 3x32x32 inputs.
std::vector<engine::BenchCase> standardCases(const BenchArgs &a)
{
    std::vector<engine::BenchCase> cases;
    for (const auto space : {model::SpaceKind::Darts, model::SpaceKind::NasBench201}) {
        const bool darts = space == model::SpaceKind::Darts;
        for (const auto algorithm : {engine::Algorithm::Gdas, engine::Algorithm::DartsFirstOrder}) {
            engine::BenchCase c;
            c.space = space;
            c.algorithm = algorithm;
            c.channels = 16;
            c.cells = darts ? 2 : 5;
            c.batch = a.batch;
            c.steps = a.steps;
            c.warmup = a.warmup;
            c.device = a.device;
            c.threads = a.threads;
            c.channelsLast = !a.noChannelsLast;
            c.amp = engine::ampModeByName(a.amp);
            c.sampleSeed = a.sampleSeed;
            c.name = std::string(darts ? "darts" : "nb201") + "-" + engine::toString(algorithm);
            cases.push_back(c);
        }
    }
    // One training step of DARTS's evaluation network (what `gdas retrain` runs): run only
    // when asked for with --case eval, at --batch (bench/compare-official takes 32).
    engine::BenchCase eval = cases.front();
    eval.name = "eval";
    eval.evalNetwork = true;
    eval.genotype = "DARTS_V2";
    eval.channels = 36;
    eval.cells = 20;
    eval.dropPath = 0.2;
    cases.push_back(eval);
    return cases;
}

// Runs one case in a child process of this same program so that each case's peak RSS is its own.
std::string runChild(const std::string &caseName, const BenchArgs &a)
{
    int fds[2];
    if (pipe(fds) != 0)
        throw engine::RuntimeFailure("bench: cannot create a pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> argv = {"/proc/self/exe", "bench",
                                     "--single",       caseName,
                                     "--device",       a.device,
                                     "--steps",        std::to_string(a.steps),
                                     "--warmup",       std::to_string(a.warmup),
                                     "--threads",      std::to_string(a.threads),
                                     "--batch",        std::to_string(a.batch)};
    if (a.noChannelsLast)
        argv.push_back("--no-channels-last");
    argv.push_back("--amp");
    argv.push_back(a.amp);
    argv.push_back("--sample-seed");
    argv.push_back(std::to_string(a.sampleSeed));
    std::vector<char *> cargv;
    for (auto &s : argv)
        cargv.push_back(s.data());
    cargv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        throw engine::RuntimeFailure("bench: cannot start a child process");
    }
    std::string out;
    std::array<char, 4096> buf{};
    ssize_t n = 0;
    while ((n = read(fds[0], buf.data(), buf.size())) > 0)
        out.append(buf.data(), static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw engine::RuntimeFailure("bench: case " + caseName + " failed");
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
}

int runBench(const BenchArgs &a)
{
    if (!a.output.empty() && a.single.empty())
        model::refuseExistingFile(a.output, a.overwrite, "--overwrite"); // before minutes of timing
    const auto all = standardCases(a);
    if (!a.single.empty()) {
        for (auto c : all)
            if (c.name == a.single) {
                c.profilePath = a.profile;
                std::cout << engine::toJson(engine::runSearchBenchmark(c)) << "\n";
                return 0;
            }
        throw engine::InputError("bench: unknown case '" + a.single + "'");
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto &c : all) {
        const bool asked = std::find(a.cases.begin(), a.cases.end(), c.name) != a.cases.end();
        if (a.cases.empty() ? c.evalNetwork : !asked)
            continue;
        std::cerr << "bench: " << c.name << " ..." << std::endl;
        results.push_back(nlohmann::json::parse(runChild(c.name, a)));
    }
    // GDAS computes one op per edge, DARTS every op: the ratio is the point of the method.
    nlohmann::json summary = nlohmann::json::object();
    for (const std::string space : {"darts", "nb201"}) {
        const nlohmann::json *gdas = nullptr, *darts = nullptr;
        for (const auto &r : results) {
            if (r["name"] == space + "-gdas")
                gdas = &r;
            if (r["name"] == space + "-darts")
                darts = &r;
        }
        if (gdas && darts)
            summary[space + "_darts_over_gdas_step_time"] =
                (*darts)["step_seconds_median"].get<double>() / (*gdas)["step_seconds_median"].get<double>();
    }
    nlohmann::json report{
        {"benchmark", "search step (weights step + arch step)"}, {"results", results}, {"summary", summary}};
    const std::string text = report.dump(2);
    std::cout << text << "\n";
    if (!a.output.empty())
        writeExportFile(a.output, text + "\n", a.overwrite);
    return 0;
}

} // namespace

void addBenchCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<BenchArgs>();
    CLI::App *cmd = app.add_subcommand(
        "bench", "Time one search step (weights + arch) of the paper's configurations; prints JSON.");
    cmd->footer("Cases: darts-gdas, darts-darts (DARTS space, C=16, N=2) and nb201-gdas, nb201-darts "
                "(NAS-Bench-201, C=16, N=5), batch 64 of 3x32x32 images; with --case eval also one training "
                "step of the evaluation network (DARTS_V2, C=36, 20 cells, auxiliary head, drop-path 0.2). "
                "Each case runs in its own process so its peak RSS is its own. bench/compare-official "
                "runs these side by side with the official code.");
    cmd->add_option("--device", args->device, "cpu | cuda | cuda:N | auto")->capture_default_str();
    cmd->add_option("--steps", args->steps, "Timed steps per case")->capture_default_str();
    cmd->add_option("--warmup", args->warmup, "Untimed steps first")->capture_default_str();
    cmd->add_option("--threads", args->threads, "CPU threads (0: LibTorch's default)")->capture_default_str();
    cmd->add_option("--batch", args->batch, "Batch size")->capture_default_str();
    cmd->add_option("--case", args->cases, "Only these cases");
    cmd->add_option("--output,-o", args->output, "Also write the JSON to this file");
    cmd->add_flag("--overwrite", args->overwrite, "Let --output replace an existing file");
    cmd->add_flag("--no-channels-last", args->noChannelsLast, "NCHW instead of channels-last activations");
    cmd->add_option("--amp", args->amp, "Mixed precision: off | bf16 | fp16 (CUDA; bf16 also on the CPU)")
        ->capture_default_str();
    cmd->add_option("--single", args->single, "Run one case in this process (its JSON on one line)");
    cmd->add_option("--profile", args->profile,
                    "With --single: profile the timed steps into this file (bench/breakdown.py reads it)");
    cmd->add_option("--sample-seed", args->sampleSeed,
                    "GDAS cases: forward pass k draws its Gumbel noise after seeding with this + k, as "
                    "bench/official_step.py --sample-seed does for the official code, so both sample the same "
                    "cells; the JSON lists each pass's sampled ops (-1: the search's own sampler)")
        ->capture_default_str();
    cmd->callback([args, &exitCode] { exitCode = runBench(*args); });
}

} // namespace gdas::app
