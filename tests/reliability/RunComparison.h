#pragma once

// Comparing a run directory with the one of an uninterrupted run of the same settings: what a
// fault (a kill, a full disk) may not change. Use inside a Qt Test function; check
// QTest::currentTestFailed() after each call.

#include "GdasProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <QtTest>

#include <algorithm>
#include <cmath>

namespace gdas::reliability {

// Fields that measure time, not the computation: they differ between any two runs.
inline const QStringList kTimingFields = {"time", "seconds", "images_per_s"};

inline bool isStatus(const QJsonObject &row, const char *status)
{
    return row.value("type").toString() == "status" && row.value("status").toString() == QLatin1String(status);
}

inline QString rowKey(const QJsonObject &row)
{
    const QString type = row.value("type").toString();
    if (type == "step")
        return QStringLiteral("step e%1 s%2").arg(row.value("epoch").toInt()).arg(row.value("step").toInt());
    return QStringLiteral("epoch e%1").arg(row.value("epoch").toInt());
}

// Step and epoch rows by (type, epoch, step); a key seen twice lands in `duplicates`.
inline QMap<QString, QJsonObject> keyedRows(const QString &metricsPath, QStringList &duplicates)
{
    QMap<QString, QJsonObject> rows;
    for (const QJsonObject &row : readJsonObjects(metricsPath)) {
        const QString type = row.value("type").toString();
        if (type != "step" && type != "epoch")
            continue;
        const QString key = rowKey(row);
        if (rows.contains(key))
            duplicates << key;
        rows.insert(key, row);
    }
    return rows;
}

inline bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(a));
}

// Every value of `expected` (recursively) in `actual`, numbers within the tolerance; timing
// fields are skipped. Returns the first difference, or an empty string.
inline QString difference(const QJsonValue &expected, const QJsonValue &actual, const QString &where, double tolerance)
{
    if (expected.isDouble()) {
        if (!actual.isDouble() || !near(expected.toDouble(), actual.toDouble(), tolerance))
            return QStringLiteral("%1: %2 vs %3")
                .arg(where)
                .arg(expected.toDouble(), 0, 'g', 10)
                .arg(actual.toDouble(), 0, 'g', 10);
        return {};
    }
    if (expected.isObject()) {
        if (!actual.isObject())
            return where + ": not an object";
        const QJsonObject e = expected.toObject(), a = actual.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (kTimingFields.contains(it.key()))
                continue;
            if (!a.contains(it.key()))
                return where + "." + it.key() + ": missing";
            const QString d = difference(it.value(), a.value(it.key()), where + "." + it.key(), tolerance);
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    if (expected.isArray()) {
        const QJsonArray e = expected.toArray(), a = actual.toArray();
        if (!actual.isArray() || e.size() != a.size())
            return where + ": arrays differ in length";
        for (qsizetype i = 0; i < e.size(); ++i) {
            const QString d = difference(e[i], a[i], QStringLiteral("%1[%2]").arg(where).arg(i), tolerance);
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    return expected == actual ? QString()
                              : where + ": " + expected.toVariant().toString() + " vs " + actual.toVariant().toString();
}

inline void compareMetrics(const QString &reference, const QString &run)
{
    for (const JsonLine &line : readJsonLines(run + "/metrics.jsonl")) {
        QVERIFY2(line.complete, ("metrics.jsonl ends in a torn line: " + line.text).constData());
        QVERIFY2(line.parsed, ("metrics.jsonl has a line that is not a JSON object: " + line.text).constData());
    }
    QStringList duplicates, referenceDuplicates;
    const auto expected = keyedRows(reference + "/metrics.jsonl", referenceDuplicates);
    const auto actual = keyedRows(run + "/metrics.jsonl", duplicates);
    QVERIFY(referenceDuplicates.isEmpty());
    QVERIFY2(duplicates.isEmpty(), qPrintable("duplicated rows: " + duplicates.join(", ")));
    QCOMPARE(actual.keys(), expected.keys());
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QString d = difference(it.value(), actual.value(it.key()), it.key(), 1e-5);
        QVERIFY2(d.isEmpty(), qPrintable(d));
    }
    const QList<QJsonObject> rows = readJsonObjects(run + "/metrics.jsonl");
    QVERIFY(isStatus(rows.last(), "finished"));
}

inline QJsonObject withoutName(QJsonObject genotype)
{
    genotype.remove("name");
    return genotype;
}

inline void compareGenotypeFiles(const QString &reference, const QString &run)
{
    const QJsonDocument expected = QJsonDocument::fromJson(readAll(reference + "/genotype.json"));
    const QJsonDocument actual = QJsonDocument::fromJson(readAll(run + "/genotype.json"));
    QVERIFY2(actual.isObject(), "genotype.json is missing or not JSON");
    QCOMPARE(withoutName(actual.object()), withoutName(expected.object()));
}

inline void compareEpochLines(const QString &reference, const QString &run)
{
    const QList<JsonLine> lines = readJsonLines(run + "/epochs.jsonl");
    const QList<QJsonObject> expected = readJsonObjects(reference + "/epochs.jsonl");
    QList<int> epochs;
    for (const JsonLine &line : lines) {
        QVERIFY2(line.complete && line.parsed, ("epochs.jsonl has a torn or broken line: " + line.text).constData());
        epochs << line.object.value("epoch").toInt();
    }
    QList<int> expectedEpochs;
    for (const QJsonObject &e : expected)
        expectedEpochs << e.value("epoch").toInt();
    QCOMPARE(epochs, expectedEpochs);
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(lines[i].object.value("genotype"), expected[i].value("genotype"));
        // α (softmaxed), tau and the table layout; 1e-5 absolute on probabilities.
        const QString d = difference(expected[i], lines[i].object, QStringLiteral("epochs.jsonl[%1]").arg(i), 1e-5);
        QVERIFY2(d.isEmpty(), qPrintable(d));
    }
}

} // namespace gdas::reliability
