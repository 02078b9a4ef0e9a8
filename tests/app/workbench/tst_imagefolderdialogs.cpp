// Image folders in the workbench: the New Search and Retrain dialogs show the classes, their
// counts and thumbnails before anything starts, and refuse a folder the engine would refuse
// with its message; the configs they give run a search (in the main window) and a retraining (in
// a retrain window) to the end.
// Set GDAS_SCREENSHOT_DIR to keep PNG grabs of both dialogs (docs/USER_GUIDE.md).
#include "ImageFolderPreview.h"
#include "MainWindow.h"
#include "NewSearchDialog.h"
#include "RetrainController.h"
#include "RetrainDialog.h"
#include "RetrainWindow.h"
#include "SearchPresets.h"

#include "support/ImageFiles.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace gdas;
using gdas::testing::classPattern;

namespace {

const QStringList kClasses = {"ankle-boot", "bag", "sandal", "shirt"};

// Grey and colour PNGs and JPEGs of 20..44 pixels, 10 of each class.
void writeFolder(const QString &root, const QStringList &classes = kClasses, int perClass = 10)
{
    for (int k = 0; k < classes.size(); ++k) {
        const std::string dir = QDir(root).filePath(classes[k]).toStdString();
        std::filesystem::create_directories(dir);
        for (int i = 0; i < perClass; ++i) {
            const int w = 20 + (i * 7) % 25;
            const int h = 20 + (i * 11) % 25;
            auto sample = [&](int x, int y, int c) { return classPattern(k, i, std::min(w, h), x, y, c); };
            const std::string stem = dir + "/" + std::to_string(i);
            if (i % 3 == 0)
                gdas::testing::writePng(stem + ".png", w, h, 1, 8, sample);
            else if (i % 3 == 1)
                gdas::testing::writePng(stem + ".png", w, h, 3, 8, sample);
            else
                gdas::testing::writeJpeg(stem + ".jpg", w, h, 3, sample);
        }
    }
}

QJsonObject readJson(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

void keepScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("GDAS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    widget.resize(widget.sizeHint().expandedTo(QSize(720, 0)));
    widget.show();
    QCoreApplication::processEvents();
    QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestImageFolderDialogs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_imagefolderdialogs"));
        QSettings().clear();
        QVERIFY(m_tmp.isValid());
        qputenv("GDAS_CACHE_DIR", m_tmp.filePath("cache").toUtf8());
        m_data = m_tmp.filePath("clothes");
        writeFolder(m_data);
    }

    void newSearchDialogShowsTheClasses()
    {
        app::NewSearchDialog dialog;
        engine::SearchConfig c = app::quickLookSearchConfig();
        c.data.dataset = "folder";
        c.data.dataDir = m_data.toStdString();
        c.data.imageSize = 24;
        c.runDir = m_tmp.filePath("dialog-run").toStdString();
        dialog.setConfig(c);
        auto *preview = dialog.findChild<app::ImageFolderPreview *>();
        QVERIFY(preview && !preview->isHidden());
        // Read on a worker thread: refused until then.
        QVERIFY2(preview->isReading() && dialog.problem().contains("Reading the image folder"),
                 qPrintable(dialog.problem()));
        QVERIFY(!dialog.startButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(preview->shows(m_data, 24), 10000);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(dialog.startButton()->isEnabled());
        QCOMPARE(dialog.config().data.imageSize, 24);
        QCOMPARE(dialog.config().data.dataset, std::string("folder"));

        QCOMPARE(preview->classNames(), kClasses);
        QVERIFY2(preview->summary().contains("4 classes, 36 training and 4 test images"),
                 qPrintable(preview->summary()));
        auto *table = preview->findChild<QTableWidget *>();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("bag"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("9"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("1"));
        const QPixmap strip = table->item(1, 3)->data(Qt::DecorationRole).value<QPixmap>();
        QVERIFY(!strip.isNull());
        // The first thumbnail is bag/0.png as the network sees it: its bright square is in the
        // top-right corner (classPattern: class 1).
        const QImage thumbs = strip.toImage();
        QVERIFY(qGray(thumbs.pixel(30, 8)) > qGray(thumbs.pixel(8, 8)) + 80);
        keepScreenshot(dialog, "new-search-image-folder.png");

        // Switching to another data set hides the preview.
        auto *dataset = dialog.findChildren<QComboBox *>().at(0);
        for (QComboBox *combo : dialog.findChildren<QComboBox *>())
            if (combo->findData(QStringLiteral("folder")) >= 0)
                dataset = combo;
        dataset->setCurrentIndex(dataset->findData(QStringLiteral("synthetic")));
        QVERIFY(preview->isHidden());
    }

    void newSearchDialogShowsTheEnginesRefusal()
    {
        const QString bad = m_tmp.filePath("with-empty-class");
        writeFolder(bad, {"a", "b"}, 3);
        QVERIFY(QDir().mkpath(QDir(bad).filePath("c")));
        app::NewSearchDialog dialog;
        engine::SearchConfig c = app::quickLookSearchConfig();
        c.data.dataset = "folder";
        c.data.dataDir = bad.toStdString();
        c.runDir = m_tmp.filePath("refused-run").toStdString();
        dialog.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.problem().contains("Reading the image folder"), 10000);
        QVERIFY2(dialog.problem().contains(QDir(bad).filePath("c") + ": empty class folder"),
                 qPrintable(dialog.problem()));
        QCOMPARE(dialog.message(), dialog.problem());
        QVERIFY(!dialog.startButton()->isEnabled());

        // A corrupt sample shows as a red thumbnail and its file in the message.
        const QString corrupt = m_tmp.filePath("with-corrupt-file");
        writeFolder(corrupt, {"a", "b"}, 3);
        QFile file(QDir(corrupt).filePath("b/1.png"));
        QVERIFY(file.open(QIODevice::ReadWrite) && file.resize(40));
        file.close();
        c.data.dataDir = corrupt.toStdString();
        dialog.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.problem().contains("Reading the image folder"), 10000);
        QVERIFY2(dialog.problem().startsWith(file.fileName() + ": corrupt PNG"), qPrintable(dialog.problem()));
        QCOMPARE(dialog.message(), dialog.problem());
        keepScreenshot(dialog, "new-search-image-folder-error.png");

        // Typing a path: refused until the folder has been read (after a pause in typing).
        auto *dataDir = dialog.findChildren<QLineEdit *>().at(0);
        for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
            if (edit->text() == corrupt)
                dataDir = edit;
        dataDir->setText(m_data);
        QVERIFY2(dialog.problem().contains("Reading the image folder"), qPrintable(dialog.problem()));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.problem().isEmpty(), 10000);
        QVERIFY(dialog.startButton()->isEnabled());
    }

