#include "NewSearchDialog.h"

#include "DataFolderCheck.h"
#include "DataFolderRows.h"
#include "FreshNameButton.h"
#include "ScientificSpinBox.h"
#include "SearchConfigSettings.h"
#include "SearchPresets.h"
#include "WeightsOptimiserRows.h"

#include "engine/EngineError.h"
#include "model/SearchSpace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include <limits>

namespace gdas::app {

namespace {

const QString kSettingsGroup = QStringLiteral("newSearch");

QSpinBox *makeSpin(int minimum, int maximum, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(minimum, maximum);
    spin->setKeyboardTracking(false);
    return spin;
}

// A row of `form` (on its tab) holding a spin box of the range, explained by `toolTip`.
QSpinBox *addSpinRow(QFormLayout *form, const QString &label, int minimum, int maximum, const QString &toolTip)
{
    QSpinBox *spin = makeSpin(minimum, maximum, form->parentWidget());
    spin->setToolTip(toolTip);
    form->addRow(label, spin);
    return spin;
}

void selectData(QComboBox *combo, const QString &value)
{
    const int index = combo->findData(value);
    if (index >= 0)
        combo->setCurrentIndex(index);
    else if (combo->isEditable())
        combo->setEditText(value);
}

QString str(const std::string &s) { return QString::fromStdString(s); }

} // namespace

NewSearchDialog::NewSearchDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New Search"));
    auto *layout = new QVBoxLayout(this);
    auto *tabs = new QTabWidget(this);
    auto *searchTab = new QWidget(tabs);
    auto *optimisationTab = new QWidget(tabs);
    auto *dataTab = new QWidget(tabs);
    buildSearchTab(searchTab);
    buildOptimisationTab(optimisationTab);
    buildDataTab(dataTab);
    tabs->addTab(searchTab, tr("&Search"));
    tabs->addTab(optimisationTab, tr("&Optimisation"));
    tabs->addTab(dataTab, tr("&Data && Limits"));
    layout->addWidget(tabs);

    auto *messageRow = new QHBoxLayout;
    m_messageIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_messageIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    messageRow->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageRow->addWidget(m_message, 1);
    layout->addLayout(messageRow);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_startButton = m_buttons->button(QDialogButtonBox::Ok);
    m_startButton->setText(tr("&Start Search"));
    auto *quickLook = m_buttons->addButton(tr("&Quick Look on CPU"), QDialogButtonBox::ActionRole);
    quickLook->setToolTip(tr("A small search on 2000 Fashion-MNIST images that shows the cells evolving "
                             "within a few minutes on two CPU cores"));
    // Both spaces: NAS-Bench-201 is the fastest look, but only DARTS has a reduction cell.
    auto *quickLookMenu = new QMenu(quickLook);
    quickLookMenu->addAction(tr("NAS-Bench-201: one cell, about a minute"), this,
                             [this] { applyQuickLook("nas-bench-201"); });
    quickLookMenu->addAction(tr("DARTS: normal and reduction cells, about two minutes"), this,
                             [this] { applyQuickLook("darts"); });
    quickLook->setMenu(quickLookMenu);
    m_freshNameButton = addFreshNameButton(m_buttons, m_outputDir, [this] { return config().runDir; });
    auto *paper = m_buttons->addButton(tr("&Paper Defaults"), QDialogButtonBox::ResetRole);
    paper->setToolTip(tr("The settings of the official GDAS search scripts"));
    connect(paper, &QPushButton::clicked, this, &NewSearchDialog::applyPaperDefaults);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewSearchDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewSearchDialog::reject);
    layout->addWidget(m_buttons);

    // Every edit re-checks the whole config: the checks depend on each other (space, batch, FRC).
    const auto fields = findChildren<QWidget *>();
    for (QWidget *w : fields) {
        if (auto *spin = qobject_cast<QSpinBox *>(w))
            connect(spin, &QSpinBox::valueChanged, this, &NewSearchDialog::revalidate);
        else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(w))
            connect(dspin, &QDoubleSpinBox::valueChanged, this, &NewSearchDialog::revalidate);
        else if (auto *combo = qobject_cast<QComboBox *>(w))
            connect(combo, &QComboBox::currentTextChanged, this, &NewSearchDialog::revalidate);
        else if (auto *edit = qobject_cast<QLineEdit *>(w); edit && !qobject_cast<QSpinBox *>(w->parent()) &&
                                                            !qobject_cast<QDoubleSpinBox *>(w->parent()) &&
                                                            !qobject_cast<QComboBox *>(w->parent()))
            connect(edit, &QLineEdit::textChanged, this, &NewSearchDialog::revalidate);
        else if (auto *check = qobject_cast<QCheckBox *>(w))
            connect(check, &QCheckBox::toggled, this, &NewSearchDialog::revalidate);
    }
    connect(m_space, &QComboBox::currentIndexChanged, this, &NewSearchDialog::updateSpaceDependentFields);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &NewSearchDialog::updateSpaceDependentFields);
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, &NewSearchDialog::updateGeneratedName);

    setConfig(paperSearchConfig());
}

