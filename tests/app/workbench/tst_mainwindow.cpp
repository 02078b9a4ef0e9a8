#include "FigureExportDialog.h"
#include "MainWindow.h"
#include "MetricsCsv.h"
#include "RecentRuns.h"
#include "StudyFixture.h"
#include "TinySearch.h"

#include "model/GenotypeFormats.h"
#include "model/SearchSpace.h"
#include "support/GifFiles.h"
#include "widgets/AlphaHeatmap.h"
#include "widgets/BenchmarkPlot.h"
#include "widgets/CellGraphPanel.h"
#include "widgets/CellGraphView.h"
#include "widgets/CurvePanel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QXmlStreamReader>

using namespace gdas;

namespace {

// Two hand-written genotypes of the DARTS space: epoch 0's and the final one (DARTS_V2's cell).
const char *kEpoch0Genotype = R"({"format":"gdas-genotype","version":1,"space":"darts","name":"hand epoch 0",
 "normal":[[{"op":"sep_conv_3x3","input":0},{"op":"sep_conv_3x3","input":1}],
           [{"op":"sep_conv_3x3","input":0},{"op":"sep_conv_3x3","input":1}],
           [{"op":"sep_conv_3x3","input":0},{"op":"sep_conv_3x3","input":1}],
           [{"op":"sep_conv_3x3","input":0},{"op":"sep_conv_3x3","input":1}]],
 "normal_concat":[2,3,4,5],
 "reduce":[[{"op":"max_pool_3x3","input":0},{"op":"max_pool_3x3","input":1}],
           [{"op":"max_pool_3x3","input":0},{"op":"max_pool_3x3","input":1}],
           [{"op":"max_pool_3x3","input":0},{"op":"max_pool_3x3","input":1}],
           [{"op":"max_pool_3x3","input":0},{"op":"max_pool_3x3","input":1}]],
 "reduce_concat":[2,3,4,5]})";

const char *kFinalGenotype = R"({"format":"gdas-genotype","version":1,"space":"darts","name":"hand final",
 "normal":[[{"op":"sep_conv_3x3","input":0},{"op":"sep_conv_3x3","input":1}],
           [{"op":"sep_conv_3x3","input":0},{"op":"sep_conv_3x3","input":1}],
           [{"op":"sep_conv_3x3","input":1},{"op":"skip_connect","input":0}],
           [{"op":"skip_connect","input":0},{"op":"dil_conv_3x3","input":2}]],
 "normal_concat":[2,3,4,5],
 "reduce":[[{"op":"max_pool_3x3","input":0},{"op":"max_pool_3x3","input":1}],
           [{"op":"skip_connect","input":2},{"op":"max_pool_3x3","input":1}],
           [{"op":"max_pool_3x3","input":0},{"op":"skip_connect","input":2}],
           [{"op":"skip_connect","input":2},{"op":"max_pool_3x3","input":1}]],
 "reduce_concat":[2,3,4,5]})";

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n'; }

