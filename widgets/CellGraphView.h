#pragma once

#include "model/AlphaTable.h"
#include "model/Genotype.h"

#include <QColor>
#include <QFont>
#include <QGraphicsView>
#include <QPainterPath>
#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

class QGraphicsScene;
class QPainter;

namespace gdas::widgets {

// One cell of a genotype as a graph, the way the DARTS and GDAS papers draw it: inputs on the
// left, intermediate nodes, the output (concatenation) on the right; one arrow per chosen
// (op, input) labelled with the op. With an AlphaTable, each edge's colour and width follow the
// op's probability and hovering an edge lists every op's probability. Graphviz lays it out.
class CellGraphView : public QGraphicsView {
    Q_OBJECT
public:
    // Keys of QGraphicsItem::data() on the scene's items, for tests and tools.
    // Edges carry FromKey/ToKey: the plain-text labels of their tail and head nodes.
    enum ItemData { KindKey = 0, LabelKey = 1, ProbabilityKey = 2, FromKey = 3, ToKey = 4 };
    enum class ItemKind { Node = 1, ChosenEdge, CandidateEdge, OutputEdge, EdgeLabel };

    struct Style {
        QColor background;
        QColor text;
        QColor nodeBorder;
        QColor inputFill;
        QColor intermediateFill;
        QColor outputFill;
        QColor edgeStrong;  // probability 1
        QColor edgeWeak;    // probability 0
        QColor edgeNoAlpha; // no AlphaTable: one colour for all
        QColor highlight;   // ops that differ from a reference cell
        QFont font;
        static Style fromPalette(const QPalette &palette, const QFont &font);
        static Style paper();
    };

    explicit CellGraphView(QWidget *parent = nullptr);
    ~CellGraphView() override;

    // `reduction` picks genotype.reduce; `alphas` (copied) is that cell's softmaxed α.
    void setCell(const model::Genotype &genotype, bool reduction, const model::AlphaTable *alphas = nullptr);
    void clearCell();
    bool hasCell() const { return m_cell.has_value(); }

    // Also draws every candidate edge the genotype did not choose, with its strongest op
    // (besides 'none') and that op's probability; weak ones faint. Needs an AlphaTable for
    // labels; without one the candidates are drawn unlabelled.
    void setShowAllCandidates(bool show);
    bool showAllCandidates() const { return m_showAll; }

    // Flags in the shape of the shown CellGenotype: true draws that op highlighted.
    void setHighlightedOps(const std::vector<std::vector<bool>> &flags);

    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);
    // Paints the cell scaled into `target`, keeping its aspect ratio.
    void renderCell(QPainter &painter, const QRectF &target, bool paperStyle) const;
    QSizeF cellSize() const; // of the laid-out scene, points

    // Inspection.
    QStringList edgeLabels() const;   // ops of the drawn edges (chosen, then candidates)
    QStringList edgeToolTips() const; // same order
    QStringList nodeLabels() const;   // plain-text node names
    int chosenEdgeCount() const;
    int candidateEdgeCount() const;
    int edgeCount() const { return chosenEdgeCount() + candidateEdgeCount(); }
    QString layoutError() const { return m_layoutError; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct DrawnEdge {
        int to = 0; // node numbers as in model::CellEdge
        int from = 0;
        QString op;                // empty for the concat edges into the output
        double probability = -1.0; // -1: no AlphaTable
        bool chosen = true;
        bool output = false;
        bool highlighted = false;
        QString toolTip;
        QPainterPath path;
        QPointF arrowTip;
        bool hasArrow = false;
        QPointF labelPos;
    };
    struct DrawnNode {
        int number = 0; // -1: the output node
        QString label;
        QString richLabel;
        QPointF center;
        QSizeF size;
        enum Role { Input, Intermediate, Output } role = Intermediate;
    };
    struct CellData {
        model::Genotype genotype;
        bool reduction = false;
        std::optional<model::AlphaTable> alphas;
    };

    void relayout();
    void rebuildScene();
    void fitScene();
    void populate(QGraphicsScene &scene, const Style &style) const;
    QString edgeToolTip(int to, int from, const QString &chosenOp) const;
    QStringList inputEdgeTexts(QString DrawnEdge::*text) const; // the edges into the nodes, in order
    const model::CellGenotype *cellOps() const;

    std::optional<CellData> m_cell;
    bool m_showAll = false;
    std::vector<std::vector<bool>> m_highlighted;
    std::vector<DrawnNode> m_nodes;
    std::vector<DrawnEdge> m_edges;
    QRectF m_sceneRect;
    QString m_layoutError;
    std::unique_ptr<QGraphicsScene> m_scene;
};

} // namespace gdas::widgets
