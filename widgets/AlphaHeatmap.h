#pragma once

#include "model/AlphaTable.h"

#include <QColor>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QWidget>

class QPainter;

namespace gdas::widgets {

// The softmaxed architecture weights of one cell type as an edges × ops grid: one row per edge
// ("c_{k-2} → 0"), one column per op, each cell coloured by its probability (and printed when
// it fits), with a colour scale. The colour range is the table's own min..max, so the early,
// nearly uniform epochs still show which op leads.
class AlphaHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit AlphaHeatmap(QWidget *parent = nullptr);
    ~AlphaHeatmap() override;

    void setTable(const model::AlphaTable &table, const QString &title);
    void clear();
    const model::AlphaTable &table() const { return m_table; }
    QString title() const { return m_title; }

    // Paper style (white background, black text): .svg, .pdf, .png by suffix.
    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);
    void renderHeatmap(QPainter &painter, const QRectF &target, bool paperStyle) const;

    // Colour of a probability after mapping the table's range onto [0, 1].
    static QColor colorAt(double t);
    // Inspection (widget coordinates, current size).
    QRect cellRect(int row, int col) const;
    QColor cellColor(int row, int col) const;
    QString cellToolTip(int row, int col) const;
    QStringList rowLabels() const;
    QStringList columnLabels() const;
    float minimum() const { return m_min; }
    float maximum() const { return m_max; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Geometry;
    Geometry geometryFor(const QRectF &area, const QFont &font) const;
    double normalized(float p) const;
    QPoint cellAt(const QPoint &pos) const;

    model::AlphaTable m_table;
    QString m_title;
    QStringList m_rowLabels;
    QStringList m_columnLabels;
    float m_min = 0.0f;
    float m_max = 1.0f;
};

} // namespace gdas::widgets
