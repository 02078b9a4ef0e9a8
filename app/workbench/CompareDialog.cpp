#include "CompareDialog.h"

#include "FigureExportDialog.h"
#include "GenotypeFiles.h"
#include "ParameterCounter.h"

#include "benchmark/BenchmarkDatabase.h"
#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"
#include "widgets/GenotypeCompareView.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace gdas::app {

CompareDialog::CompareDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Compare Genotypes"));
    setWindowFlag(Qt::WindowMaximizeButtonHint);
    m_counter = new ParameterCounter(this);
    connect(m_counter, &ParameterCounter::counted, this, &CompareDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);

    auto *side = new QWidget(splitter);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("Genotypes (the first is the reference):"), side));
    m_list = new QListWidget(side);
    sideLayout->addWidget(m_list, 1);

    m_runButton = new QPushButton(tr("From &Run…"), side);
    m_runButton->setToolTip(tr("The genotype of a run directory (genotype.json, or its newest epoch)"));
    m_fileButton = new QPushButton(tr("From &File…"), side);
    m_fileButton->setToolTip(tr("A file holding JSON, a DARTS literal or a NAS-Bench-201 string"));
    m_pasteButton = new QPushButton(tr("&Paste…"), side);
    m_builtinButton = new QToolButton(side);
    m_builtinButton->setText(tr("&Published Cell"));
    m_builtinButton->setPopupMode(QToolButton::InstantPopup);
    m_builtinButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_builtinButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *builtinMenu = new QMenu(m_builtinButton);
    for (const std::string &name : model::builtinGenotypeNames()) {
        QAction *action = builtinMenu->addAction(QString::fromStdString(name));
        action->setToolTip(QString::fromStdString(model::builtinGenotypeSource(name)));
        const QString qname = QString::fromStdString(name);
        connect(action, &QAction::triggered, this, [this, qname] {
            QString error;
            if (!addBuiltin(qname, &error))
                report(error);
        });
    }
    builtinMenu->setToolTipsVisible(true);
    m_builtinButton->setMenu(builtinMenu);
    m_removeButton = new QPushButton(tr("Re&move"), side);
    m_referenceButton = new QPushButton(tr("Make &Reference"), side);
    for (QWidget *w : std::initializer_list<QWidget *>{m_runButton, m_fileButton, m_pasteButton, m_builtinButton,
                                                       m_removeButton, m_referenceButton})
        sideLayout->addWidget(w);
    connect(m_runButton, &QPushButton::clicked, this, &CompareDialog::addFromRunInteractive);
    connect(m_fileButton, &QPushButton::clicked, this, &CompareDialog::addFromFileInteractive);
    connect(m_pasteButton, &QPushButton::clicked, this, &CompareDialog::pasteInteractive);
    connect(m_removeButton, &QPushButton::clicked, this, [this] { removeEntry(m_list->currentRow()); });
    connect(m_referenceButton, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row <= 0 || row >= entryCount())
            return;
        std::rotate(m_entries.begin(), m_entries.begin() + row, m_entries.begin() + row + 1);
        refresh();
        m_list->setCurrentRow(0);
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &CompareDialog::updateButtons);

    auto *network = new QFormLayout;
    m_channels = new QSpinBox(side);
    m_channels->setRange(0, 512);
    m_channels->setSpecialValueText(tr("space default"));
    m_layers = new QSpinBox(side);
    m_layers->setRange(0, 100);
    m_layers->setSpecialValueText(tr("space default"));
    m_layers->setToolTip(tr("DARTS space: cells in all (20); NAS-Bench-201: cells per stage (5)"));
    network->addRow(tr("Evaluation &C:"), m_channels);
    network->addRow(tr("&Layers:"), m_layers);
    sideLayout->addLayout(network);
    QSettings settings;
    m_channels->setValue(settings.value(QStringLiteral("compare/channels"), 0).toInt());
    m_layers->setValue(settings.value(QStringLiteral("compare/layers"), 0).toInt());
    connect(m_channels, &QSpinBox::valueChanged, this, &CompareDialog::refresh);
    connect(m_layers, &QSpinBox::valueChanged, this, &CompareDialog::refresh);

    // The benchmark the table's accuracies come from.
    auto *benchmarkForm = new QFormLayout;
    auto *benchmarkRow = new QHBoxLayout;
    m_benchmarkLabel = new QLabel(side);
    // The file's name, cut where the panel is narrow; the tool tip holds the whole path.
    m_benchmarkLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *chooseBenchmark = new QPushButton(tr("C&hoose…"), side);
    chooseBenchmark->setToolTip(tr("A NAS-Bench-201 database (gdas benchmark import) for the table's test accuracies"));
    connect(chooseBenchmark, &QPushButton::clicked, this, &CompareDialog::chooseBenchmarkInteractive);
    benchmarkRow->addWidget(m_benchmarkLabel, 1);
    benchmarkRow->addWidget(chooseBenchmark);
    m_benchmarkDataset = new QComboBox(side);
    for (const char *dataset : {"cifar10", "cifar100", "ImageNet16-120", "cifar10-valid"})
        m_benchmarkDataset->addItem(QLatin1String(dataset), QLatin1String(dataset));
    benchmarkForm->addRow(tr("Benchmark:"), benchmarkRow);
    benchmarkForm->addRow(tr("&Data set:"), m_benchmarkDataset);
    sideLayout->addLayout(benchmarkForm);

    m_message = new QLabel(side);
    m_message->setWordWrap(true);
    sideLayout->addWidget(m_message);

    m_view = new widgets::GenotypeCompareView(splitter);
    splitter->addWidget(side);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *exportButton = buttons->addButton(tr("&Export Figure…"), QDialogButtonBox::ActionRole);
    connect(exportButton, &QPushButton::clicked, this, &CompareDialog::exportFigureInteractive);
    auto *tableButton = buttons->addButton(tr("&Table"), QDialogButtonBox::ActionRole);
    tableButton->setToolTip(tr("The cells shown as a table: parameters, multiply-adds, benchmark accuracy"));
    auto *tableMenu = new QMenu(tableButton);
    tableMenu->addAction(tr("Copy as &Markdown"), this, [this] { copyTable(TableFormat::Markdown); });
    tableMenu->addAction(tr("Copy as &LaTeX"), this, [this] { copyTable(TableFormat::Latex); });
    tableMenu->addAction(tr("&Export Table…"), this, &CompareDialog::exportTableInteractive);
    tableButton->setMenu(tableMenu);
    connect(buttons, &QDialogButtonBox::rejected, this, &CompareDialog::reject);
    layout->addWidget(buttons);
    resize(1300, 820);

    const QString dataset = settings.value(QStringLiteral("compare/benchmarkDataset")).toString();
    if (const int index = m_benchmarkDataset->findData(dataset); index >= 0)
        m_benchmarkDataset->setCurrentIndex(index);
    connect(m_benchmarkDataset, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QStringLiteral("compare/benchmarkDataset"), benchmarkDataset());
        refresh();
    });
    const QString database = settings.value(QStringLiteral("compare/benchmarkDatabase")).toString();
    QString error;
    if (!database.isEmpty() && !setBenchmarkDatabase(database, &error))
        m_message->setText(error);
    showBenchmark();
    refresh();
}