void NewSearchDialog::buildSearchTab(QWidget *tab)
{
    auto *form = new QFormLayout(tab);
    m_space = new QComboBox(tab);
    m_space->addItem(tr("DARTS (NASNet cells)"), QStringLiteral("darts"));
    m_space->addItem(tr("NAS-Bench-201"), QStringLiteral("nas-bench-201"));
    m_space->setToolTip(tr("DARTS: normal and reduction cells of 4 nodes and 8 candidate operations; "
                           "NAS-Bench-201: one cell of 4 nodes and 5 operations"));
    form->addRow(tr("Search s&pace:"), m_space);

    m_algorithm = new QComboBox(tab);
    m_algorithm->addItem(tr("GDAS"), QStringLiteral("gdas"));
    m_algorithm->addItem(tr("GDAS-FRC (fixed reduction cell)"), QStringLiteral("gdas-frc"));
    m_algorithm->addItem(tr("DARTS (first order)"), QStringLiteral("darts"));
    m_algorithm->setToolTip(tr("GDAS samples one operation per edge; GDAS-FRC searches the normal cell only; "
                               "DARTS mixes all operations (first-order gradient)"));
    form->addRow(tr("&Algorithm:"), m_algorithm);

    m_dataRows = new DataFolderRows(form, tab);
    m_dataset = m_dataRows->datasetBox();
    m_dataset->setToolTip(tr("The training set is split in halves: one trains the weights, the other the "
                             "architecture"));
    m_dataRows->imageSizeBox()->setKeyboardTracking(false);
    connect(m_dataRows, &DataFolderRows::changed, this, &NewSearchDialog::revalidate);

    m_epochs =
        addSpinRow(form, tr("&Epochs:"), 1, 100000, tr("Passes over the training half; τ falls linearly over them"));
    m_batchSize = addSpinRow(form, tr("&Batch size:"), 0, 65536,
                             tr("Images per batch in each half of the split; 0 uses the space's default"));
    m_channels = addSpinRow(form, tr("&Channels (C):"), 1, 1024, tr("C: channels of the first stage"));
    m_cells =
        addSpinRow(form, tr("Cells per stage (&N):"), 0, 64, tr("N: cells per stage; 0 uses the space's default"));

    m_seed = addSpinRow(form, tr("Se&ed:"), 0, std::numeric_limits<int>::max(),
                        tr("Seeds the split, the initial weights and the Gumbel noise: the same seed "
                           "repeats a search"));

    m_device = new QComboBox(tab);
    m_device->setEditable(true);
    m_device->addItem(tr("auto (CUDA when available)"), QStringLiteral("auto"));
    m_device->addItem(tr("cpu"), QStringLiteral("cpu"));
    m_device->addItem(tr("cuda"), QStringLiteral("cuda"));
    m_device->setToolTip(tr("auto, cpu, cuda or cuda:N"));
    form->addRow(tr("De&vice:"), m_device);
    m_threads = addSpinRow(form, tr("CPU &threads:"), 0, 512, tr("Threads LibTorch uses on the CPU"));
    m_threads->setSpecialValueText(tr("LibTorch default"));

    m_name = new QLineEdit(tab);
    m_name->setToolTip(tr("Names the run and its folder; empty uses the generated name shown"));
    form->addRow(tr("Run &name:"), m_name);
    auto *outputRow = new QHBoxLayout;
    m_outputDir = new QLineEdit(tab);
    m_outputDir->setToolTip(tr("The run directory to write; it must not exist yet or be empty"));
    auto *outputButton = new QPushButton(tr("Browse…"), tab);
    connect(outputButton, &QPushButton::clicked, this, &NewSearchDialog::chooseOutputFolder);
    outputRow->addWidget(m_outputDir, 1);
    outputRow->addWidget(outputButton);
    auto *outputLabel = new QLabel(tr("&Output folder:"), tab);
    outputLabel->setBuddy(m_outputDir);
    form->addRow(outputLabel, outputRow);
    connect(m_name, &QLineEdit::textChanged, this, &NewSearchDialog::updateGeneratedName);
}