    void retrainDialogShowsTheClasses()
    {
        app::RetrainDialog dialog;
        for (QComboBox *combo : dialog.findChildren<QComboBox *>())
            if (combo->findData(QStringLiteral("folder")) >= 0)
                combo->setCurrentIndex(combo->findData(QStringLiteral("folder")));
        auto *preview = dialog.findChild<app::ImageFolderPreview *>();
        QVERIFY(preview && !preview->isHidden());
        QVERIFY2(dialog.problem().contains("Choose the folder"), qPrintable(dialog.problem()));
        QLineEdit *dataDir = nullptr;
        for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
            if (edit->placeholderText().contains("sub-folder per class"))
                dataDir = edit;
        QVERIFY(dataDir);
        dataDir->setText(m_data);
        QTRY_VERIFY_WITH_TIMEOUT(preview->shows(m_data, 32), 10000);
        QCOMPARE(preview->classNames(), kClasses);
        const engine::RetrainConfig c = dialog.config();
        QCOMPARE(c.data.dataset, std::string("folder"));
        QCOMPARE(c.data.dataDir, m_data.toStdString());
        QCOMPARE(c.data.imageSize, 32);
        keepScreenshot(dialog, "retrain-image-folder.png");
    }

    // The New Search dialog's config, run by the main window.
    void searchRunsOnTheFolder()
    {
        app::NewSearchDialog dialog;
        engine::SearchConfig c = app::quickLookSearchConfig();
        c.data.dataset = "folder";
        c.data.dataDir = m_data.toStdString();
        c.data.imageSize = 16;
        c.runDir = m_tmp.filePath("search").toStdString();
        dialog.setConfig(c);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.problem().isEmpty(), 10000);
        engine::SearchConfig run = dialog.config();
        run.epochs = 1;
        run.batchSize = 8;
        run.channels = 4;
        run.cells = 1;
        run.maxStepsPerEpoch = 2;
        run.threads = 1;
        run.data.trainLimit = 0;

        // As File > New Search does: the main window starts it and shows it live.
        app::MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QString error;
        QVERIFY2(window.startSearch(run, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(window.source() == app::MainWindow::Source::Directory, 120000);
        QCOMPARE(model::statusWord(window.record()), std::string("finished"));
        // The workbench's log shows the classes and how the folder was read.
        const QString log = window.logView()->toPlainText();
        QVERIFY2(log.contains("4 classes (ankle-boot, bag, sandal, shirt)") && log.contains("16x16x3"),
                 qPrintable(log));
        const QJsonObject config = readJson(QString::fromStdString(run.runDir) + "/config.json");
        QCOMPARE(config.value("class_names").toArray().size(), 4);
        QCOMPARE(config.value("image_side").toInt(), 16);
    }

    // The Retrain dialog's config, run by a retrain window.
    void retrainRunsOnTheFolder()
    {
        app::RetrainDialog dialog;
        for (QComboBox *combo : dialog.findChildren<QComboBox *>())
            if (combo->findData(QStringLiteral("folder")) >= 0)
                combo->setCurrentIndex(combo->findData(QStringLiteral("folder")));
        for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
            if (edit->placeholderText().contains("sub-folder per class"))
                edit->setText(m_data);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.findChild<app::ImageFolderPreview *>()->shows(m_data, 32), 10000);
        engine::RetrainConfig c = dialog.config();
        c.runDir = m_tmp.filePath("retrain").toStdString();
        c.data.imageSize = 16;
        c.epochs = 1;
        c.batchSize = 8;
        c.network.channels = 4;
        c.network.layers = 3;
        c.network.auxiliary = false;
        c.maxStepsPerEpoch = 2;
        c.threads = 1;
        c.device = "cpu";

        // As Tools > Retrain does: a retrain window runs it.
        app::RetrainWindow window;
        window.show();
        QSignalSpy finished(window.controller(), &app::RetrainController::finished);
        QVERIFY(window.start(c));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        const auto outcome = finished.at(0).at(0).value<engine::RetrainOutcome>();
        QVERIFY2(outcome.end == engine::RunEnd::Finished, outcome.message.c_str());
        const QJsonObject config = readJson(QString::fromStdString(c.runDir) + "/config.json");
        QCOMPARE(config.value("class_names").toArray(), (QJsonArray{"ankle-boot", "bag", "sandal", "shirt"}));
    }

private:
    QTemporaryDir m_tmp;
    QString m_data;
};

QTEST_MAIN(TestImageFolderDialogs)
#include "tst_imagefolderdialogs.moc"