CompareDialog::~CompareDialog() = default;

bool CompareDialog::addGenotype(const QString &label, const model::Genotype &genotype, QString *error)
{
    if (entryCount() >= kMaxEntries) {
        if (error)
            *error = tr("At most %1 genotypes can be compared; remove one first.").arg(kMaxEntries);
        return false;
    }
    try {
        genotype.validate();
    } catch (const std::exception &e) {
        if (error)
            *error = tr("%1: %2").arg(label, QString::fromUtf8(e.what()));
        return false;
    }
    m_entries.push_back({label.isEmpty() ? tr("Genotype %1").arg(entryCount() + 1) : label, genotype});
    refresh();
    return true;
}

bool CompareDialog::addFromText(const QString &text, QString *error)
{
    try {
        model::Genotype genotype = model::parseGenotype(text.toStdString());
        const QString label =
            genotype.name.empty() ? tr("Pasted %1").arg(entryCount() + 1) : QString::fromStdString(genotype.name);
        return addGenotype(label, genotype, error);
    } catch (const std::exception &e) {
        if (error)
            *error = tr("Pasted text: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
}

bool CompareDialog::addFromFile(const QString &path, QString *error)
{
    const std::optional<model::Genotype> genotype = readGenotypeFile(path, error);
    return genotype && addGenotype(QFileInfo(path).fileName(), *genotype, error);
}

bool CompareDialog::addFromRun(const QString &runDirectory, QString *error)
{
    const std::optional<model::Genotype> genotype = readRunGenotype(runDirectory, error);
    return genotype && addGenotype(QString::fromStdString(genotype->name), *genotype, error);
}

bool CompareDialog::addBuiltin(const QString &name, QString *error)
{
    const std::optional<model::Genotype> genotype = model::builtinGenotype(name.toStdString());
    if (!genotype) {
        if (error)
            *error = tr("There is no published cell named “%1”.").arg(name);
        return false;
    }
    return addGenotype(name, *genotype, error);
}

bool CompareDialog::addAny(const QString &source, QString *error)
{
    if (model::builtinGenotype(source.toStdString()))
        return addBuiltin(source, error);
    const QFileInfo info(source);
    if (info.isDir())
        return addFromRun(source, error);
    if (info.isFile())
        return addFromFile(source, error);
    return addFromText(source, error);
}

void CompareDialog::removeEntry(int index)
{
    if (index < 0 || index >= entryCount())
        return;
    m_entries.erase(m_entries.begin() + index);
    refresh();
}

void CompareDialog::setEvaluationNetwork(int channels, int layers)
{
    m_channels->setValue(channels);
    m_layers->setValue(layers);
}

void CompareDialog::refresh()
{
    const int current = m_list->currentRow();
    m_list->clear();
    std::vector<widgets::CompareEntry> shown;
    QStringList problems;
    for (const Entry &entry : m_entries) {
        widgets::CompareEntry e;
        e.label = entry.label;
        e.genotype = entry.genotype;
        e.parameters = m_counter->parameters(entry.genotype, m_channels->value(), m_layers->value());
        const QString problem = m_counter->problem(entry.genotype, m_channels->value(), m_layers->value());
        if (!problem.isEmpty())
            problems.append(tr("%1: %2").arg(entry.label, problem));
        const QString count = e.parameters >= 0 ? tr("%1 M").arg(e.parameters / 1e6, 0, 'f', 2)
                                                : (problem.isEmpty() ? tr("counting…") : QStringLiteral("—"));
        const QString space = entry.genotype.space == model::SpaceKind::NasBench201 ? tr("NAS-Bench-201") : tr("DARTS");
        const std::optional<double> test = benchmarkTest(entry.genotype);
        m_list->addItem(test ? tr("%1  (%2, %3, %4 % on %5)")
                                   .arg(entry.label, space, count, QString::number(*test, 'f', 2), benchmarkDataset())
                             : tr("%1  (%2, %3)").arg(entry.label, space, count));
        shown.push_back(std::move(e));
    }
    m_view->setEntries(shown);
    m_message->setText(problems.join(QLatin1Char('\n')));
    if (current >= 0 && current < m_list->count())
        m_list->setCurrentRow(current);
    QSettings settings;
    settings.setValue(QStringLiteral("compare/channels"), m_channels->value());
    settings.setValue(QStringLiteral("compare/layers"), m_layers->value());
    updateButtons();
}

void CompareDialog::updateButtons()
{
    const bool room = entryCount() < kMaxEntries;
    for (QWidget *w : std::initializer_list<QWidget *>{m_runButton, m_fileButton, m_pasteButton, m_builtinButton})
        w->setEnabled(room);
    const int row = m_list->currentRow();
    m_removeButton->setEnabled(row >= 0);
    m_referenceButton->setEnabled(row > 0);
}

void CompareDialog::report(const QString &error) { m_message->setText(error); }

void CompareDialog::addFromRunInteractive()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Genotype of a Run"), QDir::homePath());
    QString error;
    if (!dir.isEmpty() && !addFromRun(dir, &error))
        report(error);
}

void CompareDialog::addFromFileInteractive()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Genotype File"), QDir::homePath(),
                                                      tr("Genotypes (*.json *.py *.txt);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !addFromFile(path, &error))
        report(error);
}

void CompareDialog::pasteInteractive()
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Paste Genotype"), tr("JSON, a DARTS literal (Genotype(normal=[…], …)) or a NAS-Bench-201 string:"),
        QString(), &ok);
    QString error;
    if (ok && !text.trimmed().isEmpty() && !addFromText(text, &error))
        report(error);
}