void NewSearchDialog::buildOptimisationTab(QWidget *tab)
{
    auto *form = new QFormLayout(tab);
    form->addRow(new QLabel(tr("<b>Weights</b> (SGD, Nesterov, cosine schedule)"), tab));
    m_optimiser = new WeightsOptimiserRows(form, tab, tr("&Gradient clip (norm):"));

    form->addRow(new QLabel(tr("<b>Architecture</b> (Adam)"), tab));
    m_archLr = ScientificSpinBox::create(0.0, 10.0, tab);
    form->addRow(tr("Arch learning r&ate:"), m_archLr);
    m_archBeta1 = ScientificSpinBox::create(0.0, 0.9999, tab);
    m_archBeta1->setSingleStep(0.1);
    form->addRow(tr("Adam β&1:"), m_archBeta1);
    m_archBeta2 = ScientificSpinBox::create(0.0, 0.999999, tab);
    m_archBeta2->setSingleStep(0.1);
    form->addRow(tr("Adam β&2:"), m_archBeta2);
    m_archWeightDecay = ScientificSpinBox::create(0.0, 1.0, tab);
    form->addRow(tr("Arch weight &decay:"), m_archWeightDecay);

    form->addRow(new QLabel(tr("<b>Gumbel-softmax temperature</b> (linear from τ max to τ min)"), tab));
    m_tauMax = ScientificSpinBox::create(0.0, 1000.0, tab);
    form->addRow(tr("τ ma&x:"), m_tauMax);
    m_tauMin = ScientificSpinBox::create(0.0, 1000.0, tab);
    form->addRow(tr("τ mi&n:"), m_tauMin);
    m_deriveRule = new QComboBox(tab);
    m_deriveRule->addItem(tr("DARTS: two strongest distinct inputs per node"), QStringLiteral("darts"));
    m_deriveRule->addItem(tr("GDAS official: two strongest (op, input) pairs"), QStringLiteral("gdas"));
    form->addRow(tr("Genotype &rule:"), m_deriveRule);
}

