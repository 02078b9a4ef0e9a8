#include "widgets/CellGraphView.h"

#include "widgets/CellLabels.h"
#include "widgets/FigureWriter.h"
#include "widgets/GraphvizLayout.h"

#include "model/SearchSpace.h"

#include <QEvent>
#include <QGraphicsPathItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QPainter>
#include <QPainterPathStroker>
#include <QResizeEvent>
#include <QSet>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

namespace gdas::widgets {

namespace {

using model::SpaceKind;

constexpr int kOutputNode = -1;
constexpr double kLabelPixelSize = 11.0; // scene units are Graphviz points
constexpr double kNodeLabelPixelSize = 13.0;

QColor mix(const QColor &a, const QColor &b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t),
                            static_cast<float>(a.alphaF() + (b.alphaF() - a.alphaF()) * t));
}

QString nodeId(int number) { return number == kOutputNode ? QStringLiteral("out") : QStringLiteral("n%1").arg(number); }

// Strength of an edge for drawing: 0 at the uniform probability 1/ops, 1 at certainty, so the
// nearly uniform early epochs read as weak rather than as 12% solid.
double strength(double probability, int opCount)
{
    if (probability < 0)
        return 1.0;
    const double uniform = opCount > 0 ? 1.0 / opCount : 0.0;
    const double t = (probability - uniform) / std::max(1e-9, 1.0 - uniform);
    return std::pow(std::clamp(t, 0.0, 1.0), 0.6);
}

// A path that is easy to hover: its shape is a wide band around the stroke.
class EdgeItem : public QGraphicsPathItem {
public:
    using QGraphicsPathItem::QGraphicsPathItem;
    QPainterPath shape() const override
    {
        QPainterPathStroker stroker;
        stroker.setWidth(std::max(10.0, pen().widthF() + 6.0));
        return stroker.createStroke(path());
    }
};

QFont sceneFont(const QFont &base, double pixelSize, bool bold = false)
{
    QFont font = base;
    font.setPixelSize(static_cast<int>(std::lround(pixelSize)));
    font.setBold(bold);
    return font;
}

// The colour roles that change with the background: on paper (and in light palettes), and in
// dark palettes, side by side.
struct RoleColours {
    QColor CellGraphView::Style::*role;
    QRgb paper;
    QRgb dark;
};

const RoleColours kRoleColours[] = {
    {&CellGraphView::Style::nodeBorder, 0x333333, 0xb8c0cc},
    {&CellGraphView::Style::inputFill, 0xd9efd3, 0x2e4d2c},
    {&CellGraphView::Style::intermediateFill, 0xd6e6f7, 0x253f5e},
    {&CellGraphView::Style::outputFill, 0xfcefc4, 0x5c4b16},
    {&CellGraphView::Style::edgeStrong, 0x08306b, 0x8cc8ff},
    {&CellGraphView::Style::edgeWeak, 0xa8bfd6, 0x4a5566},
    {&CellGraphView::Style::highlight, 0xd62728, 0xff7060},
};

} // namespace

CellGraphView::Style CellGraphView::Style::fromPalette(const QPalette &palette, const QFont &font)
{
    // The paper style in the palette's background, text and font; on a dark background, the
    // dark colours.
    Style style = paper();
    style.background = palette.color(QPalette::Base);
    style.text = palette.color(QPalette::Text);
    style.font = font;
    if (style.background.lightnessF() < 0.5) {
        for (const RoleColours &colours : kRoleColours)
            style.*colours.role = QColor(colours.dark);
        style.edgeNoAlpha = style.text;
    }
    return style;
}

CellGraphView::Style CellGraphView::Style::paper()
{
    Style style;
    style.background = Qt::white;
    style.text = Qt::black;
    for (const RoleColours &colours : kRoleColours)
        style.*colours.role = QColor(colours.paper);
    style.edgeNoAlpha = QColor(0x22, 0x22, 0x22);
    style.font = QFont(QStringLiteral("DejaVu Sans"));
    return style;
}

