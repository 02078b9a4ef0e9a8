#include "StudyWindow.h"

#include "FigureExportDialog.h"
#include "ParameterCounter.h"
#include "StudyCsv.h"
#include "StudyDocument.h"

#include "model/SearchSpace.h"
#include "widgets/CellGraphView.h"
#include "widgets/FigureWriter.h"
#include "widgets/GenotypeCompareView.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace gdas::app {

namespace {

// The values the curves tab offers, with what they are.
struct CurveKey {
    const char *key;
    const char *label;
};
constexpr CurveKey kCurveKeys[] = {
    {model::metric::kATop1, QT_TRANSLATE_NOOP("gdas::app::StudyWindow", "search validation accuracy (%)")},
    {model::metric::kALoss, QT_TRANSLATE_NOOP("gdas::app::StudyWindow", "search validation loss")},
    {model::metric::kWTop1, QT_TRANSLATE_NOOP("gdas::app::StudyWindow", "search training accuracy (%)")},
    {model::metric::kWLoss, QT_TRANSLATE_NOOP("gdas::app::StudyWindow", "search training loss")},
    {model::metric::kBenchTest, QT_TRANSLATE_NOOP("gdas::app::StudyWindow", "benchmark test accuracy (%)")},
};

QString percent(double share) { return QString::number(100.0 * share, 'f', 0); }

bool isDarts(const model::StudySummary &summary)
{
    return summary.consensus && summary.consensus->genotype.space == model::SpaceKind::Darts;
}

} // namespace

StudyWindow::StudyWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("StudyWindow"));
    m_document = new StudyDocument(this);
    m_counter = new ParameterCounter(this);
    createViews();
    createMenus();
    connect(m_document, &StudyDocument::changed, this, &StudyWindow::refresh);
    connect(m_counter, &ParameterCounter::counted, this, &StudyWindow::refreshCompare);
    resize(1500, 940);
    refresh();
}

StudyWindow::~StudyWindow() = default;

