#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QTableWidget;
class QThread;

namespace gdas::app {

// What an image folder holds, shown before a search or a retraining starts: the classes found,
// their training and test counts, and the first few training images of each as the network will
// see them (decoded by the engine and brought to the chosen image size). A folder the engine
// would refuse shows the engine's message instead, and problem() returns it.
//
// The folder is read on a worker thread (a large folder takes a while to list, and large JPEGs
// to decode); updated() says when the result is in. A newer request cancels an older one; the
// destructor cancels and waits.
class ImageFolderPreview : public QWidget {
    Q_OBJECT
public:
    explicit ImageFolderPreview(QWidget *parent = nullptr);
    ~ImageFolderPreview() override;

    // Reads `folder` (nothing to do when it shows or is reading that folder and size already).
    void setFolder(const QString &folder, int imageSize);
    void clear();

    bool shows(const QString &folder, int imageSize) const; // the result for these is in
    bool isReading() const { return m_reading; }
    QString problem() const { return m_problem; } // empty when the folder can be read
    QStringList classNames() const { return m_classNames; }
    QString summary() const; // the line above the table

    static constexpr int kSamplesPerClass = 4;
    static constexpr int kThumbnailRows = 100; // classes past these show their counts only

    // What the worker finds; public for the worker function only.
    struct Result {
        QString folder;
        int imageSize = 0;
        QString problem;
        QString summary;
        struct Row {
            QString name;
            qint64 train = 0;
            qint64 test = 0;
            QList<QImage> thumbnails; // a null image: that sample could not be decoded
        };
        QList<Row> rows;
    };

signals:
    void updated();

private:
    static Result readFolder(const QString &folder, int imageSize, const std::atomic<bool> &cancel);
    void apply(const Result &result);
    void cancelReading();

    QString m_folder;
    int m_imageSize = 0;
    bool m_scanned = false;
    bool m_reading = false;
    QString m_readingFolder;
    int m_readingSize = 0;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QList<QThread *> m_workers;
    QString m_problem;
    QStringList m_classNames;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace gdas::app