CellGraphView::CellGraphView(QWidget *parent) : QGraphicsView(parent), m_scene(std::make_unique<QGraphicsScene>())
{
    setScene(m_scene.get());
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setAlignment(Qt::AlignCenter);
    setMinimumSize(160, 100);
    setMouseTracking(true);
    rebuildScene();
}

CellGraphView::~CellGraphView() { setScene(nullptr); }

const model::CellGenotype *CellGraphView::cellOps() const
{
    if (!m_cell)
        return nullptr;
    return m_cell->reduction ? &m_cell->genotype.reduce : &m_cell->genotype.normal;
}

void CellGraphView::setCell(const model::Genotype &genotype, bool reduction, const model::AlphaTable *alphas)
{
    CellData data;
    data.genotype = genotype;
    data.reduction = reduction;
    if (alphas && !alphas->empty())
        data.alphas = *alphas;
    m_cell = std::move(data);
    m_highlighted.clear();
    relayout();
}

void CellGraphView::clearCell()
{
    m_cell.reset();
    m_highlighted.clear();
    relayout();
}

void CellGraphView::setShowAllCandidates(bool show)
{
    if (m_showAll == show)
        return;
    m_showAll = show;
    relayout();
}

void CellGraphView::setHighlightedOps(const std::vector<std::vector<bool>> &flags)
{
    m_highlighted = flags;
    for (DrawnEdge &edge : m_edges)
        edge.highlighted = false;
    // Edges are created in genotype order; find each flagged op by its (node, op, input).
    if (const model::CellGenotype *ops = cellOps()) {
        const SpaceKind space = m_cell->genotype.space;
        for (std::size_t i = 0; i < ops->size() && i < flags.size(); ++i)
            for (std::size_t k = 0; k < (*ops)[i].size() && k < flags[i].size(); ++k) {
                if (!flags[i][k])
                    continue;
                const model::GenotypeOp &op = (*ops)[i][k];
                const int to = genotypeNodeNumber(space, static_cast<int>(i));
                for (DrawnEdge &edge : m_edges)
                    if (edge.chosen && !edge.output && edge.to == to && edge.from == op.input &&
                        edge.op == QString::fromStdString(op.op))
                        edge.highlighted = true;
            }
    }
    rebuildScene();
}

QString CellGraphView::edgeToolTip(int to, int from, const QString &chosenOp) const
{
    const SpaceKind space = m_cell->genotype.space;
    QString html = QStringLiteral("<b>%1 → %2</b>").arg(nodeRichLabel(space, from), nodeRichLabel(space, to));
    const int row = m_cell->alphas ? tableRow(*m_cell->alphas, to, from) : -1;
    if (row < 0) {
        html += QStringLiteral("<br>%1<br><i>%2</i>")
                    .arg(chosenOp.toHtmlEscaped(), tr("no architecture weights for this cell"));
        return html;
    }
    const model::AlphaTable &table = *m_cell->alphas;
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    for (int col = 0; col < table.cols(); ++col) {
        const QString op = QString::fromStdString(table.ops[static_cast<std::size_t>(col)]);
        const QString value = QString::number(table.at(row, col), 'f', 3);
        if (op == chosenOp)
            html += QStringLiteral("<tr><td><b>%1</b></td><td align=\"right\"><b>%2</b></td></tr>").arg(op, value);
        else
            html += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td></tr>").arg(op, value);
    }
    html += QStringLiteral("</table>");
    return html;
}

