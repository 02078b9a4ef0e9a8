#pragma once

// Readable QCOMPARE failures for gdas::model values. QTest finds these by argument-dependent
// lookup. SpaceKind, DeriveRule, RunKind and RunStatus already have a gdas::model::toString
// returning a string_view, which ADL would prefer over QTest's own: compare them through
// kindName(), ruleName(), runKindName() and runStatusName() instead of QCOMPARE on the enums.

#include "model/AlphaTable.h"
#include "model/Genotype.h"
#include "model/RunRecord.h"

#include <QtTest>

#include <optional>
#include <string>

namespace gdas::model {

inline std::string kindName(SpaceKind kind) { return std::string(toString(kind)); }
inline std::string ruleName(DeriveRule rule) { return std::string(toString(rule)); }
inline std::string runKindName(std::optional<RunKind> kind) { return kind ? std::string(toString(*kind)) : "(none)"; }
inline std::string runStatusName(std::optional<RunStatus> status)
{
    return status ? std::string(toString(*status)) : "(none)";
}

inline std::string describeOps(const std::vector<GenotypeOp> &ops)
{
    std::string out = "(";
    for (std::size_t i = 0; i < ops.size(); ++i)
        out += (i ? ", " : "") + ops[i].op + "~" + std::to_string(ops[i].input);
    return out + ")";
}

inline std::string describeCell(const CellGenotype &cell)
{
    std::string out;
    for (const auto &node : cell)
        out += describeOps(node);
    return out;
}

inline char *toString(const GenotypeOp &op) { return qstrdup((op.op + "~" + std::to_string(op.input)).c_str()); }
inline char *toString(const std::vector<GenotypeOp> &ops) { return qstrdup(describeOps(ops).c_str()); }
inline char *toString(const CellGenotype &cell) { return qstrdup(describeCell(cell).c_str()); }

inline char *toString(const Genotype &g)
{
    auto concat = [](const std::vector<int> &c) {
        std::string out = "[";
        for (std::size_t i = 0; i < c.size(); ++i)
            out += (i ? "," : "") + std::to_string(c[i]);
        return out + "]";
    };
    const std::string text = kindName(g.space) + " normal " + describeCell(g.normal) + concat(g.normalConcat) +
                             " reduce " + describeCell(g.reduce) + concat(g.reduceConcat);
    return qstrdup(text.c_str());
}

} // namespace gdas::model
