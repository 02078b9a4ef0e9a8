#include "DataFolderRows.h"

#include "DataFolderCheck.h"
#include "ImageFolderPreview.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

namespace gdas::app {

DataFolderRows::DataFolderRows(QFormLayout *form, QWidget *page)
    : QObject(page), m_dataset(new QComboBox(page)), m_folder(new QLineEdit(page)),
      m_browse(new QPushButton(tr("Browse…"), page)), m_imageSize(new QSpinBox(page)),
      m_preview(new ImageFolderPreview(page)), m_settle(new QTimer(this))
{
    m_dataset->addItem(tr("Fashion-MNIST"), QStringLiteral("fashion-mnist"));
    m_dataset->addItem(tr("CIFAR-10"), QStringLiteral("cifar10"));
    m_dataset->addItem(tr("CIFAR-100"), QStringLiteral("cifar100"));
    m_dataset->addItem(tr("Synthetic (generated patterns)"), QStringLiteral("synthetic"));
    m_dataset->addItem(tr("Image folder (your PNG/JPEG files, one sub-folder per class)"), QStringLiteral("folder"));
    form->addRow(tr("Data s&et:"), m_dataset);

    m_folder->setToolTip(tr("The folder with the data set's files; empty uses the default folder shown"));
    connect(m_browse, &QPushButton::clicked, this, &DataFolderRows::chooseFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    auto *folderLabel = new QLabel(tr("Data &folder:"), page);
    folderLabel->setBuddy(m_folder);
    form->addRow(folderLabel, folderRow);

    m_imageSize->setRange(4, 1024);
    m_imageSize->setSuffix(tr(" px"));
    m_imageSize->setToolTip(tr("Image folders: each image's shorter side is resized to this, then the centre "
                               "square is kept"));
    form->addRow(tr("Ima&ge size:"), m_imageSize);
    form->addRow(m_preview);

    m_settle->setSingleShot(true);
    m_settle->setInterval(400);
    connect(m_settle, &QTimer::timeout, this, [this] {
        refreshPreview();
        emit changed();
    });
    connect(m_folder, &QLineEdit::textChanged, m_settle, qOverload<>(&QTimer::start));
    connect(m_imageSize, &QSpinBox::valueChanged, m_settle, qOverload<>(&QTimer::start));
    connect(m_preview, &ImageFolderPreview::updated, this, &DataFolderRows::changed);
}

QString DataFolderRows::folder() const { return m_folder->text().trimmed(); }

void DataFolderRows::showDataset()
{
    const QString dataset = m_dataset->currentData().toString();
    const bool synthetic = dataset == QLatin1String("synthetic");
    const bool imageFolder = dataset == QLatin1String("folder");
    m_folder->setEnabled(!synthetic);
    m_browse->setEnabled(!synthetic);
    m_folder->setPlaceholderText(synthetic     ? tr("not needed")
                                 : imageFolder ? tr("required: one sub-folder per class of PNG/JPEG files")
                                               : defaultDataFolder(dataset));
    m_imageSize->setEnabled(imageFolder);
    m_preview->setVisible(imageFolder);
    refreshPreview();
}

QString DataFolderRows::imageFolderProblem(int imageSize) const
{
    if (!m_preview->shows(folder(), imageSize))
        return tr("Reading the image folder…");
    return m_preview->problem();
}

void DataFolderRows::refreshPreview()
{
    m_settle->stop();
    if (m_dataset->currentData().toString() == QLatin1String("folder"))
        m_preview->setFolder(folder(), m_imageSize->value());
    else
        m_preview->clear();
}

void DataFolderRows::chooseFolder()
{
    // Start where the folder is, or in the default one shown when that exists.
    QString start = m_folder->text();
    if (start.isEmpty() && QFileInfo(m_folder->placeholderText()).isDir())
        start = m_folder->placeholderText();
    const QString dir = QFileDialog::getExistingDirectory(m_folder->window(), tr("Data Folder"), start);
    if (dir.isEmpty())
        return;
    m_folder->setText(QDir::toNativeSeparators(dir));
    refreshPreview();
    emit changed();
}

} // namespace gdas::app
