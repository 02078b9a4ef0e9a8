#include "RetrainDialog.h"

#include "DataFolderCheck.h"
#include "DataFolderRows.h"
#include "FreshNameButton.h"
#include "ScientificSpinBox.h"
#include "SearchPresets.h"
#include "WeightsOptimiserRows.h"

#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <limits>

namespace gdas::app {

namespace {

const QString kCurrent = QStringLiteral("@current");
const QString kOther = QStringLiteral("@other");

QSpinBox *makeSpin(int minimum, int maximum, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(minimum, maximum);
    return spin;
}

} // namespace

RetrainDialog::RetrainDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Retrain a Genotype"));
    auto *layout = new QVBoxLayout(this);
    auto *tabs = new QTabWidget(this);
    auto *main = new QWidget(tabs);
    auto *training = new QWidget(tabs);
    tabs->addTab(main, tr("&Network && Data"));
    tabs->addTab(training, tr("&Training"));
    layout->addWidget(tabs);

    auto *form = new QFormLayout(main);
    m_genotypeSource = new QComboBox(main);
    for (const std::string &name : model::builtinGenotypeNames())
        m_genotypeSource->addItem(tr("Published: %1").arg(QString::fromStdString(name)), QString::fromStdString(name));
    m_genotypeSource->addItem(tr("Other: a name, a file or the text"), kOther);
    m_genotypeSource->setToolTip(tr("The cell to train: a published one, the open run's, or any other "
                                    "(a name, a genotype file or the text)"));
    form->addRow(tr("&Genotype:"), m_genotypeSource);
    auto *textRow = new QHBoxLayout;
    m_genotypeText = new QLineEdit(main);
    m_genotypeText->setPlaceholderText(tr("DARTS_V2, /path/genotype.json, Genotype(normal=[…]) or |nor_conv_3x3~0|+…"));
    auto *browse = new QPushButton(tr("Browse…"), main);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Genotype File"), QDir::homePath(),
                                                          tr("Genotypes (*.json *.py *.txt);;All files (*)"));
        if (!path.isEmpty()) {
            m_genotypeSource->setCurrentIndex(m_genotypeSource->findData(kOther));
            m_genotypeText->setText(path);
        }
    });
    textRow->addWidget(m_genotypeText, 1);
    textRow->addWidget(browse);
    form->addRow(QString(), textRow);

    m_dataRows = new DataFolderRows(form, main);
    m_dataset = m_dataRows->datasetBox();
    m_dataRows->imageSizeBox()->setValue(engine::DataConfig().imageSize);
    connect(m_dataRows, &DataFolderRows::changed, this, &RetrainDialog::revalidate);

    m_channels = makeSpin(0, 1024, main);
    m_channels->setSpecialValueText(tr("default (36; Fashion-MNIST 16; NAS-Bench-201 16)"));
    m_channels->setToolTip(tr("C: channels of the first cells of the evaluation network"));
    form->addRow(tr("&Channels (C):"), m_channels);
    m_layers = makeSpin(0, 200, main);
    m_layers->setSpecialValueText(tr("default (20 cells; Fashion-MNIST 8; NAS-Bench-201 N=5)"));
    m_layers->setToolTip(tr("DARTS space: cells in all; NAS-Bench-201: cells per stage"));
    form->addRow(tr("&Layers:"), m_layers);
    m_auxiliary = new QCheckBox(tr("Auxiliary head after 2/3 of the depth"), main);
    form->addRow(tr("A&uxiliary:"), m_auxiliary);
    m_seed = makeSpin(0, std::numeric_limits<int>::max(), main);
    m_seed->setToolTip(tr("Seeds the initial weights and the data order: the same seed repeats a run"));
    form->addRow(tr("See&d:"), m_seed);
    m_device = new QComboBox(main);
    m_device->setEditable(true);
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_device->setToolTip(tr("auto, cpu, cuda or cuda:N"));
    form->addRow(tr("De&vice:"), m_device);
    m_name = new QLineEdit(main);
    m_name->setToolTip(tr("Names the run and its folder; empty uses the generated name shown"));
    form->addRow(tr("Run &name:"), m_name);
    m_outputDir = new QLineEdit(main);
    m_outputDir->setObjectName(QStringLiteral("outputFolder"));
    m_outputDir->setToolTip(tr("The run directory to write; it must not exist yet or be empty"));
    form->addRow(tr("&Output folder:"), m_outputDir);

    auto *train = new QFormLayout(training);
    m_epochs = makeSpin(1, 100000, training);
    train->addRow(tr("&Epochs:"), m_epochs);
    m_batchSize = makeSpin(2, 65536, training);
    train->addRow(tr("&Batch size:"), m_batchSize);
    m_optimiser = new WeightsOptimiserRows(train, training, tr("&Gradient clip:"));
    m_auxiliaryWeight = ScientificSpinBox::create(0.0, 10.0, training);
    train->addRow(tr("Auxiliary &weight:"), m_auxiliaryWeight);
    m_dropPath = ScientificSpinBox::create(0.0, 0.99, training);
    m_dropPath->setSingleStep(0.05);
    train->addRow(tr("&Drop-path:"), m_dropPath);
    m_cutout = makeSpin(0, 256, training);
    m_cutout->setSpecialValueText(tr("off"));
    train->addRow(tr("C&utout side:"), m_cutout);
    m_trainLimit = makeSpin(0, std::numeric_limits<int>::max(), training);
    m_trainLimit->setSpecialValueText(tr("all images"));
    train->addRow(tr("&Training images:"), m_trainLimit);
    m_testLimit = makeSpin(0, std::numeric_limits<int>::max(), training);
    m_testLimit->setSpecialValueText(tr("all images"));
    train->addRow(tr("Te&st images:"), m_testLimit);
    m_maxSteps = makeSpin(0, std::numeric_limits<int>::max(), training);
    m_maxSteps->setSpecialValueText(tr("the whole training set"));
    train->addRow(tr("Ma&x steps per epoch:"), m_maxSteps);
    m_logEvery = makeSpin(1, 100000, training);
    train->addRow(tr("&Log every (steps):"), m_logEvery);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_startButton = buttons->button(QDialogButtonBox::Ok);
    m_startButton->setText(tr("&Start Retraining"));
    m_freshNameButton = addFreshNameButton(buttons, m_outputDir, [this] { return config().runDir; });
    auto *quick = buttons->addButton(tr("&Quick Look on CPU"), QDialogButtonBox::ActionRole);
    connect(quick, &QPushButton::clicked, this, &RetrainDialog::applyQuickLook);
    connect(buttons, &QDialogButtonBox::accepted, this, &RetrainDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RetrainDialog::reject);
    layout->addWidget(buttons);

    const engine::RetrainConfig defaults;
    m_epochs->setValue(defaults.epochs);
    m_batchSize->setValue(defaults.batchSize);
    m_channels->setValue(defaults.network.channels);
    m_layers->setValue(defaults.network.layers);
    m_auxiliary->setChecked(defaults.network.auxiliary);
    m_auxiliaryWeight->setValue(defaults.auxiliaryWeight);
    m_dropPath->setValue(defaults.dropPath);
    m_cutout->setValue(defaults.data.cutout);
    m_optimiser->setSettings(WeightsOptimiserSettings::of(defaults));
    m_logEvery->setValue(defaults.logEvery);

    for (QLineEdit *edit : {m_genotypeText, m_dataRows->folderEdit(), m_name, m_outputDir})
        connect(edit, &QLineEdit::textChanged, this, &RetrainDialog::revalidate);
    for (QComboBox *combo : {m_genotypeSource, m_dataset, m_device})
        connect(combo, &QComboBox::currentTextChanged, this, &RetrainDialog::revalidate);
    for (QSpinBox *spin : findChildren<QSpinBox *>())
        connect(spin, &QSpinBox::valueChanged, this, &RetrainDialog::revalidate);
    for (QDoubleSpinBox *spin : findChildren<QDoubleSpinBox *>())
        connect(spin, &QDoubleSpinBox::valueChanged, this, &RetrainDialog::revalidate);
    connect(m_genotypeSource, &QComboBox::currentIndexChanged, this, &RetrainDialog::updateGenotypeFields);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &RetrainDialog::updateGenotypeFields);
    connect(m_name, &QLineEdit::textChanged, this, &RetrainDialog::updateGeneratedName);
    updateGenotypeFields();
}