QJsonObject parseObject(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

// An α table in the run-directory format: every op 0.1 except `strongOp` at 0.3.
QJsonObject alphaJson(int strongOp)
{
    const model::SearchSpace &space = model::SearchSpace::darts();
    QJsonArray ops, edges, probs;
    for (const std::string &op : space.ops)
        ops.append(QString::fromStdString(op));
    for (const model::CellEdge &edge : space.edges) {
        edges.append(QJsonArray{edge.to, edge.from});
        QJsonArray row;
        for (int op = 0; op < space.opCount(); ++op)
            row.append(op == strongOp ? 0.3 : 0.1);
        probs.append(row);
    }
    return QJsonObject{{"ops", ops}, {"edges", edges}, {"probs", probs}};
}

QJsonObject stepRow(int epoch, int step, int globalStep)
{
    return QJsonObject{{"type", "step"},
                       {"epoch", epoch},
                       {"step", step},
                       {"global_step", globalStep},
                       {"w_loss", 2.0 - 0.1 * globalStep},
                       {"w_top1", 10.0 + globalStep},
                       {"w_top5", 50.0},
                       {"a_loss", 2.1 - 0.1 * globalStep},
                       {"a_top1", 9.0 + globalStep},
                       {"a_top5", 49.0},
                       {"lr", 0.025},
                       {"tau", 10.0 - epoch},
                       {"time", 1.5 * globalStep},
                       {"images_per_s", 120.0}};
}

QJsonObject epochRow(int epoch)
{
    return QJsonObject{{"type", "epoch"},
                       {"epoch", epoch},
                       {"w_loss", 1.5},
                       {"w_top1", 20.0},
                       {"w_top5", 60.0},
                       {"a_loss", 1.6},
                       {"a_top1", 19.0},
                       {"a_top5", 59.0},
                       {"lr", 0.025},
                       {"tau", 10.0 - epoch},
                       {"time", 5.0 * (epoch + 1)},
                       {"seconds", 5.0}};
}

QJsonObject epochLine(int epoch, const char *genotype)
{
    return QJsonObject{{"epoch", epoch},
                       {"tau", 10.0 - epoch},
                       {"normal", alphaJson(2 + epoch)},
                       {"reduce", alphaJson(7)},
                       {"genotype", parseObject(genotype)}};
}

bool writeFileBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

bool append(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::Append) && file.write(bytes) == bytes.size();
}

// A DARTS-space search run directory of `epochs` epochs × 3 logged steps, as the briefing's
// run-directory format describes it.
void writeRun(const QString &dir, int epochs, const QString &status, bool withFinalGenotype)
{
    QVERIFY(QDir().mkpath(dir));
    const QJsonObject config{{"kind", "search"}, {"name", "hand-run"}, {"space", "darts"}, {"algorithm", "gdas"},
                             {"epochs", 4},      {"seed", 1},          {"device", "cpu"},  {"program_version", "test"}};
    QFile configFile(QDir(dir).filePath("config.json"));
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write(QJsonDocument(config).toJson());
    configFile.close();

    QByteArray metrics = compact({{"type", "status"}, {"status", "running"}});
    QByteArray epochLines;
    int global = 0;
    for (int e = 0; e < epochs; ++e) {
        for (int s = 0; s < 3; ++s)
            metrics += compact(stepRow(e, s, ++global));
        metrics += compact(epochRow(e));
        epochLines += compact(epochLine(e, e + 1 == epochs ? kFinalGenotype : kEpoch0Genotype));
    }
    if (status != QLatin1String("running"))
        metrics += compact({{"type", "status"}, {"status", status}});
    QVERIFY(append(QDir(dir).filePath("metrics.jsonl"), metrics));
    QVERIFY(append(QDir(dir).filePath("epochs.jsonl"), epochLines));
    if (withFinalGenotype) {
        QFile genotype(QDir(dir).filePath("genotype.json"));
        QVERIFY(genotype.open(QIODevice::WriteOnly));
        genotype.write(kFinalGenotype);
    }
}

model::Genotype genotypeOf(const char *json) { return model::fromJson(json); }

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void openRunRebuildsCurvesCellsAndHeatmaps();
    void epochSliderPicksTheExportedGenotype();
    void followsARunThatIsStillWritten();
    void openingANonRunFails();
    void exportsGenotypeFormats_data();
    void exportsGenotypeFormats();
    void exportsFigures_data();
    void exportsFigures();
    void exportsMetricsCsv();
    void exportsCellAnimation();
    void metricsCsvQuotesOddKeys();
    void figureExportAsksBeforeReplacing();
    void recentRunsSurviveARestart();
    void liveSearchShowsEpochsAndReadsTheRunBack();
    void benchmarkDockFollowsTheRun();

private:
    QTemporaryDir m_tmp;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("gdas-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QVERIFY(m_tmp.isValid());
}

void TestMainWindow::init() { QSettings().clear(); }

