#include "widgets/AlphaHeatmap.h"

#include "widgets/CellLabels.h"
#include "widgets/FigureWriter.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

namespace gdas::widgets {

namespace {

constexpr double kColumnLabelAngle = -45.0; // degrees; op names read upwards to the right
constexpr double kBarWidth = 14.0;
constexpr double kGap = 8.0;

struct Stop {
    double at;
    QRgb rgb;
};

// Viridis: perceptually uniform, readable in grey and by colour-blind readers.
constexpr std::array<Stop, 9> kViridis{{{0.0, 0x440154},
                                        {0.125, 0x472d7b},
                                        {0.25, 0x3b528b},
                                        {0.375, 0x2c728e},
                                        {0.5, 0x21918c},
                                        {0.625, 0x28ae80},
                                        {0.75, 0x5ec962},
                                        {0.875, 0xaddc30},
                                        {1.0, 0xfde725}}};

QColor textOn(const QColor &background)
{
    const double luminance = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return luminance > 0.45 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

struct AlphaHeatmap::Geometry {
    QRectF titleRect;
    QRectF grid; // all cells
    double cellWidth = 0;
    double cellHeight = 0;
    double rowLabelWidth = 0;
    QRectF bar; // the colour scale
    QRectF cell(int row, int col) const
    {
        return QRectF(grid.left() + col * cellWidth, grid.top() + row * cellHeight, cellWidth, cellHeight);
    }
};

AlphaHeatmap::AlphaHeatmap(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

AlphaHeatmap::~AlphaHeatmap() = default;

void AlphaHeatmap::setTable(const model::AlphaTable &table, const QString &title)
{
    m_table = table;
    m_title = title;
    m_rowLabels.clear();
    m_columnLabels.clear();
    const model::SpaceKind space = spaceOfTable(table);
    for (const model::CellEdge &edge : table.edges)
        m_rowLabels << edgeLabel(space, edge);
    for (const std::string &op : table.ops)
        m_columnLabels << QString::fromStdString(op);
    if (!table.probs.empty()) {
        const auto [lo, hi] = std::minmax_element(table.probs.begin(), table.probs.end());
        m_min = *lo;
        m_max = *hi;
    } else {
        m_min = 0.0f;
        m_max = 1.0f;
    }
    updateGeometry();
    update();
}

void AlphaHeatmap::clear() { setTable(model::AlphaTable{}, QString()); }

QColor AlphaHeatmap::colorAt(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    for (std::size_t i = 1; i < kViridis.size(); ++i) {
        if (t <= kViridis[i].at) {
            const Stop &a = kViridis[i - 1];
            const Stop &b = kViridis[i];
            const double f = (t - a.at) / (b.at - a.at);
            const QColor ca(a.rgb), cb(b.rgb);
            return QColor::fromRgbF(static_cast<float>(ca.redF() + (cb.redF() - ca.redF()) * f),
                                    static_cast<float>(ca.greenF() + (cb.greenF() - ca.greenF()) * f),
                                    static_cast<float>(ca.blueF() + (cb.blueF() - ca.blueF()) * f));
        }
    }
    return QColor(kViridis.back().rgb);
}

double AlphaHeatmap::normalized(float p) const
{
    const double range = static_cast<double>(m_max) - m_min;
    if (range < 1e-9)
        return 0.5;
    return (static_cast<double>(p) - m_min) / range;
}

AlphaHeatmap::Geometry AlphaHeatmap::geometryFor(const QRectF &area, const QFont &font) const
{
    Geometry g;
    const QFontMetricsF fm(font);
    double top = area.top() + 4;
    if (!m_title.isEmpty()) {
        QFont titleFont = font;
        titleFont.setBold(true);
        const double h = QFontMetricsF(titleFont).height() * 1.4;
        g.titleRect = QRectF(area.left(), top, area.width(), h);
        top += h;
    }
    double rowLabelWidth = 0;
    for (const QString &label : m_rowLabels)
        rowLabelWidth = std::max(rowLabelWidth, fm.horizontalAdvance(label));
    double columnLabelWidth = 0;
    for (const QString &label : m_columnLabels)
        columnLabelWidth = std::max(columnLabelWidth, fm.horizontalAdvance(label));
    const double angle = std::abs(kColumnLabelAngle) * M_PI / 180.0;
    const double columnLabelHeight = columnLabelWidth * std::sin(angle) + fm.height();
    const double overhang = columnLabelWidth * std::cos(angle);
    const double barArea = kGap * 2 + kBarWidth + fm.horizontalAdvance(QStringLiteral("0.000")) + 4;

    g.rowLabelWidth = rowLabelWidth + kGap;
    const double left = area.left() + 4 + g.rowLabelWidth;
    const double gridTop = top + columnLabelHeight + 2;
    const double right = area.right() - 4 - barArea;
    const double bottom = area.bottom() - 4;
    const int rows = std::max(1, m_table.rows());
    const int cols = std::max(1, m_table.cols());
    g.cellWidth = std::clamp((right - left) / cols, 4.0, 96.0);
    g.cellHeight = std::clamp((bottom - gridTop) / rows, 4.0, 40.0);
    // The last op name leans right past the grid; keep it inside the area.
    const double maxGridWidth = area.right() - 4 - left - std::max(barArea, overhang - g.cellWidth / 2);
    g.cellWidth = std::min(g.cellWidth, std::max(4.0, maxGridWidth / cols));
    g.grid = QRectF(left, gridTop, g.cellWidth * cols, g.cellHeight * rows);
    g.bar = QRectF(g.grid.right() + kGap * 2, g.grid.top(), kBarWidth, g.grid.height());
    return g;
}

void AlphaHeatmap::renderHeatmap(QPainter &painter, const QRectF &target, bool paperStyle) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QFont font = paperStyle ? QFont(QStringLiteral("DejaVu Sans")) : this->font();
    QColor text = paperStyle ? QColor(Qt::black) : palette().color(QPalette::WindowText);
    QColor background = paperStyle ? QColor(Qt::white) : palette().color(QPalette::Window);
    if (paperStyle) {
        const int rows = std::max(1, m_table.rows());
        font.setPixelSize(static_cast<int>(std::clamp(target.height() / (rows + 8) * 0.6, 9.0, 15.0)));
    }
    painter.fillRect(target, background);
    painter.setFont(font);
    painter.setPen(text);

    if (m_table.empty()) {
        painter.drawText(target, Qt::AlignCenter,
                         m_title.isEmpty() ? tr("No architecture weights yet")
                                           : tr("%1: no architecture weights yet").arg(m_title));
        painter.restore();
        return;
    }
    const Geometry g = geometryFor(target, font);
    const QFontMetricsF fm(font);

    if (!m_title.isEmpty()) {
        QFont titleFont = font;
        titleFont.setBold(true);
        painter.setFont(titleFont);
        painter.drawText(g.titleRect, Qt::AlignHCenter | Qt::AlignVCenter, m_title);
        painter.setFont(font);
    }

    for (int row = 0; row < m_table.rows(); ++row) {
        const QRectF labelRect(g.grid.left() - g.rowLabelWidth, g.grid.top() + row * g.cellHeight,
                               g.rowLabelWidth - kGap / 2, g.cellHeight);
        painter.setPen(text);
        painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, m_rowLabels.value(row));
    }
    for (int col = 0; col < m_table.cols(); ++col) {
        painter.save();
        painter.translate(g.grid.left() + (col + 0.5) * g.cellWidth, g.grid.top() - 4);
        painter.rotate(kColumnLabelAngle);
        painter.setPen(text);
        painter.drawText(QPointF(0, -fm.descent()), m_columnLabels.value(col));
        painter.restore();
    }

    const QString widest = QStringLiteral("0.00");
    const bool valuesFit = fm.horizontalAdvance(widest) + 4 <= g.cellWidth && fm.height() <= g.cellHeight;
    for (int row = 0; row < m_table.rows(); ++row) {
        for (int col = 0; col < m_table.cols(); ++col) {
            const QRectF r = g.cell(row, col);
            const QColor color = colorAt(normalized(m_table.at(row, col)));
            painter.fillRect(r, color);
            if (valuesFit) {
                painter.setPen(textOn(color));
                painter.drawText(r, Qt::AlignCenter, QString::number(m_table.at(row, col), 'f', 2));
            }
        }
    }
    // Thin separators keep neighbouring cells of similar colour apart.
    painter.setPen(QPen(background, 1.0));
    for (int row = 1; row < m_table.rows(); ++row)
        painter.drawLine(QPointF(g.grid.left(), g.grid.top() + row * g.cellHeight),
                         QPointF(g.grid.right(), g.grid.top() + row * g.cellHeight));
    for (int col = 1; col < m_table.cols(); ++col)
        painter.drawLine(QPointF(g.grid.left() + col * g.cellWidth, g.grid.top()),
                         QPointF(g.grid.left() + col * g.cellWidth, g.grid.bottom()));

    QLinearGradient gradient(g.bar.bottomLeft(), g.bar.topLeft());
    for (const double at : {0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0})
        gradient.setColorAt(at, colorAt(at));
    painter.fillRect(g.bar, gradient);
    painter.setPen(QPen(text, 0.8));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.bar);
    const int ticks = g.bar.height() > fm.height() * 6 ? 5 : 2;
    for (int i = 0; i < ticks; ++i) {
        const double f = static_cast<double>(i) / (ticks - 1);
        const double y = g.bar.bottom() - f * g.bar.height();
        const double value = m_min + f * (static_cast<double>(m_max) - m_min);
        painter.drawLine(QPointF(g.bar.right(), y), QPointF(g.bar.right() + 3, y));
        painter.drawText(QRectF(g.bar.right() + 5, y - fm.height() / 2, 200, fm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, QString::number(value, 'f', 3));
    }
    painter.restore();
}

void AlphaHeatmap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    renderHeatmap(painter, QRectF(rect()), false);
}

bool AlphaHeatmap::exportFigure(const QString &path, QSize size, QString *error)
{
    return writeFigure(
        path, size, [this](QPainter &painter, const QRectF &target) { renderHeatmap(painter, target, true); }, error);
}

QRect AlphaHeatmap::cellRect(int row, int col) const
{
    if (row < 0 || col < 0 || row >= m_table.rows() || col >= m_table.cols())
        return {};
    return geometryFor(QRectF(rect()), font()).cell(row, col).toAlignedRect();
}

QColor AlphaHeatmap::cellColor(int row, int col) const
{
    if (row < 0 || col < 0 || row >= m_table.rows() || col >= m_table.cols())
        return {};
    return colorAt(normalized(m_table.at(row, col)));
}

QString AlphaHeatmap::cellToolTip(int row, int col) const
{
    if (row < 0 || col < 0 || row >= m_table.rows() || col >= m_table.cols())
        return {};
    int rank = 1;
    for (int other = 0; other < m_table.cols(); ++other)
        if (m_table.at(row, other) > m_table.at(row, col))
            ++rank;
    return tr("%1\n%2: %3 (rank %4 of %5 on this edge)")
        .arg(m_rowLabels.value(row), m_columnLabels.value(col))
        .arg(m_table.at(row, col), 0, 'f', 4)
        .arg(rank)
        .arg(m_table.cols());
}

QPoint AlphaHeatmap::cellAt(const QPoint &pos) const
{
    if (m_table.empty())
        return {-1, -1};
    const Geometry g = geometryFor(QRectF(rect()), font());
    if (!g.grid.contains(pos))
        return {-1, -1};
    const int col = std::min(m_table.cols() - 1, static_cast<int>((pos.x() - g.grid.left()) / g.cellWidth));
    const int row = std::min(m_table.rows() - 1, static_cast<int>((pos.y() - g.grid.top()) / g.cellHeight));
    return {col, row};
}

bool AlphaHeatmap::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() >= 0)
            QToolTip::showText(help->globalPos(), cellToolTip(cell.y(), cell.x()), this, cellRect(cell.y(), cell.x()));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

QStringList AlphaHeatmap::rowLabels() const { return m_rowLabels; }

QStringList AlphaHeatmap::columnLabels() const { return m_columnLabels; }

QSize AlphaHeatmap::sizeHint() const
{
    const QFontMetrics fm(font());
    const int rows = std::max(1, m_table.rows());
    const int cols = std::max(1, m_table.cols());
    return {fm.horizontalAdvance(QStringLiteral("c_{k-2} → 0")) +
                cols * (fm.horizontalAdvance(QStringLiteral("0.00")) + 10) + 120,
            rows * (fm.height() + 8) + fm.horizontalAdvance(QStringLiteral("sep_conv_3x3")) + 40};
}

QSize AlphaHeatmap::minimumSizeHint() const { return {240, 180}; }

} // namespace gdas::widgets