void NewSearchDialog::buildDataTab(QWidget *tab)
{
    auto *form = new QFormLayout(tab);
    m_trainLimit = makeSpin(0, std::numeric_limits<int>::max(), tab);
    m_trainLimit->setSpecialValueText(tr("all images"));
    form->addRow(tr("&Training images:"), m_trainLimit);
    m_testLimit = makeSpin(0, std::numeric_limits<int>::max(), tab);
    m_testLimit->setSpecialValueText(tr("all images"));
    form->addRow(tr("T&est images:"), m_testLimit);
    m_maxSteps = makeSpin(0, std::numeric_limits<int>::max(), tab);
    m_maxSteps->setSpecialValueText(tr("the whole half-split"));
    form->addRow(tr("&Max steps per epoch:"), m_maxSteps);
    m_logEvery = makeSpin(1, 100000, tab);
    form->addRow(tr("&Log every (steps):"), m_logEvery);
    m_augment = new QCheckBox(tr("Random crop and horizontal flip"), tab);
    form->addRow(tr("&Augmentation:"), m_augment);
    m_cutout = makeSpin(0, 256, tab);
    m_cutout->setSpecialValueText(tr("off"));
    form->addRow(tr("C&utout side:"), m_cutout);

    form->addRow(new QLabel(tr("<b>Synthetic data set</b>"), tab));
    m_syntheticSize = makeSpin(2, std::numeric_limits<int>::max(), tab);
    form->addRow(tr("Ima&ges:"), m_syntheticSize);
    m_syntheticChannels = makeSpin(1, 16, tab);
    form->addRow(tr("C&hannels:"), m_syntheticChannels);
    m_syntheticSide = makeSpin(8, 512, tab);
    form->addRow(tr("&Side (pixels):"), m_syntheticSide);
    m_syntheticClasses = makeSpin(2, 1000, tab);
    form->addRow(tr("Cla&sses:"), m_syntheticClasses);

    form->addRow(new QLabel(tr("<b>Performance</b>"), tab));
    m_channelsLast = new QCheckBox(tr("Channels-last activations (faster oneDNN convolutions on CPU)"), tab);
    form->addRow(m_channelsLast);
    m_deterministic = new QCheckBox(tr("Deterministic algorithms (reproducible on GPU, slower)"), tab);
    form->addRow(m_deterministic);
}

QString NewSearchDialog::currentSpace() const { return m_space->currentData().toString(); }

QString NewSearchDialog::currentDataset() const { return m_dataset->currentData().toString(); }

void NewSearchDialog::updateSpaceDependentFields()
{
    const std::string space = currentSpace().toStdString();
    const bool darts = model::SearchSpace::byName(space).kind == model::SpaceKind::Darts;
    m_batchSize->setSpecialValueText(tr("space default (%1)").arg(spaceDefaultBatchSize(space)));
    m_cells->setSpecialValueText(tr("space default (%1)").arg(spaceDefaultCells(space)));
    if (auto *model = qobject_cast<QStandardItemModel *>(m_algorithm->model())) {
        if (QStandardItem *frc = model->item(m_algorithm->findData(QStringLiteral("gdas-frc"))))
            frc->setEnabled(darts);
    }
    const QString dataset = currentDataset();
    const bool synthetic = dataset == QLatin1String("synthetic");
    m_dataRows->showDataset();
    for (QSpinBox *spin : {m_syntheticSize, m_syntheticChannels, m_syntheticSide, m_syntheticClasses})
        spin->setEnabled(synthetic);
    updateGeneratedName();
}

void NewSearchDialog::updateGeneratedName()
{
    engine::SearchConfig probe;
    probe.space = currentSpace().toStdString();
    probe.algorithm = engine::algorithmByName(m_algorithm->currentData().toString().toStdString());
    probe.data.dataset = currentDataset().toStdString();
    m_generatedName = generatedRunName(probe);
    m_name->setPlaceholderText(m_generatedName);
    const QString name = m_name->text().trimmed().isEmpty() ? m_generatedName : m_name->text().trimmed();
    m_outputDir->setPlaceholderText(QDir(defaultRunsFolder()).filePath(name));
    revalidate();
}

