#pragma once

// Internal to gdas::model: the first thing wrong with a genotype, located precisely enough
// that a parser can point at the text that produced it.

#include "Genotype.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gdas::model::detail {

struct GenotypeProblem {
    enum class Where { Genotype, Cell, Node, OpName, OpInput, ConcatList, ConcatItem };
    std::string message;
    Where where = Where::Genotype;
    bool reduceCell = false;
    int node = -1; // index into the cell's node list
    int item = -1; // op within the node, or entry of the concat list
};

std::optional<GenotypeProblem> findProblem(const Genotype &g);

// Text offsets of the parts of a genotype, filled in by the parsers so that a problem found
// after parsing still points at its source.
struct CellOffsets {
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t cell = none;
    std::vector<std::size_t> nodes;
    std::vector<std::vector<std::size_t>> opNames;
    std::vector<std::vector<std::size_t>> opInputs;
    std::size_t concat = none;
    std::vector<std::size_t> concatItems;
};

struct GenotypeOffsets {
    std::size_t whole = 0;
    CellOffsets normal;
    CellOffsets reduce;
};

std::size_t offsetOf(const GenotypeProblem &problem, const GenotypeOffsets &offsets);

} // namespace gdas::model::detail
