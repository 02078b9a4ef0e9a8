#include "SearchHealth.h"

#include "GenotypeFormats.h" // GenotypeError

#include <algorithm>
#include <cmath>
#include <string>

namespace gdas::model {

namespace {

int strongestOp(const AlphaTable &table, int edge)
{
    int best = 0;
    for (int op = 1; op < table.cols(); ++op) {
        if (table.at(edge, op) > table.at(edge, best)) // ties keep the lower column, as deriving does
            best = op;
    }
    return best;
}

} // namespace

bool CellHealth::operator==(const CellHealth &o) const
{
    return parameterFreeOps == o.parameterFreeOps && skipConnections == o.skipConnections &&
           derivedOps == o.derivedOps && meanEntropy == o.meanEntropy && meanMargin == o.meanMargin &&
           changedEdges == o.changedEdges;
}

bool isParameterFreeOp(std::string_view op)
{
    return op == "skip_connect" || op == "max_pool_3x3" || op == "avg_pool_3x3" || op == "none";
}

CellHealth cellHealth(const AlphaTable &now, const AlphaTable *previous, const CellGenotype &derived)
{
    CellHealth h;
    for (const auto &node : derived) {
        for (const GenotypeOp &op : node) {
            ++h.derivedOps;
            if (isParameterFreeOp(op.op))
                ++h.parameterFreeOps;
            if (op.op == "skip_connect")
                ++h.skipConnections;
        }
    }
    const int edges = now.rows();
    const int ops = now.cols();
    if (edges == 0 || ops == 0)
        return h;
    const double logOps = ops > 1 ? std::log(static_cast<double>(ops)) : 1.0;
    double entropySum = 0.0;
    double marginSum = 0.0;
    for (int e = 0; e < edges; ++e) {
        double entropy = 0.0;
        double first = -1.0;
        double second = -1.0;
        for (int op = 0; op < ops; ++op) {
            const double p = now.at(e, op);
            if (p > 0.0)
                entropy -= p * std::log(p);
            if (p > first) {
                second = first;
                first = p;
            } else if (p > second) {
                second = p;
            }
        }
        entropySum += ops > 1 ? entropy / logOps : 0.0;
        marginSum += ops > 1 ? first - second : first;
    }
    h.meanEntropy = entropySum / edges;
    h.meanMargin = marginSum / edges;
    if (previous) {
        if (previous->rows() != edges || previous->cols() != ops)
            throw GenotypeError("search health: the previous epoch's α has " + std::to_string(previous->rows()) +
                                " edges x " + std::to_string(previous->cols()) + " ops, this epoch's " +
                                std::to_string(edges) + " x " + std::to_string(ops));
        int changed = 0;
        for (int e = 0; e < edges; ++e) {
            if (strongestOp(now, e) != strongestOp(*previous, e))
                ++changed;
        }
        h.changedEdges = changed;
    }
    return h;
}

bool collapsed(const CellHealth &normal, const CollapseRule &rule)
{
    return rule.skipLimit >= 1 && normal.skipConnections >= rule.skipLimit;
}

} // namespace gdas::model