void CellGraphView::relayout()
{
    m_nodes.clear();
    m_edges.clear();
    m_layoutError.clear();
    m_sceneRect = QRectF();
    const model::CellGenotype *ops = cellOps();
    if (!ops || ops->empty()) {
        rebuildScene();
        return;
    }
    const model::Genotype &genotype = m_cell->genotype;
    const SpaceKind space = genotype.space;
    const bool nb201 = space == SpaceKind::NasBench201;
    const model::AlphaTable *alphas = m_cell->alphas ? &*m_cell->alphas : nullptr;

    // Nodes: inputs, intermediate nodes, output (NAS-Bench-201's last node is its output).
    const int inputs = nb201 ? 1 : 2;
    const int intermediates = static_cast<int>(ops->size());
    for (int n = 0; n < inputs + intermediates; ++n) {
        DrawnNode node;
        node.number = n;
        node.label = nodeLabel(space, n);
        node.richLabel = nodeRichLabel(space, n);
        node.role = n < inputs ? DrawnNode::Input : DrawnNode::Intermediate;
        if (nb201 && n == inputs + intermediates - 1)
            node.role = DrawnNode::Output;
        node.size = node.role == DrawnNode::Input && !nb201 ? QSizeF(54, 30) : QSizeF(32, 32);
        m_nodes.push_back(node);
    }
    if (!nb201) {
        DrawnNode out;
        out.number = kOutputNode;
        out.label = outputLabel(space);
        out.richLabel = QStringLiteral("c<sub>k</sub>");
        out.role = DrawnNode::Output;
        out.size = QSizeF(54, 30);
        m_nodes.push_back(out);
    }

    const int opCount = alphas ? alphas->cols() : 0;
    QSet<QPair<int, int>> usedEdges;
    for (int i = 0; i < intermediates; ++i) {
        const int to = genotypeNodeNumber(space, i);
        for (const model::GenotypeOp &op : (*ops)[static_cast<std::size_t>(i)]) {
            DrawnEdge edge;
            edge.to = to;
            edge.from = op.input;
            edge.op = QString::fromStdString(op.op);
            if (alphas) {
                const int row = tableRow(*alphas, to, op.input);
                const auto col = std::find(alphas->ops.begin(), alphas->ops.end(), op.op) - alphas->ops.begin();
                if (row >= 0 && col < opCount)
                    edge.probability = alphas->at(row, static_cast<int>(col));
            }
            edge.toolTip = edgeToolTip(to, op.input, edge.op);
            usedEdges.insert({to, op.input});
            m_edges.push_back(edge);
        }
    }
    if (m_showAll) {
        const std::vector<model::CellEdge> &candidates = alphas ? alphas->edges : model::SearchSpace::of(space).edges;
        for (const model::CellEdge &candidate : candidates) {
            if (usedEdges.contains({candidate.to, candidate.from}))
                continue;
            if (candidate.to >= inputs + intermediates || candidate.from >= candidate.to)
                continue; // not a node of this cell (a hand-made genotype with fewer nodes)
            DrawnEdge edge;
            edge.to = candidate.to;
            edge.from = candidate.from;
            edge.chosen = false;
            const int row = alphas ? tableRow(*alphas, candidate.to, candidate.from) : -1;
            if (row >= 0) {
                int best = -1;
                for (int col = 0; col < opCount; ++col) {
                    if (alphas->ops[static_cast<std::size_t>(col)] == "none")
                        continue;
                    if (best < 0 || alphas->at(row, col) > alphas->at(row, best))
                        best = col;
                }
                if (best >= 0) {
                    edge.op = QString::fromStdString(alphas->ops[static_cast<std::size_t>(best)]);
                    edge.probability = alphas->at(row, best);
                }
            }
            edge.toolTip = edgeToolTip(candidate.to, candidate.from, edge.op);
            m_edges.push_back(edge);
        }
    }
    if (!nb201) {
        std::vector<int> concat = m_cell->reduction ? genotype.reduceConcat : genotype.normalConcat;
        if (concat.empty())
            for (int n = inputs; n < inputs + intermediates; ++n)
                concat.push_back(n);
        for (int n : concat) {
            DrawnEdge edge;
            edge.from = n;
            edge.to = kOutputNode;
            edge.output = true;
            m_edges.push_back(edge);
        }
    }

    GraphvizLayout layout;
    layout.setGraphAttribute(QStringLiteral("rankdir"), QStringLiteral("LR"));
    layout.setGraphAttribute(QStringLiteral("nodesep"), QStringLiteral("0.25"));
    layout.setGraphAttribute(QStringLiteral("ranksep"), QStringLiteral("0.45"));
    layout.setGraphAttribute(QStringLiteral("pad"), QStringLiteral("0.15"));
    layout.setEdgeDefault(QStringLiteral("fontname"), QStringLiteral("DejaVu Sans"));
    layout.setEdgeDefault(QStringLiteral("fontsize"), QString::number(kLabelPixelSize));
    for (const DrawnNode &node : m_nodes) {
        GraphvizLayout::Node n;
        n.id = nodeId(node.number);
        n.size = node.size;
        n.shape = node.size.width() > node.size.height() ? QStringLiteral("box") : QStringLiteral("circle");
        layout.addNode(n);
    }
    QStringList inputIds;
    for (const DrawnNode &node : m_nodes)
        if (node.role == DrawnNode::Input)
            inputIds << nodeId(node.number);
    if (inputIds.size() > 1)
        layout.addSameRank(inputIds);
    for (const DrawnEdge &edge : m_edges) {
        GraphvizLayout::Edge e;
        e.tail = nodeId(edge.from);
        e.head = nodeId(edge.to);
        if (!edge.output)
            e.label = edge.chosen || edge.probability < 0
                          ? edge.op
                          : QStringLiteral("%1 %2").arg(edge.op, QString::number(edge.probability, 'f', 2));
        layout.addEdge(e);
    }
    // Invisible edges only order the drawing: c_{k-2} above c_{k-1}, and the intermediate
    // nodes left to right in their numbering (a node fed only by the inputs would otherwise
    // share node 0's rank and read out of order). They come after the drawn edges so that
    // layout edge i stays m_edges[i].
    auto addOrderingEdge = [&layout](const QString &tail, const QString &head) {
        GraphvizLayout::Edge order;
        order.tail = tail;
        order.head = head;
        order.invisible = true;
        layout.addEdge(order);
    };
    if (inputIds.size() > 1)
        addOrderingEdge(inputIds.front(), inputIds.back());
    for (int n = inputs; n + 1 < inputs + intermediates; ++n)
        addOrderingEdge(nodeId(n), nodeId(n + 1));
    QString error;
    if (!layout.run(&error)) {
        m_layoutError = error;
        m_edges.clear();
        rebuildScene();
        return;
    }
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        m_nodes[i].center = layout.nodes()[i].center;
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        const GraphvizLayout::Edge &e = layout.edges()[i];
        m_edges[i].path = e.path;
        m_edges[i].arrowTip = e.arrowTip;
        m_edges[i].hasArrow = e.hasArrow;
        m_edges[i].labelPos = e.labelPos;
    }
    m_sceneRect = layout.boundingBox();
    setHighlightedOps(m_highlighted); // re-applies flags to the new edges and rebuilds the scene
}

