#pragma once

#include "AlphaTable.h"
#include "Genotype.h"

#include <optional>
#include <string_view>

namespace gdas::model {

// Whether a search is collapsing, per epoch and cell type: the signs the DARTS successors watch
// (P-DARTS, DARTS+, "Understanding and Robustifying DARTS") -- parameter-free operations taking
// over the derived cell, α that stays flat, and cells that keep changing.
struct CellHealth {
    int parameterFreeOps = 0; // skip_connect, pooling and 'none' in the derived cell
    int skipConnections = 0;  // skip_connect in the derived cell
    int derivedOps = 0;       // all ops of the derived cell (8 in the DARTS space, 6 on NAS-Bench-201)
    // Mean over edges of the entropy of α's softmax divided by log(#ops): 1 is uniform, 0 is
    // one op with all the weight.
    double meanEntropy = 0.0;
    // Mean over edges of the weight of the strongest op minus that of the second strongest.
    double meanMargin = 0.0;
    // Edges whose strongest op differs from the previous epoch's; nullopt at the first epoch.
    std::optional<int> changedEdges;

    bool operator==(const CellHealth &o) const;
    bool operator!=(const CellHealth &o) const { return !(*this == o); }
};

// skip_connect, max_pool_3x3, avg_pool_3x3 and none: operations without weights.
bool isParameterFreeOp(std::string_view op);

// `now`: this epoch's softmaxed α of one cell type; `previous`: the last epoch's (nullptr at the
// first); `derived`: the cell derived from `now`. Throws GenotypeError when `previous` has other
// edges or ops than `now`.
CellHealth cellHealth(const AlphaTable &now, const AlphaTable *previous, const CellGenotype &derived);

// The collapse criterion of P-DARTS and DARTS+: the normal cell holds `skipLimit` or more skip
// connections. `skipLimit` < 1 turns the warning off.
struct CollapseRule {
    int skipLimit = 2;
    bool stopSearch = false; // DARTS+'s early stopping: end the search at the first such epoch
};

bool collapsed(const CellHealth &normal, const CollapseRule &rule);

} // namespace gdas::model
