// SearchSession end to end on small synthetic data: the loss falls, stop + resume reproduces an
// uninterrupted run, observers and the run directory see every record exactly once, and bad
// checkpoints or NaN losses end the run with a message instead of a crash.
#include "engine/EngineError.h"
#include "engine/MetricRows.h"
#include "engine/SearchSession.h"
#include "model/GenotypeFormats.h"
#include "model/RunRecord.h"
#include "support/TestDevice.h"

#include <QDir>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <fstream>

using namespace gdas;

namespace {

engine::SearchConfig smallConfig(const QString &dir, const std::string &space)
{
    engine::SearchConfig c;
    c.runDir = dir.toStdString();
    c.space = space;
    c.data.dataset = "synthetic";
    c.data.syntheticSize = 192;
    c.data.syntheticSide = 16;
    c.data.syntheticChannels = 3;
    c.data.syntheticClasses = 4;
    c.epochs = 3;
    c.batchSize = 16;
    c.channels = space == "darts" ? 4 : 8;
    c.cells = 1;
    c.lr = 0.05;
    c.logEvery = 2;
    c.maxStepsPerEpoch = 5;
    c.seed = 7;
    c.threads = 1;
    c.device = test::deviceName();
    c.deterministic = test::onCuda(); // stop + resume compares runs value by value
    return c;
}

struct Recorder : engine::SearchObserver {
    std::vector<std::string> events;
    std::vector<engine::EpochReport> epochs;
    engine::RunControl *control = nullptr;
    int stopAtEpoch = -1;
    std::int64_t stopAtStep = -1;
    void onStarted(const engine::RunStarted &s) override
    {
        events.push_back("started@" + std::to_string(s.startEpoch));
    }
    void onStep(const engine::StepMetrics &m) override
    {
        events.push_back("step");
        if (control && m.epoch == stopAtEpoch && m.step >= stopAtStep)
            control->requestStop();
    }
    void onEpoch(const engine::EpochReport &r) override
    {
        events.push_back("epoch");
        epochs.push_back(r);
    }
    void onFinished(const engine::RunOutcome &) override { events.push_back("finished"); }
};

// What a viewer of the live run gets: every report as the metric schema's rows.
struct LiveRows : engine::SearchObserver {
    std::vector<model::MetricRow> metrics;
    std::vector<model::EpochRecord> epochs;
    void onStep(const engine::StepMetrics &m) override { metrics.push_back(engine::metricRowOf(m)); }
    void onEpoch(const engine::EpochReport &r) override
    {
        metrics.push_back(engine::metricRowOf(r));
        epochs.push_back(engine::epochRecordOf(r));
    }
};

QString describe(const model::MetricRow &row)
{
    QString text = QString("%1 epoch %2 step %3 global %4:")
                       .arg(QString::fromStdString(row.type))
                       .arg(row.epoch)
                       .arg(row.step)
                       .arg(row.globalStep);
    for (const auto &[key, value] : row.values)
        text += QString(" %1=%2").arg(QString::fromStdString(key)).arg(value, 0, 'g', 17);
    return text;
}

void compareAlphaTables(const model::AlphaTable &live, const model::AlphaTable &disk)
{
    QCOMPARE(live.ops, disk.ops);
    QCOMPARE(live.edges.size(), disk.edges.size());
    for (std::size_t i = 0; i < live.edges.size(); ++i) {
        QCOMPARE(live.edges[i].to, disk.edges[i].to);
        QCOMPARE(live.edges[i].from, disk.edges[i].from);
    }
    QCOMPARE(live.probs, disk.probs);
}

std::vector<std::string> lines(const QString &file)
{
    std::ifstream in(file.toStdString());
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

} // namespace

class TestSearchSession : public QObject {
    Q_OBJECT
private slots:
    void lossFalls_data();
    void lossFalls();
    void stopAndResumeMatchesUninterrupted_data();
    void stopAndResumeMatchesUninterrupted();
    void pauseBlocksUntilResume();
    void resumeRefusesForeignCheckpoint();
    void nanLossStopsWithMessage();
    void badConfigIsInputError();
    void occupiedFolderIsRefused();
    void etaLeavesOutPausedTime();
    void liveRowsEqualRowsOnDisk_data();
    void liveRowsEqualRowsOnDisk();
    void healthIsReportedAndWritten();
    void stopOnCollapseEndsAtTheFirstCollapsedEpoch();
};

void TestSearchSession::lossFalls_data()
{
    QTest::addColumn<QString>("space");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("nb201-gdas") << "nas-bench-201"
                                << "gdas";
    QTest::newRow("darts-gdas") << "darts"
                                << "gdas";
    QTest::newRow("darts-frc") << "darts"
                               << "gdas-frc";
    QTest::newRow("darts-first-order") << "darts"
                                       << "darts";
}

void TestSearchSession::lossFalls()
{
    QFETCH(QString, space);
    QFETCH(QString, algorithm);
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), space.toStdString());
    c.algorithm = engine::algorithmByName(algorithm.toStdString());
    if (c.algorithm == engine::Algorithm::GdasFrc)
        c.channels = 8; // its fixed reduction cell has grouped convolutions of 8 groups
    c.epochs = 2;
    c.maxStepsPerEpoch = 0; // whole halves: 96 images / 16 = 6 steps
    engine::SearchSession session(c);
    Recorder rec;
    session.addObserver(&rec);
    engine::RunControl control;
    const auto outcome = session.run(control);
    QCOMPARE(int(outcome.end), int(engine::RunEnd::Finished));
    QCOMPARE(rec.epochs.size(), std::size_t(2));
    QVERIFY2(rec.epochs[1].wLoss < rec.epochs[0].wLoss,
             qPrintable(QString("weights loss %1 -> %2").arg(rec.epochs[0].wLoss).arg(rec.epochs[1].wLoss)));
    // The run directory is complete and readable, and its genotype is the outcome's.
    const auto record = model::readRunDirectory(dir.path().toStdString());
    QCOMPARE(record.epochs.size(), std::size_t(2));
    QVERIFY(record.finalGenotype.has_value());
    QVERIFY(*record.finalGenotype == outcome.genotype);
    QCOMPARE(QString::fromStdString(model::statusWord(record)), QString("finished"));
    QVERIFY(QFile::exists(dir.filePath("checkpoint.pt")));
    QVERIFY(QFile::exists(dir.filePath("log.txt")));
    // Events in order: started, steps..., epoch, ..., finished.
    QCOMPARE(QString::fromStdString(rec.events.front()), QString("started@0"));
    QCOMPARE(QString::fromStdString(rec.events.back()), QString("finished"));
}

