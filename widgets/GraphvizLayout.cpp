#include "widgets/GraphvizLayout.h"

#include <QCoreApplication>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <mutex>
#include <string>

namespace gdas::widgets {

namespace {

std::mutex &graphvizMutex()
{
    static std::mutex mutex;
    return mutex;
}

// One context for the whole process, created on first use and never freed. Graphviz 2.42's
// pango plugin keeps a static pointer to the last font name it measured, and that string
// belongs to the context's font table: freeing a context after each layout made the next
// layout compare against freed memory (ASan: heap-use-after-free in gvLayout). Call with
// graphvizMutex() held.
GVC_t *sharedContext()
{
    static GVC_t *const context = gvContext();
    return context;
}

// cgraph takes `char *` for names and values it only reads.
class CString {
public:
    explicit CString(const QString &text) : m_bytes(text.toStdString()) {}
    char *get() { return m_bytes.data(); }

private:
    std::string m_bytes;
};

void setAttribute(void *object, const QString &name, const QString &value)
{
    CString n(name), v(value), empty(QString{});
    agsafeset(object, n.get(), v.get(), empty.get());
}

constexpr double kPointsPerInch = 72.0;

} // namespace

GraphvizLayout::GraphvizLayout() = default;

GraphvizLayout::~GraphvizLayout()
{
    std::lock_guard<std::mutex> lock(graphvizMutex());
    release();
}

void GraphvizLayout::release()
{
    if (m_graph) {
        if (m_laidOut)
            gvFreeLayout(sharedContext(), m_graph);
        agclose(m_graph);
    }
    m_graph = nullptr;
    m_laidOut = false;
}

void GraphvizLayout::setGraphAttribute(const QString &name, const QString &value) { m_graphAttributes[name] = value; }

void GraphvizLayout::setEdgeDefault(const QString &name, const QString &value) { m_edgeDefaults[name] = value; }

int GraphvizLayout::addNode(const Node &node)
{
    m_nodes.push_back(node);
    return static_cast<int>(m_nodes.size()) - 1;
}

int GraphvizLayout::addEdge(const Edge &edge)
{
    m_edges.push_back(edge);
    return static_cast<int>(m_edges.size()) - 1;
}

void GraphvizLayout::addSameRank(const QStringList &nodeIds) { m_sameRanks.push_back(nodeIds); }

bool GraphvizLayout::run(QString *error)
{
    std::lock_guard<std::mutex> lock(graphvizMutex());
    release();

    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        release();
        return false;
    };

    GVC_t *context = sharedContext();
    if (!context)
        return fail(QCoreApplication::translate("gdas::widgets::GraphvizLayout",
                                                "Graphviz: cannot create a context (plugins missing?)"));
    CString graphName(QStringLiteral("cell"));
    m_graph = agopen(graphName.get(), Agdirected, nullptr);
    if (!m_graph)
        return fail(QCoreApplication::translate("gdas::widgets::GraphvizLayout", "Graphviz: cannot create a graph"));
    for (const auto &[name, value] : m_graphAttributes)
        setAttribute(m_graph, name, value);
    for (const auto &[name, value] : m_edgeDefaults) {
        CString n(name), v(value);
        agattr(m_graph, AGEDGE, n.get(), v.get());
    }

    std::map<QString, Agnode_t *> nodesById;
    for (const Node &node : m_nodes) {
        CString id(node.id);
        Agnode_t *n = agnode(m_graph, id.get(), 1);
        setAttribute(n, QStringLiteral("shape"), node.shape);
        setAttribute(n, QStringLiteral("fixedsize"), QStringLiteral("true"));
        setAttribute(n, QStringLiteral("label"), QString());
        setAttribute(n, QStringLiteral("width"), QString::number(node.size.width() / kPointsPerInch));
        setAttribute(n, QStringLiteral("height"), QString::number(node.size.height() / kPointsPerInch));
        nodesById[node.id] = n;
    }
    std::vector<Agedge_t *> edges;
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        const Edge &edge = m_edges[i];
        const auto tail = nodesById.find(edge.tail);
        const auto head = nodesById.find(edge.head);
        if (tail == nodesById.end() || head == nodesById.end())
            return fail(QCoreApplication::translate("gdas::widgets::GraphvizLayout",
                                                    "Graphviz: edge %1 → %2 names an unknown node")
                            .arg(edge.tail, edge.head));
        // Parallel edges (two ops from the same input) need distinct keys.
        CString key(QStringLiteral("e%1").arg(i));
        Agedge_t *e = agedge(m_graph, tail->second, head->second, key.get(), 1);
        if (!edge.label.isEmpty())
            setAttribute(e, QStringLiteral("label"), edge.label);
        if (!edge.constraint)
            setAttribute(e, QStringLiteral("constraint"), QStringLiteral("false"));
        if (edge.invisible)
            setAttribute(e, QStringLiteral("style"), QStringLiteral("invis"));
        edges.push_back(e);
    }
    for (std::size_t i = 0; i < m_sameRanks.size(); ++i) {
        CString name(QStringLiteral("rank%1").arg(i));
        Agraph_t *sub = agsubg(m_graph, name.get(), 1);
        setAttribute(sub, QStringLiteral("rank"), QStringLiteral("same"));
        for (const QString &id : m_sameRanks[i]) {
            const auto it = nodesById.find(id);
            if (it != nodesById.end())
                agsubnode(sub, it->second, 1);
        }
    }

    CString engine(QStringLiteral("dot"));
    if (gvLayout(context, m_graph, engine.get()) != 0) {
        const char *last = aglasterr();
        return fail(QCoreApplication::translate("gdas::widgets::GraphvizLayout", "Graphviz: dot layout failed%1")
                        .arg(last ? QStringLiteral(": ") + QString::fromLocal8Bit(last).trimmed() : QString()));
    }
    m_laidOut = true;

    // Graphviz's y axis points up; flip it about the bounding box.
    const boxf bb = GD_bb(m_graph);
    const double top = bb.UR.y;
    auto toQt = [&](pointf p) { return QPointF(p.x - bb.LL.x, top - p.y); };
    m_boundingBox = QRectF(0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y);

    for (Node &node : m_nodes) {
        Agnode_t *n = nodesById[node.id];
        node.center = toQt(ND_coord(n));
    }
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        Edge &edge = m_edges[i];
        Agedge_t *e = edges[i];
        edge.path = QPainterPath();
        edge.hasArrow = false;
        const splines *spl = ED_spl(e);
        if (spl && spl->size > 0) {
            const bezier &bz = spl->list[0];
            if (bz.size > 0) {
                edge.path.moveTo(toQt(bz.list[0]));
                for (int k = 1; k + 2 < bz.size; k += 3)
                    edge.path.cubicTo(toQt(bz.list[k]), toQt(bz.list[k + 1]), toQt(bz.list[k + 2]));
            }
            if (bz.eflag) {
                edge.hasArrow = true;
                edge.arrowTip = toQt(bz.ep);
            }
        }
        const textlabel_t *label = ED_label(e);
        if (label && label->set)
            edge.labelPos = toQt(label->pos);
        else if (!edge.path.isEmpty())
            edge.labelPos = edge.path.pointAtPercent(0.5);
    }
    return true;
}

} // namespace gdas::widgets
