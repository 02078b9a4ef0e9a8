#include "MetricsCsv.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

#include <set>

namespace gdas::app {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString metricsCsv(const std::vector<model::MetricRow> &rows)
{
    std::set<std::string> keys;
    for (const auto &row : rows)
        for (const auto &entry : row.values)
            keys.insert(entry.first);

    QString text = QStringLiteral("type,epoch,step,global_step");
    for (const auto &key : keys)
        text += QLatin1Char(',') + csvField(QString::fromStdString(key));
    text += QLatin1Char('\n');
    for (const auto &row : rows) {
        text += csvField(QString::fromStdString(row.type));
        text += QLatin1Char(',') + QString::number(row.epoch);
        text += QLatin1Char(',') + (row.step >= 0 ? QString::number(row.step) : QString());
        text += QLatin1Char(',') + (row.globalStep >= 0 ? QString::number(row.globalStep) : QString());
        for (const auto &key : keys) {
            text += QLatin1Char(',');
            const auto it = row.values.find(key);
            if (it != row.values.end())
                text += QString::number(it->second, 'g', 10);
        }
        text += QLatin1Char('\n');
    }
    return text;
}

bool writeMetricsCsv(const QString &path, const std::vector<model::MetricRow> &rows, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(metricsCsv(rows).toUtf8()) < 0 ||
        !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("MetricsCsv", "%1: cannot write (%2)")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace gdas::app