void TestSearchSession::stopAndResumeMatchesUninterrupted_data()
{
    QTest::addColumn<QString>("space");
    QTest::addColumn<int>("stopEpoch");
    QTest::addColumn<int>("stopStep");
    QTest::addColumn<int>("resumeEpoch");
    // Stops are asked for at a report step and honoured before the next step.
    QTest::newRow("nb201 mid-epoch") << "nas-bench-201" << 1 << 1 << 1;
    QTest::newRow("nb201 epoch end") << "nas-bench-201" << 0 << 4 << 1;
    QTest::newRow("darts mid-epoch") << "darts" << 1 << 2 << 1;
}

void TestSearchSession::stopAndResumeMatchesUninterrupted()
{
    QFETCH(QString, space);
    QFETCH(int, stopEpoch);
    QFETCH(int, stopStep);
    QFETCH(int, resumeEpoch);
    QTemporaryDir whole, split;
    {
        engine::SearchSession session(smallConfig(whole.path(), space.toStdString()));
        engine::RunControl control;
        QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Finished));
    }
    {
        engine::SearchSession session(smallConfig(split.path(), space.toStdString()));
        Recorder rec;
        engine::RunControl control;
        rec.control = &control;
        rec.stopAtEpoch = stopEpoch;
        rec.stopAtStep = stopStep;
        session.addObserver(&rec);
        QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Stopped));
    }
    {
        auto session = engine::SearchSession::resume(split.path().toStdString());
        Recorder rec;
        session->addObserver(&rec);
        engine::RunControl control;
        QCOMPARE(int(session->run(control).end), int(engine::RunEnd::Finished));
        QCOMPARE(QString::fromStdString(rec.events.front()), QString("started@%1").arg(resumeEpoch));
    }
    const auto a = model::readRunDirectory(whole.path().toStdString());
    const auto b = model::readRunDirectory(split.path().toStdString());
    QCOMPARE(b.epochs.size(), a.epochs.size());
    // Epochs before the stop are identical (the same process computed them).
    bool sameHistory = true;
    for (std::size_t e = 0; e < a.epochs.size(); ++e) {
        bool same = a.epochs[e].genotype == b.epochs[e].genotype;
        for (std::size_t i = 0; i < a.epochs[e].normal.probs.size(); ++i)
            same = same && std::abs(a.epochs[e].normal.probs[i] - b.epochs[e].normal.probs[i]) < 1e-5f;
        if (int(e) < stopEpoch)
            QVERIFY2(same, qPrintable(QString("epoch %1 before the stop differs").arg(e)));
        sameHistory = sameHistory && same;
    }
    // Same metric rows: none duplicated, none missing, in the same order.
    auto numeric = [](const model::RunRecord &r) {
        std::vector<model::MetricRow> rows;
        for (const auto &m : r.metrics)
            if (m.type != "status")
                rows.push_back(m);
        return rows;
    };
    const auto ma = numeric(a), mb = numeric(b);
    QCOMPARE(mb.size(), ma.size());
    bool sameValues = true;
    for (std::size_t i = 0; i < ma.size(); ++i) {
        QCOMPARE(mb[i].type, ma[i].type);
        QCOMPARE(mb[i].epoch, ma[i].epoch);
        QCOMPARE(mb[i].step, ma[i].step);
        for (const char *key : {"w_loss", "a_loss", "w_top1", "a_top1", "lr", "tau"})
            sameValues = sameValues && std::abs(mb[i].value(key) - ma[i].value(key)) < 1e-4;
    }
    QVERIFY(sameHistory && sameValues);
    // The health of every epoch, "changed" of the first epoch after the resume included (it
    // needs the epoch before the stop, read back from the checkpoint or epochs.jsonl).
    for (std::size_t e = 0; e < a.epochs.size(); ++e) {
        QVERIFY(a.epochs[e].normalHealth && b.epochs[e].normalHealth);
        QCOMPARE(b.epochs[e].normalHealth->changedEdges, a.epochs[e].normalHealth->changedEdges);
        QCOMPARE(b.epochs[e].normalHealth->skipConnections, a.epochs[e].normalHealth->skipConnections);
        QCOMPARE(b.epochs[e].normalHealth->parameterFreeOps, a.epochs[e].normalHealth->parameterFreeOps);
    }
}