void StudyWindow::createViews()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_header = new QLabel(central);
    m_header->setTextFormat(Qt::PlainText);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    layout->addWidget(m_header);
    m_problems = new QLabel(central);
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setStyleSheet(QStringLiteral("QLabel { background: #f8d7da; color: #58151c; padding: 4px; }"));
    m_problems->setVisible(false);
    layout->addWidget(m_problems);

    // Left the consensus and its tables, one above the other; right the curves and the seeds.
    auto *splitter = new QSplitter(Qt::Horizontal, central);
    layout->addWidget(splitter, 1);
    auto *left = new QSplitter(Qt::Vertical, splitter);

    // The consensus: the normal cell (the only one on NAS-Bench-201) and the reduction cell.
    auto *consensus = new QWidget(left);
    auto *consensusLayout = new QVBoxLayout(consensus);
    consensusLayout->setContentsMargins(0, 0, 0, 0);
    m_normalTitle = new QLabel(consensus);
    m_normal = new widgets::CellGraphView(consensus);
    m_normal->setAccessibleName(tr("Consensus cell"));
    m_reductionTitle = new QLabel(tr("Reduction cell"), consensus);
    m_reduction = new widgets::CellGraphView(consensus);
    m_reduction->setAccessibleName(tr("Consensus reduction cell"));
    m_caption = new QLabel(consensus);
    m_caption->setWordWrap(true);
    consensusLayout->addWidget(m_normalTitle);
    consensusLayout->addWidget(m_normal, 1);
    consensusLayout->addWidget(m_reductionTitle);
    consensusLayout->addWidget(m_reduction, 1);
    consensusLayout->addWidget(m_caption);

    m_tabs = new QTabWidget(splitter);

    // Curves: every seed, their mean and a band.
    auto *curvesTab = new QWidget(m_tabs);
    auto *curvesLayout = new QVBoxLayout(curvesTab);
    auto *curveControls = new QHBoxLayout;
    m_curveKey = new QComboBox(curvesTab);
    m_curveKey->setAccessibleName(tr("Value per epoch"));
    m_band = new QComboBox(curvesTab);
    m_band->setAccessibleName(tr("Band around the mean"));
    m_band->addItem(tr("Band: mean ± 1 standard deviation"), static_cast<int>(widgets::StudyCurvePlot::Band::StdDev));
    m_band->addItem(tr("Band: lowest to highest seed"), static_cast<int>(widgets::StudyCurvePlot::Band::MinMax));
    auto *curveLabel = new QLabel(tr("&Value:"), curvesTab);
    curveLabel->setBuddy(m_curveKey);
    curveControls->addWidget(curveLabel);
    curveControls->addWidget(m_curveKey, 1);
    curveControls->addWidget(m_band, 1);
    curvesLayout->addLayout(curveControls);
    m_curves = new widgets::StudyCurvePlot(curvesTab);
    curvesLayout->addWidget(m_curves, 1);
    connect(m_curveKey, &QComboBox::currentIndexChanged, this, &StudyWindow::refreshCurves);
    connect(m_band, &QComboBox::currentIndexChanged, this,
            [this] { m_curves->setBand(static_cast<widgets::StudyCurvePlot::Band>(m_band->currentData().toInt())); });
    m_tabs->addTab(curvesTab, tr("&Curves"));

    // Seeds: each seed's cell, up to four side by side under a strip of check boxes (the cells
    // are wide: a list beside them would take the width they need).
    auto *seedsTab = new QWidget(m_tabs);
    auto *seedsLayout = new QVBoxLayout(seedsTab);
    auto *seedLabel =
        new QLabel(tr("Seeds shown (up to %1; the first is the reference):").arg(kMaxComparedSeeds), seedsTab);
    m_seedList = new QListWidget(seedsTab);
    m_seedList->setAccessibleName(tr("Seeds"));
    m_seedList->setFlow(QListView::LeftToRight);
    m_seedList->setWrapping(true);
    m_seedList->setResizeMode(QListView::Adjust);
    m_seedList->setSpacing(2);
    m_seedList->setMaximumHeight(m_seedList->fontMetrics().height() * 5);
    seedLabel->setBuddy(m_seedList);
    m_seedNote = new QLabel(seedsTab);
    m_seedNote->setWordWrap(true);
    m_compare = new widgets::GenotypeCompareView(seedsTab);
    seedsLayout->addWidget(seedLabel);
    seedsLayout->addWidget(m_seedList);
    seedsLayout->addWidget(m_seedNote);
    seedsLayout->addWidget(m_compare, 1);
    connect(m_seedList, &QListWidget::itemChanged, this, &StudyWindow::onSeedItemChanged);
    m_tabs->addTab(seedsTab, tr("&Seeds"));

    // Tables, as they go into a paper.
    auto *tablesPanel = new QWidget(left);
    auto *tablesLayout = new QVBoxLayout(tablesPanel);
    m_tableChoice = new QComboBox(tablesPanel);
    m_tableChoice->setAccessibleName(tr("Table"));
    tablesLayout->addWidget(m_tableChoice);
    m_tableCaption = new QLabel(tablesPanel);
    m_tableCaption->setWordWrap(true);
    tablesLayout->addWidget(m_tableCaption);
    m_table = new QTableWidget(tablesPanel);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->setAccessibleName(tr("Study table"));
    tablesLayout->addWidget(m_table, 1);
    auto *tableButtons = new QHBoxLayout;
    auto *copyMarkdown = new QPushButton(tr("Copy as &Markdown"), tablesPanel);
    auto *copyLatex = new QPushButton(tr("Copy as &LaTeX"), tablesPanel);
    auto *exportTable = new QPushButton(tr("&Export Table…"), tablesPanel);
    tableButtons->addStretch(1);
    tableButtons->addWidget(copyMarkdown);
    tableButtons->addWidget(copyLatex);
    tableButtons->addWidget(exportTable);
    tablesLayout->addLayout(tableButtons);
    connect(m_tableChoice, &QComboBox::currentIndexChanged, this, &StudyWindow::refreshTable);
    connect(copyMarkdown, &QPushButton::clicked, this, [this] { copyTable(shownTable(), TableFormat::Markdown); });
    connect(copyLatex, &QPushButton::clicked, this, [this] { copyTable(shownTable(), TableFormat::Latex); });
    connect(exportTable, &QPushButton::clicked, this, &StudyWindow::exportTableInteractive);

    left->addWidget(consensus);
    left->addWidget(tablesPanel);
    left->setSizes({560, 360});
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setSizes({660, 820});
    setCentralWidget(central);
}

void StudyWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Export &Consensus Figure…"), this, [this] {
        exportFigureInteractive(tr("Export Consensus Figure"), QStringLiteral("study-consensus"),
                                &StudyWindow::exportConsensusFigure);
    });
    file->addAction(tr("Export C&urves Figure…"), this, [this] {
        exportFigureInteractive(tr("Export Curves Figure"), QStringLiteral("study-curves"),
                                &StudyWindow::exportCurvesFigure);
    });
    file->addAction(tr("Export &Seeds Figure…"), this, [this] {
        exportFigureInteractive(tr("Export Seeds Figure"), QStringLiteral("study-seeds"),
                                &StudyWindow::exportSeedsFigure);
    });
    file->addAction(tr("Export Study as C&SV…"), this, &StudyWindow::exportCsvInteractive);
    file->addSeparator();
    file->addAction(tr("Export &Table…"), this, &StudyWindow::exportTableInteractive);
    file->addAction(tr("Copy Table as &Markdown"), this, [this] { copyTable(shownTable(), TableFormat::Markdown); });
    file->addAction(tr("Copy Table as &LaTeX"), this, [this] { copyTable(shownTable(), TableFormat::Latex); });
    file->addSeparator();
    QAction *close = file->addAction(tr("&Close"), this, &QWidget::close);
    close->setShortcut(QKeySequence::Close);
}

bool StudyWindow::open(const QString &directory, QString *error)
{
    m_comparedChosen = false;
    m_compared.clear();
    if (!m_document->open(directory, error))
        return false;
    setWindowTitle(tr("%1 — Study — GDAS Workbench").arg(m_document->name()));
    return true;
}

// ---------------------------------------------------------------------------------------------
// Drawing the study

void StudyWindow::refresh()
{
    if (m_document->directory().isEmpty()) {
        m_header->setText(tr("No study open"));
    } else {
        const QJsonObject search =
            QJsonDocument::fromJson(QByteArray::fromStdString(m_document->study().plan.searchJson)).object();
        const QString spaceName = search.value(QStringLiteral("space")).toString();
        const QString space = spaceName == QLatin1String("darts")           ? tr("DARTS space")
                              : spaceName == QLatin1String("nas-bench-201") ? tr("NAS-Bench-201")
                                                                            : spaceName;
        m_header->setText(tr("Study “%1” (%2): %3 of %4 seeds finished — %5")
                              .arg(m_document->name(), space)
                              .arg(m_document->finishedSeeds())
                              .arg(m_document->plannedSeeds())
                              .arg(QDir::toNativeSeparators(m_document->directory())));
    }
    const QStringList problems = m_document->problems();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    refreshConsensus();
    refreshSeeds();
    refreshCompare();
    refreshCurves();
    refreshTable();
}

