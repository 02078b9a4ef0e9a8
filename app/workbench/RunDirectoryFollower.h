#pragma once

#include "model/RunRecord.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace gdas::app {

// A run directory as a live document: open() reads what is there, then a timer polls for what
// another process appends (model::RunFollower reads only the new bytes) and announces it.
class RunDirectoryFollower : public QObject {
    Q_OBJECT
public:
    explicit RunDirectoryFollower(QObject *parent = nullptr);

    // Reads the whole directory; false and `error` (file and problem) when it is not a run.
    bool open(const QString &directory, QString *error);
    void close();
    bool isOpen() const { return m_follower != nullptr; }
    QString directory() const { return m_directory; }
    const model::RunRecord &record() const { return m_record; }

    void setFollowing(bool follow); // poll while true
    bool isFollowing() const { return m_timer.isActive(); }
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }

    // Reads what arrived since the last poll; false when nothing did.
    bool poll();

signals:
    // Rows from `firstMetric` and epochs from `firstEpoch` on are new in record().
    void appended(int firstMetric, int firstEpoch);
    // record()'s last status row (its status or its message) changed.
    void statusChanged();
    void finalGenotypeChanged();
    void failed(const QString &message);

private:
    QString m_directory;
    std::unique_ptr<model::RunFollower> m_follower;
    model::RunRecord m_record;
    QTimer m_timer;
};

} // namespace gdas::app