void TestSearchSession::pauseBlocksUntilResume()
{
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), "nas-bench-201");
    c.epochs = 1;
    engine::SearchSession session(c);
    engine::RunControl control;
    struct PauseProbe : engine::SearchObserver {
        engine::RunControl *control;
        std::vector<bool> pauses;
        int steps = 0;
        void onStep(const engine::StepMetrics &) override
        {
            if (++steps == 1)
                control->requestPause();
        }
        void onPaused(bool p) override
        {
            pauses.push_back(p);
            if (p)
                control->resume(); // from the engine thread: the wait returns at once
        }
    } probe;
    probe.control = &control;
    session.addObserver(&probe);
    QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Finished));
    QCOMPARE(probe.pauses, (std::vector<bool>{true, false}));
    // The pause is on record.
    bool sawPaused = false;
    for (const auto &l : lines(dir.filePath("metrics.jsonl")))
        sawPaused |= l.find("\"paused\"") != std::string::npos;
    QVERIFY(sawPaused);
}

void TestSearchSession::resumeRefusesForeignCheckpoint()
{
    QTemporaryDir a, b;
    {
        auto c = smallConfig(a.path(), "nas-bench-201");
        c.epochs = 1;
        engine::SearchSession s(c);
        engine::RunControl control;
        s.run(control);
    }
    {
        auto c = smallConfig(b.path(), "nas-bench-201");
        c.channels = 6; // another network
        c.epochs = 1;
        engine::SearchSession s(c);
        engine::RunControl control;
        s.run(control);
    }
    // b's config with a's checkpoint: the channel count does not match.
    QVERIFY(QFile::remove(b.filePath("checkpoint.pt")));
    QVERIFY(QFile::copy(a.filePath("checkpoint.pt"), b.filePath("checkpoint.pt")));
    auto session = engine::SearchSession::resume(b.path().toStdString(), 2);
    engine::RunControl control;
    try {
        session->run(control);
        QFAIL("a foreign checkpoint was accepted");
    } catch (const engine::InputError &e) {
        QVERIFY2(QString(e.what()).contains("channels"), e.what());
        QVERIFY2(QString(e.what()).contains("checkpoint.pt"), e.what());
    }
    // A truncated checkpoint is refused with the file named, not a crash.
    {
        QFile f(b.filePath("checkpoint.pt"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
    }
    auto again = engine::SearchSession::resume(b.path().toStdString(), 2);
    QVERIFY_THROWS_EXCEPTION(engine::InputError, again->run(control));
}

void TestSearchSession::nanLossStopsWithMessage()
{
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), "nas-bench-201");
    c.lr = 1e30; // diverges within a few steps
    c.gradClip = 1e30;
    c.epochs = 2;
    engine::SearchSession session(c);
    engine::RunControl control;
    const auto outcome = session.run(control);
    QCOMPARE(int(outcome.end), int(engine::RunEnd::Failed));
    QVERIFY2(QString::fromStdString(outcome.message).contains("non-finite"), outcome.message.c_str());
    QVERIFY2(QString::fromStdString(outcome.message).contains("epoch"), outcome.message.c_str());
    const auto record = model::readRunDirectory(dir.path().toStdString());
    QCOMPARE(QString::fromStdString(model::statusWord(record)), QString("failed"));
}