void StudyWindow::refreshConsensus()
{
    const model::StudySummary &summary = m_document->summary();
    const bool darts = isDarts(summary);
    m_normalTitle->setText(darts ? tr("Consensus normal cell") : tr("Consensus cell"));
    m_reductionTitle->setText(tr("Consensus reduction cell"));
    const bool reduction = darts && summary.consensus && !summary.consensus->reduce.cell.empty();
    m_reductionTitle->setVisible(reduction);
    m_reduction->setVisible(reduction);
    if (!summary.consensus) {
        m_consensusSummary.clear();
        m_normal->clearCell();
        m_reduction->clearCell();
        m_caption->setText(
            m_document->directory().isEmpty()
                ? QString()
                : tr("No seed has finished yet (0 of %1): the consensus appears when the first one does.")
                      .arg(m_document->plannedSeeds()));
        return;
    }
    const model::Consensus &c = *summary.consensus;
    m_normal->setCell(c.genotype, false, &c.normal.shares);
    if (reduction)
        m_reduction->setCell(c.genotype, true, &c.reduce.shares);
    else
        m_reduction->clearCell();
    QString agreement = reduction ? tr("mean agreement %1 % in the normal cell, %2 % in the reduction cell")
                                        .arg(percent(c.normal.meanAgreement()), percent(c.reduce.meanAgreement()))
                                  : tr("mean agreement %1 %").arg(percent(c.normal.meanAgreement()));
    m_consensusSummary = tr("The majority cell of %1 of %2 seeds finished; %3.")
                             .arg(m_document->finishedSeeds())
                             .arg(m_document->plannedSeeds())
                             .arg(agreement);
    m_caption->setText(m_consensusSummary + QLatin1Char(' ') +
                       tr("Edge width and colour: the share of seeds whose cell holds that op there (hover an edge "
                          "for every op's share)."));
}

void StudyWindow::refreshSeeds()
{
    const model::StudyRecord &study = m_document->study();
    if (!m_comparedChosen) {
        m_compared.clear();
        for (const model::StudySeed &s : study.seeds)
            if (m_compared.size() < static_cast<std::size_t>(kMaxComparedSeeds))
                m_compared.push_back(s.seed);
    }
    // Items are updated in place: this runs from a check box's own itemChanged.
    const QSignalBlocker blocker(m_seedList);
    bool sameSeeds = m_seedList->count() == static_cast<int>(study.seeds.size());
    for (int i = 0; sameSeeds && i < m_seedList->count(); ++i)
        sameSeeds =
            m_seedList->item(i)->data(Qt::UserRole).toULongLong() == study.seeds[static_cast<std::size_t>(i)].seed;
    if (!sameSeeds) {
        m_seedList->clear();
        for (const model::StudySeed &s : study.seeds) {
            auto *item = new QListWidgetItem(m_seedList);
            item->setData(Qt::UserRole, QVariant::fromValue<qulonglong>(s.seed));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        }
    }
    for (std::size_t i = 0; i < study.seeds.size(); ++i) {
        const std::uint64_t seed = study.seeds[i].seed;
        QListWidgetItem *item = m_seedList->item(static_cast<int>(i));
        item->setText(tr("seed %1 — %2").arg(seed).arg(m_document->seedState(i)));
        const bool shown = std::find(m_compared.begin(), m_compared.end(), seed) != m_compared.end();
        item->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
    }
}

void StudyWindow::onSeedItemChanged(QListWidgetItem *item)
{
    const std::uint64_t seed = item->data(Qt::UserRole).toULongLong();
    std::vector<std::uint64_t> compared = m_compared;
    const auto it = std::find(compared.begin(), compared.end(), seed);
    if (item->checkState() == Qt::Checked && it == compared.end()) {
        if (static_cast<int>(compared.size()) >= kMaxComparedSeeds) {
            const QSignalBlocker blocker(m_seedList);
            item->setCheckState(Qt::Unchecked);
            m_seedNote->setText(tr("At most %1 seeds side by side: uncheck one first.").arg(kMaxComparedSeeds));
            return;
        }
        compared.push_back(seed);
    } else if (item->checkState() != Qt::Checked && it != compared.end()) {
        compared.erase(it);
    }
    setComparedSeeds(compared);
}

void StudyWindow::setComparedSeeds(const std::vector<std::uint64_t> &seeds)
{
    m_comparedChosen = true;
    m_compared.clear();
    // In the plan's order, so the reference is the first seed shown.
    for (const model::StudySeed &s : m_document->study().seeds)
        if (std::find(seeds.begin(), seeds.end(), s.seed) != seeds.end() &&
            m_compared.size() < static_cast<std::size_t>(kMaxComparedSeeds))
            m_compared.push_back(s.seed);
    m_seedNote->clear();
    refreshSeeds();
    refreshCompare();
}

