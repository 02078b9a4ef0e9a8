#pragma once

// Running the real `gdas` binary the way a user does, and reading what it wrote, for the
// reliability tests (kills, full disks, bad input).

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QThread>

#include <functional>

namespace gdas::reliability {

struct GdasResult {
    int code = -1;        // exit code; -1 when the process crashed or was killed
    bool crashed = false; // ended by a signal (a crash is never an acceptable answer)
    QString out;
    QString err;
};

// The binary under test: the one this build made, or $GDAS_CLI (e.g. an installed gdas).
inline QString gdasPath() { return qEnvironmentVariable("GDAS_CLI", QStringLiteral(GDAS_CLI_PATH)); }

inline GdasResult runGdas(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(gdasPath(), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    GdasResult r;
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.code = r.crashed ? -1 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// One line of a .jsonl file: its text, whether it ended with '\n', and the object if it parsed.
struct JsonLine {
    QByteArray text;
    bool complete = false;
    bool parsed = false;
    QJsonObject object;
};

inline QList<JsonLine> readJsonLines(const QString &path)
{
    QList<JsonLine> lines;
    const QByteArray all = readAll(path);
    qsizetype pos = 0;
    while (pos < all.size()) {
        const qsizetype end = all.indexOf('\n', pos);
        JsonLine line;
        line.complete = end >= 0;
        line.text = all.mid(pos, line.complete ? end - pos : -1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.text, &error);
        line.parsed = error.error == QJsonParseError::NoError && doc.isObject();
        if (line.parsed)
            line.object = doc.object();
        lines.append(line);
        pos = line.complete ? end + 1 : all.size();
    }
    return lines;
}

// The complete, parsed lines of a .jsonl file (a live file may end in half a line).
inline QList<QJsonObject> readJsonObjects(const QString &path)
{
    QList<QJsonObject> objects;
    for (const JsonLine &line : readJsonLines(path))
        if (line.complete && line.parsed)
            objects.append(line.object);
    return objects;
}

} // namespace gdas::reliability
