#pragma once

// The real gdas-workbench binary as a user starts it from a shell (run with
// gdas::testing::runProgram): English messages, the settings of nobody in particular (HOME and
// XDG_CONFIG_HOME in a test folder), the offscreen platform.

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QString>

namespace gdas::test {

// The environment for a workbench run with its home in `folder`; empty when the folder's
// runtime directory could not be made.
inline QProcessEnvironment workbenchEnvironment(const QString &folder)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), folder);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), folder + QStringLiteral("/config"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.remove(QStringLiteral("LANGUAGE"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // As a login session has it; without one Qt warns on stderr about its stand-in.
    const QString runtime = folder + QStringLiteral("/runtime");
    if (!QDir().mkpath(runtime) ||
        !QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return {};
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    return environment;
}

} // namespace gdas::test
