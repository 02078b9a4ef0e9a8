#include "GenotypeLibrary.h"

#include <algorithm>
#include <cctype>

namespace gdas::model {

namespace {

struct LibraryEntry {
    std::string name;
    std::vector<std::string> aliases;
    std::string source;
    Genotype genotype;
};

// A DARTS-space cell: one {op, input} pair list per node, inputs numbered as in the DARTS
// literal (0 = c_{k-2}, 1 = c_{k-1}, 2.. = earlier nodes of the cell).
Genotype dartsCell(CellGenotype normal, std::vector<int> normalConcat, CellGenotype reduce,
                   std::vector<int> reduceConcat)
{
    Genotype g;
    g.space = SpaceKind::Darts;
    g.normal = std::move(normal);
    g.normalConcat = std::move(normalConcat);
    g.reduce = std::move(reduce);
    g.reduceConcat = std::move(reduceConcat);
    return g;
}

Genotype nb201Cell(CellGenotype nodes)
{
    Genotype g;
    g.space = SpaceKind::NasBench201;
    g.normal = std::move(nodes);
    return g;
}

std::vector<LibraryEntry> makeLibrary()
{
    std::vector<LibraryEntry> lib;
    auto add = [&lib](std::string name, std::vector<std::string> aliases, std::string source, Genotype g) {
        g.name = name;
        lib.push_back({std::move(name), std::move(aliases), std::move(source), std::move(g)});
    };

    // The node lists below follow the order of the reference repositories' genotypes.py.
    add("NASNet", {"NASNet-A"},
        "NASNet-A (Zoph et al., \"Learning Transferable Architectures for Scalable Image Recognition\", "
        "CVPR 2018); cell as listed in DARTS cnn/genotypes.py and AutoDL-Projects DXYs/genotypes.py",
        dartsCell({{{"sep_conv_5x5", 1}, {"sep_conv_3x3", 0}},
                   {{"sep_conv_5x5", 0}, {"sep_conv_3x3", 0}},
                   {{"avg_pool_3x3", 1}, {"skip_connect", 0}},
                   {{"avg_pool_3x3", 0}, {"avg_pool_3x3", 0}},
                   {{"sep_conv_3x3", 1}, {"skip_connect", 1}}},
                  {2, 3, 4, 5, 6},
                  {{{"sep_conv_5x5", 1}, {"sep_conv_7x7", 0}},
                   {{"max_pool_3x3", 1}, {"sep_conv_7x7", 0}},
                   {{"avg_pool_3x3", 1}, {"sep_conv_5x5", 0}},
                   {{"skip_connect", 3}, {"avg_pool_3x3", 2}},
                   {{"sep_conv_3x3", 2}, {"max_pool_3x3", 1}}},
                  {4, 5, 6}));

    add("AmoebaNet", {"AmoebaNet-A"},
        "AmoebaNet-A (Real et al., \"Regularized Evolution for Image Classifier Architecture Search\", "
        "AAAI 2019); cell as listed in DARTS cnn/genotypes.py",
        dartsCell({{{"avg_pool_3x3", 0}, {"max_pool_3x3", 1}},
                   {{"sep_conv_3x3", 0}, {"sep_conv_5x5", 2}},
                   {{"sep_conv_3x3", 0}, {"avg_pool_3x3", 3}},
                   {{"sep_conv_3x3", 1}, {"skip_connect", 1}},
                   {{"skip_connect", 0}, {"avg_pool_3x3", 1}}},
                  {4, 5, 6},
                  {{{"avg_pool_3x3", 0}, {"sep_conv_3x3", 1}},
                   {{"max_pool_3x3", 0}, {"sep_conv_7x7", 2}},
                   {{"sep_conv_7x7", 0}, {"avg_pool_3x3", 1}},
                   {{"max_pool_3x3", 0}, {"max_pool_3x3", 1}},
                   {{"conv_7x1_1x7", 0}, {"sep_conv_3x3", 5}}},
                  {3, 4, 6}));

    const CellGenotype pnasCell = {{{"sep_conv_5x5", 0}, {"max_pool_3x3", 0}},
                                   {{"sep_conv_7x7", 1}, {"max_pool_3x3", 1}},
                                   {{"sep_conv_5x5", 1}, {"sep_conv_3x3", 1}},
                                   {{"sep_conv_3x3", 4}, {"max_pool_3x3", 1}},
                                   {{"sep_conv_3x3", 0}, {"skip_connect", 1}}};
    add("PNASNet", {"PNASNet-5"},
        "PNASNet-5 (Liu et al., \"Progressive Neural Architecture Search\", ECCV 2018); the same cell "
        "serves as normal and reduction cell; as listed in AutoDL-Projects DXYs/genotypes.py",
        dartsCell(pnasCell, {2, 3, 4, 5, 6}, pnasCell, {2, 3, 4, 5, 6}));

    add("ENAS", {"ENASNet"},
        "ENAS (Pham et al., \"Efficient Neural Architecture Search via Parameter Sharing\", ICML 2018), "
        "the paper's convolutional cells as public NAS code transcribes them; the nodes no other node "
        "consumes are concatenated",
        dartsCell({{{"sep_conv_3x3", 1}, {"skip_connect", 1}},
                   {{"sep_conv_5x5", 1}, {"skip_connect", 0}},
                   {{"avg_pool_3x3", 0}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_3x3", 0}, {"avg_pool_3x3", 1}},
                   {{"sep_conv_5x5", 1}, {"avg_pool_3x3", 0}}},
                  {2, 3, 4, 5, 6},
                  {{{"sep_conv_5x5", 0}, {"avg_pool_3x3", 1}},
                   {{"sep_conv_3x3", 1}, {"avg_pool_3x3", 1}},
                   {{"avg_pool_3x3", 1}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_5x5", 4}, {"avg_pool_3x3", 1}},
                   {{"sep_conv_3x3", 5}, {"sep_conv_5x5", 0}}},
                  {2, 3, 6}));

    add("DARTS_V1", {},
        "DARTS first order (Liu et al., \"DARTS: Differentiable Architecture Search\", ICLR 2019); "
        "DARTS cnn/genotypes.py",
        dartsCell({{{"sep_conv_3x3", 1}, {"sep_conv_3x3", 0}},
                   {{"skip_connect", 0}, {"sep_conv_3x3", 1}},
                   {{"skip_connect", 0}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_3x3", 0}, {"skip_connect", 2}}},
                  {2, 3, 4, 5},
                  {{{"max_pool_3x3", 0}, {"max_pool_3x3", 1}},
                   {{"skip_connect", 2}, {"max_pool_3x3", 0}},
                   {{"max_pool_3x3", 0}, {"skip_connect", 2}},
                   {{"skip_connect", 2}, {"avg_pool_3x3", 0}}},
                  {2, 3, 4, 5}));

    add("DARTS_V2", {"DARTS"},
        "DARTS second order (Liu et al., \"DARTS: Differentiable Architecture Search\", ICLR 2019), "
        "3.3M parameters at C=36, 20 cells; DARTS cnn/genotypes.py",
        dartsCell({{{"sep_conv_3x3", 0}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_3x3", 0}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_3x3", 1}, {"skip_connect", 0}},
                   {{"skip_connect", 0}, {"dil_conv_3x3", 2}}},
                  {2, 3, 4, 5},
                  {{{"max_pool_3x3", 0}, {"max_pool_3x3", 1}},
                   {{"skip_connect", 2}, {"max_pool_3x3", 1}},
                   {{"max_pool_3x3", 0}, {"skip_connect", 2}},
                   {{"skip_connect", 2}, {"max_pool_3x3", 1}}},
                  {2, 3, 4, 5}));

    add("SETN", {},
        "SETN (Dong & Yang, \"One-Shot Neural Architecture Search via Self-Evaluated Template "
        "Network\", ICCV 2019); AutoDL-Projects DXYs/genotypes.py",
        dartsCell({{{"skip_connect", 0}, {"sep_conv_5x5", 1}},
                   {{"sep_conv_5x5", 0}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_5x5", 1}, {"sep_conv_5x5", 3}},
                   {{"max_pool_3x3", 1}, {"conv_3x1_1x3", 4}}},
                  {2, 3, 4, 5},
                  {{{"sep_conv_3x3", 0}, {"sep_conv_5x5", 1}},
                   {{"avg_pool_3x3", 0}, {"sep_conv_5x5", 1}},
                   {{"avg_pool_3x3", 0}, {"sep_conv_5x5", 1}},
                   {{"avg_pool_3x3", 0}, {"skip_connect", 1}}},
                  {2, 3, 4, 5}));

    add("GDAS_V1", {"GDAS"},
        "GDAS (Dong & Yang, \"Searching for A Robust Neural Architecture in Four GPU Hours\", "
        "CVPR 2019), 3.4M parameters at C=36, 20 cells; AutoDL-Projects DXYs/genotypes.py",
        dartsCell({{{"skip_connect", 0}, {"skip_connect", 1}},
                   {{"skip_connect", 0}, {"sep_conv_5x5", 2}},
                   {{"sep_conv_3x3", 3}, {"skip_connect", 0}},
                   {{"sep_conv_5x5", 4}, {"sep_conv_3x3", 3}}},
                  {2, 3, 4, 5},
                  {{{"sep_conv_5x5", 0}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_5x5", 2}, {"sep_conv_5x5", 1}},
                   {{"dil_conv_5x5", 2}, {"sep_conv_3x3", 1}},
                   {{"sep_conv_5x5", 0}, {"sep_conv_5x5", 1}}},
                  {2, 3, 4, 5}));

    add("GDAS_F1", {"GDAS_FRC", "GDAS-FRC"},
        "GDAS with the fixed reduction cell (GDAS-FRC, CVPR 2019), 2.5M parameters at C=36, 20 cells; "
        "named GDAS_F1 in the GDAS authors' earlier code (NAS-Projects, others/GDAS/lib/nas/genotypes.py); "
        "only the normal cell is searched, the reduction cell is the hand-made one",
        dartsCell({{{"skip_connect", 0}, {"skip_connect", 1}},
                   {{"skip_connect", 0}, {"sep_conv_3x3", 2}},
                   {{"skip_connect", 0}, {"sep_conv_3x3", 2}},
                   {{"skip_connect", 0}, {"sep_conv_3x3", 2}}},
                  {2, 3, 4, 5}, {}, {}));

    add("NB201_ResNet", {"ResNet"},
        "The ResNet block expressed in the NAS-Bench-201 cell space (Dong & Yang, \"NAS-Bench-201\", "
        "ICLR 2020); AutoDL-Projects exps/NATS-Bench/draw-table.py",
        nb201Cell({{{"nor_conv_3x3", 0}},
                   {{"none", 0}, {"nor_conv_3x3", 1}},
                   {{"skip_connect", 0}, {"none", 1}, {"skip_connect", 2}}}));

    add("NB201_GDAS_Example", {},
        "An architecture GDAS found in the NAS-Bench-201 space, the example that AutoDL-Projects "
        "docs/CVPR-2019-GDAS.md retrains",
        nb201Cell({{{"nor_conv_3x3", 0}},
                   {{"nor_conv_3x3", 0}, {"nor_conv_3x3", 1}},
                   {{"skip_connect", 0}, {"skip_connect", 1}, {"skip_connect", 2}}}));
    return lib;
}

const std::vector<LibraryEntry> &library()
{
    static const std::vector<LibraryEntry> lib = makeLibrary();
    return lib;
}

bool sameName(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

const LibraryEntry *findEntry(std::string_view name)
{
    for (const LibraryEntry &e : library()) {
        if (sameName(e.name, name))
            return &e;
        for (const std::string &alias : e.aliases)
            if (sameName(alias, name))
                return &e;
    }
    return nullptr;
}

} // namespace

std::vector<std::string> builtinGenotypeNames()
{
    std::vector<std::string> names;
    for (const LibraryEntry &e : library())
        names.push_back(e.name);
    return names;
}

std::optional<Genotype> builtinGenotype(std::string_view name)
{
    if (const LibraryEntry *e = findEntry(name))
        return e->genotype;
    return std::nullopt;
}

std::string builtinGenotypeSource(std::string_view name)
{
    const LibraryEntry *e = findEntry(name);
    return e ? e->source : std::string();
}

} // namespace gdas::model