void CellGraphView::populate(QGraphicsScene &scene, const Style &style) const
{
    scene.clear();
    if (!m_layoutError.isEmpty()) {
        auto *text = scene.addSimpleText(tr("Cannot lay out the cell: %1").arg(m_layoutError));
        text->setBrush(style.text);
        scene.setSceneRect(text->boundingRect());
        return;
    }
    if (m_nodes.empty()) {
        scene.setSceneRect(QRectF(0, 0, 1, 1));
        return;
    }
    const int opCount = m_cell && m_cell->alphas ? m_cell->alphas->cols() : 0;
    auto nodeNameOf = [this](int number) {
        for (const DrawnNode &node : m_nodes)
            if (node.number == number)
                return node.label;
        return QString();
    };
    const QFont labelFont = sceneFont(style.font, kLabelPixelSize);
    const QFont highlightFont = sceneFont(style.font, kLabelPixelSize, true);

    for (const DrawnEdge &edge : m_edges) {
        const double t = edge.output ? 1.0 : strength(edge.probability, opCount);
        QColor color;
        double width = 1.4;
        if (edge.output) {
            color = style.nodeBorder;
            width = 1.0;
        } else if (edge.probability < 0) {
            color = style.edgeNoAlpha;
            width = 1.8;
        } else {
            color = mix(style.edgeWeak, style.edgeStrong, t);
            width = 1.2 + 3.0 * t;
        }
        const bool none = edge.op == QLatin1String("none");
        if (!edge.chosen) {
            color.setAlphaF(static_cast<float>(0.35 + 0.5 * t));
            width = std::min(width, 2.0);
        }
        QPen pen(color, width);
        pen.setCapStyle(Qt::RoundCap);
        if (!edge.chosen || none)
            pen.setStyle(Qt::DashLine);
        if (edge.output)
            pen.setStyle(Qt::DotLine);

        if (edge.highlighted) {
            QColor halo = style.highlight;
            halo.setAlphaF(0.35f);
            auto *haloItem = scene.addPath(edge.path, QPen(halo, width + 5.0, Qt::SolidLine, Qt::RoundCap));
            haloItem->setZValue(-1);
        }
        auto *item = new EdgeItem(edge.path);
        item->setPen(pen);
        item->setZValue(edge.chosen ? 0.5 : 0.0);
        const ItemKind kind =
            edge.output ? ItemKind::OutputEdge : (edge.chosen ? ItemKind::ChosenEdge : ItemKind::CandidateEdge);
        item->setData(KindKey, static_cast<int>(kind));
        item->setData(LabelKey, edge.op);
        item->setData(ProbabilityKey, edge.probability);
        item->setData(FromKey, nodeNameOf(edge.from));
        item->setData(ToKey, nodeNameOf(edge.to));
        if (!edge.toolTip.isEmpty())
            item->setToolTip(edge.toolTip);
        scene.addItem(item);

        if (edge.hasArrow && !edge.path.isEmpty()) {
            const QPointF base = edge.path.currentPosition();
            const QPointF tip = edge.arrowTip;
            QPointF dir = tip - base;
            const double len = std::hypot(dir.x(), dir.y());
            if (len > 1e-6) {
                dir /= len;
                const QPointF normal(-dir.y(), dir.x());
                const double half = 3.0 + width * 0.6;
                // Graphviz leaves ~10 pt for the arrow; draw it from base to tip.
                QPolygonF head;
                head << tip << base + normal * half << base - normal * half;
                auto *arrow = new QGraphicsPolygonItem(head, item);
                QColor fill = color;
                arrow->setBrush(fill);
                arrow->setPen(Qt::NoPen);
            }
        }
        if (!edge.output && !edge.op.isEmpty()) {
            QString text = edge.op;
            if (!edge.chosen && edge.probability >= 0)
                text += QStringLiteral(" ") + QString::number(edge.probability, 'f', 2);
            auto *label = new QGraphicsSimpleTextItem(text);
            label->setFont(edge.highlighted ? highlightFont : labelFont);
            QColor textColor = edge.highlighted ? style.highlight : style.text;
            if (!edge.chosen)
                textColor.setAlphaF(static_cast<float>(0.5 + 0.5 * t));
            label->setBrush(textColor);
            const QRectF r = label->boundingRect();
            label->setPos(edge.labelPos - QPointF(r.width() / 2, r.height() / 2));
            label->setZValue(2);
            label->setData(KindKey, static_cast<int>(ItemKind::EdgeLabel));
            label->setData(LabelKey, edge.op);
            if (!edge.toolTip.isEmpty())
                label->setToolTip(edge.toolTip);
            scene.addItem(label);
        }
    }

    const QFont nodeFont = sceneFont(style.font, kNodeLabelPixelSize);
    for (const DrawnNode &node : m_nodes) {
        const QRectF rect(node.center - QPointF(node.size.width() / 2, node.size.height() / 2), node.size);
        QColor fill = style.intermediateFill;
        if (node.role == DrawnNode::Input)
            fill = style.inputFill;
        else if (node.role == DrawnNode::Output)
            fill = style.outputFill;
        QAbstractGraphicsShapeItem *shape = nullptr;
        if (node.size.width() > node.size.height()) {
            QPainterPath path;
            path.addRoundedRect(rect, 5, 5);
            shape = scene.addPath(path);
        } else {
            shape = scene.addEllipse(rect);
        }
        shape->setPen(QPen(style.nodeBorder, 1.2));
        shape->setBrush(fill);
        shape->setZValue(1);
        shape->setData(KindKey, static_cast<int>(ItemKind::Node));
        shape->setData(LabelKey, node.label);

        auto *text = new QGraphicsTextItem(shape);
        text->setFont(nodeFont);
        text->setDefaultTextColor(style.text);
        text->document()->setDocumentMargin(0);
        text->setHtml(node.richLabel);
        const QRectF tr = text->boundingRect();
        text->setPos(node.center - QPointF(tr.width() / 2, tr.height() / 2));
    }
    // Thick strokes and arrow heads may reach past Graphviz's box; keep all of it in view.
    scene.setSceneRect(m_sceneRect.united(scene.itemsBoundingRect()).adjusted(-2, -2, 2, 2));
}

