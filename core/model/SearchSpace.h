#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gdas::model {

enum class SpaceKind { Darts, NasBench201 };

// One edge of a cell: it feeds node `to` from node `from`. Nodes are numbered as the official
// code numbers them: DARTS space -- inputs 0 (c_{k-2}) and 1 (c_{k-1}), intermediate nodes 2..5;
// NAS-Bench-201 -- input 0, nodes 1..3.
struct CellEdge {
    int to = 0;
    int from = 0;
};

// Describes a cell-based search space. Edges are listed in the row order of the architecture
// parameters (the official code sorts its "i<-j" keys, which is (to, from) order).
struct SearchSpace {
    SpaceKind kind = SpaceKind::Darts;
    std::string name;             // "darts" or "nas-bench-201"
    std::vector<std::string> ops; // candidate operations, in alpha column order
    // Operations that published cells of this space use although no search chooses them
    // (NASNet's sep_conv_7x7, AmoebaNet's conv_7x1_1x7, SETN's conv_3x1_1x3). A genotype may
    // name them; a search never produces them.
    std::vector<std::string> extendedOps;
    int inputNodes = 2;           // 2 for DARTS, 1 for NAS-Bench-201
    int intermediateNodes = 4;    // 4 for DARTS, 3 for NAS-Bench-201
    std::vector<CellEdge> edges;  // 14 for DARTS, 6 for NAS-Bench-201
    bool hasReductionCell = true; // DARTS searches a normal and a reduction cell

    int edgeCount() const { return static_cast<int>(edges.size()); }
    int opCount() const { return static_cast<int>(ops.size()); }
    int opIndex(std::string_view op) const;  // -1 when unknown
    bool knowsOp(std::string_view op) const; // in ops or extendedOps
    int edgeIndex(int to, int from) const;   // -1 when not an edge of this space
    std::string edgeLabel(int edge) const;   // "c_{k-2} → 0": nodeLabel(from) → nodeLabel(to)
    // DARTS: "c_{k-2}", "c_{k-1}", then "0".."3" for nodes 2..5 (as DARTS draws its cells);
    // NAS-Bench-201: "0".."3".
    std::string nodeLabel(int node) const;

    static const SearchSpace &darts();
    static const SearchSpace &nasBench201();
    // Accepts "darts", "nasnet", "nas-bench-201", "nb201"; throws std::invalid_argument.
    static const SearchSpace &byName(std::string_view name);
    static const SearchSpace &of(SpaceKind kind);
};

std::string_view toString(SpaceKind kind);

} // namespace gdas::model
