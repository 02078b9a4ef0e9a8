#pragma once

#include "engine/SearchConfig.h"

#include <QDialog>
#include <QString>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace gdas::app {

class DataFolderRows;
class ScientificSpinBox;
class WeightsOptimiserRows;

// Every setting of a search, with the paper's values as defaults. Values that cannot run are
// refused here: the message under the tabs says why and the Start button stays disabled.
// The last accepted values come back the next time (QSettings group "newSearch").
class NewSearchDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewSearchDialog(QWidget *parent = nullptr);

    void setConfig(const engine::SearchConfig &config); // name and runDir included when set
    // The search as the fields describe it; an empty name or output folder is generated
    // (~/gdas-runs/<space>-<algorithm>-<dataset>-<time>).
    engine::SearchConfig config() const;
    QString problem() const; // empty when the search can start

    // The quick-look preset in `space`: "nas-bench-201" (one cell) or "darts" (normal and
    // reduction cells, about twice as long).
    void applyQuickLook(const std::string &space = "nas-bench-201");
    void applyPaperDefaults();
    void loadSettings();
    void saveSettings() const;

    QPushButton *startButton() const { return m_startButton; }
    // Shown while the output folder is occupied: sets the first free name beside it.
    QPushButton *freshNameButton() const { return m_freshNameButton; }
    QString message() const;

public slots:
    void accept() override;

private:
    void buildSearchTab(QWidget *tab);
    void buildOptimisationTab(QWidget *tab);
    void buildDataTab(QWidget *tab);
    void updateSpaceDependentFields();
    void updateGeneratedName();
    void chooseOutputFolder();
    void revalidate();
    QString currentSpace() const;
    QString currentDataset() const;

    QString m_generatedName;

    // Search tab.
    QComboBox *m_space = nullptr;
    QComboBox *m_algorithm = nullptr;
    QComboBox *m_dataset = nullptr;
    DataFolderRows *m_dataRows = nullptr;
    QSpinBox *m_epochs = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QSpinBox *m_channels = nullptr;
    QSpinBox *m_cells = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_device = nullptr;
    QSpinBox *m_threads = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_outputDir = nullptr;

    // Optimisation tab.
    WeightsOptimiserRows *m_optimiser = nullptr;
    ScientificSpinBox *m_archLr = nullptr;
    ScientificSpinBox *m_archBeta1 = nullptr;
    ScientificSpinBox *m_archBeta2 = nullptr;
    ScientificSpinBox *m_archWeightDecay = nullptr;
    ScientificSpinBox *m_tauMax = nullptr;
    ScientificSpinBox *m_tauMin = nullptr;
    QComboBox *m_deriveRule = nullptr;

    // Data and limits tab.
    QSpinBox *m_trainLimit = nullptr;
    QSpinBox *m_testLimit = nullptr;
    QSpinBox *m_maxSteps = nullptr;
    QSpinBox *m_logEvery = nullptr;
    QCheckBox *m_augment = nullptr;
    QSpinBox *m_cutout = nullptr;
    QSpinBox *m_syntheticSize = nullptr;
    QSpinBox *m_syntheticChannels = nullptr;
    QSpinBox *m_syntheticSide = nullptr;
    QSpinBox *m_syntheticClasses = nullptr;
    QCheckBox *m_channelsLast = nullptr;
    QCheckBox *m_deterministic = nullptr;

    QLabel *m_messageIcon = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_freshNameButton = nullptr;
};

} // namespace gdas::app
