#pragma once

#include "model/AlphaTable.h"
#include "model/SearchSpace.h"

#include <QString>

namespace gdas::widgets {

// Names of cell nodes as the papers' figures write them. Nodes are numbered as model::CellEdge
// numbers them: DARTS space 0 = c_{k-2}, 1 = c_{k-1}, 2..5 = intermediate nodes "0".."3";
// NAS-Bench-201 0 = input, 1..3.
QString nodeLabel(model::SpaceKind space, int node);                    // plain text: "c_{k-2}", "0"
QString nodeRichLabel(model::SpaceKind space, int node);                // HTML with subscripts: "c<sub>k-2</sub>"
QString edgeLabel(model::SpaceKind space, const model::CellEdge &edge); // "c_{k-2} → 0"
QString outputLabel(model::SpaceKind space);                            // "c_{k}" (DARTS), "3" (NAS-Bench-201)

// Node number of the genotype's intermediate node `index` (0-based position in CellGenotype).
int genotypeNodeNumber(model::SpaceKind space, int index);

// An AlphaTable does not carry its space; NAS-Bench-201 is the one with an edge into node 1.
model::SpaceKind spaceOfTable(const model::AlphaTable &table);

// Row of `table` for the edge (to, from), or -1.
int tableRow(const model::AlphaTable &table, int to, int from);

} // namespace gdas::widgets