bool CompareDialog::setBenchmarkDatabase(const QString &path, QString *error)
{
    if (path.isEmpty()) {
        m_benchmark.reset();
        m_benchmarkPath.clear();
        QSettings().remove(QStringLiteral("compare/benchmarkDatabase"));
        showBenchmark();
        refresh();
        return true;
    }
    try {
        auto db = std::make_unique<benchmark::BenchmarkDatabase>(path.toStdString());
        m_benchmark = std::move(db);
        m_benchmarkPath = path;
        QSettings().setValue(QStringLiteral("compare/benchmarkDatabase"), path);
        showBenchmark();
        refresh();
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void CompareDialog::showBenchmark()
{
    m_benchmarkLabel->setText(m_benchmarkPath.isEmpty() ? tr("none") : QFileInfo(m_benchmarkPath).fileName());
    m_benchmarkLabel->setToolTip(QDir::toNativeSeparators(m_benchmarkPath));
}

void CompareDialog::setBenchmarkDataset(const QString &dataset)
{
    if (const int index = m_benchmarkDataset->findData(dataset); index >= 0)
        m_benchmarkDataset->setCurrentIndex(index);
}

QString CompareDialog::benchmarkDataset() const { return m_benchmarkDataset->currentData().toString(); }

std::optional<double> CompareDialog::benchmarkTest(const model::Genotype &genotype) const
{
    if (!m_benchmark || genotype.space != model::SpaceKind::NasBench201)
        return std::nullopt;
    try {
        const std::optional<benchmark::ArchitectureResults> found = m_benchmark->find(genotype);
        if (!found)
            return std::nullopt;
        const benchmark::DatasetResults *results = found->dataset(benchmarkDataset().toStdString());
        return results ? results->testAccuracy200 : std::nullopt;
    } catch (const std::exception &) {
        return std::nullopt; // a cell the benchmark cannot look up has no accuracy
    }
}

bool CompareDialog::sizesKnown() const
{
    for (const Entry &entry : m_entries)
        if (m_counter->parameters(entry.genotype, m_channels->value(), m_layers->value()) < 0 &&
            m_counter->problem(entry.genotype, m_channels->value(), m_layers->value()).isEmpty())
            return false;
    return true;
}

model::TextTable CompareDialog::cellTable() const
{
    std::vector<model::CellTableRow> rows;
    bool darts = false, nb201 = false;
    for (const Entry &entry : m_entries) {
        model::CellTableRow row;
        row.name = entry.label.toStdString();
        const qint64 parameters = m_counter->parameters(entry.genotype, m_channels->value(), m_layers->value());
        const qint64 multiplyAdds = m_counter->multiplyAdds(entry.genotype, m_channels->value(), m_layers->value());
        if (parameters >= 0)
            row.parametersM = static_cast<double>(parameters) / 1e6;
        if (multiplyAdds >= 0)
            row.multiplyAddsM = static_cast<double>(multiplyAdds) / 1e6;
        row.benchmarkTest = benchmarkTest(entry.genotype);
        darts = darts || entry.genotype.space == model::SpaceKind::Darts;
        nb201 = nb201 || entry.genotype.space == model::SpaceKind::NasBench201;
        rows.push_back(std::move(row));
    }
    // The networks the sizes are of, as the papers state them (one 32×32 image).
    const int c = m_channels->value(), layers = m_layers->value();
    std::vector<std::string> networks;
    if (darts)
        networks.push_back("NetworkCIFAR, C=" + std::to_string(c > 0 ? c : 36) + ", " +
                           std::to_string(layers > 0 ? layers : 20) + " cells");
    if (nb201)
        networks.push_back("NAS-Bench-201 TinyNetwork, C=" + std::to_string(c > 0 ? c : 16) +
                           ", N=" + std::to_string(layers > 0 ? layers : 5));
    std::string caption = "Cells compared and their evaluation networks";
    for (std::size_t i = 0; i < networks.size(); ++i)
        caption += (i == 0 ? " (" : "; ") + networks[i] + (i + 1 == networks.size() ? ")" : "");
    model::TextTable table = model::cellTable(rows, benchmarkDataset().toStdString(), caption);
    table.label = "tab:cells";
    return table;
}

bool CompareDialog::exportTable(const QString &path, QString *error, bool replace) const
{
    return writeTableFile(path, cellTable(), replace, error);
}

void CompareDialog::copyTable(TableFormat format) const
{
    QGuiApplication::clipboard()->setText(tableText(cellTable(), format));
    m_message->setText(sizesKnown() ? tr("Table copied.") : tr("Table copied; some sizes were still being counted."));
}

void CompareDialog::chooseBenchmarkInteractive()
{
    const QString start = m_benchmarkPath.isEmpty() ? QDir::homePath() : QFileInfo(m_benchmarkPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("NAS-Bench-201 Database"), start,
                                                      tr("Benchmark databases (*.sqlite *.db);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !setBenchmarkDatabase(path, &error))
        report(error);
}

void CompareDialog::exportTableInteractive()
{
    const TableFileChoice choice =
        askTableFile(this, tr("Export Table"), QDir::home().filePath(QStringLiteral("cells.tex")));
    if (choice.path.isEmpty())
        return;
    QString error;
    if (!exportTable(choice.path, &error, choice.replace))
        report(error);
    else
        report(tr("Wrote %1").arg(QDir::toNativeSeparators(choice.path)));
}

void CompareDialog::exportFigureInteractive()
{
    FigureExportDialog dialog(tr("Export Comparison Figure"), QStringLiteral("compare"),
                              QDir::home().filePath(QStringLiteral("genotype-comparison")), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!m_view->exportFigure(dialog.path(), dialog.figureSize(), &error))
        report(error);
}

} // namespace gdas::app