void NewSearchDialog::setConfig(const engine::SearchConfig &c)
{
    selectData(m_space, str(c.space));
    selectData(m_algorithm, str(engine::toString(c.algorithm)));
    selectData(m_dataset, str(c.data.dataset));
    m_dataRows->folderEdit()->setText(str(c.data.dataDir));
    m_dataRows->imageSizeBox()->setValue(c.data.imageSize);
    m_epochs->setValue(c.epochs);
    m_batchSize->setValue(c.batchSize);
    m_channels->setValue(c.channels);
    m_cells->setValue(c.cells);
    m_seed->setValue(static_cast<int>(qMin<std::uint64_t>(c.seed, std::numeric_limits<int>::max())));
    selectData(m_device, str(c.device));
    m_threads->setValue(c.threads);
    m_name->setText(str(c.name));
    m_outputDir->setText(str(c.runDir));

    m_optimiser->setSettings(WeightsOptimiserSettings::of(c));
    m_archLr->setValue(c.archLr);
    m_archBeta1->setValue(c.archBeta1);
    m_archBeta2->setValue(c.archBeta2);
    m_archWeightDecay->setValue(c.archWeightDecay);
    m_tauMax->setValue(c.tauMax);
    m_tauMin->setValue(c.tauMin);
    selectData(m_deriveRule, str(c.deriveRule));

    m_trainLimit->setValue(static_cast<int>(qMin<std::int64_t>(c.data.trainLimit, std::numeric_limits<int>::max())));
    m_testLimit->setValue(static_cast<int>(qMin<std::int64_t>(c.data.testLimit, std::numeric_limits<int>::max())));
    m_maxSteps->setValue(static_cast<int>(qMin<std::int64_t>(c.maxStepsPerEpoch, std::numeric_limits<int>::max())));
    m_logEvery->setValue(c.logEvery);
    m_augment->setChecked(c.data.augment);
    m_cutout->setValue(c.data.cutout);
    m_syntheticSize->setValue(
        static_cast<int>(qMin<std::int64_t>(c.data.syntheticSize, std::numeric_limits<int>::max())));
    m_syntheticChannels->setValue(c.data.syntheticChannels);
    m_syntheticSide->setValue(c.data.syntheticSide);
    m_syntheticClasses->setValue(c.data.syntheticClasses);
    m_channelsLast->setChecked(c.channelsLast);
    m_deterministic->setChecked(c.deterministic);
    updateSpaceDependentFields();
}

engine::SearchConfig NewSearchDialog::config() const
{
    engine::SearchConfig c;
    c.space = currentSpace().toStdString();
    c.algorithm = engine::algorithmByName(m_algorithm->currentData().toString().toStdString());
    c.data.dataset = currentDataset().toStdString();
    c.data.dataDir = c.data.dataset == "synthetic" ? std::string() : m_dataRows->folder().toStdString();
    c.data.imageSize = m_dataRows->imageSizeBox()->value();
    c.epochs = m_epochs->value();
    c.batchSize = m_batchSize->value();
    c.channels = m_channels->value();
    c.cells = m_cells->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    const int deviceIndex = m_device->findText(m_device->currentText());
    c.device = (deviceIndex >= 0 ? m_device->itemData(deviceIndex).toString() : m_device->currentText().trimmed())
                   .toStdString();
    c.threads = m_threads->value();
    const QString name = m_name->text().trimmed().isEmpty() ? m_generatedName : m_name->text().trimmed();
    c.name = name.toStdString();
    const QString out = m_outputDir->text().trimmed().isEmpty() ? QDir(defaultRunsFolder()).filePath(name)
                                                                : m_outputDir->text().trimmed();
    c.runDir = QDir::cleanPath(QDir::fromNativeSeparators(out)).toStdString();

    m_optimiser->settings().applyTo(c);
    c.archLr = m_archLr->value();
    c.archBeta1 = m_archBeta1->value();
    c.archBeta2 = m_archBeta2->value();
    c.archWeightDecay = m_archWeightDecay->value();
    c.tauMax = m_tauMax->value();
    c.tauMin = m_tauMin->value();
    c.deriveRule = m_deriveRule->currentData().toString().toStdString();

    c.data.trainLimit = m_trainLimit->value();
    c.data.testLimit = m_testLimit->value();
    c.maxStepsPerEpoch = m_maxSteps->value();
    c.logEvery = m_logEvery->value();
    c.data.augment = m_augment->isChecked();
    c.data.cutout = m_cutout->value();
    c.data.syntheticSize = m_syntheticSize->value();
    c.data.syntheticChannels = m_syntheticChannels->value();
    c.data.syntheticSide = m_syntheticSide->value();
    c.data.syntheticClasses = m_syntheticClasses->value();
    c.channelsLast = m_channelsLast->isChecked();
    c.deterministic = m_deterministic->isChecked();
    return c;
}