void TestSearchSession::badConfigIsInputError()
{
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), "nas-bench-201");
    c.batchSize = 1000; // larger than either half
    engine::SearchSession session(c);
    engine::RunControl control;
    QVERIFY_THROWS_EXCEPTION(engine::InputError, session.run(control));
    // The refused start left nothing behind: the same folder takes the next try.
    QVERIFY(QDir(dir.path()).isEmpty());
    auto d = smallConfig(dir.path(), "nas-bench-201");
    d.algorithm = engine::Algorithm::GdasFrc;
    engine::SearchSession frc(d);
    QVERIFY_THROWS_EXCEPTION(engine::InputError, frc.run(control));
}

void TestSearchSession::occupiedFolderIsRefused()
{
    QTemporaryDir dir;
    {
        engine::SearchSession first(smallConfig(dir.path(), "nas-bench-201"));
        engine::RunControl control;
        QCOMPARE(int(first.run(control).end), int(engine::RunEnd::Finished));
    }
    const QByteArray metrics = [&] {
        QFile f(dir.filePath("metrics.jsonl"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const QStringList entries = QDir(dir.path()).entryList(QDir::Files);
    engine::SearchSession again(smallConfig(dir.path(), "nas-bench-201"));
    engine::RunControl control;
    try {
        again.run(control);
        QFAIL("a second run wrote into a finished run's folder");
    } catch (const engine::InputError &e) {
        QVERIFY2(QString(e.what()).contains(dir.path()) && QString(e.what()).contains("finished run"), e.what());
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), entries);
    QFile f(dir.filePath("metrics.jsonl"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), metrics);
}

void TestSearchSession::etaLeavesOutPausedTime()
{
    // A pause of 3 s after the first report: with the pause counted, the next ETA would be at
    // least 3 s x (steps left / steps done) = 3 x 8 / 2 = 12 s; these steps take milliseconds.
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), "nas-bench-201");
    c.epochs = 2;
    c.logEvery = 1;
    engine::SearchSession session(c);
    engine::RunControl control;
    struct Probe : engine::SearchObserver {
        engine::RunControl *control;
        std::vector<engine::StepMetrics> steps;
        void onStep(const engine::StepMetrics &m) override
        {
            steps.push_back(m);
            if (steps.size() == 1)
                control->requestPause();
        }
        void onPaused(bool p) override
        {
            if (p) {
                QThread::msleep(3000);
                control->resume();
            }
        }
    } probe;
    probe.control = &control;
    session.addObserver(&probe);
    QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Finished));
    QVERIFY(probe.steps.size() >= 3);
    const engine::StepMetrics &after = probe.steps[1];
    QVERIFY2(after.etaSeconds < 6.0, qPrintable(QString("ETA %1 s after a 3 s pause").arg(after.etaSeconds)));
    QVERIFY2(after.elapsedSeconds < 2.5, qPrintable(QString("elapsed %1 s").arg(after.elapsedSeconds)));
    // The images per second of the window that held the pause: not 3 s worth of nothing.
    QVERIFY2(after.imagesPerSecond > 2 * 16 / 2.5, qPrintable(QString::number(after.imagesPerSecond)));
}

