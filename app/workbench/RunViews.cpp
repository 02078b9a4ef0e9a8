#include "RunViews.h"

#include "GenotypeFiles.h"
#include "RunDocument.h"

#include "widgets/AlphaHeatmap.h"
#include "widgets/BenchmarkPlot.h"
#include "widgets/CellGraphPanel.h"
#include "widgets/CurvePanel.h"
#include "widgets/SearchHealthPlot.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace gdas::app {

RunViews::RunViews(const RunDocument *document, QWidget *parent) : QObject(parent), m_document(document)
{
    m_cells = new widgets::CellGraphPanel(parent);
    m_curves = new widgets::CurvePanel(parent);
    // Names for screen readers; the views have no label of their own.
    m_cells->setAccessibleName(tr("Cells"));
    m_curves->setAccessibleName(tr("Curves"));

    m_weights = new QWidget(parent);
    auto *weightsLayout = new QVBoxLayout(m_weights);
    weightsLayout->setContentsMargins(0, 0, 0, 0);
    m_normalHeatmap = new widgets::AlphaHeatmap(m_weights);
    m_reduceHeatmap = new widgets::AlphaHeatmap(m_weights);
    m_normalHeatmap->setAccessibleName(tr("Normal cell architecture weights"));
    m_reduceHeatmap->setAccessibleName(tr("Reduction cell architecture weights"));
    weightsLayout->addWidget(m_normalHeatmap, 1);
    weightsLayout->addWidget(m_reduceHeatmap, 1);

    m_genotype = new QWidget(parent);
    auto *genotypeLayout = new QVBoxLayout(m_genotype);
    genotypeLayout->setContentsMargins(4, 4, 4, 4);
    m_genotypeTitle = new QLabel(m_genotype);
    m_genotypeText = new QPlainTextEdit(m_genotype);
    m_genotypeText->setReadOnly(true);
    m_genotypeText->setAccessibleName(tr("Genotype"));
    m_genotypeText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    genotypeLayout->addWidget(m_genotypeTitle);
    genotypeLayout->addWidget(m_genotypeText, 1);

    m_health = new widgets::SearchHealthPlot(parent);
    m_benchmark = new widgets::BenchmarkPlot(parent);

    connect(m_cells, &widgets::CellGraphPanel::shownEpochChanged, this, [this](int epoch) {
        showEpochTables(epoch);
        updateGenotypeText();
    });
}

std::optional<model::Genotype> RunViews::currentGenotype() const
{
    return m_document->genotypeAt(m_cells->shownIndex());
}

void RunViews::drawRecord()
{
    const model::RunRecord &r = m_document->record();
    m_normalHeatmap->clear();
    m_reduceHeatmap->clear();
    m_reduceHeatmap->setVisible(true);
    m_curves->setRecord(r.metrics);
    m_health->setSkipLimit(r.collapseSkipLimit);
    m_health->setEpochs(r.epochs);
    m_benchmark->setEpochs(r.epochs);
    m_cells->clear();
    m_cells->setTotalEpochs(m_document->plannedEpochs());
    if (!r.epochs.empty()) {
        m_cells->setEpochs(r.epochs);
        showEpochTables(r.epochs.back().epoch);
    } else if (r.finalGenotype) {
        m_cells->setGenotype(*r.finalGenotype);
    }
    // A live search shows both heat maps until its first epoch tells.
    if (m_document->source() == RunDocument::Source::Directory)
        m_reduceHeatmap->setVisible(m_document->searchesReductionCell());
    updateGenotypeText();
}

void RunViews::drawAppended(int firstMetric, int firstEpoch)
{
    const model::RunRecord &r = m_document->record();
    if (firstMetric < static_cast<int>(r.metrics.size()))
        m_curves->appendRows(std::vector<model::MetricRow>(r.metrics.begin() + firstMetric, r.metrics.end()));
    for (int i = firstEpoch; i < static_cast<int>(r.epochs.size()); ++i) {
        m_cells->appendEpoch(r.epochs[static_cast<std::size_t>(i)]);
        m_health->appendEpoch(r.epochs[static_cast<std::size_t>(i)]);
        m_benchmark->appendEpoch(r.epochs[static_cast<std::size_t>(i)]);
    }
    if (firstEpoch < static_cast<int>(r.epochs.size()) && m_cells->followsNewest())
        showEpochTables(r.epochs.back().epoch);
    updateGenotypeText();
}

void RunViews::showEpochTables(int epoch)
{
    const model::EpochRecord *found = nullptr;
    for (const auto &e : m_document->record().epochs)
        if (e.epoch == epoch)
            found = &e;
    if (!found)
        return;
    m_normalHeatmap->setTable(found->normal,
                              tr("Normal cell α, epoch %1 (τ = %2)").arg(found->epoch + 1).arg(found->tau, 0, 'g', 3));
    m_reduceHeatmap->setVisible(!found->reduce.empty());
    if (!found->reduce.empty())
        m_reduceHeatmap->setTable(found->reduce, tr("Reduction cell α, epoch %1").arg(found->epoch + 1));
    else
        m_reduceHeatmap->clear();
}

void RunViews::updateGenotypeText()
{
    const std::optional<model::Genotype> genotype = currentGenotype();
    if (!genotype) {
        m_genotypeTitle->setText(tr("No genotype yet"));
        m_genotypeText->clear();
        return;
    }
    const model::RunRecord &r = m_document->record();
    const int shown = m_cells->shownIndex();
    const bool final = r.finalGenotype && (shown < 0 || shown + 1 >= static_cast<int>(r.epochs.size()));
    m_genotypeTitle->setText(final ? tr("Final genotype (genotype.json)")
                                   : tr("Genotype derived after epoch %1")
                                         .arg(shown >= 0 ? r.epochs[static_cast<std::size_t>(shown)].epoch + 1 : 0));
    QString text;
    try {
        text = QString::fromStdString(model::format(*genotype, nativeFormat(*genotype)));
    } catch (const std::exception &e) {
        text = QString::fromUtf8(e.what());
    }
    // Live rows arrive many times a second: leave the text (and a reader's selection) alone
    // while it stays the same.
    if (m_genotypeText->toPlainText() != text)
        m_genotypeText->setPlainText(text);
}

} // namespace gdas::app