void TestMainWindow::openRunRebuildsCurvesCellsAndHeatmaps()
{
    const QString dir = m_tmp.filePath(QStringLiteral("finished-run"));
    writeRun(dir, 2, QStringLiteral("finished"), true);

    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QString error;
    QVERIFY2(window.openRunDirectory(dir, &error), qPrintable(error));
    QVERIFY(window.source() == app::MainWindow::Source::Directory);
    QCOMPARE(window.record().metrics.size(), std::size_t(8));

    widgets::CurvePanel *curves = window.curvePanel();
    QVERIFY(!curves->perEpoch());
    for (const char *key : {"w_loss", "a_loss", "w_top1", "a_top1", "tau", "lr"}) {
        QVERIFY2(curves->plottedKeys().contains(QLatin1String(key)), key);
        QCOMPARE(curves->plottedPoints(QLatin1String(key)).size(), 6);
    }
    const QVector<QPointF> loss = curves->plottedPoints(QStringLiteral("w_loss"));
    QCOMPARE(loss.first().x(), 1.0);
    QCOMPARE(loss.last().x(), 6.0);
    QVERIFY(qAbs(loss.last().y() - 1.4) < 1e-9);

    widgets::CellGraphPanel *cells = window.cellPanel();
    QCOMPARE(cells->epochCount(), 2);
    QCOMPARE(cells->shownIndex(), 1);
    QTRY_COMPARE(cells->normalView()->chosenEdgeCount(), 8);
    QTRY_COMPARE(cells->reductionView()->chosenEdgeCount(), 8);
    QVERIFY(cells->normalView()->edgeLabels().contains(QStringLiteral("dil_conv_3x3")));

    QCOMPARE(window.normalHeatmap()->table().rows(), 14);
    QCOMPARE(window.normalHeatmap()->table().cols(), 8);
    QCOMPARE(window.normalHeatmap()->table().at(0, 3), 0.3f); // epoch 1's strongest op
    QCOMPARE(window.reduceHeatmap()->table().at(0, 7), 0.3f);
    QVERIFY(window.reduceHeatmap()->isVisibleTo(&window));
    QVERIFY(window.statusText().contains(QStringLiteral("Epoch 2/4")));

    const std::optional<model::Genotype> current = window.currentGenotype();
    QVERIFY(current.has_value());
    QCOMPARE(*current, genotypeOf(kFinalGenotype));
    QVERIFY(window.windowTitle().contains(QStringLiteral("hand-run")));
}

void TestMainWindow::epochSliderPicksTheExportedGenotype()
{
    const QString dir = m_tmp.filePath(QStringLiteral("slider-run"));
    writeRun(dir, 2, QStringLiteral("finished"), true);
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openRunDirectory(dir));
    window.cellPanel()->showIndex(0);
    QCOMPARE(window.currentGenotype().value(), genotypeOf(kEpoch0Genotype));
    QCOMPARE(window.normalHeatmap()->table().at(0, 2), 0.3f);
    QVERIFY(window.normalHeatmap()->title().contains(QStringLiteral("epoch 1")));
    window.cellPanel()->showIndex(1);
    QCOMPARE(window.currentGenotype().value(), genotypeOf(kFinalGenotype));
}

