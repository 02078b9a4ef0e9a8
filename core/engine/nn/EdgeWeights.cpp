#include "engine/nn/EdgeWeights.h"

#include "model/SearchSpace.h"

#include <stdexcept>
#include <string>

namespace gdas::engine {

namespace {

[[noreturn]] void throwBadWeights(const char *what, const std::string &problem)
{
    throw std::invalid_argument(std::string("Supernet: ") + what + " weights: " + problem);
}

} // namespace

EdgeWeights EdgeWeights::prepare(const CellWeights &cell, const model::SearchSpace &space,
                                 bool withUnsampledSums, const char *what)
{
    const int edges = space.edgeCount();
    const int ops = space.opCount();
    if (!cell.weights.defined())
        throwBadWeights(what, "missing");
    if (cell.weights.dim() != 2 || cell.weights.size(0) != edges || cell.weights.size(1) != ops)
        throwBadWeights(what, "expected shape [" + std::to_string(edges) + ", " +
                                  std::to_string(ops) + "]");

    EdgeWeights prepared;
    prepared.ops = ops;
    const auto rows = cell.weights.unbind(0);
    if (cell.index.empty()) {
        prepared.weight.reserve(static_cast<std::size_t>(edges * ops));
        for (const auto &row : rows)
            for (auto &w : row.unbind(0))
                prepared.weight.push_back(std::move(w));
        return prepared;
    }

    if (static_cast<int>(cell.index.size()) != edges)
        throwBadWeights(what, "index has " + std::to_string(cell.index.size()) +
                                  " entries for " + std::to_string(edges) + " edges");
    prepared.index = cell.index;
    prepared.weight.reserve(static_cast<std::size_t>(edges));
    for (int e = 0; e < edges; ++e) {
        const auto k = cell.index[static_cast<std::size_t>(e)];
        if (k < 0 || k >= ops)
            throwBadWeights(what, "index " + std::to_string(k) + " out of range");
        prepared.weight.push_back(rows[static_cast<std::size_t>(e)].select(0, k));
    }
    if (withUnsampledSums) {
        // Row sum minus the sampled entry: forward value 0 for a one-hot row, gradient 1 into
        // every unsampled entry and 0 into the sampled one, as adding each entry would give.
        const auto rowSums = cell.weights.sum(1).unbind(0);
        prepared.unsampledSum.resize(
            static_cast<std::size_t>(space.inputNodes + space.intermediateNodes));
        for (int e = 0; e < edges; ++e) {
            const auto unsampled = rowSums[static_cast<std::size_t>(e)] - prepared.selected(e);
            auto &sum = prepared.unsampledSum[static_cast<std::size_t>(space.edges[e].to)];
            sum = sum.defined() ? sum + unsampled : unsampled;
        }
    }
    return prepared;
}

} // namespace gdas::engine