void RetrainDialog::setGenotype(const model::Genotype &genotype, const QString &label)
{
    m_current = genotype;
    m_currentLabel = label;
    const int existing = m_genotypeSource->findData(kCurrent);
    if (existing >= 0)
        m_genotypeSource->removeItem(existing);
    m_genotypeSource->insertItem(0, tr("Open run: %1").arg(label), kCurrent);
    m_genotypeSource->setCurrentIndex(0);
    updateGenotypeFields();
}

void RetrainDialog::updateGenotypeFields()
{
    m_genotypeText->setEnabled(m_genotypeSource->currentData().toString() == kOther);
    m_dataRows->showDataset();
    updateGeneratedName();
}

void RetrainDialog::updateGeneratedName()
{
    QString genotype = m_genotypeSource->currentData().toString();
    if (genotype == kCurrent)
        genotype = m_currentLabel;
    else if (genotype == kOther)
        genotype = QStringLiteral("genotype");
    genotype.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
    m_generatedName = QStringLiteral("retrain-%1-%2-%3")
                          .arg(genotype, m_dataset->currentData().toString(),
                               QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    m_name->setPlaceholderText(m_generatedName);
    const QString name = m_name->text().trimmed().isEmpty() ? m_generatedName : m_name->text().trimmed();
    m_outputDir->setPlaceholderText(QDir(defaultRunsFolder()).filePath(name));
    revalidate();
}

std::optional<model::Genotype> RetrainDialog::chosenGenotype(QString *error) const
{
    const QString source = m_genotypeSource->currentData().toString();
    try {
        if (source == kCurrent && m_current)
            return m_current;
        if (source == kOther) {
            if (m_genotypeText->text().trimmed().isEmpty()) {
                *error = tr("Give a genotype: a published name, a file, or the text itself.");
                return std::nullopt;
            }
            return model::resolveGenotype(m_genotypeText->text().trimmed().toStdString());
        }
        if (auto g = model::builtinGenotype(source.toStdString()))
            return g;
        *error = tr("Unknown genotype “%1”.").arg(source);
    } catch (const std::exception &e) {
        *error = QString::fromUtf8(e.what());
    }
    return std::nullopt;
}

engine::RetrainConfig RetrainDialog::config() const
{
    engine::RetrainConfig c;
    QString ignored;
    if (auto g = chosenGenotype(&ignored))
        c.network.genotype = *g;
    const QString source = m_genotypeSource->currentData().toString();
    c.genotypeSource = (source == kCurrent ? m_currentLabel
                        : source == kOther ? m_genotypeText->text().trimmed()
                                           : source)
                           .toStdString();
    c.network.channels = m_channels->value();
    c.network.layers = m_layers->value();
    c.network.auxiliary = m_auxiliary->isChecked();
    c.data.dataset = m_dataset->currentData().toString().toStdString();
    c.data.dataDir = c.data.dataset == "synthetic" ? std::string() : m_dataRows->folder().toStdString();
    c.data.cutout = m_cutout->value();
    c.data.imageSize = m_dataRows->imageSizeBox()->value();
    c.data.trainLimit = m_trainLimit->value();
    c.data.testLimit = m_testLimit->value();
    c.epochs = m_epochs->value();
    c.batchSize = m_batchSize->value();
    m_optimiser->settings().applyTo(c);
    c.auxiliaryWeight = m_auxiliaryWeight->value();
    c.dropPath = m_dropPath->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    c.device = m_device->currentText().trimmed().toStdString();
    c.maxStepsPerEpoch = m_maxSteps->value();
    c.logEvery = m_logEvery->value();
    const QString name = m_name->text().trimmed().isEmpty() ? m_generatedName : m_name->text().trimmed();
    c.name = name.toStdString();
    const QString out = m_outputDir->text().trimmed().isEmpty() ? QDir(defaultRunsFolder()).filePath(name)
                                                                : m_outputDir->text().trimmed();
    c.runDir = QDir::cleanPath(QDir::fromNativeSeparators(out)).toStdString();
    return c;
}

QString RetrainDialog::problem() const
{
    QString error;
    if (!chosenGenotype(&error))
        return error;
    const engine::RetrainConfig c = config();
    if (!isDeviceName(QString::fromStdString(c.device)))
        return tr("Device “%1” is not one of auto, cpu, cuda or cuda:N.").arg(QString::fromStdString(c.device));
    if (c.data.dataset == "folder") {
        if (const QString folderProblem = m_dataRows->imageFolderProblem(c.data.imageSize); !folderProblem.isEmpty())
            return folderProblem;
    } else if (const QString dataProblem =
                   checkDataFolder(QString::fromStdString(c.data.dataset), QString::fromStdString(c.data.dataDir));
               !dataProblem.isEmpty()) {
        return dataProblem;
    }
    try {
        engine::RetrainConfig resolved = c;
        resolved.resolveDefaults();
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    }
    const QFileInfo out(QString::fromStdString(c.runDir));
    if (out.exists() && (!out.isDir() || !QDir(out.filePath()).isEmpty()))
        return tr("The output folder %1 is not empty.").arg(QDir::toNativeSeparators(out.filePath()));
    return {};
}

void RetrainDialog::revalidate()
{
    if (!m_startButton)
        return;
    const QString reason = problem();
    m_message->setText(reason);
    m_startButton->setEnabled(reason.isEmpty());
    updateFreshNameButton(m_freshNameButton, config().runDir);
}

void RetrainDialog::applyQuickLook()
{
    const bool nb201 = [&] {
        QString ignored;
        const auto g = chosenGenotype(&ignored);
        return g && g->space == model::SpaceKind::NasBench201;
    }();
    m_dataset->setCurrentIndex(m_dataset->findData(QStringLiteral("fashion-mnist")));
    m_epochs->setValue(5);
    m_batchSize->setValue(32);
    m_channels->setValue(8);
    m_layers->setValue(nb201 ? 1 : 6);
    // DARTS's auxiliary head expects 8x8 maps at 2/3 of the depth; 28-pixel images give 7x7.
    m_auxiliary->setChecked(false);
    m_trainLimit->setValue(2000);
    m_testLimit->setValue(500);
    m_maxSteps->setValue(20);
    m_logEvery->setValue(2);
    m_device->setCurrentText(QStringLiteral("cpu"));
}

void RetrainDialog::loadSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("retrain"));
    const int dataset = m_dataset->findData(settings.value(QStringLiteral("dataset")).toString());
    if (dataset >= 0)
        m_dataset->setCurrentIndex(dataset);
    m_dataRows->folderEdit()->setText(settings.value(QStringLiteral("dataDir")).toString());
    m_dataRows->imageSizeBox()->setValue(
        settings.value(QStringLiteral("imageSize"), m_dataRows->imageSizeBox()->value()).toInt());
    m_epochs->setValue(settings.value(QStringLiteral("epochs"), m_epochs->value()).toInt());
    m_batchSize->setValue(settings.value(QStringLiteral("batchSize"), m_batchSize->value()).toInt());
    m_channels->setValue(settings.value(QStringLiteral("channels"), m_channels->value()).toInt());
    m_layers->setValue(settings.value(QStringLiteral("layers"), m_layers->value()).toInt());
    m_trainLimit->setValue(settings.value(QStringLiteral("trainLimit"), m_trainLimit->value()).toInt());
    m_testLimit->setValue(settings.value(QStringLiteral("testLimit"), m_testLimit->value()).toInt());
    m_maxSteps->setValue(settings.value(QStringLiteral("maxSteps"), m_maxSteps->value()).toInt());
    m_device->setCurrentText(settings.value(QStringLiteral("device"), m_device->currentText()).toString());
    m_seed->setValue(settings.value(QStringLiteral("seed"), m_seed->value()).toInt());
}

void RetrainDialog::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("retrain"));
    settings.setValue(QStringLiteral("dataset"), m_dataset->currentData());
    settings.setValue(QStringLiteral("dataDir"), m_dataRows->folderEdit()->text());
    settings.setValue(QStringLiteral("imageSize"), m_dataRows->imageSizeBox()->value());
    settings.setValue(QStringLiteral("epochs"), m_epochs->value());
    settings.setValue(QStringLiteral("batchSize"), m_batchSize->value());
    settings.setValue(QStringLiteral("channels"), m_channels->value());
    settings.setValue(QStringLiteral("layers"), m_layers->value());
    settings.setValue(QStringLiteral("trainLimit"), m_trainLimit->value());
    settings.setValue(QStringLiteral("testLimit"), m_testLimit->value());
    settings.setValue(QStringLiteral("maxSteps"), m_maxSteps->value());
    settings.setValue(QStringLiteral("device"), m_device->currentText());
    settings.setValue(QStringLiteral("seed"), m_seed->value());
}

void RetrainDialog::accept()
{
    if (!problem().isEmpty()) {
        revalidate();
        return;
    }
    saveSettings();
    QDialog::accept();
}

} // namespace gdas::app