void StudyWindow::refreshCompare()
{
    const model::StudyRecord &study = m_document->study();
    std::vector<widgets::CompareEntry> entries;
    QStringList waiting;
    for (std::size_t i = 0; i < study.seeds.size(); ++i) {
        const std::uint64_t seed = study.seeds[i].seed;
        if (std::find(m_compared.begin(), m_compared.end(), seed) == m_compared.end())
            continue;
        int epoch = -1;
        const std::optional<model::Genotype> genotype = m_document->seedGenotype(i, &epoch);
        if (!genotype) {
            waiting << QString::number(seed);
            continue;
        }
        widgets::CompareEntry e;
        e.label = epoch >= 0 ? tr("seed %1 (epoch %2)").arg(seed).arg(epoch + 1) : tr("seed %1").arg(seed);
        e.genotype = *genotype;
        e.parameters = m_counter->parameters(*genotype, 0, 0);
        entries.push_back(std::move(e));
    }
    m_compare->setEntries(entries);
    if (!waiting.isEmpty() && m_seedNote->text().isEmpty())
        m_seedNote->setText(tr("No cell yet: seed %1.").arg(waiting.join(QStringLiteral(", "))));
}

QStringList StudyWindow::curveKeys() const
{
    QStringList keys;
    for (const CurveKey &k : kCurveKeys)
        if (k.key != std::string(model::metric::kBenchTest) || m_document->hasBenchmark())
            keys << QLatin1String(k.key);
    return keys;
}

void StudyWindow::setCurveKey(const QString &key)
{
    const int index = m_curveKey->findData(key);
    if (index >= 0)
        m_curveKey->setCurrentIndex(index);
}

QString StudyWindow::curveKey() const { return m_curveKey->currentData().toString(); }

void StudyWindow::setBand(widgets::StudyCurvePlot::Band band)
{
    m_band->setCurrentIndex(m_band->findData(static_cast<int>(band)));
}

void StudyWindow::refreshCurves()
{
    const QString wanted = m_curveKey->currentData().toString();
    const QStringList keys = curveKeys();
    bool same = m_curveKey->count() == keys.size();
    for (int i = 0; same && i < keys.size(); ++i)
        same = m_curveKey->itemData(i).toString() == keys[i];
    if (!same) {
        const QSignalBlocker blocker(m_curveKey);
        m_curveKey->clear();
        for (const CurveKey &k : kCurveKeys)
            if (keys.contains(QLatin1String(k.key)))
                m_curveKey->addItem(QStringLiteral("%1 — %2").arg(QLatin1String(k.key), tr(k.label)),
                                    QLatin1String(k.key));
        const int index = m_curveKey->findData(wanted);
        m_curveKey->setCurrentIndex(index >= 0 ? index : 0);
    }
    const QString key = curveKey();
    QString label;
    for (const CurveKey &k : kCurveKeys)
        if (key == QLatin1String(k.key))
            label = tr(k.label);
    if (key == QLatin1String(model::metric::kBenchTest)) {
        label = tr("%1 test accuracy (%)").arg(m_document->benchmarkDataset());
        const std::optional<double> best = m_document->benchmarkBest();
        m_curves->setReferenceLine(best, best ? tr("best in the benchmark: %1 %").arg(QString::number(*best, 'f', 2))
                                              : QString());
    } else {
        m_curves->setReferenceLine(std::nullopt);
    }
    m_curves->setCurves(label,
                        key.isEmpty() ? std::vector<widgets::SeedCurve>{} : m_document->curves(key.toStdString()));
}

// ---------------------------------------------------------------------------------------------
// Tables

std::vector<StudyWindow::Table> StudyWindow::tables() const
{
    if (isDarts(m_document->summary()))
        return {Table::Consensus, Table::ReductionConsensus, Table::Metrics};
    return {Table::Consensus, Table::Metrics};
}

