#include "widgets/GenotypeCompareView.h"

#include "widgets/CellGraphView.h"
#include "widgets/CellLabels.h"
#include "widgets/FigureWriter.h"

#include "model/SearchSpace.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>

#include <algorithm>

namespace gdas::widgets {

namespace {

constexpr int kMaxEntries = 4;

QString opText(model::SpaceKind space, const model::GenotypeOp &op)
{
    return QString::fromStdString(op.op) + QStringLiteral("←") + nodeLabel(space, op.input);
}

QString parameterText(qint64 parameters)
{
    if (parameters < 0)
        return GenotypeCompareView::tr("parameters unknown");
    return GenotypeCompareView::tr("%1 M parameters").arg(parameters / 1e6, 0, 'f', 2);
}

bool contains(const std::vector<model::GenotypeOp> &ops, const model::GenotypeOp &op)
{
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

QString concatText(const std::vector<int> &concat)
{
    QStringList parts;
    for (int n : concat)
        parts << QString::number(n);
    return QStringLiteral("[") + parts.join(QLatin1Char(',')) + QStringLiteral("]");
}

void addCellDifferences(QStringList &lines, const QString &cellName, model::SpaceKind space,
                        const model::CellGenotype &cell, const model::CellGenotype &reference)
{
    static const std::vector<model::GenotypeOp> kNoOps;
    const std::size_t nodes = std::max(cell.size(), reference.size());
    for (std::size_t i = 0; i < nodes; ++i) {
        const auto &mine = i < cell.size() ? cell[i] : kNoOps;
        const auto &theirs = i < reference.size() ? reference[i] : kNoOps;
        QStringList added, missing;
        for (const model::GenotypeOp &op : mine)
            if (!contains(theirs, op))
                added << opText(space, op);
        for (const model::GenotypeOp &op : theirs)
            if (!contains(mine, op))
                missing << opText(space, op);
        if (added.isEmpty() && missing.isEmpty())
            continue;
        const QString node = nodeLabel(space, genotypeNodeNumber(space, static_cast<int>(i)));
        lines << GenotypeCompareView::tr("%1 node %2: %3 vs %4")
                     .arg(cellName, node, added.isEmpty() ? QStringLiteral("—") : added.join(QStringLiteral(", ")),
                          missing.isEmpty() ? QStringLiteral("—") : missing.join(QStringLiteral(", ")));
    }
}

} // namespace

GenotypeCompareView::GenotypeCompareView(QWidget *parent) : QWidget(parent)
{
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_emptyNote = new QLabel(tr("Pick two to four genotypes to compare."), this);
    m_emptyNote->setAlignment(Qt::AlignCenter);
    m_grid->addWidget(m_emptyNote, 0, 0, 1, kMaxEntries + 1);
    // Row headers: without them the two cells of a column are told apart only by their shape.
    m_normalHeader = new QLabel(tr("Normal cell"), this);
    m_reductionHeader = new QLabel(tr("Reduction cell"), this);
    for (QLabel *header : {m_normalHeader, m_reductionHeader}) {
        header->setWordWrap(true);
        header->setAlignment(Qt::AlignCenter);
        header->setMaximumWidth(header->fontMetrics().horizontalAdvance(QStringLiteral("Reduction")) + 8);
        header->hide();
    }
    m_grid->addWidget(m_normalHeader, 2, 0);
    m_grid->addWidget(m_reductionHeader, 3, 0);
}

GenotypeCompareView::~GenotypeCompareView() = default;

std::vector<std::vector<bool>> GenotypeCompareView::differingOps(const model::CellGenotype &cell,
                                                                 const model::CellGenotype &reference)
{
    std::vector<std::vector<bool>> flags(cell.size());
    for (std::size_t i = 0; i < cell.size(); ++i) {
        flags[i].resize(cell[i].size(), true);
        if (i >= reference.size())
            continue;
        for (std::size_t k = 0; k < cell[i].size(); ++k)
            flags[i][k] = !contains(reference[i], cell[i][k]);
    }
    return flags;
}

QStringList GenotypeCompareView::differences(const model::Genotype &genotype, const model::Genotype &reference)
{
    QStringList lines;
    if (genotype.space != reference.space) {
        lines << tr("different search spaces: %1 vs %2")
                     .arg(QString::fromStdString(std::string(model::toString(genotype.space))),
                          QString::fromStdString(std::string(model::toString(reference.space))));
        return lines;
    }
    const bool darts = genotype.space == model::SpaceKind::Darts;
    addCellDifferences(lines, darts ? tr("normal") : tr("cell"), genotype.space, genotype.normal, reference.normal);
    if (darts && genotype.normalConcat != reference.normalConcat)
        lines
            << tr("normal concat: %1 vs %2").arg(concatText(genotype.normalConcat), concatText(reference.normalConcat));
    if (darts) {
        addCellDifferences(lines, tr("reduce"), genotype.space, genotype.reduce, reference.reduce);
        if (genotype.reduceConcat != reference.reduceConcat)
            lines << tr("reduce concat: %1 vs %2")
                         .arg(concatText(genotype.reduceConcat), concatText(reference.reduceConcat));
    }
    return lines;
}

void GenotypeCompareView::setEntries(const std::vector<CompareEntry> &entries)
{
    m_entries.assign(entries.begin(), entries.begin() + std::min<std::size_t>(entries.size(), kMaxEntries));
    rebuild();
}

void GenotypeCompareView::rebuild()
{
    for (Column &column : m_columns) {
        delete column.title;
        delete column.normal;
        delete column.reduction;
        delete column.summary;
    }
    m_columns.clear();
    m_summaries.clear();
    m_emptyNote->setVisible(m_entries.empty());
    if (m_entries.empty())
        return;

    const CompareEntry &reference = m_entries.front();
    for (std::size_t e = 0; e < m_entries.size(); ++e) {
        const CompareEntry &entry = m_entries[e];
        const int gridColumn = static_cast<int>(e) + 1; // column 0 holds the row headers
        Column column;
        column.title = new QLabel(this);
        column.title->setAlignment(Qt::AlignCenter);
        column.title->setText(
            QStringLiteral("<b>%1</b><br>%2").arg(entry.label.toHtmlEscaped(), parameterText(entry.parameters)));
        column.normal = new CellGraphView(this);
        column.normal->setCell(entry.genotype, false);
        const bool hasReduction = entry.genotype.space == model::SpaceKind::Darts && !entry.genotype.reduce.empty();
        if (hasReduction) {
            column.reduction = new CellGraphView(this);
            column.reduction->setCell(entry.genotype, true);
        }

        QString summary;
        if (e == 0) {
            summary = tr("reference");
        } else {
            const QStringList lines = differences(entry.genotype, reference.genotype);
            summary = lines.isEmpty() ? tr("same cells as %1").arg(reference.label) : lines.join(QLatin1Char('\n'));
            if (entry.genotype.space == reference.genotype.space) {
                column.normal->setHighlightedOps(differingOps(entry.genotype.normal, reference.genotype.normal));
                if (column.reduction)
                    column.reduction->setHighlightedOps(differingOps(entry.genotype.reduce, reference.genotype.reduce));
            }
        }
        m_summaries << summary;
        column.summary = new QLabel(summary, this);
        column.summary->setWordWrap(true);
        column.summary->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
        column.summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

        m_grid->addWidget(column.title, 1, gridColumn);
        m_grid->addWidget(column.normal, 2, gridColumn);
        if (column.reduction)
            m_grid->addWidget(column.reduction, 3, gridColumn);
        m_grid->addWidget(column.summary, 4, gridColumn);
        m_grid->setColumnStretch(gridColumn, 1);
        m_columns.push_back(column);
    }
    for (int c = 0; c < kMaxEntries; ++c)
        m_grid->setColumnStretch(c + 1, c < static_cast<int>(m_columns.size()) ? 1 : 0);
    const bool anyReduction = std::any_of(m_columns.begin(), m_columns.end(),
                                          [](const Column &column) { return column.reduction != nullptr; });
    m_normalHeader->setVisible(anyReduction);
    m_reductionHeader->setVisible(anyReduction);
    m_grid->setRowStretch(2, 1);
    m_grid->setRowStretch(3, 1);
}

QStringList GenotypeCompareView::summaries() const { return m_summaries; }

CellGraphView *GenotypeCompareView::cellView(int entry, bool reduction) const
{
    if (entry < 0 || entry >= static_cast<int>(m_columns.size()))
        return nullptr;
    const Column &column = m_columns[static_cast<std::size_t>(entry)];
    return reduction ? column.reduction : column.normal;
}

bool GenotypeCompareView::exportFigure(const QString &path, QSize size, QString *error)
{
    if (m_entries.empty()) {
        if (error)
            *error = tr("%1: there are no genotypes to export").arg(path);
        return false;
    }
    return writeFigure(
        path, size,
        [this](QPainter &painter, const QRectF &target) {
            const int columns = static_cast<int>(m_columns.size());
            const bool anyReduction =
                std::any_of(m_columns.begin(), m_columns.end(), [](const Column &c) { return c.reduction != nullptr; });
            const QFont titleFont = figureFont(std::clamp(target.height() / 30.0, 10.0, 20.0), true);
            const QFont textFont = figureFont(std::max(8, titleFont.pixelSize() * 4 / 5), false);
            const QFontMetricsF titleMetrics(titleFont), textMetrics(textFont);
            const double margin = std::min(target.width(), target.height()) * 0.02;
            const QRectF area = target.adjusted(margin, margin, -margin, -margin);
            const double columnWidth = area.width() / columns;
            const double headerHeight = titleMetrics.height() + textMetrics.height() * 1.4;

            // The summaries take what they need (shrinking the font up to a point), the cells the rest.
            QFont summaryFont = textFont;
            summaryFont.setPixelSize(std::max(8, titleFont.pixelSize() * 3 / 5));
            auto summaryHeightWith = [&](const QFont &font) {
                double tallest = 0;
                for (const QString &summary : m_summaries)
                    tallest = std::max(tallest, QFontMetricsF(font)
                                                    .boundingRect(QRectF(0, 0, columnWidth - margin, 1e6),
                                                                  Qt::TextWordWrap | Qt::AlignLeft, summary)
                                                    .height());
                return tallest + textMetrics.height() * 0.5;
            };
            double summaryHeight = summaryHeightWith(summaryFont);
            while (summaryHeight > area.height() * 0.35 && summaryFont.pixelSize() > 7) {
                summaryFont.setPixelSize(summaryFont.pixelSize() - 1);
                summaryHeight = summaryHeightWith(summaryFont);
            }
            const double cellsHeight = std::max(10.0, area.height() - headerHeight - summaryHeight);
            // Cells are wide: give each row only the height its widest-drawn cell can use.
            double rowHeight = anyReduction ? cellsHeight / 2 : cellsHeight;
            double needed = 0;
            for (const Column &column : m_columns)
                for (const CellGraphView *view : {column.normal, column.reduction})
                    if (view && view->cellSize().width() > 0)
                        needed = std::max(needed, (columnWidth - margin) * view->cellSize().height() /
                                                      view->cellSize().width());
            if (needed > 0)
                rowHeight = std::min(rowHeight, needed * 1.08);
            const double rows = anyReduction ? 2.0 : 1.0;
            // What is left over is shared out as space between the blocks, not at the bottom.
            const double spare = std::max(0.0, cellsHeight - rows * rowHeight) / (rows + 1);

            for (int c = 0; c < columns; ++c) {
                const Column &column = m_columns[static_cast<std::size_t>(c)];
                const CompareEntry &entry = m_entries[static_cast<std::size_t>(c)];
                const double x = area.left() + c * columnWidth;
                painter.setPen(Qt::black);
                painter.setFont(titleFont);
                painter.drawText(QRectF(x, area.top(), columnWidth, titleMetrics.height()), Qt::AlignCenter,
                                 entry.label);
                painter.setFont(textFont);
                painter.setPen(QColor(0x44, 0x44, 0x44));
                painter.drawText(QRectF(x, area.top() + titleMetrics.height(), columnWidth, textMetrics.height() * 1.2),
                                 Qt::AlignCenter, parameterText(entry.parameters));
                double y = area.top() + headerHeight + spare;
                column.normal->renderCell(painter, QRectF(x + margin / 2, y, columnWidth - margin, rowHeight), true);
                y += rowHeight + spare;
                if (column.reduction)
                    column.reduction->renderCell(painter, QRectF(x + margin / 2, y, columnWidth - margin, rowHeight),
                                                 true);
                if (anyReduction)
                    y += rowHeight + spare;
                painter.setFont(summaryFont);
                painter.setPen(c == 0 ? QColor(0x44, 0x44, 0x44) : QColor(0xb0, 0x1e, 0x1e));
                painter.drawText(QRectF(x + margin / 2, y, columnWidth - margin, summaryHeight),
                                 Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_summaries.value(c));
            }
        },
        error);
}

} // namespace gdas::widgets
