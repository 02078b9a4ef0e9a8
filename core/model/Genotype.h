#pragma once

#include "SearchSpace.h"

#include <string>
#include <vector>

namespace gdas::model {

// One chosen (operation, input node) pair of an intermediate node.
struct GenotypeOp {
    std::string op;
    int input = 0;
    bool operator==(const GenotypeOp &o) const { return op == o.op && input == o.input; }
    bool operator!=(const GenotypeOp &o) const { return !(*this == o); }
};

// Per intermediate node, the ops that feed it. DARTS space: two per node, inputs numbered
// 0..(i+1) as in the DARTS literal. NAS-Bench-201: node i (1..3) has i ops, one per input.
using CellGenotype = std::vector<std::vector<GenotypeOp>>;

struct Genotype {
    SpaceKind space = SpaceKind::Darts;
    CellGenotype normal;
    std::vector<int> normalConcat; // DARTS: {2,3,4,5}
    CellGenotype reduce;           // empty for NAS-Bench-201
    std::vector<int> reduceConcat;
    std::string name; // optional label (built-in name, run name)

    bool operator==(const Genotype &o) const
    {
        return space == o.space && normal == o.normal && normalConcat == o.normalConcat && reduce == o.reduce &&
               reduceConcat == o.reduceConcat;
    }
    bool operator!=(const Genotype &o) const { return !(*this == o); }

    // Checks op names against the space and input indices against the node; throws
    // GenotypeError describing the first problem. DARTS space: two ops per node, any number
    // of nodes, the space's ops or its extendedOps ('none' excluded), inputs 0..(node-1),
    // concat entries naming intermediate nodes, no duplicates; an empty reduce cell (GDAS-FRC's
    // hand-made reduction cell) has an empty reduceConcat. NAS-Bench-201: nodes 1..3, node i
    // with one op from each of its inputs 0..i-1 ('none' allowed), no reduce, no concat lists.
    void validate() const;

    // True when a cell uses an operation outside the searched candidates (library cells such as
    // NASNet) or a node count other than the space's: no search of this space can produce it.
    bool usesExtendedSpace() const;
};

} // namespace gdas::model
