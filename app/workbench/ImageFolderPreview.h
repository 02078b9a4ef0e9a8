#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace gdas::app {

// What an image folder holds, shown before a search or a retraining starts: the classes found,
// their training and test counts, and the first few training images of each as the network will
// see them (decoded by the engine and brought to the chosen image size). A folder the engine
// would refuse shows the engine's message instead, and problem() returns it.
class ImageFolderPreview : public QWidget {
    Q_OBJECT
public:
    explicit ImageFolderPreview(QWidget *parent = nullptr);

    // Scans `folder` (no-op when folder and size are what it shows already). Synchronous: the
    // dialogs call it when the folder or the size changes, after typing pauses.
    void setFolder(const QString &folder, int imageSize);
    void clear();

    bool shows(const QString &folder, int imageSize) const;
    QString problem() const { return m_problem; }  // empty when the folder can be read
    QStringList classNames() const { return m_classNames; }
    QString summary() const;  // the line above the table

    static constexpr int kSamplesPerClass = 4;

private:
    QString m_folder;
    int m_imageSize = 0;
    bool m_scanned = false;
    QString m_problem;
    QStringList m_classNames;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace gdas::app