void TestSearchSession::liveRowsEqualRowsOnDisk_data()
{
    QTest::addColumn<QString>("space");
    QTest::newRow("darts") << "darts";
    QTest::newRow("nas-bench-201") << "nas-bench-201";
}

// One metric schema: every step and epoch row an observer is shown live (the workbench's
// plots) is, value for value, the row metrics.jsonl holds, and every epoch record the one
// epochs.jsonl holds; the epoch rows carry the run's "time" on both sides.
void TestSearchSession::liveRowsEqualRowsOnDisk()
{
    QFETCH(QString, space);
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), space.toStdString());
    c.epochs = 2;
    engine::SearchSession session(c);
    LiveRows live;
    session.addObserver(&live);
    engine::RunControl control;
    QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Finished));

    const auto record = model::readRunDirectory(dir.path().toStdString());
    // 5 steps logged every 2 steps: steps 1, 3 and 4 (the last), then the epoch row; twice.
    QCOMPARE(live.metrics.size(), std::size_t(2 * (3 + 1)));
    QCOMPARE(record.metrics.size(), live.metrics.size());
    for (std::size_t i = 0; i < live.metrics.size(); ++i) {
        const auto &a = live.metrics[i];
        const auto &b = record.metrics[i];
        QVERIFY2(a == b, qPrintable("live " + describe(a) + "\ndisk " + describe(b)));
        if (a.type == "epoch") {
            QVERIFY(a.has("time"));
            QVERIFY(a.value("time") >= a.value("seconds"));
        }
    }
    QCOMPARE(record.epochs.size(), live.epochs.size());
    for (std::size_t i = 0; i < live.epochs.size(); ++i) {
        const auto &a = live.epochs[i];
        const auto &b = record.epochs[i];
        QCOMPARE(a.epoch, b.epoch);
        QCOMPARE(a.tau, b.tau);
        compareAlphaTables(a.normal, b.normal);
        compareAlphaTables(a.reduce, b.reduce);
        QVERIFY(a.genotype == b.genotype);
    }
    QCOMPARE(live.epochs.back().reduce.empty(), space == "nas-bench-201");
}

namespace {

int strongest(const model::AlphaTable &t, int edge)
{
    int best = 0;
    for (int op = 1; op < t.cols(); ++op)
        if (t.at(edge, op) > t.at(edge, best))
            best = op;
    return best;
}

int skipsIn(const model::CellGenotype &cell)
{
    int n = 0;
    for (const auto &node : cell)
        for (const auto &op : node)
            n += op.op == "skip_connect";
    return n;
}

} // namespace