model::TextTable StudyWindow::table(Table which) const
{
    const model::StudySummary &summary = m_document->summary();
    switch (which) {
    case Table::Consensus:
        return model::consensusTable(summary, false);
    case Table::ReductionConsensus:
        return model::consensusTable(summary, true);
    case Table::Metrics:
        break;
    }
    return model::metricsTable(summary);
}

void StudyWindow::showTable(Table which)
{
    const int index = m_tableChoice->findData(static_cast<int>(which));
    if (index >= 0)
        m_tableChoice->setCurrentIndex(index);
}

StudyWindow::Table StudyWindow::shownTable() const
{
    return m_tableChoice->currentIndex() >= 0 ? static_cast<Table>(m_tableChoice->currentData().toInt())
                                              : Table::Consensus;
}

void StudyWindow::refreshTable()
{
    const std::vector<Table> available = tables();
    if (m_tableChoice->count() != static_cast<int>(available.size())) {
        const QSignalBlocker blocker(m_tableChoice);
        const Table wanted = shownTable();
        m_tableChoice->clear();
        const bool darts = isDarts(m_document->summary());
        for (Table t : available) {
            const QString name = t == Table::Metrics              ? tr("Final metrics (mean ± std over the seeds)")
                                 : t == Table::ReductionConsensus ? tr("Reduction cell: each seed's op per edge")
                                 : darts                          ? tr("Normal cell: each seed's op per edge")
                                                                  : tr("Cell: each seed's op per edge");
            m_tableChoice->addItem(name, static_cast<int>(t));
        }
        const int index = m_tableChoice->findData(static_cast<int>(wanted));
        m_tableChoice->setCurrentIndex(index >= 0 ? index : 0);
    }
    const model::TextTable t = table(shownTable());
    m_tableCaption->setText(QString::fromStdString(t.caption));
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(t.header.size()));
    m_table->setRowCount(static_cast<int>(t.rows.size()));
    QStringList header;
    for (const std::string &h : t.header)
        header << QString::fromStdString(h);
    m_table->setHorizontalHeaderLabels(header);
    for (int r = 0; r < static_cast<int>(t.rows.size()); ++r) {
        const auto &row = t.rows[static_cast<std::size_t>(r)];
        for (int c = 0; c < static_cast<int>(row.size()); ++c) {
            auto *item = new QTableWidgetItem(QString::fromStdString(row[static_cast<std::size_t>(c)]));
            const bool right = static_cast<std::size_t>(c) < t.rightAligned.size() && t.rightAligned[c];
            item->setTextAlignment(Qt::AlignVCenter | (right ? Qt::AlignRight : Qt::AlignLeft));
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
}

// ---------------------------------------------------------------------------------------------
// Exports

widgets::CellGraphView *StudyWindow::consensusView(bool reduction) const { return reduction ? m_reduction : m_normal; }

QString StudyWindow::consensusCaption() const { return m_caption->text(); }

QString StudyWindow::headerText() const { return m_header->text(); }

QString StudyWindow::problemText() const { return m_problems->isHidden() ? QString() : m_problems->text(); }

bool StudyWindow::exportConsensusFigure(const QString &path, QSize size, QString *error, bool replace)
{
    const model::StudySummary &summary = m_document->summary();
    if (!summary.consensus) {
        if (error)
            *error =
                tr("%1: no seed has finished yet: there is no consensus to draw").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (!refuseExistingFile(path, replace, error))
        return false;
    const bool reduction = m_reduction->hasCell() && !m_reduction->isHidden();
    const QString caption = m_consensusSummary;
    const QString normalTitle = m_normalTitle->text();
    const QString reductionTitle = m_reductionTitle->text();
    return widgets::writeFigure(
        path, size,
        [&](QPainter &painter, const QRectF &target) {
            const QFont titleFont = widgets::figureFont(std::clamp(target.height() / 28.0, 10.0, 20.0), true);
            const QFont textFont = widgets::figureFont(titleFont.pixelSize(), false);
            const QFontMetricsF titleMetrics(titleFont), textMetrics(textFont);
            const double margin = std::min(target.width(), target.height()) * 0.03;
            QRectF area = target.adjusted(margin, margin, -margin, -margin);
            const QRectF captionRect(area.left(), area.bottom() - textMetrics.height() * 2.4, area.width(),
                                     textMetrics.height() * 2.4);
            area.setBottom(captionRect.top());
            painter.setPen(Qt::black);
            painter.setFont(textFont);
            painter.drawText(captionRect, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, caption);
            // Side by side: cells are wide and flat.
            const int blocks = reduction ? 2 : 1;
            const double width = area.width() / blocks;
            for (int b = 0; b < blocks; ++b) {
                const QRectF block(area.left() + b * width, area.top(), width - (b + 1 < blocks ? margin : 0),
                                   area.height());
                painter.setFont(titleFont);
                painter.setPen(Qt::black);
                painter.drawText(QRectF(block.left(), block.top(), block.width(), titleMetrics.height()),
                                 Qt::AlignLeft | Qt::AlignVCenter, b == 0 ? normalTitle : reductionTitle);
                const QRectF cell = block.adjusted(0, titleMetrics.height() * 1.3, 0, 0);
                (b == 0 ? m_normal : m_reduction)->renderCell(painter, cell, true);
            }
        },
        error);
}

bool StudyWindow::exportCurvesFigure(const QString &path, QSize size, QString *error, bool replace)
{
    return refuseExistingFile(path, replace, error) && m_curves->exportFigure(path, size, error);
}

bool StudyWindow::exportSeedsFigure(const QString &path, QSize size, QString *error, bool replace)
{
    return refuseExistingFile(path, replace, error) && m_compare->exportFigure(path, size, error);
}

bool StudyWindow::exportCsv(const QString &path, QString *error, bool replace) const
{
    return writeExportFile(path, studyCsv(m_document->study()).toUtf8(), replace, error);
}

bool StudyWindow::exportTable(Table which, const QString &path, QString *error, bool replace) const
{
    return writeTableFile(path, table(which), replace, error);
}

void StudyWindow::copyTable(Table which, TableFormat format) const
{
    QGuiApplication::clipboard()->setText(tableText(table(which), format));
    statusBar()->showMessage(format == TableFormat::Latex ? tr("Table copied as LaTeX (needs \\usepackage{booktabs})")
                                                          : tr("Table copied as Markdown"),
                             4000);
}

QString StudyWindow::suggestedPath(const QString &name) const
{
    const QString dir = m_document->directory().isEmpty() ? QDir::homePath() : m_document->directory();
    return QDir(dir).filePath(name);
}

void StudyWindow::announce(bool written, const QString &path, const QString &error)
{
    if (written) {
        statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 8000);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Critical, tr("Export Failed"), error, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void StudyWindow::exportFigureInteractive(const QString &title, const QString &kind,
                                          bool (StudyWindow::*write)(const QString &, QSize, QString *, bool))
{
    FigureExportDialog dialog(title, kind, suggestedPath(kind), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    // The dialog asked before naming an existing file.
    const bool written = (this->*write)(dialog.path(), dialog.figureSize(), &error, true);
    announce(written, dialog.path(), error);
}

void StudyWindow::exportCsvInteractive()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Study as CSV"),
                                                      suggestedPath(QStringLiteral("study.csv")), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    const bool written = exportCsv(path, &error, true); // the file dialog asked before replacing
    announce(written, path, error);
}

void StudyWindow::exportTableInteractive()
{
    const Table which = shownTable();
    const QString stem = which == Table::Metrics              ? QStringLiteral("study-metrics")
                         : which == Table::ReductionConsensus ? QStringLiteral("study-consensus-reduce")
                                                              : QStringLiteral("study-consensus");
    const TableFileChoice choice = askTableFile(this, tr("Export Table"), suggestedPath(stem + QStringLiteral(".md")));
    if (choice.path.isEmpty())
        return;
    QString error;
    const bool written = exportTable(which, choice.path, &error, choice.replace);
    announce(written, choice.path, error);
}

} // namespace gdas::app
