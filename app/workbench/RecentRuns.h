#pragma once

#include <QObject>
#include <QStringList>

namespace gdas::app {

// The run directories opened or started last, newest first, kept in QSettings ("recentRuns")
// so they survive a restart. Folders that have vanished are dropped when read.
class RecentRuns : public QObject {
    Q_OBJECT
public:
    explicit RecentRuns(QObject *parent = nullptr, int capacity = 10);

    QStringList directories() const;
    void add(const QString &directory);
    void remove(const QString &directory);
    void clear();

signals:
    void changed();

private:
    void store(const QStringList &directories);
    int m_capacity;
};

} // namespace gdas::app