void TestMainWindow::followsARunThatIsStillWritten()
{
    const QString dir = m_tmp.filePath(QStringLiteral("live-run"));
    writeRun(dir, 1, QStringLiteral("running"), false);
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openRunDirectory(dir));
    QCOMPARE(window.curvePanel()->plottedPoints(QStringLiteral("w_loss")).size(), 3);
    QCOMPARE(window.cellPanel()->epochCount(), 1);
    QVERIFY(!window.record().finalGenotype);

    // Another process appends an epoch, half a line of the next, then finishes.
    QByteArray more;
    for (int s = 0; s < 3; ++s)
        more += compact(stepRow(1, s, 4 + s));
    more += compact(epochRow(1));
    QVERIFY(append(QDir(dir).filePath("metrics.jsonl"), more));
    QVERIFY(append(QDir(dir).filePath("epochs.jsonl"), compact(epochLine(1, kFinalGenotype))));
    QVERIFY(append(QDir(dir).filePath("metrics.jsonl"), QByteArray(R"({"type":"step","epoch":2,)")));
    QTRY_COMPARE_WITH_TIMEOUT(window.curvePanel()->plottedPoints(QStringLiteral("w_loss")).size(), 6, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(window.cellPanel()->epochCount(), 2, 5000);
    QCOMPARE(window.cellPanel()->shownIndex(), 1);
    QCOMPARE(window.normalHeatmap()->table().at(0, 3), 0.3f);

    QFile genotype(QDir(dir).filePath("genotype.json"));
    QVERIFY(genotype.open(QIODevice::WriteOnly));
    genotype.write(kFinalGenotype);
    genotype.close();
    QVERIFY(append(QDir(dir).filePath("metrics.jsonl"), QByteArray(R"("step":0,"global_step":7,"w_loss":1.0})"
                                                                   "\n") +
                                                            compact({{"type", "status"}, {"status", "finished"}})));
    QTRY_COMPARE_WITH_TIMEOUT(model::statusWord(window.record()), std::string("finished"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window.record().finalGenotype.has_value(), 5000);
    QCOMPARE(window.curvePanel()->plottedPoints(QStringLiteral("w_loss")).size(), 7);
}

void TestMainWindow::openingANonRunFails()
{
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QString error;
    QVERIFY(!window.openRunDirectory(m_tmp.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
    QVERIFY(window.source() == app::MainWindow::Source::None);

    const QString broken = m_tmp.filePath(QStringLiteral("broken-run"));
    writeRun(broken, 1, QStringLiteral("finished"), false);
    QVERIFY(append(QDir(broken).filePath("epochs.jsonl"), QByteArray("{\"epoch\": \"two\"}\n")));
    QVERIFY(!window.openRunDirectory(broken, &error));
    QVERIFY2(error.contains(QStringLiteral("epochs.jsonl:2")), qPrintable(error));
}

void TestMainWindow::exportsGenotypeFormats_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("suits");
    QTest::addColumn<QString>("expectedStart");
    QTest::newRow("json") << int(model::GenotypeFormat::Json) << true << QStringLiteral("{");
    QTest::newRow("darts literal") << int(model::GenotypeFormat::DartsLiteral) << true << QStringLiteral("Genotype(");
    QTest::newRow("nb201 string refused for a DARTS cell")
        << int(model::GenotypeFormat::Nb201String) << false << QString();
}

void TestMainWindow::exportsGenotypeFormats()
{
    QFETCH(int, format);
    QFETCH(bool, suits);
    QFETCH(QString, expectedStart);
    const QString dir = m_tmp.filePath(QStringLiteral("export-run"));
    if (!QFileInfo::exists(dir))
        writeRun(dir, 2, QStringLiteral("finished"), true);
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openRunDirectory(dir));

    const QString path = m_tmp.filePath(QStringLiteral("genotype-%1.txt").arg(format));
    QString error;
    const bool written = window.exportGenotype(path, model::GenotypeFormat(format), &error);
    QCOMPARE(written, suits);
    if (!suits) {
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path));
        return;
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(QString::fromUtf8(text).startsWith(expectedStart), text.constData());
    QCOMPARE(model::parseGenotype(text.toStdString()), genotypeOf(kFinalGenotype));
}

void TestMainWindow::exportsFigures_data()
{
    QTest::addColumn<QString>("figure");
    QTest::addColumn<QString>("suffix");
    for (const char *figure : {"cells", "curves"})
        for (const char *suffix : {"svg", "pdf", "png"})
            QTest::newRow(qPrintable(QStringLiteral("%1.%2").arg(QLatin1String(figure), QLatin1String(suffix))))
                << QString::fromLatin1(figure) << QString::fromLatin1(suffix);
}

