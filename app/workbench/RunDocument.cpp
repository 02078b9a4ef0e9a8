#include "RunDocument.h"

#include "EngineRecords.h"
#include "RunDirectoryFollower.h"
#include "SearchController.h"

#include "model/SearchSpace.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>
#include <stdexcept>

namespace gdas::app {

namespace {

// No status row yet, or a running or paused run's last one: another process still writes it.
bool stillWritten(const model::RunRecord &r)
{
    return model::statusWord(r).empty() || r.status == model::RunStatus::Running ||
           r.status == model::RunStatus::Paused;
}

// The newest step row among the metric rows from `first` on, if any.
const model::MetricRow *newestStepRow(const std::vector<model::MetricRow> &rows, std::size_t first)
{
    for (std::size_t i = rows.size(); i > first; --i)
        if (rows[i - 1].type == "step")
            return &rows[i - 1];
    return nullptr;
}

} // namespace

RunDocument::RunDocument(QObject *parent)
    : QObject(parent), m_controller(new SearchController(this)), m_follower(new RunDirectoryFollower(this))
{
    connect(m_controller, &SearchController::started, this, &RunDocument::onStarted);
    connect(m_controller, &SearchController::stepReported, this, &RunDocument::appendStep);
    connect(m_controller, &SearchController::epochReported, this, &RunDocument::appendEpoch);
    connect(m_controller, &SearchController::paused, this, &RunDocument::onPaused);
    connect(m_controller, &SearchController::finished, this, &RunDocument::onFinished);
    connect(m_controller, &SearchController::logLine, this, &RunDocument::logLine);
    connect(m_controller, &SearchController::runningChanged, this, &RunDocument::changed);

    connect(m_follower, &RunDirectoryFollower::appended, this, &RunDocument::onFollowerAppended);
    connect(m_follower, &RunDirectoryFollower::statusChanged, this, &RunDocument::onFollowerStatus);
    connect(m_follower, &RunDirectoryFollower::finalGenotypeChanged, this, &RunDocument::finalGenotypeChanged);
    connect(m_follower, &RunDirectoryFollower::failed, this, [this](const QString &message) {
        emit followFailed(message);
        setState(tr("Not following"));
    });
}

RunDocument::~RunDocument() = default;

const model::RunRecord &RunDocument::record() const
{
    return m_source == Source::Directory ? m_follower->record() : m_liveRecord;
}

QString RunDocument::directory() const
{
    return m_source == Source::Directory ? m_follower->directory() : m_liveDirectory;
}

QString RunDocument::label() const
{
    const model::RunRecord &r = record();
    if (!r.name.empty())
        return QString::fromStdString(r.name);
    return QFileInfo(QString::fromStdString(r.directory)).fileName();
}

bool RunDocument::isRunning() const { return m_controller->isRunning(); }

bool RunDocument::isResumable() const
{
    if (m_source != Source::Directory || m_controller->isRunning())
        return false;
    const model::RunRecord &r = m_follower->record();
    using model::RunStatus;
    if (r.kind != model::RunKind::Search ||
        !(r.status == RunStatus::Stopped || r.status == RunStatus::Failed || r.status == RunStatus::Paused))
        return false;
    return QFileInfo(QDir(m_follower->directory()).filePath(QStringLiteral("checkpoint.pt"))).isFile();
}

bool RunDocument::searchesReductionCell() const
{
    const model::RunRecord &r = record();
    bool hasReduction = true;
    try {
        hasReduction = model::SearchSpace::byName(r.space).hasReductionCell;
    } catch (const std::invalid_argument &) {
        // An unknown or missing space: show both cells rather than hide one.
    }
    return hasReduction && r.algorithm != engine::toString(engine::Algorithm::GdasFrc);
}

std::optional<model::Genotype> RunDocument::genotypeAt(int epochIndex) const
{
    const model::RunRecord &r = record();
    const auto count = static_cast<int>(r.epochs.size());
    const bool newest = epochIndex < 0 || epochIndex + 1 >= count;
    if (newest && r.finalGenotype)
        return r.finalGenotype;
    if (epochIndex >= 0 && epochIndex < count)
        return r.epochs[static_cast<std::size_t>(epochIndex)].genotype;
    if (count > 0)
        return r.epochs.back().genotype;
    return std::nullopt;
}

QString RunDocument::statusWord(const model::RunRecord &record)
{
    // In the order of model::RunStatus.
    static const char *const words[] = {QT_TR_NOOP("running"), QT_TR_NOOP("paused"), QT_TR_NOOP("stopped"),
                                        QT_TR_NOOP("finished"), QT_TR_NOOP("failed")};
    static_assert(sizeof(words) / sizeof(words[0]) == static_cast<std::size_t>(model::RunStatus::Failed) + 1);
    if (!record.status)
        return QString::fromStdString(record.unknownStatus); // a newer writer's word, as written
    return tr(words[static_cast<std::size_t>(*record.status)]);
}

void RunDocument::setState(const QString &state)
{
    m_state = state;
    emit stateChanged(state);
}

// ---------------------------------------------------------------------------------------------
// Opening, starting, resuming

bool RunDocument::open(const QString &directory, QString *error)
{
    if (m_controller->isRunning()) {
        if (error)
            *error = tr("A search is running; stop it before opening another run.");
        return false;
    }
    QString problem;
    if (!m_follower->open(directory, &problem)) {
        if (error)
            *error = problem;
        return false;
    }
    m_source = Source::Directory;
    m_liveRecord = {};
    m_liveDirectory.clear();
    const model::RunRecord &r = m_follower->record();
    m_plannedEpochs = r.plannedEpochs;
    m_progress = {};
    if (const model::MetricRow *row = newestStepRow(r.metrics, 0)) {
        m_progress.epoch = row->epoch;
        m_progress.epochs = m_plannedEpochs;
        m_progress.step = row->step;
        if (row->has("images_per_s"))
            m_progress.imagesPerSecond = row->value("images_per_s");
        if (m_plannedEpochs > 0)
            m_progress.permille =
                static_cast<int>(std::lround(1000.0 * static_cast<int>(r.epochs.size()) / m_plannedEpochs));
    }
    emit reset();
    // Also a finished or stopped run: another process may resume it, and a run's last files
    // (genotype.json) may land just after its final status line.
    m_follower->setFollowing(true);
    const QString status = statusWord(r);
    setState(stillWritten(r) ? tr("Following %1").arg(label()) : status);
    emit logLine(tr("Opened %1 (%2 metric rows, %3 epochs%4)")
                     .arg(QDir::toNativeSeparators(m_follower->directory()))
                     .arg(r.metrics.size())
                     .arg(r.epochs.size())
                     .arg(status.isEmpty() ? QString() : tr(", %1").arg(status)));
    emit changed();
    return true;
}

bool RunDocument::startSearch(const engine::SearchConfig &config, QString *error)
{
    if (m_controller->isRunning()) {
        if (error)
            *error = tr("A search is already running.");
        return false;
    }
    m_follower->close();
    m_source = Source::Live;
    m_liveDirectory = QString::fromStdString(config.runDir);
    m_liveRecord = {};
    m_liveRecord.directory = config.runDir;
    m_liveRecord.kind = model::RunKind::Search;
    m_liveRecord.name = config.name;
    m_liveRecord.space = config.space;
    m_liveRecord.algorithm = engine::toString(config.algorithm);
    m_liveRecord.plannedEpochs = config.epochs;
    m_liveRecord.collapseSkipLimit = config.collapseSkipLimit;
    m_liveRecord.status = model::RunStatus::Running;
    m_plannedEpochs = config.epochs;
    m_progress = {};
    emit reset();
    setState(tr("Starting…"));
    emit logLine(tr("Starting search %1 in %2")
                     .arg(QString::fromStdString(config.name), QDir::toNativeSeparators(m_liveDirectory)));
    if (!m_controller->start(config)) {
        if (error)
            *error = tr("A search is already running.");
        return false;
    }
    emit changed();
    return true;
}

bool RunDocument::resume(QString *error, double learningRateScale)
{
    if (!isResumable()) {
        if (error)
            *error = tr("The open run cannot be resumed (it is not stopped, or it has no checkpoint).");
        return false;
    }
    // The views keep what was read from disk; live reports continue them.
    m_liveRecord = m_follower->record();
    m_liveDirectory = m_follower->directory();
    m_liveRecord.status = model::RunStatus::Running;
    m_liveRecord.unknownStatus.clear();
    m_follower->close();
    m_source = Source::Live;
    setState(tr("Resuming…"));
    emit logLine(tr("Resuming %1 from its checkpoint").arg(QDir::toNativeSeparators(m_liveDirectory)));
    if (learningRateScale != 1.0)
        m_controller->resumeWithLearningRateScale(m_liveDirectory, learningRateScale);
    else
        m_controller->resumeRun(m_liveDirectory);
    emit changed();
    return true;
}

void RunDocument::pause()
{
    if (!m_controller->isRunning())
        return;
    m_controller->pause();
    setState(tr("Pausing…"));
}

void RunDocument::unpause()
{
    if (m_controller->isRunning())
        m_controller->resume();
}

void RunDocument::stop()
{
    if (!m_controller->isRunning())
        return;
    m_controller->stop();
    setState(tr("Stopping…"));
}

// ---------------------------------------------------------------------------------------------
// Rows, live and followed

void RunDocument::appendStep(const engine::StepMetrics &step)
{
    if (m_source != Source::Live)
        return;
    m_liveRecord.metrics.push_back(toMetricRow(step));
    m_progress.epoch = step.epoch;
    m_progress.epochs = step.epochs;
    m_progress.step = step.step;
    m_progress.stepsPerEpoch = step.stepsPerEpoch;
    m_progress.imagesPerSecond = step.imagesPerSecond;
    m_progress.etaSeconds = step.etaSeconds;
    const double total = double(step.epochs) * double(step.stepsPerEpoch);
    if (total > 0)
        m_progress.permille = static_cast<int>(std::lround(1000.0 * step.globalStep / total));
    emit rowsAppended(static_cast<int>(m_liveRecord.metrics.size()) - 1, static_cast<int>(m_liveRecord.epochs.size()));
    emit progressChanged(m_progress);
}

void RunDocument::appendEpoch(const engine::EpochReport &epoch)
{
    if (m_source != Source::Live)
        return;
    m_liveRecord.metrics.push_back(toMetricRow(epoch));
    m_liveRecord.epochs.push_back(toEpochRecord(epoch));
    if (epoch.epochs > 0)
        m_progress.permille = static_cast<int>(std::lround(1000.0 * (epoch.epoch + 1) / epoch.epochs));
    emit rowsAppended(static_cast<int>(m_liveRecord.metrics.size()) - 1,
                      static_cast<int>(m_liveRecord.epochs.size()) - 1);
    emit progressChanged(m_progress);
}

void RunDocument::onFollowerAppended(int firstMetric, int firstEpoch)
{
    const model::RunRecord &r = m_follower->record();
    const model::MetricRow *row = newestStepRow(r.metrics, static_cast<std::size_t>(std::max(firstMetric, 0)));
    emit rowsAppended(firstMetric, firstEpoch);
    if (!row)
        return;
    m_progress.epoch = row->epoch;
    m_progress.epochs = m_plannedEpochs;
    m_progress.step = row->step;
    m_progress.stepsPerEpoch = 0;
    if (row->has("images_per_s"))
        m_progress.imagesPerSecond = row->value("images_per_s");
    m_progress.etaSeconds.reset();
    if (m_plannedEpochs > 0)
        m_progress.permille =
            static_cast<int>(std::lround(1000.0 * static_cast<int>(r.epochs.size()) / m_plannedEpochs));
    emit progressChanged(m_progress);
}

// ---------------------------------------------------------------------------------------------
// Live reports and followed status lines

void RunDocument::onStarted(const engine::RunStarted &info)
{
    m_plannedEpochs = info.epochs;
    emit plannedEpochsChanged(info.epochs);
    setState(tr("Running on %1").arg(QString::fromStdString(info.device)));
    m_progress.epoch = info.startEpoch;
    m_progress.epochs = info.epochs;
    emit progressChanged(m_progress);
    emit logLine(tr("Running on %1: %2 weight parameters, %3 architecture parameters, %4 steps per epoch")
                     .arg(QString::fromStdString(info.device))
                     .arg(info.weightParameters)
                     .arg(info.archParameters)
                     .arg(info.stepsPerEpoch));
}

void RunDocument::onPaused(bool paused)
{
    m_liveRecord.status = paused ? model::RunStatus::Paused : model::RunStatus::Running;
    setState(paused ? tr("Paused") : tr("Running"));
    emit logLine(paused ? tr("Paused") : tr("Resumed"));
}

void RunDocument::onFinished(const engine::RunOutcome &outcome)
{
    QString state;
    switch (outcome.end) {
    case engine::RunEnd::Finished:
        state = tr("Finished");
        break;
    case engine::RunEnd::Stopped:
        state = tr("Stopped after %n epoch(s)", nullptr, outcome.epochsDone);
        break;
    case engine::RunEnd::Failed:
        state = tr("Failed");
        break;
    }
    emit logLine(state);
    // The run directory is the record: read it back so exports see every logged row, also
    // the ones the live view coalesced away.
    const QString directory = m_liveDirectory;
    if (!directory.isEmpty() && QFileInfo(QDir(directory).filePath(QStringLiteral("config.json"))).isFile()) {
        QString error;
        if (!open(directory, &error))
            emit logLine(tr("Cannot read the run back: %1").arg(error));
    }
    setState(state);
    emit changed();
}

void RunDocument::onFollowerStatus()
{
    const model::RunRecord &r = m_follower->record();
    const QString word = statusWord(r);
    const QString message = QString::fromStdString(r.statusMessage);
    setState(stillWritten(r) ? tr("Following %1 (%2)").arg(label(), word) : word);
    emit logLine(message.isEmpty() ? tr("Run status: %1").arg(word) : tr("Run status: %1 — %2").arg(word, message));
    emit changed();
}

} // namespace gdas::app
