#pragma once

// Readable QCOMPARE failures for gdas::model values. QTest finds these by argument-dependent
// lookup. SpaceKind and DeriveRule already have a gdas::model::toString returning a
// string_view, which ADL would prefer over QTest's own: compare them through kindName() and
// ruleName() instead of QCOMPARE on the enums.

#include "model/AlphaTable.h"
#include "model/Genotype.h"

#include <QtTest>

#include <string>

namespace gdas::model {

inline std::string kindName(SpaceKind kind) { return std::string(toString(kind)); }
inline std::string ruleName(DeriveRule rule) { return std::string(toString(rule)); }

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
