#include "RecentRuns.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace gdas::app {

namespace {
const QString kKey = QStringLiteral("recentRuns");
}

RecentRuns::RecentRuns(QObject *parent, int capacity) : QObject(parent), m_capacity(capacity) {}

QStringList RecentRuns::directories() const
{
    QStringList existing;
    for (const QString &dir : QSettings().value(kKey).toStringList())
        if (QFileInfo(dir).isDir())
            existing.append(dir);
    return existing;
}

void RecentRuns::add(const QString &directory)
{
    const QString clean = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    QStringList list = QSettings().value(kKey).toStringList();
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > m_capacity)
        list.removeLast();
    store(list);
}

void RecentRuns::remove(const QString &directory)
{
    QStringList list = QSettings().value(kKey).toStringList();
    list.removeAll(QDir::cleanPath(QFileInfo(directory).absoluteFilePath()));
    store(list);
}

void RecentRuns::clear() { store({}); }

void RecentRuns::store(const QStringList &directories)
{
    QSettings().setValue(kKey, directories);
    emit changed();
}

} // namespace gdas::app
