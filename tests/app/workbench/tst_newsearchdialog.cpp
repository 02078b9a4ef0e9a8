#include "DataFolderCheck.h"
#include "NewSearchDialog.h"
#include "RetrainDialog.h"
#include "SearchPresets.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace gdas;

namespace {

engine::SearchConfig syntheticConfig(const QString &runDir)
{
    engine::SearchConfig c = app::quickLookSearchConfig();
    c.data.dataset = "synthetic";
    c.runDir = runDir.toStdString();
    c.name = "dialog-test";
    return c;
}

void touch(const QString &path)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x");
}

} // namespace

class TestNewSearchDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void paperDefaultsShowTheSpaceDefaults();
    void refusesWithAReason_data();
    void refusesWithAReason();
    void cifarFolderCheck();
    void quickLookPreset();
    void remembersLastValues();
    void occupiedOutputOffersAFreshName();
    void retrainDialogOffersAFreshName();

private:
    QTemporaryDir m_tmp;
};

void TestNewSearchDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_newsearchdialog"));
    QSettings().clear();
}

void TestNewSearchDialog::paperDefaultsShowTheSpaceDefaults()
{
    app::NewSearchDialog dialog;
    const engine::SearchConfig c = dialog.config();
    QCOMPARE(c.space, std::string("darts"));
    QCOMPARE(c.epochs, 250);
    QCOMPARE(c.batchSize, 0);
    QCOMPARE(c.lr, 0.025);
    QCOMPARE(c.archLr, 3e-4);
    QCOMPARE(c.archBeta1, 0.5);
    QCOMPARE(c.tauMax, 10.0);
    QCOMPARE(c.tauMin, 0.1);
    QCOMPARE(c.data.dataset, std::string("fashion-mnist"));
    QVERIFY(QString::fromStdString(c.runDir).startsWith(app::defaultRunsFolder()));
    bool shows256 = false, shows64 = false;
    for (QSpinBox *spin : dialog.findChildren<QSpinBox *>())
        shows256 = shows256 || spin->text().contains(QStringLiteral("256"));
    engine::SearchConfig nb201 = c;
    nb201.space = "nas-bench-201";
    dialog.setConfig(nb201);
    for (QSpinBox *spin : dialog.findChildren<QSpinBox *>())
        shows64 = shows64 || spin->text().contains(QStringLiteral("(64)"));
    QVERIFY(shows256);
    QVERIFY(shows64);
}

void TestNewSearchDialog::refusesWithAReason_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("valid") << QString() << QString();
    QTest::newRow("frc on nas-bench-201") << QStringLiteral("frc") << QStringLiteral("reduction cell");
    QTest::newRow("tau min above tau max") << QStringLiteral("tau") << QStringLiteral("tau");
    QTest::newRow("odd C in the DARTS space") << QStringLiteral("oddC") << QStringLiteral("even");
    QTest::newRow("bad device") << QStringLiteral("device") << QStringLiteral("gpu7");
    QTest::newRow("run folder taken") << QStringLiteral("taken") << QStringLiteral("already holds a run");
    QTest::newRow("missing fashion-mnist folder") << QStringLiteral("data") << QStringLiteral("does not exist");
}

