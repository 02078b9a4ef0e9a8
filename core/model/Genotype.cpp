#include "Genotype.h"

#include "GenotypeFormats.h"
#include "GenotypeProblem.h"

#include <algorithm>
#include <set>

namespace gdas::model {

namespace detail {

namespace {

using Where = GenotypeProblem::Where;

GenotypeProblem problem(std::string message, Where where, bool reduce, int node = -1, int item = -1)
{
    return GenotypeProblem{std::move(message), where, reduce, node, item};
}

std::string cellName(bool reduce) { return reduce ? "reduce" : "normal"; }

std::optional<GenotypeProblem> concatProblem(const std::vector<int> &concat, int nodeCount, int firstNode, bool reduce)
{
    const std::string listName = cellName(reduce) + "_concat";
    if (concat.empty())
        return problem(listName + " is empty", Where::ConcatList, reduce);
    std::set<int> seen;
    const int lastNode = firstNode + nodeCount - 1;
    for (std::size_t i = 0; i < concat.size(); ++i) {
        const int n = concat[i];
        if (n < firstNode || n > lastNode)
            return problem(listName + " names node " + std::to_string(n) + ", outside " + std::to_string(firstNode) +
                               ".." + std::to_string(lastNode),
                           Where::ConcatItem, reduce, -1, static_cast<int>(i));
        if (!seen.insert(n).second)
            return problem(listName + " names node " + std::to_string(n) + " twice", Where::ConcatItem, reduce, -1,
                           static_cast<int>(i));
    }
    return std::nullopt;
}

std::optional<GenotypeProblem> dartsCellProblem(const CellGenotype &cell, const std::vector<int> &concat, bool reduce)
{
    const SearchSpace &space = SearchSpace::darts();
    if (cell.empty())
        return problem(cellName(reduce) + " cell has no nodes", Where::Cell, reduce);
    for (std::size_t n = 0; n < cell.size(); ++n) {
        const int nodeNumber = space.inputNodes + static_cast<int>(n);
        const auto &ops = cell[n];
        if (ops.size() != 2)
            return problem(cellName(reduce) + " node " + std::to_string(nodeNumber) + " has " +
                               std::to_string(ops.size()) + " ops, expected 2",
                           Where::Node, reduce, static_cast<int>(n));
        for (std::size_t k = 0; k < ops.size(); ++k) {
            const GenotypeOp &op = ops[k];
            if (op.op == "none")
                return problem("operation 'none' is not allowed in a darts genotype (" + cellName(reduce) + " node " +
                                   std::to_string(nodeNumber) + ")",
                               Where::OpName, reduce, static_cast<int>(n), static_cast<int>(k));
            if (!space.knowsOp(op.op))
                return problem("unknown operation '" + op.op + "' in the darts space", Where::OpName, reduce,
                               static_cast<int>(n), static_cast<int>(k));
            if (op.input < 0 || op.input >= nodeNumber)
                return problem(cellName(reduce) + " node " + std::to_string(nodeNumber) + " input " +
                                   std::to_string(op.input) + " out of range (0.." + std::to_string(nodeNumber - 1) +
                                   ")",
                               Where::OpInput, reduce, static_cast<int>(n), static_cast<int>(k));
        }
    }
    return concatProblem(concat, static_cast<int>(cell.size()), space.inputNodes, reduce);
}

std::optional<GenotypeProblem> nb201Problem(const Genotype &g)
{
    const SearchSpace &space = SearchSpace::nasBench201();
    if (!g.reduce.empty())
        return problem("a nas-bench-201 genotype has no reduce cell", Where::Cell, true);
    if (!g.reduceConcat.empty())
        return problem("a nas-bench-201 genotype has no reduce_concat", Where::ConcatList, true);
    if (!g.normalConcat.empty())
        return problem("a nas-bench-201 genotype has no normal_concat", Where::ConcatList, false);
    if (g.normal.size() != static_cast<std::size_t>(space.intermediateNodes))
        return problem("a nas-bench-201 genotype has " + std::to_string(space.intermediateNodes) + " nodes, got " +
                           std::to_string(g.normal.size()),
                       Where::Cell, false);
    for (std::size_t n = 0; n < g.normal.size(); ++n) {
        const int nodeNumber = static_cast<int>(n) + 1;
        const auto &ops = g.normal[n];
        if (ops.size() != static_cast<std::size_t>(nodeNumber))
            return problem("node " + std::to_string(nodeNumber) + " has " + std::to_string(ops.size()) +
                               " ops, expected " + std::to_string(nodeNumber) + " (one per input)",
                           Where::Node, false, static_cast<int>(n));
        std::set<int> inputs;
        for (std::size_t k = 0; k < ops.size(); ++k) {
            const GenotypeOp &op = ops[k];
            if (space.opIndex(op.op) < 0)
                return problem("unknown operation '" + op.op + "' in the nas-bench-201 space", Where::OpName, false,
                               static_cast<int>(n), static_cast<int>(k));
            if (op.input < 0 || op.input >= nodeNumber)
                return problem("node " + std::to_string(nodeNumber) + " input " + std::to_string(op.input) +
                                   " out of range (0.." + std::to_string(nodeNumber - 1) + ")",
                               Where::OpInput, false, static_cast<int>(n), static_cast<int>(k));
            if (!inputs.insert(op.input).second)
                return problem("node " + std::to_string(nodeNumber) + " takes input " + std::to_string(op.input) +
                                   " twice",
                               Where::OpInput, false, static_cast<int>(n), static_cast<int>(k));
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<GenotypeProblem> findProblem(const Genotype &g)
{
    if (g.space == SpaceKind::NasBench201)
        return nb201Problem(g);
    if (auto p = dartsCellProblem(g.normal, g.normalConcat, false))
        return p;
    if (g.reduce.empty()) {
        if (!g.reduceConcat.empty())
            return problem("reduce_concat given without a reduce cell", Where::ConcatList, true);
        return std::nullopt;
    }
    return dartsCellProblem(g.reduce, g.reduceConcat, true);
}

std::size_t offsetOf(const GenotypeProblem &p, const GenotypeOffsets &offsets)
{
    const CellOffsets &cell = p.reduceCell ? offsets.reduce : offsets.normal;
    auto pick = [](std::size_t preferred, std::size_t fallback) {
        return preferred != CellOffsets::none ? preferred : fallback;
    };
    const std::size_t cellStart = pick(cell.cell, offsets.whole);
    auto nodeAt = [&](int node) {
        return node >= 0 && static_cast<std::size_t>(node) < cell.nodes.size()
                   ? cell.nodes[static_cast<std::size_t>(node)]
                   : cellStart;
    };
    auto itemAt = [&](const std::vector<std::vector<std::size_t>> &table) {
        if (p.node >= 0 && static_cast<std::size_t>(p.node) < table.size()) {
            const auto &row = table[static_cast<std::size_t>(p.node)];
            if (p.item >= 0 && static_cast<std::size_t>(p.item) < row.size())
                return row[static_cast<std::size_t>(p.item)];
        }
        return nodeAt(p.node);
    };
    switch (p.where) {
    case GenotypeProblem::Where::Genotype:
        return offsets.whole;
    case GenotypeProblem::Where::Cell:
        return cellStart;
    case GenotypeProblem::Where::Node:
        return nodeAt(p.node);
    case GenotypeProblem::Where::OpName:
        return itemAt(cell.opNames);
    case GenotypeProblem::Where::OpInput:
        return itemAt(cell.opInputs);
    case GenotypeProblem::Where::ConcatList:
        return pick(cell.concat, cellStart);
    case GenotypeProblem::Where::ConcatItem:
        if (p.item >= 0 && static_cast<std::size_t>(p.item) < cell.concatItems.size())
            return cell.concatItems[static_cast<std::size_t>(p.item)];
        return pick(cell.concat, cellStart);
    }
    return offsets.whole;
}

} // namespace detail

void Genotype::validate() const
{
    if (const auto p = detail::findProblem(*this))
        throw GenotypeError(p->message);
}

bool Genotype::usesExtendedSpace() const
{
    const SearchSpace &s = SearchSpace::of(space);
    auto cellIsExtended = [&](const CellGenotype &cell) {
        if (cell.empty())
            return false;
        if (cell.size() != static_cast<std::size_t>(s.intermediateNodes))
            return true;
        return std::any_of(cell.begin(), cell.end(), [&](const std::vector<GenotypeOp> &node) {
            return std::any_of(node.begin(), node.end(), [&](const GenotypeOp &op) { return s.opIndex(op.op) < 0; });
        });
    };
    const std::vector<int> standardConcat = [&] {
        std::vector<int> c;
        for (int n = s.inputNodes; n < s.inputNodes + s.intermediateNodes; ++n)
            c.push_back(n);
        return c;
    }();
    if (space == SpaceKind::Darts &&
        (normalConcat != standardConcat || (!reduce.empty() && reduceConcat != standardConcat)))
        return true;
    return cellIsExtended(normal) || cellIsExtended(reduce);
}

} // namespace gdas::model
