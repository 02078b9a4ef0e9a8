#include "widgets/CellLabels.h"

namespace gdas::widgets {

using model::SpaceKind;

QString nodeLabel(SpaceKind space, int node)
{
    if (space == SpaceKind::NasBench201)
        return QString::number(node);
    if (node == 0)
        return QStringLiteral("c_{k-2}");
    if (node == 1)
        return QStringLiteral("c_{k-1}");
    return QString::number(node - 2);
}

QString nodeRichLabel(SpaceKind space, int node)
{
    if (space == SpaceKind::Darts && node < 2)
        return node == 0 ? QStringLiteral("c<sub>k-2</sub>") : QStringLiteral("c<sub>k-1</sub>");
    return nodeLabel(space, node);
}

QString edgeLabel(SpaceKind space, const model::CellEdge &edge)
{
    return nodeLabel(space, edge.from) + QStringLiteral(" → ") + nodeLabel(space, edge.to);
}

QString outputLabel(SpaceKind space)
{
    return space == SpaceKind::NasBench201 ? QStringLiteral("3") : QStringLiteral("c_{k}");
}

int genotypeNodeNumber(SpaceKind space, int index) { return space == SpaceKind::NasBench201 ? index + 1 : index + 2; }

SpaceKind spaceOfTable(const model::AlphaTable &table)
{
    for (const model::CellEdge &edge : table.edges)
        if (edge.to < 2)
            return SpaceKind::NasBench201;
    return SpaceKind::Darts;
}

int tableRow(const model::AlphaTable &table, int to, int from)
{
    for (int row = 0; row < table.rows(); ++row)
        if (table.edges[static_cast<std::size_t>(row)].to == to &&
            table.edges[static_cast<std::size_t>(row)].from == from)
            return row;
    return -1;
}

} // namespace gdas::widgets
