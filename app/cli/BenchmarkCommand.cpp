// gdas benchmark import | show: the NAS-Bench-201 / NATS-Bench topology benchmark as a SQLite
// file (core/benchmark, docs/BENCHMARK.md), and the lookup `gdas genotype show --benchmark` uses.
#include "Commands.h"

#include "benchmark/BenchmarkDatabase.h"
#include "benchmark/BenchmarkError.h"

#include "model/Genotype.h"
#include "model/GenotypeFormats.h"
#include "model/OutputFolder.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

namespace gdas::app {

namespace {

struct BenchmarkArgs {
    std::string source;
    std::string output;
    bool overwrite = false;
    std::string database;
    std::string genotype;
    int epochs = 200;
};

// The official API's print_information() formats: accuracies {:.2f}, params {:.3f} MB, FLOPs {:.2f} M.
std::string number(const std::optional<double> &v, const char *format)
{
    if (!v)
        return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, *v);
    return buf;
}

std::string seeds(const std::vector<int> &s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? "," : "") + std::to_string(s[i]);
    return out.empty() ? "-" : out;
}

std::string resultsTable(const benchmark::ArchitectureResults &r)
{
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "  %-15s %9s %8s %10s %9s %11s %10s  %-9s %s\n", "data set", "valid@12", "test@12",
                  "valid@200", "test@200", "params(MB)", "FLOPs(M)", "seeds@12", "seeds@200");
    out << line;
    for (const benchmark::DatasetResults &d : r.datasets) {
        std::snprintf(line, sizeof line, "  %-15s %9s %8s %10s %9s %11s %10s  %-9s %s\n", d.dataset.c_str(),
                      number(d.validAccuracy12, "%.2f").c_str(), number(d.testAccuracy12, "%.2f").c_str(),
                      number(d.validAccuracy200, "%.2f").c_str(), number(d.testAccuracy200, "%.2f").c_str(),
                      number(d.paramsMb, "%.3f").c_str(), number(d.flopsM, "%.2f").c_str(), seeds(d.seeds12).c_str(),
                      seeds(d.seeds200).c_str());
        out << line;
    }
    return out.str();
}

std::string cellVerdict(const benchmark::BenchmarkDatabase &db, const model::Genotype &g)
{
    if (g.space != model::SpaceKind::NasBench201)
        throw model::GenotypeError("the benchmark holds NAS-Bench-201 cells; this is a " +
                                   std::string(model::toString(g.space)) + " genotype");
    const std::string arch = model::toNb201String(g);
    const auto r = db.find(g);
    std::ostringstream out;
    if (!r) {
        out << "not in the benchmark " << db.path() << ": " << arch << " (it holds " << db.architectureCount()
            << " architectures)\n";
        return out.str();
    }
    out << "NAS-Bench-201 index " << r->index << " in " << db.path()
        << " (accuracies in %, the mean over the seeds listed):\n";
    out << resultsTable(*r);
    return out.str();
}

void importCommand(const BenchmarkArgs &args)
{
    model::refuseExistingFile(args.output, args.overwrite, "--overwrite");
    benchmark::ImportOptions options;
    options.overwrite = args.overwrite;
    options.progress = [](std::size_t read, std::size_t listed) {
        if (read > 0 && read % 1000 == 0)
            std::cerr << "  " << read << " of " << listed << " architectures read\n";
    };
    const benchmark::ImportSummary s = benchmark::importNatsTopology(args.source, args.output, options);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", s.seconds);
    std::cout << "read " << s.architectures << " architectures of the " << s.listed << " in meta_archs";
    if (s.missing)
        std::cout << " (" << s.missing << " without a file)";
    std::cout << " from " << args.source << " in " << seconds << " s\n";
    std::cout << "wrote " << args.output << "\n";
}

void showCommand(const BenchmarkArgs &args)
{
    const benchmark::BenchmarkDatabase db(args.database);
    if (!args.genotype.empty()) {
        std::error_code ec;
        const model::Genotype g =
            std::filesystem::is_directory(args.genotype, ec)
                ? model::resolveGenotype((std::filesystem::path(args.genotype) / "genotype.json").string())
                : model::resolveGenotype(args.genotype);
        const std::string verdict = cellVerdict(db, g); // refuses a DARTS cell before printing
        std::cout << model::toNb201String(g) << "\n" << verdict;
        return;
    }
    std::cout << "benchmark: " << db.path() << "\n";
    std::cout << "  " << db.architectureCount() << " architectures (of " << db.meta("listed")
              << " listed) imported from " << db.meta("source") << " on " << db.meta("imported_at") << "\n";
    const auto best = db.best(args.epochs);
    std::cout << "best per data set (the highest test accuracy after " << args.epochs << " epochs):\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-15s %7s %7s %6s  %s\n", "data set", "test", "valid", "index", "architecture");
    std::cout << line;
    for (const auto &b : best) {
        std::snprintf(line, sizeof line, "  %-15s %7.2f %7s %6d  %s\n", b.dataset.c_str(), b.testAccuracy,
                      number(b.validAccuracy, "%.2f").c_str(), b.index, b.arch.c_str());
        std::cout << line;
    }
}

} // namespace

std::string benchmarkVerdict(const std::string &databaseFile, const model::Genotype &genotype)
{
    const benchmark::BenchmarkDatabase db(databaseFile);
    return cellVerdict(db, genotype);
}

void addBenchmarkCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<BenchmarkArgs>();
    CLI::App *cmd = app.add_subcommand(
        "benchmark", "NAS-Bench-201's verdict: import the published benchmark into SQLite, look cells up.");
    cmd->require_subcommand(1);

    CLI::App *importCmd = cmd->add_subcommand(
        "import", "Read the NATS-Bench topology 'simple' folder (NATS-tss-v1_0-3ffb9-simple, bz2 pickles) into a "
                  "SQLite file. A NAS-Bench-201 .pth becomes such a folder with tools/benchmark/pth_to_pickle.py.");
    importCmd->add_option("source", args->source, "The folder holding meta.pickle.pbz2 and 000000.pickle.pbz2 ...")
        ->required();
    importCmd->add_option("--output,-o", args->output, "The SQLite file to write")->required();
    importCmd->add_flag("--overwrite", args->overwrite, "Replace an existing output file");
    importCmd->callback([args, &exitCode] {
        importCommand(*args);
        exitCode = 0;
    });

    CLI::App *show =
        cmd->add_subcommand("show", "The best architecture per data set, or one NAS-Bench-201 cell's numbers.");
    show->add_option("database", args->database, "A file written by `gdas benchmark import`")->required();
    show->add_option("genotype", args->genotype,
                     "A NAS-Bench-201 cell: a built-in name, a file, a run directory or the string itself");
    show->add_option("--epochs", args->epochs, "12 or 200: the schedule whose test accuracy ranks the best")
        ->check(CLI::IsMember({12, 200}))
        ->capture_default_str();
    show->callback([args, &exitCode] {
        showCommand(*args);
        exitCode = 0;
    });
}

} // namespace gdas::app
