#include "widgets/CellGraphPanel.h"

#include "widgets/CellGraphView.h"
#include "widgets/FigureWriter.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>

namespace gdas::widgets {

namespace {

QLabel *makeTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

// A cell's column: its title above its graph.
QWidget *makeCellColumn(const QString &title, QWidget *parent, QLabel **titleLabel, CellGraphView **view)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    *titleLabel = makeTitle(title, box);
    *view = new CellGraphView(box);
    layout->addWidget(*titleLabel);
    layout->addWidget(*view, 1);
    return box;
}

} // namespace

CellGraphPanel::CellGraphPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *cells = new QHBoxLayout;
    QWidget *normalBox = makeCellColumn(tr("Normal cell"), this, &m_normalTitle, &m_normalView);
    m_reductionBox = makeCellColumn(tr("Reduction cell"), this, &m_reductionTitle, &m_reductionView);
    cells->addWidget(normalBox, 1);
    cells->addWidget(m_reductionBox, 1);
    layout->addLayout(cells, 1);

    m_sliderRow = new QWidget(this);
    auto *sliderLayout = new QHBoxLayout(m_sliderRow);
    sliderLayout->setContentsMargins(6, 0, 6, 4);
    m_slider = new QSlider(Qt::Horizontal, m_sliderRow);
    m_slider->setRange(0, 0);
    m_slider->setToolTip(tr("Architecture at the end of each search epoch; drag back to see "
                            "how it evolved, to the end to follow the run again"));
    m_epochLabel = new QLabel(m_sliderRow);
    m_epochLabel->setMinimumWidth(
        m_epochLabel->fontMetrics().horizontalAdvance(QStringLiteral("epoch 000 / 000  (τ = 00.000)")));
    m_showAllBox = new QCheckBox(tr("All candidate edges"), m_sliderRow);
    m_showAllBox->setToolTip(tr("Also draw the edges the genotype did not choose, with their "
                                "strongest operation and its probability"));
    sliderLayout->addWidget(m_slider, 1);
    sliderLayout->addWidget(m_epochLabel);
    sliderLayout->addWidget(m_showAllBox);
    layout->addWidget(m_sliderRow);

    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        if (m_updatingSlider)
            return;
        m_followNewest = value >= m_slider->maximum();
        showRecord(value);
    });
    connect(m_showAllBox, &QCheckBox::toggled, this, [this](bool on) { setShowAllCandidates(on); });
    clear();
}

CellGraphPanel::~CellGraphPanel() = default;

void CellGraphPanel::setEpochs(const std::vector<model::EpochRecord> &epochs)
{
    m_epochs = epochs;
    m_staticCaption.clear();
    m_followNewest = true;
    m_sliderRow->setVisible(true);
    updateSlider();
    showRecord(static_cast<int>(m_epochs.size()) - 1);
}

void CellGraphPanel::appendEpoch(const model::EpochRecord &epoch)
{
    m_epochs.push_back(epoch);
    m_staticCaption.clear();
    m_sliderRow->setVisible(true);
    updateSlider();
    if (m_followNewest || m_shownIndex < 0)
        showRecord(static_cast<int>(m_epochs.size()) - 1);
    else
        updateEpochText();
}

void CellGraphPanel::setGenotype(const model::Genotype &genotype)
{
    m_epochs.clear();
    m_shownIndex = -1;
    m_followNewest = true;
    m_staticCaption = QString::fromStdString(genotype.name);
    updateSlider();
    updateEpochText();
    showCells(genotype, nullptr, nullptr);
}

void CellGraphPanel::clear()
{
    m_epochs.clear();
    m_staticCaption.clear();
    m_shownIndex = -1;
    m_followNewest = true;
    m_normalView->clearCell();
    m_reductionView->clearCell();
    updateSlider();
    updateEpochText();
}

void CellGraphPanel::setTotalEpochs(int total)
{
    m_totalEpochs = std::max(0, total);
    updateEpochText();
}

void CellGraphPanel::setShowAllCandidates(bool show)
{
    if (m_showAllBox->isChecked() != show)
        m_showAllBox->setChecked(show); // comes back here through toggled()
    m_normalView->setShowAllCandidates(show);
    m_reductionView->setShowAllCandidates(show);
}

bool CellGraphPanel::showAllCandidates() const { return m_showAllBox->isChecked(); }

void CellGraphPanel::showIndex(int index)
{
    if (index < 0 || index >= epochCount())
        return;
    m_followNewest = index == epochCount() - 1;
    showRecord(index);
}

void CellGraphPanel::showRecord(int index)
{
    if (index < 0 || index >= epochCount()) {
        updateEpochText();
        return;
    }
    const bool changed = index != m_shownIndex;
    m_shownIndex = index;
    const model::EpochRecord &record = m_epochs[static_cast<std::size_t>(index)];
    showCells(record.genotype, &record.normal, &record.reduce);
    if (m_slider->value() != index) {
        m_updatingSlider = true;
        m_slider->setValue(index);
        m_updatingSlider = false;
    }
    updateEpochText();
    if (changed)
        emit shownEpochChanged(record.epoch);
}

void CellGraphPanel::showCells(const model::Genotype &genotype, const model::AlphaTable *normal,
                               const model::AlphaTable *reduce)
{
    const bool hasReduction = genotype.space == model::SpaceKind::Darts && !genotype.reduce.empty();
    m_hasReduction = hasReduction;
    m_normalTitle->setText(hasReduction ? tr("Normal cell") : tr("Cell"));
    m_normalView->setCell(genotype, false, normal);
    m_reductionBox->setVisible(hasReduction);
    if (hasReduction)
        m_reductionView->setCell(genotype, true, reduce);
    else
        m_reductionView->clearCell();
}