QString NewSearchDialog::problem() const
{
    const engine::SearchConfig c = config();
    if (!isDeviceName(QString::fromStdString(c.device)))
        return tr("Device “%1” is not one of auto, cpu, cuda or cuda:N.").arg(str(c.device));
    if (c.data.dataset == "folder") {
        if (const QString folderProblem = m_dataRows->imageFolderProblem(c.data.imageSize); !folderProblem.isEmpty())
            return folderProblem;
    } else if (const QString dataProblem = checkDataFolder(str(c.data.dataset), str(c.data.dataDir));
               !dataProblem.isEmpty()) {
        return dataProblem;
    }
    try {
        engine::SearchConfig resolved = c;
        resolved.resolveDefaults();
    } catch (const std::exception &e) {
        QString reason = QString::fromUtf8(e.what());
        if (!reason.isEmpty())
            reason[0] = reason[0].toUpper();
        return reason.endsWith(QLatin1Char('.')) ? reason : reason + QLatin1Char('.');
    }
    const QFileInfo out(str(c.runDir));
    if (out.exists() && !out.isDir())
        return tr("The output folder %1 is a file.").arg(QDir::toNativeSeparators(out.filePath()));
    if (out.isDir()) {
        const QDir dir(out.filePath());
        if (dir.exists(QStringLiteral("config.json")))
            return tr("The output folder %1 already holds a run; choose another one (or open that run to resume it).")
                .arg(QDir::toNativeSeparators(out.filePath()));
        if (!dir.isEmpty())
            return tr("The output folder %1 is not empty.").arg(QDir::toNativeSeparators(out.filePath()));
    }
    return {};
}

QString NewSearchDialog::message() const { return m_message->text(); }

void NewSearchDialog::revalidate()
{
    if (!m_startButton)
        return; // still building
    const QString reason = problem();
    m_message->setText(reason);
    m_message->setVisible(!reason.isEmpty());
    m_messageIcon->setVisible(!reason.isEmpty());
    m_startButton->setEnabled(reason.isEmpty());
    updateFreshNameButton(m_freshNameButton, config().runDir);
}

void NewSearchDialog::applyQuickLook(const std::string &space)
{
    engine::SearchConfig c = quickLookSearchConfig(space);
    const engine::SearchConfig current = config();
    c.seed = current.seed;
    setConfig(c);
}

void NewSearchDialog::applyPaperDefaults()
{
    engine::SearchConfig c = paperSearchConfig();
    const engine::SearchConfig current = config();
    c.data.dataset = current.data.dataset;
    c.data.dataDir = current.data.dataDir;
    setConfig(c);
}

void NewSearchDialog::chooseOutputFolder()
{
    const QString start = m_outputDir->text().isEmpty() ? defaultRunsFolder() : m_outputDir->text();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Output Folder"), start);
    if (!dir.isEmpty())
        m_outputDir->setText(QDir::toNativeSeparators(dir));
}

void NewSearchDialog::loadSettings()
{
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    engine::SearchConfig c = readSearchConfig(settings, paperSearchConfig());
    // A new search gets a new name and folder; only the settings carry over.
    c.name.clear();
    c.runDir.clear();
    setConfig(c);
}

void NewSearchDialog::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    writeSearchConfig(settings, config());
}

void NewSearchDialog::accept()
{
    const QString reason = problem();
    if (!reason.isEmpty()) {
        revalidate();
        return;
    }
    saveSettings();
    QDialog::accept();
}

} // namespace gdas::app
