#include "RunDirectoryFollower.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace gdas::app {

RunDirectoryFollower::RunDirectoryFollower(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &RunDirectoryFollower::poll);
}

bool RunDirectoryFollower::open(const QString &directory, QString *error)
{
    close();
    const QString clean = QDir::cleanPath(directory);
    if (!QFileInfo(QDir(clean).filePath(QStringLiteral("config.json"))).isFile()) {
        if (error)
            *error = QCoreApplication::translate("RunDirectoryFollower",
                                                 "%1 is not a run directory (it has no config.json).")
                         .arg(QDir::toNativeSeparators(clean));
        return false;
    }
    auto follower = std::make_unique<model::RunFollower>(clean.toStdString());
    model::RunRecord record;
    record.directory = clean.toStdString();
    try {
        follower->poll(record);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    m_directory = clean;
    m_follower = std::move(follower);
    m_record = std::move(record);
    return true;
}

void RunDirectoryFollower::close()
{
    m_timer.stop();
    m_follower.reset();
    m_record = {};
    m_directory.clear();
}

void RunDirectoryFollower::setFollowing(bool follow)
{
    if (follow && m_follower)
        m_timer.start();
    else
        m_timer.stop();
}

bool RunDirectoryFollower::poll()
{
    if (!m_follower)
        return false;
    const auto metricsBefore = static_cast<int>(m_record.metrics.size());
    const auto epochsBefore = static_cast<int>(m_record.epochs.size());
    const std::string statusBefore = model::statusWord(m_record);
    const std::string messageBefore = m_record.statusMessage;
    const bool hadGenotype = m_record.finalGenotype.has_value();
    const std::optional<model::Genotype> genotypeBefore = m_record.finalGenotype;
    bool changed = false;
    try {
        changed = m_follower->poll(m_record);
    } catch (const std::exception &e) {
        // A broken or restarted run: stop polling, keep what was read.
        m_timer.stop();
        emit failed(QString::fromUtf8(e.what()));
        return false;
    }
    if (!changed)
        return false;
    if (static_cast<int>(m_record.metrics.size()) != metricsBefore ||
        static_cast<int>(m_record.epochs.size()) != epochsBefore)
        emit appended(metricsBefore, epochsBefore);
    if (model::statusWord(m_record) != statusBefore || m_record.statusMessage != messageBefore)
        emit statusChanged();
    if (m_record.finalGenotype.has_value() != hadGenotype ||
        (m_record.finalGenotype && genotypeBefore && *m_record.finalGenotype != *genotypeBefore))
        emit finalGenotypeChanged();
    return true;
}

} // namespace gdas::app