void TestMainWindow::exportsFigures()
{
    QFETCH(QString, figure);
    QFETCH(QString, suffix);
    const QString dir = m_tmp.filePath(QStringLiteral("figure-run"));
    if (!QFileInfo::exists(dir))
        writeRun(dir, 2, QStringLiteral("finished"), true);
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QVERIFY(window.openRunDirectory(dir));

    const QString path = m_tmp.filePath(QStringLiteral("%1-figure.%2").arg(figure, suffix));
    const QSize size(900, 600);
    QString error;
    const bool ok = figure == QLatin1String("cells") ? window.exportCellFigure(path, size, &error)
                                                     : window.exportCurvesFigure(path, size, &error);
    QVERIFY2(ok, qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.size() > 200);
    if (suffix == QLatin1String("svg")) {
        QXmlStreamReader xml(bytes);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QSvgRenderer renderer(bytes);
        QVERIFY(renderer.isValid());
        QVERIFY(!renderer.viewBoxF().isEmpty());
    } else if (suffix == QLatin1String("pdf")) {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.contains("%%EOF"));
    } else {
        QImage image;
        QVERIFY(image.loadFromData(bytes, "PNG"));
        QCOMPARE(image.size(), size);
        // Not a blank page: a figure has ink.
        const QRgb corner = image.pixel(0, 0);
        bool ink = false;
        for (int y = 0; y < image.height() && !ink; y += 3)
            for (int x = 0; x < image.width() && !ink; x += 3)
                ink = image.pixel(x, y) != corner;
        QVERIFY(ink);
    }
}

// File › Export › Cell Animation: enabled once an epoch is on record; one GIF frame per epoch;
// an existing file is kept unless the caller (the file dialog, having asked) says to replace it.
void TestMainWindow::exportsCellAnimation()
{
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QAction *action = nullptr;
    for (QAction *candidate : window.findChildren<QAction *>())
        if (candidate->text() == QStringLiteral("Cell &Animation…"))
            action = candidate;
    QVERIFY(action);
    QVERIFY(!action->isEnabled()); // no run open

    const QString started = m_tmp.filePath(QStringLiteral("animation-no-epoch"));
    writeRun(started, 0, QStringLiteral("running"), false);
    QVERIFY(window.openRunDirectory(started));
    QVERIFY(!action->isEnabled());

    const QString dir = m_tmp.filePath(QStringLiteral("animation-run"));
    writeRun(dir, 3, QStringLiteral("finished"), true);
    QVERIFY(window.openRunDirectory(dir));
    QVERIFY(action->isEnabled());

    const QString path = m_tmp.filePath(QStringLiteral("animation.gif"));
    QString error;
    QVERIFY2(window.exportCellAnimation(path, false, &error), qPrintable(error));
    const testing::GifContents gif = testing::readGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.frames.size(), std::size_t(3));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    QVERIFY(!window.exportCellAnimation(path, false, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    file.close();
    QVERIFY2(window.exportCellAnimation(path, true, &error), qPrintable(error));

    // Through the action: the file dialog asks before an existing file goes; No leaves it.
    QVERIFY(writeFileBytes(path, "kept"));
    QString asked;
    QTimer::singleShot(0, &window, [&] {
        QTRY_VERIFY(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()));
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        QTimer::singleShot(0, dialog, [&] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            asked = box->text();
            box->button(QMessageBox::No)->click();
            QTimer::singleShot(0, dialog, [dialog] { dialog->reject(); });
        });
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept, protected there
    });
    action->trigger();
    QVERIFY2(asked.contains(QStringLiteral("already exists")), qPrintable(asked));
    QFile kept(path);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("kept"));
    kept.close();

    // A new file: written, and the status bar says so.
    const QString fresh = m_tmp.filePath(QStringLiteral("animation-from-the-menu.gif"));
    QTimer::singleShot(0, &window, [&] {
        QTRY_VERIFY(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()));
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        dialog->selectFile(fresh);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept, protected there
    });
    action->trigger();
    const testing::GifContents fromMenu = testing::readGif(fresh);
    QVERIFY2(fromMenu.ok, qPrintable(fromMenu.error));
    QCOMPARE(fromMenu.frames.size(), std::size_t(3));
}