void TestNewSearchDialog::refusesWithAReason()
{
    QFETCH(QString, change);
    QFETCH(QString, reasonPart);
    const QString runDir = m_tmp.filePath(QStringLiteral("run-") + QString::number(qHash(change)));
    engine::SearchConfig c = syntheticConfig(runDir);
    if (change == QLatin1String("frc")) {
        c.algorithm = engine::Algorithm::GdasFrc;
    } else if (change == QLatin1String("tau")) {
        c.tauMin = 20.0;
    } else if (change == QLatin1String("oddC")) {
        c.space = "darts";
        c.channels = 7;
    } else if (change == QLatin1String("device")) {
        c.device = "gpu7";
    } else if (change == QLatin1String("taken")) {
        QVERIFY(QDir().mkpath(runDir));
        touch(QDir(runDir).filePath(QStringLiteral("config.json")));
    } else if (change == QLatin1String("data")) {
        c.data.dataset = "fashion-mnist";
        c.data.dataDir = m_tmp.filePath(QStringLiteral("nowhere")).toStdString();
    }
    app::NewSearchDialog dialog;
    dialog.setConfig(c);
    if (change == QLatin1String("frc")) {
        // The dialog greys the entry out; choosing it anyway (e.g. from old settings) is refused.
        QComboBox *algorithm = nullptr;
        for (QComboBox *combo : dialog.findChildren<QComboBox *>())
            if (combo->findData(QStringLiteral("gdas-frc")) >= 0)
                algorithm = combo;
        QVERIFY(algorithm);
        QCOMPARE(algorithm->currentData().toString(), QStringLiteral("gdas-frc"));
    }
    if (reasonPart.isEmpty()) {
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(dialog.startButton()->isEnabled());
        QCOMPARE(dialog.config().runDir, c.runDir);
        return;
    }
    QVERIFY2(dialog.problem().contains(reasonPart, Qt::CaseInsensitive), qPrintable(dialog.problem()));
    QCOMPARE(dialog.message(), dialog.problem());
    QVERIFY(!dialog.startButton()->isEnabled());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestNewSearchDialog::cifarFolderCheck()
{
    const QString folder = m_tmp.filePath(QStringLiteral("cifar"));
    QVERIFY(QDir().mkpath(folder));
    QString problem = app::checkDataFolder(QStringLiteral("cifar10"), folder);
    QVERIFY2(problem.contains(QStringLiteral("data_batch_1.bin")), qPrintable(problem));
    for (int i = 1; i <= 5; ++i)
        touch(QDir(folder).filePath(QStringLiteral("data_batch_%1.bin").arg(i)));
    problem = app::checkDataFolder(QStringLiteral("cifar10"), folder);
    QVERIFY2(problem.contains(QStringLiteral("test_batch.bin")) && !problem.contains(QStringLiteral("data_batch")),
             qPrintable(problem));
    touch(QDir(folder).filePath(QStringLiteral("test_batch.bin")));
    QVERIFY(app::checkDataFolder(QStringLiteral("cifar10"), folder).isEmpty());
    // The archive's own sub-folder is found from its parent, as the engine does.
    const QString parent = m_tmp.filePath(QStringLiteral("cifar100-parent"));
    const QString sub = QDir(parent).filePath(QStringLiteral("cifar-100-binary"));
    QVERIFY(QDir().mkpath(sub));
    touch(QDir(sub).filePath(QStringLiteral("train.bin")));
    touch(QDir(sub).filePath(QStringLiteral("test.bin")));
    QVERIFY(app::checkDataFolder(QStringLiteral("cifar100"), parent).isEmpty());
    QVERIFY(!app::checkDataFolder(QStringLiteral("cifar10"), parent).isEmpty());
    QVERIFY(app::checkDataFolder(QStringLiteral("synthetic"), QString()).isEmpty());
}

void TestNewSearchDialog::quickLookPreset()
{
    app::NewSearchDialog dialog;
    dialog.applyQuickLook();
    const engine::SearchConfig c = dialog.config();
    QCOMPARE(c.space, std::string("nas-bench-201"));
    QCOMPARE(c.device, std::string("cpu"));
    const engine::SearchConfig preset = app::quickLookSearchConfig();
    QCOMPARE(c.batchSize, preset.batchSize);
    QCOMPARE(c.channels, preset.channels);
    QCOMPARE(c.cells, preset.cells);
    QCOMPARE(c.data.trainLimit, preset.data.trainLimit);
    QCOMPARE(c.maxStepsPerEpoch, preset.maxStepsPerEpoch);
    QCOMPARE(c.epochs, preset.epochs);
    QCOMPARE(c.archLr, preset.archLr);
    QVERIFY(c.data.trainLimit > 0 && c.maxStepsPerEpoch > 0); // bounded: minutes, not hours
    dialog.applyPaperDefaults();
    QCOMPARE(dialog.config().epochs, 250);
    QCOMPARE(dialog.config().space, std::string("darts"));
}

void TestNewSearchDialog::remembersLastValues()
{
    const QString runDir = m_tmp.filePath(QStringLiteral("remembered"));
    {
        app::NewSearchDialog dialog;
        engine::SearchConfig c = syntheticConfig(runDir);
        c.epochs = 17;
        c.seed = 42;
        c.archLr = 6e-4;
        dialog.setConfig(c);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    app::NewSearchDialog again;
    again.loadSettings();
    const engine::SearchConfig c = again.config();
    QCOMPARE(c.epochs, 17);
    QCOMPARE(c.seed, std::uint64_t(42));
    QCOMPARE(c.archLr, 6e-4);
    QCOMPARE(c.data.dataset, std::string("synthetic"));
    QVERIFY(c.runDir != runDir.toStdString()); // a new search gets a new folder
}

// Files under `root` with their bytes.
static QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.insert(path, f.readAll());
    }
    return files;
}

void TestNewSearchDialog::occupiedOutputOffersAFreshName()
{
    const QString runDir = m_tmp.filePath(QStringLiteral("occupied"));
    QVERIFY(QDir().mkpath(runDir));
    touch(QDir(runDir).filePath(QStringLiteral("notes.txt")));
    touch(m_tmp.filePath(QStringLiteral("occupied-2"))); // a file: taken as well
    const auto before = snapshot(m_tmp.path());
    app::NewSearchDialog dialog;
    dialog.setConfig(syntheticConfig(runDir));
    QVERIFY2(dialog.problem().contains(QStringLiteral("not empty")), qPrintable(dialog.problem()));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(!dialog.freshNameButton()->isHidden());
    // GDAS_SCREENSHOT_DIR keeps a grab of the dialog as a user sees it here.
    if (const QString shots = qEnvironmentVariable("GDAS_SCREENSHOT_DIR"); !shots.isEmpty()) {
        dialog.resize(760, 740);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(QDir(shots).filePath(QStringLiteral("new-search-occupied-folder.png"))));
    }
    dialog.freshNameButton()->click();
    QCOMPARE(QString::fromStdString(dialog.config().runDir), m_tmp.filePath(QStringLiteral("occupied-3")));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(dialog.freshNameButton()->isHidden());
    QCOMPARE(snapshot(m_tmp.path()), before);
}

void TestNewSearchDialog::retrainDialogOffersAFreshName()
{
    const QString runDir = m_tmp.filePath(QStringLiteral("retrain-occupied"));
    QVERIFY(QDir().mkpath(runDir));
    touch(QDir(runDir).filePath(QStringLiteral("config.json")));
    const auto before = snapshot(m_tmp.path());
    app::RetrainDialog dialog;
    dialog.applyQuickLook();
    auto *output = dialog.findChild<QLineEdit *>(QStringLiteral("outputFolder"));
    QVERIFY(output);
    output->setText(runDir);
    QVERIFY2(dialog.problem().contains(QStringLiteral("not empty")), qPrintable(dialog.problem()));
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(!dialog.freshNameButton()->isHidden());
    dialog.freshNameButton()->click();
    QCOMPARE(QString::fromStdString(dialog.config().runDir), runDir + QStringLiteral("-2"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    dialog.accept(); // the check runs again at the start
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(snapshot(m_tmp.path()), before);
}

QTEST_MAIN(TestNewSearchDialog)
#include "tst_newsearchdialog.moc"
