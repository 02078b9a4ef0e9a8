#include "AlphaTable.h"

#include "GenotypeFormats.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gdas::model {

AlphaTable::AlphaTable(const SearchSpace &space, std::vector<float> rowMajorProbs)
    : ops(space.ops), edges(space.edges), probs(std::move(rowMajorProbs))
{
    const std::size_t expected = edges.size() * ops.size();
    if (probs.size() != expected)
        throw std::invalid_argument("alpha table of the " + space.name + " space needs " +
                                    std::to_string(edges.size()) + " x " + std::to_string(ops.size()) + " = " +
                                    std::to_string(expected) + " values, got " + std::to_string(probs.size()));
}

std::string_view toString(DeriveRule rule) { return rule == DeriveRule::Darts ? "darts" : "gdas"; }

DeriveRule deriveRuleByName(std::string_view name)
{
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (key == "darts")
        return DeriveRule::Darts;
    if (key == "gdas" || key == "gdas-official")
        return DeriveRule::GdasOfficial;
    throw std::invalid_argument("unknown genotype rule '" + std::string(name) + "' (expected darts or gdas)");
}

namespace {

// Ties go to the lowest index everywhere below (the earlier predecessor, then the earlier op
// column), as the reference code's stable sorts and strict '>' comparisons do.

void checkTable(const SearchSpace &space, const AlphaTable &table, const char *which)
{
    const auto describe = [&](const std::string &why) {
        return GenotypeError(std::string(which) + " alpha table does not fit the " + space.name + " space: " + why);
    };
    if (table.ops != space.ops)
        throw describe("its op columns differ");
    if (table.edges.size() != space.edges.size() ||
        !std::equal(table.edges.begin(), table.edges.end(), space.edges.begin(),
                    [](const CellEdge &a, const CellEdge &b) { return a.to == b.to && a.from == b.from; }))
        throw describe("its edge rows differ");
    if (table.probs.size() != table.edges.size() * table.ops.size())
        throw describe(std::to_string(table.probs.size()) + " values for " + std::to_string(table.edges.size()) +
                       " x " + std::to_string(table.ops.size()));
}

struct Candidate {
    int op = -1;
    int from = -1;
    float weight = 0.0f;
};

// The strongest op other than 'none' on one edge.
Candidate bestNonNone(const SearchSpace &space, const AlphaTable &table, int edge, int noneIndex)
{
    Candidate best;
    best.from = space.edges[static_cast<std::size_t>(edge)].from;
    for (int k = 0; k < table.cols(); ++k) {
        if (k == noneIndex)
            continue;
        if (best.op < 0 || table.at(edge, k) > best.weight) {
            best.op = k;
            best.weight = table.at(edge, k);
        }
    }
    return best;
}

CellGenotype deriveDartsCell(const SearchSpace &space, const AlphaTable &table, DeriveRule rule)
{
    const int noneIndex = space.opIndex("none");
    CellGenotype cell;
    for (int to = space.inputNodes; to < space.inputNodes + space.intermediateNodes; ++to) {
        std::vector<Candidate> candidates;
        for (int from = 0; from < to; ++from) {
            const int edge = space.edgeIndex(to, from);
            if (rule == DeriveRule::Darts) {
                candidates.push_back(bestNonNone(space, table, edge, noneIndex));
            } else {
                for (int k = 0; k < table.cols(); ++k)
                    if (k != noneIndex)
                        candidates.push_back({k, from, table.at(edge, k)});
            }
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate &a, const Candidate &b) { return a.weight > b.weight; });
        std::vector<GenotypeOp> node;
        for (std::size_t i = 0; i < candidates.size() && node.size() < 2; ++i)
            node.push_back({space.ops[static_cast<std::size_t>(candidates[i].op)], candidates[i].from});
        cell.push_back(std::move(node));
    }
    return cell;
}

CellGenotype deriveNb201Cell(const SearchSpace &space, const AlphaTable &table)
{
    CellGenotype cell;
    for (int to = space.inputNodes; to < space.inputNodes + space.intermediateNodes; ++to) {
        std::vector<GenotypeOp> node;
        for (int from = 0; from < to; ++from) {
            const int edge = space.edgeIndex(to, from);
            int best = 0;
            for (int k = 1; k < table.cols(); ++k)
                if (table.at(edge, k) > table.at(edge, best))
                    best = k;
            node.push_back({space.ops[static_cast<std::size_t>(best)], from});
        }
        cell.push_back(std::move(node));
    }
    return cell;
}

std::vector<int> intermediateNodes(const SearchSpace &space)
{
    std::vector<int> nodes;
    for (int n = space.inputNodes; n < space.inputNodes + space.intermediateNodes; ++n)
        nodes.push_back(n);
    return nodes;
}

} // namespace

Genotype deriveGenotype(const SearchSpace &space, const AlphaTable &normal, const AlphaTable &reduce, DeriveRule rule)
{
    Genotype g;
    g.space = space.kind;
    checkTable(space, normal, "normal");
    if (space.kind == SpaceKind::NasBench201) {
        g.normal = deriveNb201Cell(space, normal);
        return g;
    }
    g.normal = deriveDartsCell(space, normal, rule);
    g.normalConcat = intermediateNodes(space);
    // An empty reduce table is GDAS-FRC: its reduction cell is fixed, not searched.
    if (!reduce.empty()) {
        checkTable(space, reduce, "reduce");
        g.reduce = deriveDartsCell(space, reduce, rule);
        g.reduceConcat = intermediateNodes(space);
    }
    return g;
}

} // namespace gdas::model