void TestMainWindow::exportsMetricsCsv()
{
    const QString dir = m_tmp.filePath(QStringLiteral("csv-run"));
    writeRun(dir, 2, QStringLiteral("finished"), true);
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openRunDirectory(dir));
    const QString path = m_tmp.filePath(QStringLiteral("metrics.csv"));
    QString error;
    QVERIFY2(window.exportMetricsCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 9); // header + 6 step rows + 2 epoch rows
    const QStringList header = lines.first().split(QLatin1Char(','));
    QCOMPARE(header.mid(0, 4), (QStringList{"type", "epoch", "step", "global_step"}));
    QVERIFY(header.contains(QStringLiteral("w_loss")));
    QVERIFY(header.contains(QStringLiteral("seconds")));
    const QStringList firstStep = lines.at(1).split(QLatin1Char(','));
    QCOMPARE(firstStep.size(), header.size());
    QCOMPARE(firstStep.at(0), QStringLiteral("step"));
    QCOMPARE(firstStep.at(header.indexOf(QStringLiteral("w_loss"))).toDouble(), 1.9);
    QCOMPARE(firstStep.at(header.indexOf(QStringLiteral("seconds"))), QString());
}

void TestMainWindow::metricsCsvQuotesOddKeys()
{
    // A key from another tool's run directory may hold a comma or a quote: RFC 4180 quoting.
    model::MetricRow row;
    row.type = "step";
    row.epoch = 0;
    row.step = 1;
    row.globalStep = 1;
    row.values = {{"loss, smoothed", 0.5}, {"top\"1\"", 2.0}, {"plain", 3.0}};
    const QStringList lines = app::metricsCsv({row}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QStringLiteral("type,epoch,step,global_step,\"loss, smoothed\",plain,\"top\"\"1\"\"\""));
    QCOMPARE(lines.at(1), QStringLiteral("step,0,1,1,0.5,3,2"));
}

void TestMainWindow::figureExportAsksBeforeReplacing()
{
    const QString path = m_tmp.filePath(QStringLiteral("cells.svg"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("my figure");
    file.close();
    for (const bool replace : {false, true}) {
        app::FigureExportDialog dialog(QStringLiteral("Export"), QStringLiteral("cells"), path);
        QString asked;
        // The question is modal: answer it from the event loop it runs.
        QTimer::singleShot(0, &dialog, [&] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            asked = box->text();
            box->button(replace ? QMessageBox::Yes : QMessageBox::No)->click();
        });
        dialog.accept();
        QVERIFY2(asked.contains(QStringLiteral("already exists")), qPrintable(asked));
        QCOMPARE(dialog.result(), int(replace ? QDialog::Accepted : QDialog::Rejected));
    }
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("my figure")); // the dialog decides; nothing was written yet
}

void TestMainWindow::recentRunsSurviveARestart()
{
    const QString dir = m_tmp.filePath(QStringLiteral("recent-run"));
    writeRun(dir, 1, QStringLiteral("finished"), true);
    {
        app::MainWindow window;
        window.setErrorDialogsEnabled(false);
        QVERIFY(window.openRunDirectory(dir));
    }
    QVERIFY(app::RecentRuns().directories().contains(QDir::cleanPath(dir)));
    app::MainWindow restarted;
    QMenu *recent = nullptr;
    for (QMenu *menu : restarted.findChildren<QMenu *>())
        if (menu->title() == app::MainWindow::tr("Recent &Runs"))
            recent = menu;
    QVERIFY(recent);
    QAction *entry = nullptr;
    for (QAction *action : recent->actions())
        if (action->text() == QDir::toNativeSeparators(QDir::cleanPath(dir)))
            entry = action;
    QVERIFY(entry);
    entry->trigger();
    QVERIFY(restarted.source() == app::MainWindow::Source::Directory);
    QCOMPARE(restarted.cellPanel()->epochCount(), 1);
}

