#pragma once

#include <QObject>
#include <QString>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class QWidget;

namespace gdas::app {

class ImageFolderPreview;

// The data rows the New Search and Retrain dialogs share: the data set, the data folder (typed,
// or chosen with Browse…), the image size for image folders, and a preview of an image folder's
// classes that is read again once typing pauses. The dialog calls showDataset when the data set
// changes and revalidates when the folder settles or the preview is read.
class DataFolderRows : public QObject {
    Q_OBJECT
public:
    // Adds the rows to `form`; the widgets are `page`'s children.
    DataFolderRows(QFormLayout *form, QWidget *page);

    // Its items' data are the engine's names: "fashion-mnist", "cifar10", "cifar100", "synthetic", "folder".
    QComboBox *datasetBox() const { return m_dataset; }
    QLineEdit *folderEdit() const { return m_folder; }
    QSpinBox *imageSizeBox() const { return m_imageSize; }
    QString folder() const; // trimmed

    // Enables the rows that the chosen data set uses, with its default folder as placeholder,
    // and reads an image folder into the preview.
    void showDataset();
    // Empty when the image folder has been read at `imageSize` and has no problem; otherwise
    // why a run cannot start yet.
    QString imageFolderProblem(int imageSize) const;

signals:
    // The folder or the image size settled (typing paused, a folder chosen), or the preview was
    // read: the dialog's settings may have become valid or invalid.
    void changed();

private:
    void refreshPreview();
    void chooseFolder();

    QComboBox *m_dataset;
    QLineEdit *m_folder;
    QPushButton *m_browse;
    QSpinBox *m_imageSize;
    ImageFolderPreview *m_preview;
    QTimer *m_settle; // reads the folder again once typing pauses
};

} // namespace gdas::app
