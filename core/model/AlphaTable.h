#pragma once

#include "Genotype.h"
#include "SearchSpace.h"

#include <string>
#include <vector>

namespace gdas::model {

// Softmaxed architecture weights of one cell type: one row per edge, one column per op.
struct AlphaTable {
    std::vector<std::string> ops;
    std::vector<CellEdge> edges;
    std::vector<float> probs; // row-major, edges.size() x ops.size()

    AlphaTable() = default;
    AlphaTable(const SearchSpace &space, std::vector<float> rowMajorProbs);

    int rows() const { return static_cast<int>(edges.size()); }
    int cols() const { return static_cast<int>(ops.size()); }
    float at(int edge, int op) const { return probs[static_cast<std::size_t>(edge) * ops.size() + op]; }
    bool empty() const { return probs.empty(); }
};

enum class DeriveRule {
    Darts,       // per node: 2 strongest distinct predecessors, each with its best non-'none' op
    GdasOfficial // per node: 2 strongest (op, input) pairs over all non-'none' entries
};

std::string_view toString(DeriveRule rule);
DeriveRule deriveRuleByName(std::string_view name); // "darts" | "gdas"

// Genotype from the softmaxed α. NAS-Bench-201: the strongest op on every edge, 'none' included,
// as TinyNetworkGDAS.genotype() takes it (rule ignored). DARTS space: each node lists its two ops
// strongest first; concat lists are 2..5. `reduce` is ignored for spaces without a reduction
// cell; in the DARTS space an empty `reduce` (GDAS-FRC, whose reduction cell is fixed) gives a
// genotype without a reduce cell. Ties go to the lowest index -- the earlier predecessor, then the
// earlier op column -- as the reference code's stable sorts do. Throws GenotypeError when a
// table's ops or edges differ from the space's.
Genotype deriveGenotype(const SearchSpace &space, const AlphaTable &normal, const AlphaTable &reduce, DeriveRule rule);

} // namespace gdas::model
