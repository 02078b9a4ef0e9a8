#include "StudyDocument.h"

#include "RunDocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace gdas::app {

namespace {

constexpr int kPollMilliseconds = 2000;

// Size and time of the files a seed's reader reads: when it is unchanged, a seed that could not
// be read is not read again.
QString seedStamp(const QString &directory)
{
    QString stamp;
    for (const char *file : {"config.json", "metrics.jsonl", "epochs.jsonl", "genotype.json"}) {
        const QFileInfo info(QDir(directory).filePath(QLatin1String(file)));
        stamp += QStringLiteral("%1:%2:%3;")
                     .arg(QLatin1String(file))
                     .arg(info.exists() ? info.size() : -1)
                     .arg(info.exists() ? info.lastModified().toMSecsSinceEpoch() : 0);
    }
    return stamp;
}

QString fileStamp(const QString &path)
{
    const QFileInfo info(path);
    return QStringLiteral("%1:%2").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
}

} // namespace

struct StudyDocument::SeedFiles {
    std::unique_ptr<model::RunFollower> follower;
    QString problem;     // the last read's error, naming the file; empty when it read
    QString failedStamp; // the files as they were when it failed
};

StudyDocument::StudyDocument(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(kPollMilliseconds);
    connect(&m_timer, &QTimer::timeout, this, &StudyDocument::poll);
}

StudyDocument::~StudyDocument() = default;

QString StudyDocument::name() const
{
    if (!m_study.plan.name.empty())
        return QString::fromStdString(m_study.plan.name);
    return QFileInfo(m_directory).fileName();
}

bool StudyDocument::open(const QString &directory, QString *error)
{
    m_timer.stop();
    m_directory = QDir::cleanPath(directory);
    m_planStamp.clear();
    m_study = {};
    m_summary = {};
    m_files.clear();
    m_summaryProblem.clear();
    if (!readPlan(error)) {
        m_directory.clear();
        m_study = {};
        return false;
    }
    for (std::size_t i = 0; i < m_study.seeds.size(); ++i)
        pollSeed(i);
    summarize();
    setFollowing(true);
    emit changed();
    return true;
}

bool StudyDocument::readPlan(QString *error)
{
    const QString path = QDir(m_directory).filePath(QString::fromLatin1(model::kStudyFile));
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!QFileInfo(m_directory).isDir())
        return fail(tr("%1: no such folder").arg(QDir::toNativeSeparators(m_directory)));
    QFile file(path);
    if (!file.exists())
        return fail(tr("%1: missing; %2 is not a study folder (gdas study writes one)")
                        .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(m_directory)));
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("%1: cannot open (%2)").arg(QDir::toNativeSeparators(path), file.errorString()));
    model::StudyPlan plan;
    try {
        plan = model::studyPlanFromJson(file.readAll().toStdString(), path.toStdString());
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }
    m_planStamp = fileStamp(path);
    if (plan.seeds == m_study.plan.seeds && !m_study.seeds.empty()) {
        m_study.plan = std::move(plan);
        return true;
    }
    // New or changed seeds: keep what was read of the seeds that stay.
    std::map<std::uint64_t, std::pair<model::StudySeed, std::unique_ptr<SeedFiles>>> kept;
    for (std::size_t i = 0; i < m_study.seeds.size(); ++i)
        kept[m_study.seeds[i].seed] = {std::move(m_study.seeds[i]), std::move(m_files[i])};
    m_study.directory = m_directory.toStdString();
    m_study.plan = std::move(plan);
    m_study.seeds.clear();
    m_files.clear();
    for (std::uint64_t seed : m_study.plan.seeds) {
        if (auto it = kept.find(seed); it != kept.end()) {
            m_study.seeds.push_back(std::move(it->second.first));
            m_files.push_back(std::move(it->second.second));
            continue;
        }
        model::StudySeed s;
        s.seed = seed;
        s.directory = QDir(m_directory).filePath(QString::fromStdString(model::seedDirectoryName(seed))).toStdString();
        s.record.directory = s.directory;
        m_study.seeds.push_back(std::move(s));
        m_files.push_back(std::make_unique<SeedFiles>());
    }
    return true;
}

bool StudyDocument::pollSeed(std::size_t index)
{
    model::StudySeed &seed = m_study.seeds[index];
    SeedFiles &files = *m_files[index];
    const QString directory = QString::fromStdString(seed.directory);
    if (!files.problem.isEmpty()) {
        if (seedStamp(directory) == files.failedStamp)
            return false;
        files.problem.clear(); // the files changed: read the seed again from the start
    }
    if (!QFileInfo(directory).isDir())
        return false; // not started yet
    const auto restart = [&] {
        files.follower = std::make_unique<model::RunFollower>(seed.directory);
        seed.record = {};
        seed.record.directory = seed.directory;
        seed.started = false;
    };
    if (!files.follower)
        restart();
    for (int attempt = 0;; ++attempt) {
        try {
            bool changed = files.follower->poll(seed.record);
            const bool started = !seed.record.configJson.empty();
            changed = changed || started != seed.started;
            seed.started = started;
            return changed;
        } catch (const std::exception &e) {
            // A seed restarted in place shrinks its files: read it again from the start once.
            restart();
            if (attempt == 0)
                continue;
            files.problem = QString::fromUtf8(e.what());
            files.failedStamp = seedStamp(directory);
            files.follower.reset();
            return true;
        }
    }
}