void CellGraphView::rebuildScene()
{
    const Style style = Style::fromPalette(palette(), font());
    setBackgroundBrush(style.background);
    populate(*m_scene, style);
    fitScene();
}

void CellGraphView::fitScene()
{
    const QRectF rect = m_scene->sceneRect();
    if (rect.isEmpty() || !viewport() || viewport()->width() < 2)
        return;
    resetTransform();
    const double sx = viewport()->width() / rect.width();
    const double sy = viewport()->height() / rect.height();
    // Very wide views would blow the cell up past any useful size.
    const double s = std::min({sx, sy, 1.6}) * 0.97;
    scale(s, s);
    centerOn(rect.center());
}

void CellGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    fitScene();
}

void CellGraphView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    fitScene();
}

void CellGraphView::changeEvent(QEvent *event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        rebuildScene();
}

QSizeF CellGraphView::cellSize() const { return m_scene->sceneRect().size(); }

void CellGraphView::renderCell(QPainter &painter, const QRectF &target, bool paperStyle) const
{
    QGraphicsScene scene;
    const Style style = paperStyle ? Style::paper() : Style::fromPalette(palette(), font());
    populate(scene, style);
    const QRectF source = scene.sceneRect();
    if (source.isEmpty() || target.isEmpty())
        return;
    const double s = std::min(target.width() / source.width(), target.height() / source.height());
    const QSizeF drawn = source.size() * s;
    const QRectF fitted(target.center() - QPointF(drawn.width() / 2, drawn.height() / 2), drawn);
    if (!paperStyle)
        painter.fillRect(target, style.background);
    scene.render(&painter, fitted, source, Qt::KeepAspectRatio);
}

