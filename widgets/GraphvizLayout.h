#pragma once

#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

typedef struct Agraph_s Agraph_t;

namespace gdas::widgets {

// A directed graph laid out by Graphviz `dot`. Describe nodes and edges, call run(), read
// positions back in points with y pointing down (Qt's convention). Owns the Graphviz graph and
// frees its layout in the destructor. Graphviz keeps global state and is not thread-safe, so
// every call into it goes through one process-wide mutex, and all layouts share one Graphviz
// context that lives as long as the process.
class GraphvizLayout {
public:
    struct Node {
        QString id;
        QSizeF size; // points
        QString shape = QStringLiteral("box");
        QPointF center; // filled by run()
    };
    struct Edge {
        QString tail;
        QString head;
        QString label; // empty: no label; Graphviz leaves room for it by its own metrics
        bool constraint = true;
        bool invisible = false; // only steers the layout (e.g. the order within a rank)
        QPainterPath path;      // filled by run(): the spline, ending where the arrow starts
        QPointF arrowTip;       // filled by run(): where the arrow head points
        bool hasArrow = false;
        QPointF labelPos; // filled by run(): centre of the label
    };

    GraphvizLayout();
    ~GraphvizLayout();
    GraphvizLayout(const GraphvizLayout &) = delete;
    GraphvizLayout &operator=(const GraphvizLayout &) = delete;

    void setGraphAttribute(const QString &name, const QString &value); // e.g. rankdir=LR
    void setEdgeDefault(const QString &name, const QString &value);    // e.g. fontsize=10
    int addNode(const Node &node);
    int addEdge(const Edge &edge);
    // Nodes that share a rank (e.g. a cell's two inputs).
    void addSameRank(const QStringList &nodeIds);

    // Lays the graph out with dot; false (and `error`) when Graphviz refuses.
    bool run(QString *error = nullptr);

    const std::vector<Node> &nodes() const { return m_nodes; }
    const std::vector<Edge> &edges() const { return m_edges; }
    QRectF boundingBox() const { return m_boundingBox; }

private:
    void release();

    std::map<QString, QString> m_graphAttributes;
    std::map<QString, QString> m_edgeDefaults;
    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;
    std::vector<QStringList> m_sameRanks;
    QRectF m_boundingBox;
    Agraph_t *m_graph = nullptr;
    bool m_laidOut = false;
};

} // namespace gdas::widgets