// A run searched with --benchmark: each epoch's cell in the Benchmark dock, followed as epochs
// arrive; a run without scores shows the hint, and the figure export is offered only with scores.
void TestMainWindow::benchmarkDockFollowsTheRun()
{
    const QString dir = m_tmp.filePath(QStringLiteral("benchmark-run"));
    // Seed position 1 of the fixture: the cell of epoch 2 is not in the benchmark.
    study_fixture::writeSearchRun(dir, 1, model::parseGenotype(study_fixture::kCell1), 2, 3, false, true);
    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openRunDirectory(dir));
    widgets::BenchmarkPlot *plot = window.benchmarkPlot();
    QVERIFY(plot->hasData());
    QCOMPARE(plot->dataset(), QStringLiteral("cifar10"));
    QCOMPARE(plot->testPoints().size(), 2);
    QCOMPARE(plot->testPoints()[0], QPointF(1, 61.0));
    QCOMPARE(plot->gapEpochs(), QVector<int>{2});
    QCOMPARE(plot->bestTest().value(), study_fixture::kBestTest);
    const QList<QAction *> actions = window.findChildren<QAction *>();
    const auto benchmarkAction = std::find_if(actions.begin(), actions.end(), [](const QAction *a) {
        return a->text().contains(QStringLiteral("Benchmark Figure"));
    });
    QVERIFY(benchmarkAction != actions.end());
    QVERIFY((*benchmarkAction)->isEnabled());

    // The third epoch arrives.
    study_fixture::writeSearchRun(dir, 1, model::parseGenotype(study_fixture::kCell1), 3, 3, true, true);
    QTRY_COMPARE_WITH_TIMEOUT(plot->testPoints().size(), 3, 5000);
    QCOMPARE(plot->testPoints()[2], QPointF(3, 71.0));
    QString error;
    const QString svg = m_tmp.filePath(QStringLiteral("benchmark.svg"));
    QVERIFY2(window.exportBenchmarkFigure(svg, QSize(600, 400), &error), qPrintable(error));
    QVERIFY(QSvgRenderer(svg).isValid());

    const QString plain = m_tmp.filePath(QStringLiteral("no-benchmark-run"));
    writeRun(plain, 2, QStringLiteral("finished"), true);
    QVERIFY(window.openRunDirectory(plain));
    QVERIFY(!plot->hasData());
    QVERIFY(plot->hintShown());
    QVERIFY(!(*benchmarkAction)->isEnabled());
}

void TestMainWindow::liveSearchShowsEpochsAndReadsTheRunBack()
{
    engine::SearchConfig config = test::tinySearch(m_tmp.filePath(QStringLiteral("live-search")), 2);
    config.name = "live";

    app::MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QString error;
    QVERIFY2(window.startSearch(config, &error), qPrintable(error));
    QVERIFY(window.source() == app::MainWindow::Source::Live);
    QTRY_VERIFY_WITH_TIMEOUT(window.source() == app::MainWindow::Source::Directory, 60000);
    QCOMPARE(model::statusWord(window.record()), std::string("finished"));
    QCOMPARE(window.cellPanel()->epochCount(), 2);
    QCOMPARE(window.curvePanel()->plottedPoints(QStringLiteral("w_loss")).size(), 6);
    QCOMPARE(window.normalHeatmap()->table().rows(), 6); // NAS-Bench-201: 6 edges
    QVERIFY(!window.reduceHeatmap()->isVisibleTo(&window));
    QVERIFY(window.currentGenotype().has_value());
    QVERIFY(window.currentGenotype()->space == model::SpaceKind::NasBench201);
    QVERIFY(window.logView()->toPlainText().contains(QStringLiteral("Finished")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
