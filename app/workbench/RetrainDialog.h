#pragma once

#include "engine/RetrainSession.h"
#include "model/Genotype.h"

#include <QDialog>
#include <QString>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace gdas::app {

class DataFolderRows;
class ScientificSpinBox;
class WeightsOptimiserRows;

// Settings of a retraining (DARTS's train.py defaults: 600 epochs, batch 96, C=36 and 20 cells
// -- C=16 and 8 cells on Fashion-MNIST -- auxiliary head 0.4, drop-path 0.2, cutout 16), with
// the genotype taken from the open run, a published cell, or a name / file / text. Invalid
// values are refused inline.
class RetrainDialog : public QDialog {
    Q_OBJECT
public:
    explicit RetrainDialog(QWidget *parent = nullptr);

    void setGenotype(const model::Genotype &genotype, const QString &label); // "current run" entry
    engine::RetrainConfig config() const; // throws nothing; problem() says whether it can run
    QString problem() const;
    void applyQuickLook();
    void loadSettings();
    void saveSettings() const;
    QPushButton *startButton() const { return m_startButton; }
    // Shown while the output folder is occupied: sets the first free name beside it.
    QPushButton *freshNameButton() const { return m_freshNameButton; }

public slots:
    void accept() override;

private:
    std::optional<model::Genotype> chosenGenotype(QString *error) const;
    void updateGenotypeFields();
    void updateGeneratedName();
    void revalidate();

    std::optional<model::Genotype> m_current;
    QString m_currentLabel;
    QString m_generatedName;

    QComboBox *m_genotypeSource = nullptr;
    QLineEdit *m_genotypeText = nullptr;
    QComboBox *m_dataset = nullptr;
    DataFolderRows *m_dataRows = nullptr;
    QSpinBox *m_epochs = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QSpinBox *m_channels = nullptr;
    QSpinBox *m_layers = nullptr;
    QCheckBox *m_auxiliary = nullptr;
    ScientificSpinBox *m_auxiliaryWeight = nullptr;
    ScientificSpinBox *m_dropPath = nullptr;
    QSpinBox *m_cutout = nullptr;
    WeightsOptimiserRows *m_optimiser = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_device = nullptr;
    QSpinBox *m_trainLimit = nullptr;
    QSpinBox *m_testLimit = nullptr;
    QSpinBox *m_maxSteps = nullptr;
    QSpinBox *m_logEvery = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_outputDir = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_freshNameButton = nullptr;
};

} // namespace gdas::app
