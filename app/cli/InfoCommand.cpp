#include "Commands.h"

#include "engine/EngineError.h"
#include "engine/NetworkInfo.h"
#include "model/GenotypeFormats.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace gdas::app {

namespace {

struct InfoArgs {
    engine::NetworkSpec spec;
    std::string genotype;
    std::string input;
    bool noAuxiliary = false;
    bool classesGiven = false;
};

// "CxHxW" (3x32x32) or "HxW" (channels stay as given).
void parseInput(const std::string &text, engine::NetworkSpec &spec)
{
    std::vector<int> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, 'x')) {
        try {
            std::size_t used = 0;
            const int value = std::stoi(part, &used);
            if (used != part.size() || value <= 0)
                throw std::invalid_argument(part);
            parts.push_back(value);
        } catch (const std::exception &) {
            parts.clear();
            break;
        }
    }
    if (parts.size() == 3) {
        spec.inChannels = parts[0];
        spec.inputHeight = parts[1];
        spec.inputWidth = parts[2];
    } else if (parts.size() == 2) {
        spec.inputHeight = parts[0];
        spec.inputWidth = parts[1];
    } else {
        throw engine::InputError("--input \"" + text + "\": expected CxHxW such as 3x32x32");
    }
}

std::string millions(std::int64_t n)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3fM", static_cast<double>(n) / 1e6);
    return buf;
}

int runInfo(InfoArgs &args)
{
    engine::NetworkSpec spec = args.spec;
    spec.genotype = model::resolveGenotype(args.genotype);
    spec.auxiliary = !args.noAuxiliary;
    if (spec.imagenet) {
        spec.inputHeight = spec.inputWidth = 224;
        if (!args.classesGiven)
            spec.classes = 1000;
    }
    if (!args.input.empty())
        parseInput(args.input, spec);
    const engine::NetworkInfo info = engine::describeNetwork(spec);
    const auto &s = info.spec;
    std::cout << "genotype    " << (s.genotype.name.empty() ? args.genotype : s.genotype.name) << " ("
              << model::toString(s.genotype.space) << " space)\n"
              << "network     " << s.layoutName() << ", C=" << s.channels << ", " << info.cells << " cells"
              << (s.genotype.space == model::SpaceKind::NasBench201 ? " (" + std::to_string(s.layers) + " per stage)"
                                                                    : std::string())
              << ", " << s.classes << " classes, input " << s.inChannels << "x" << s.inputHeight << "x" << s.inputWidth
              << (s.auxiliary ? ", auxiliary head" : "") << "\n"
              << "parameters  " << millions(info.parameters) << " (" << info.parameters << ")"
              << (s.auxiliary ? " without the auxiliary head, as the papers count them" : "") << "\n";
    if (s.auxiliary)
        std::cout << "            " << millions(info.parametersWithAuxiliary) << " (" << info.parametersWithAuxiliary
                  << ") with it\n";
    std::cout << "multiply-adds " << millions(info.multiplyAdds) << " (" << info.multiplyAdds
              << ") per image in inference (convolutions and the classifier)";
    if (s.auxiliary)
        std::cout << "; the auxiliary head adds " << millions(info.auxiliaryMultiplyAdds) << " in training";
    std::cout << "\n";
    return 0;
}

} // namespace

void addInfoCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<InfoArgs>();
    CLI::App *cmd =
        app.add_subcommand("info", "Size of a genotype's evaluation network: parameters and multiply-adds.");
    cmd->footer("Example: gdas info --genotype DARTS_V2   (DARTS reports 3.3M parameters at C=36, 20 cells)\n"
                "         gdas info --genotype GDAS_V1 --imagenet");
    cmd->add_option("--genotype,-g", args->genotype, "Built-in NAME, a genotype file, or the text")->required();
    cmd->add_option("--channels,-C", args->spec.channels,
                    "Initial channels C (0: 36; ImageNet layout 48; NAS-Bench-201 16)")
        ->capture_default_str();
    cmd->add_option("--layers", args->spec.layers, "Cells (0: 20; ImageNet layout 14; NAS-Bench-201: 5 per stage)")
        ->capture_default_str();
    CLI::Option *classes = cmd->add_option("--classes", args->spec.classes, "Classes (ImageNet layout: 1000)");
    classes->capture_default_str();
    cmd->add_option("--input", args->input, "Input CxHxW (default 3x32x32; ImageNet layout 3x224x224)");
    cmd->add_flag("--imagenet", args->spec.imagenet, "NetworkImageNet layout");
    cmd->add_flag("--no-auxiliary", args->noAuxiliary, "No auxiliary head");
    cmd->callback([args, classes, &exitCode] {
        args->classesGiven = classes->count() > 0;
        exitCode = runInfo(*args);
    });
}

} // namespace gdas::app