bool CellGraphView::exportFigure(const QString &path, QSize size, QString *error)
{
    return writeFigure(
        path, size,
        [this](QPainter &painter, const QRectF &target) {
            const double margin = std::min(target.width(), target.height()) * 0.03;
            renderCell(painter, target.adjusted(margin, margin, -margin, -margin), true);
        },
        error);
}

QStringList CellGraphView::inputEdgeTexts(QString DrawnEdge::*text) const
{
    QStringList texts;
    for (const DrawnEdge &edge : m_edges)
        if (!edge.output)
            texts << edge.*text;
    return texts;
}

QStringList CellGraphView::edgeLabels() const { return inputEdgeTexts(&DrawnEdge::op); }

QStringList CellGraphView::edgeToolTips() const { return inputEdgeTexts(&DrawnEdge::toolTip); }

QStringList CellGraphView::nodeLabels() const
{
    QStringList labels;
    for (const DrawnNode &node : m_nodes)
        labels << node.label;
    return labels;
}

int CellGraphView::chosenEdgeCount() const
{
    return static_cast<int>(
        std::count_if(m_edges.begin(), m_edges.end(), [](const DrawnEdge &e) { return e.chosen && !e.output; }));
}

int CellGraphView::candidateEdgeCount() const
{
    return static_cast<int>(
        std::count_if(m_edges.begin(), m_edges.end(), [](const DrawnEdge &e) { return !e.chosen; }));
}

} // namespace gdas::widgets
