#pragma once
// Runs a command-line program as a user would and keeps what it printed: the tests of `gdas`.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace gdas::testing {

struct CliResult {
    int code = -1; // -1: it crashed or ran past the time limit
    QString out;
    QString err;
};

inline CliResult runProgram(const QString &program, const QStringList &args, int timeoutMs,
                            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace gdas::testing