void StudyDocument::summarize()
{
    try {
        m_summary = model::summarizeStudy(m_study);
        m_summaryProblem.clear();
    } catch (const std::exception &e) {
        m_summary = {};
        m_summary.planned = plannedSeeds();
        m_summaryProblem = tr("The finished seeds' cells have no consensus: %1").arg(QString::fromUtf8(e.what()));
    }
}

bool StudyDocument::poll()
{
    if (m_directory.isEmpty())
        return false;
    bool anything = false;
    const QString planPath = QDir(m_directory).filePath(QString::fromLatin1(model::kStudyFile));
    if (fileStamp(planPath) != m_planStamp) {
        QString error;
        const std::size_t before = m_study.seeds.size();
        if (readPlan(&error))
            anything = m_study.seeds.size() != before;
        // A study.json being rewritten is read at the next poll; the seeds read so far stay.
    }
    for (std::size_t i = 0; i < m_study.seeds.size(); ++i)
        anything = pollSeed(i) || anything;
    if (anything) {
        summarize();
        emit changed();
    }
    return anything;
}

void StudyDocument::setFollowing(bool follow)
{
    if (follow && !m_directory.isEmpty())
        m_timer.start();
    else
        m_timer.stop();
}

QStringList StudyDocument::problems() const
{
    QStringList out;
    for (const auto &files : m_files)
        if (!files->problem.isEmpty())
            out << files->problem;
    if (!m_summaryProblem.isEmpty())
        out << m_summaryProblem;
    return out;
}

QString StudyDocument::seedState(std::size_t index) const
{
    if (index >= m_study.seeds.size())
        return {};
    const model::StudySeed &seed = m_study.seeds[index];
    if (!m_files[index]->problem.isEmpty())
        return tr("cannot be read");
    if (!seed.started)
        return tr("not started");
    if (seed.finished())
        return tr("finished");
    const int epochs = static_cast<int>(seed.record.epochs.size());
    if (model::statusWord(seed.record).empty() || seed.record.status == model::RunStatus::Running) {
        if (seed.record.plannedEpochs > 0)
            return tr("running, epoch %1 of %2").arg(epochs).arg(seed.record.plannedEpochs);
        return tr("running, epoch %1").arg(epochs);
    }
    return tr("%1 after epoch %2").arg(RunDocument::statusWord(seed.record)).arg(epochs);
}

std::optional<model::Genotype> StudyDocument::seedGenotype(std::size_t index, int *epoch) const
{
    if (epoch)
        *epoch = -1;
    if (index >= m_study.seeds.size())
        return std::nullopt;
    const model::RunRecord &r = m_study.seeds[index].record;
    if (r.finalGenotype)
        return r.finalGenotype;
    if (r.epochs.empty())
        return std::nullopt;
    if (epoch)
        *epoch = r.epochs.back().epoch;
    return r.epochs.back().genotype;
}

std::vector<widgets::SeedCurve> StudyDocument::curves(const std::string &key) const
{
    const bool benchTest = key == model::metric::kBenchTest;
    const bool benchValid = key == model::metric::kBenchValid;
    std::vector<widgets::SeedCurve> out;
    for (const model::StudySeed &seed : m_study.seeds) {
        widgets::SeedCurve curve;
        curve.label = tr("seed %1").arg(seed.seed);
        const auto set = [&curve](int epoch, double value) {
            if (epoch < 0 || !std::isfinite(value))
                return;
            if (curve.values.size() <= static_cast<std::size_t>(epoch))
                curve.values.resize(static_cast<std::size_t>(epoch) + 1, std::numeric_limits<double>::quiet_NaN());
            curve.values[static_cast<std::size_t>(epoch)] = value;
        };
        if (benchTest || benchValid) {
            for (const model::EpochRecord &e : seed.record.epochs) {
                if (!e.benchmark || e.benchmark->index < 0)
                    continue;
                const std::optional<double> &v = benchTest ? e.benchmark->test : e.benchmark->valid;
                if (v)
                    set(e.epoch, *v);
            }
        } else {
            for (const model::MetricRow &row : seed.record.metrics)
                if (row.type == model::metric::kEpoch && row.has(key))
                    set(row.epoch, row.value(key));
        }
        out.push_back(std::move(curve));
    }
    return out;
}

bool StudyDocument::hasBenchmark() const
{
    for (const model::StudySeed &seed : m_study.seeds)
        for (const model::EpochRecord &e : seed.record.epochs)
            if (e.benchmark)
                return true;
    return false;
}

std::optional<double> StudyDocument::benchmarkBest() const
{
    for (const model::StudySeed &seed : m_study.seeds)
        for (const model::EpochRecord &e : seed.record.epochs)
            if (e.benchmark && e.benchmark->bestTest)
                return e.benchmark->bestTest;
    return std::nullopt;
}

QString StudyDocument::benchmarkDataset() const
{
    for (const model::StudySeed &seed : m_study.seeds)
        for (const model::EpochRecord &e : seed.record.epochs)
            if (e.benchmark)
                return QString::fromStdString(e.benchmark->dataset);
    return {};
}

} // namespace gdas::app