void CellGraphPanel::updateSlider()
{
    m_updatingSlider = true;
    const int count = epochCount();
    m_slider->setVisible(count > 0);
    m_slider->setRange(0, std::max(0, count - 1));
    if (m_followNewest && count > 0)
        m_slider->setValue(count - 1);
    m_updatingSlider = false;
}

QString CellGraphPanel::epochText() const
{
    if (m_shownIndex < 0 || m_shownIndex >= epochCount())
        return m_staticCaption;
    const model::EpochRecord &record = m_epochs[static_cast<std::size_t>(m_shownIndex)];
    // The record numbers epochs from 0, as the engine and the official code do.
    const int total = m_totalEpochs > 0 ? m_totalEpochs : m_epochs.back().epoch + 1;
    return tr("epoch %1 / %2  (τ = %3)").arg(record.epoch + 1).arg(total).arg(record.tau, 0, 'f', 3);
}

void CellGraphPanel::updateEpochText() { m_epochLabel->setText(epochText()); }

bool CellGraphPanel::exportFigure(const QString &path, QSize size, QString *error)
{
    if (!m_normalView->hasCell()) {
        if (error)
            *error = tr("%1: there is no cell to export").arg(path);
        return false;
    }
    const bool both = m_hasReduction;
    const QString caption = epochText();
    const QString normalTitle = m_normalTitle->text();
    const QString reductionTitle = m_reductionTitle->text();
    const QSizeF normalSize = m_normalView->cellSize();
    const QSizeF reductionSize = both ? m_reductionView->cellSize() : QSizeF();
    return writeFigure(
        path, size,
        [&](QPainter &painter, const QRectF &target) {
            const QFont titleFont = figureFont(std::clamp(target.height() / 22.0, 11.0, 22.0), true);
            const QFont captionFont = figureFont(std::max(9, titleFont.pixelSize() * 4 / 5), false);
            const double margin = std::min(target.width(), target.height()) * 0.03;
            const QRectF area = target.adjusted(margin, margin, -margin, -margin);
            const double titleHeight = QFontMetricsF(titleFont).height() * 1.5;
            const double captionHeight = caption.isEmpty() ? 0.0 : QFontMetricsF(captionFont).height() * 1.5;
            const double available = area.height() - captionHeight;

            // Both cells at one scale (their labels the same size), side by side or one above the
            // other, whichever draws them larger: DARTS cells are wide, and side by side on a
            // landscape page they would leave most of it empty with labels too small to read.
            auto fit = [](QSizeF cell, QSizeF box) {
                if (cell.isEmpty() || box.width() <= 0 || box.height() <= 0)
                    return 0.0;
                return std::min(box.width() / cell.width(), box.height() / cell.height());
            };
            bool stacked = false;
            double scale = fit(normalSize, QSizeF(area.width(), available - titleHeight));
            if (both) {
                const QSizeF halfWidth((area.width() - margin) / 2, available - titleHeight);
                const QSizeF halfHeight(area.width(), (available - margin) / 2 - titleHeight);
                const double sideBySide = std::min(fit(normalSize, halfWidth), fit(reductionSize, halfWidth));
                const double aboveEachOther = std::min(fit(normalSize, halfHeight), fit(reductionSize, halfHeight));
                stacked = aboveEachOther > sideBySide;
                scale = std::max(sideBySide, aboveEachOther);
            }
            const QSizeF normalDrawn = normalSize * scale;
            const QSizeF reductionDrawn = reductionSize * scale;
            // The block of titles and cells sits in the middle of the page, the caption under it.
            double blockHeight = titleHeight + normalDrawn.height();
            if (both)
                blockHeight = stacked ? blockHeight + margin + titleHeight + reductionDrawn.height()
                                      : titleHeight + std::max(normalDrawn.height(), reductionDrawn.height());
            const double top = area.top() + std::max(0.0, (available - blockHeight) / 2);

            auto drawCell = [&](const CellGraphView *view, const QString &title, const QRectF &slot, QSizeF drawn) {
                const QRectF cell(slot.left() + (slot.width() - drawn.width()) / 2, slot.top() + titleHeight,
                                  drawn.width(), drawn.height());
                painter.setPen(Qt::black);
                painter.setFont(titleFont);
                painter.drawText(QRectF(slot.left(), slot.top(), slot.width(), titleHeight), Qt::AlignCenter, title);
                view->renderCell(painter, cell, true);
            };
            if (!both) {
                drawCell(m_normalView, normalTitle, QRectF(area.left(), top, area.width(), blockHeight), normalDrawn);
            } else if (stacked) {
                drawCell(m_normalView, normalTitle, QRectF(area.left(), top, area.width(), 0), normalDrawn);
                drawCell(m_reductionView, reductionTitle,
                         QRectF(area.left(), top + titleHeight + normalDrawn.height() + margin, area.width(), 0),
                         reductionDrawn);
            } else {
                const double half = (area.width() - margin) / 2;
                drawCell(m_normalView, normalTitle, QRectF(area.left(), top, half, 0), normalDrawn);
                drawCell(m_reductionView, reductionTitle, QRectF(area.left() + half + margin, top, half, 0),
                         reductionDrawn);
            }
            if (!caption.isEmpty()) {
                painter.setPen(QColor(0x44, 0x44, 0x44));
                painter.setFont(captionFont);
                painter.drawText(QRectF(area.left(), top + blockHeight + margin / 2, area.width(), captionHeight),
                                 Qt::AlignCenter, caption);
            }
        },
        error);
}

} // namespace gdas::widgets