void TestSearchSession::healthIsReportedAndWritten()
{
    QTemporaryDir dir;
    auto c = smallConfig(dir.path(), "darts");
    c.collapseSkipLimit = 1;
    engine::SearchSession session(c);
    Recorder rec;
    session.addObserver(&rec);
    engine::RunControl control;
    QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Finished));
    QCOMPARE(rec.epochs.size(), std::size_t(3));
    for (std::size_t e = 0; e < rec.epochs.size(); ++e) {
        const engine::EpochReport &r = rec.epochs[e];
        QVERIFY(r.normalHealth && r.reduceHealth);
        QCOMPARE(r.normalHealth->derivedOps, 8);
        QCOMPARE(r.normalHealth->skipConnections, skipsIn(r.genotype.normal));
        QCOMPARE(r.reduceHealth->skipConnections, skipsIn(r.genotype.reduce));
        QCOMPARE(r.collapsed, r.normalHealth->skipConnections >= 1);
        QVERIFY(r.normalHealth->meanEntropy > 0.0 && r.normalHealth->meanEntropy <= 1.0 + 1e-9);
        if (e == 0) {
            QVERIFY(!r.normalHealth->changedEdges);
        } else {
            int changed = 0;
            for (int edge = 0; edge < r.normal.rows(); ++edge)
                changed += strongest(r.normal, edge) != strongest(rec.epochs[e - 1].normal, edge);
            QCOMPARE(r.normalHealth->changedEdges, std::optional<int>(changed));
        }
    }
    const auto record = model::readRunDirectory(dir.path().toStdString());
    QCOMPARE(record.epochs.size(), rec.epochs.size());
    for (std::size_t e = 0; e < record.epochs.size(); ++e) {
        QVERIFY(record.epochs[e].normalHealth == rec.epochs[e].normalHealth);
        QVERIFY(record.epochs[e].reduceHealth == rec.epochs[e].reduceHealth);
    }
    QVERIFY(record.configJson.find("\"collapse_skip_limit\": 1") != std::string::npos);
}

void TestSearchSession::stopOnCollapseEndsAtTheFirstCollapsedEpoch()
{
    // A first run without the rule finds the epochs' skip counts; the limit is the largest, so
    // the rule must fire at the first epoch that reaches it and nowhere before.
    QTemporaryDir free, ruled;
    auto c = smallConfig(free.path(), "nas-bench-201");
    c.epochs = 4;
    c.collapseSkipLimit = 0;
    Recorder all;
    {
        engine::SearchSession session(c);
        session.addObserver(&all);
        engine::RunControl control;
        QCOMPARE(int(session.run(control).end), int(engine::RunEnd::Finished));
    }
    int limit = 0;
    for (const auto &r : all.epochs) {
        QVERIFY(!r.collapsed); // limit 0: never
        limit = std::max(limit, r.normalHealth->skipConnections);
    }
    QVERIFY2(limit >= 1, "no epoch of this search derived a skip connection; pick another seed");
    std::size_t expectedEpochs = 0;
    while (all.epochs[expectedEpochs].normalHealth->skipConnections < limit)
        ++expectedEpochs;
    ++expectedEpochs;

    c.runDir = ruled.path().toStdString();
    c.collapseSkipLimit = limit;
    c.stopOnCollapse = true;
    engine::SearchSession session(c);
    Recorder rec;
    session.addObserver(&rec);
    engine::RunControl control;
    const engine::RunOutcome outcome = session.run(control);
    QCOMPARE(int(outcome.end), int(engine::RunEnd::Finished));
    QCOMPARE(rec.epochs.size(), expectedEpochs);
    QCOMPARE(outcome.epochsDone, int(expectedEpochs));
    QVERIFY(rec.epochs.back().collapsed);
    QVERIFY(outcome.genotype == rec.epochs.back().genotype);
    QVERIFY2(outcome.message.find("--stop-on-collapse") != std::string::npos, outcome.message.c_str());
    const auto record = model::readRunDirectory(ruled.path().toStdString());
    QCOMPARE(model::statusWord(record), std::string("finished"));
    QVERIFY(record.finalGenotype && *record.finalGenotype == outcome.genotype);
    QVERIFY(record.configJson.find("\"stop_on_collapse\": true") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestSearchSession)
#include "tst_searchsession.moc"
