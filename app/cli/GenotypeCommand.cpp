#include "Commands.h"
#include "OutputFiles.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace gdas::app {

namespace {

struct GenotypeArgs {
    std::string input;
    std::string to = "json";
    std::string output;
    bool overwrite = false;
    std::string benchmark;
};

void describe(const model::Genotype &g)
{
    const bool nb201 = g.space == model::SpaceKind::NasBench201;
    if (!g.name.empty())
        std::cout << "name:   " << g.name << "\n";
    std::cout << "space:  " << model::toString(g.space) << "\n";
    auto cell = [](const char *title, const model::CellGenotype &c, const std::vector<int> &concat, int firstNode) {
        std::cout << title << ":\n";
        for (std::size_t n = 0; n < c.size(); ++n) {
            std::cout << "  node " << firstNode + n << " <-";
            for (const auto &op : c[n])
                std::cout << "  " << op.op << "(" << op.input << ")";
            std::cout << "\n";
        }
        if (!concat.empty()) {
            std::cout << "  output = concat(";
            for (std::size_t i = 0; i < concat.size(); ++i)
                std::cout << (i ? ", " : "") << concat[i];
            std::cout << ")\n";
        }
    };
    cell(nb201 ? "cell" : "normal", g.normal, g.normalConcat, nb201 ? 1 : 2);
    if (!g.reduce.empty())
        cell("reduce", g.reduce, g.reduceConcat, 2);
    std::cout << (nb201 ? "NAS-Bench-201: " : "DARTS:  ") << model::toSpaceText(g) << "\n";
}

// A run directory stands for its genotype.json.
model::Genotype resolve(const std::string &input)
{
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec))
        return model::resolveGenotype((std::filesystem::path(input) / "genotype.json").string());
    return model::resolveGenotype(input);
}

} // namespace

void addGenotypeCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<GenotypeArgs>();
    CLI::App *cmd = app.add_subcommand("genotype", "Show, convert and list genotypes (cells).");
    cmd->require_subcommand(1);

    CLI::App *show = cmd->add_subcommand("show", "Print a genotype: its nodes and its text forms.");
    show->add_option("genotype", args->input,
                     "A built-in name (see `gdas genotype list`), a file (JSON, DARTS literal, NAS-Bench-201 "
                     "string, or a run directory), or the text itself")
        ->required();
    show->add_option("--benchmark", args->benchmark,
                     "Also print NAS-Bench-201's numbers for the cell, from a file written by `gdas benchmark import`");
    show->callback([args, &exitCode] {
        const model::Genotype g = resolve(args->input);
        // Looked up first: a bad database or a DARTS cell stops before anything is printed.
        const std::string verdict = args->benchmark.empty() ? std::string() : benchmarkVerdict(args->benchmark, g);
        describe(g);
        std::cout << verdict;
        exitCode = 0;
    });

    CLI::App *convert = cmd->add_subcommand("convert", "Convert a genotype between its text formats.");
    convert->add_option("genotype", args->input, "Name, file or text, as for show")->required();
    convert->add_option("--to", args->to, "json | darts | nb201")->capture_default_str();
    convert->add_option("--output,-o", args->output, "Write to this file instead of standard output");
    convert->add_flag("--overwrite", args->overwrite, "Let --output replace an existing file");
    convert->callback([args, &exitCode] {
        const model::Genotype g = resolve(args->input);
        const std::string text = model::format(g, model::formatByName(args->to));
        if (args->output.empty())
            std::cout << text << "\n";
        else
            writeExportFile(args->output, text + "\n", args->overwrite);
        exitCode = 0;
    });

    CLI::App *list = cmd->add_subcommand("list", "List the built-in published cells.");
    list->callback([&exitCode] {
        for (const auto &name : model::builtinGenotypeNames())
            std::cout << name << "\t" << model::builtinGenotypeSource(name) << "\n";
        exitCode = 0;
    });
}

} // namespace gdas::app
