#include "SearchSpace.h"

#include "AsciiText.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gdas::model {

namespace {

// Every earlier node feeds every intermediate node; listed by (to, from), the order in which
// the official code's sorted "i<-j" keys number the rows of α.
std::vector<CellEdge> denseEdges(int inputNodes, int intermediateNodes)
{
    std::vector<CellEdge> edges;
    for (int to = inputNodes; to < inputNodes + intermediateNodes; ++to)
        for (int from = 0; from < to; ++from)
            edges.push_back({to, from});
    return edges;
}

SearchSpace makeDarts()
{
    SearchSpace s;
    s.kind = SpaceKind::Darts;
    s.name = "darts";
    s.ops = {"none",         "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
             "dil_conv_3x3", "dil_conv_5x5", "avg_pool_3x3", "max_pool_3x3"};
    s.extendedOps = {"sep_conv_7x7", "conv_7x1_1x7", "conv_3x1_1x3"};
    s.inputNodes = 2;
    s.intermediateNodes = 4;
    s.edges = denseEdges(s.inputNodes, s.intermediateNodes);
    s.hasReductionCell = true;
    return s;
}

SearchSpace makeNasBench201()
{
    SearchSpace s;
    s.kind = SpaceKind::NasBench201;
    s.name = "nas-bench-201";
    s.ops = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
    s.inputNodes = 1;
    s.intermediateNodes = 3;
    s.edges = denseEdges(s.inputNodes, s.intermediateNodes);
    s.hasReductionCell = false;
    return s;
}

} // namespace

int SearchSpace::opIndex(std::string_view op) const
{
    const auto it = std::find(ops.begin(), ops.end(), op);
    return it == ops.end() ? -1 : static_cast<int>(it - ops.begin());
}

bool SearchSpace::knowsOp(std::string_view op) const
{
    return opIndex(op) >= 0 || std::find(extendedOps.begin(), extendedOps.end(), op) != extendedOps.end();
}

int SearchSpace::edgeIndex(int to, int from) const
{
    for (std::size_t i = 0; i < edges.size(); ++i)
        if (edges[i].to == to && edges[i].from == from)
            return static_cast<int>(i);
    return -1;
}

std::string SearchSpace::nodeLabel(int node) const
{
    if (kind == SpaceKind::Darts) {
        if (node == 0)
            return "c_{k-2}";
        if (node == 1)
            return "c_{k-1}";
        return std::to_string(node - inputNodes);
    }
    return std::to_string(node);
}

std::string SearchSpace::edgeLabel(int edge) const
{
    if (edge < 0 || edge >= edgeCount())
        throw std::out_of_range("edge " + std::to_string(edge) + " is not an edge of the " + name + " space (it has " +
                                std::to_string(edgeCount()) + ")");
    const CellEdge &e = edges[static_cast<std::size_t>(edge)];
    return nodeLabel(e.from) + " \u2192 " + nodeLabel(e.to);
}

const SearchSpace &SearchSpace::darts()
{
    static const SearchSpace space = makeDarts();
    return space;
}

const SearchSpace &SearchSpace::nasBench201()
{
    static const SearchSpace space = makeNasBench201();
    return space;
}

const SearchSpace &SearchSpace::byName(std::string_view name)
{
    const std::string key = lowered(name);
    if (key == "darts" || key == "nasnet")
        return darts();
    if (key == "nas-bench-201" || key == "nb201" || key == "nasbench201" || key == "nats-bench")
        return nasBench201();
    throw std::invalid_argument("unknown search space '" + std::string(name) + "' (expected darts or nas-bench-201)");
}

const SearchSpace &SearchSpace::of(SpaceKind kind) { return kind == SpaceKind::Darts ? darts() : nasBench201(); }

std::string_view toString(SpaceKind kind) { return kind == SpaceKind::Darts ? "darts" : "nas-bench-201"; }

} // namespace gdas::model
