#pragma once

#include <QtTest>

#include <cstdlib>
#include <cstring>

namespace gdas::testing {

// scripts/test.sh sets GDAS_REQUIRE_PREREQUISITES=1 under CI=true, where it has installed every
// package a test needs: a missing prerequisite there is a failure, never a skip. A developer's
// machine without, say, /dev/full still skips with the reason.
inline bool prerequisitesRequired()
{
    const char *value = std::getenv("GDAS_REQUIRE_PREREQUISITES");
    return value && *value && std::strcmp(value, "0") != 0;
}

} // namespace gdas::testing

// Skips the test with `reason`, or fails it where prerequisites are required (see above) or
// where `expected` says this build must have it (e.g. Gloo with Debian's LibTorch).
#define GDAS_MISSING_PREREQUISITE_EXPECTED(reason, expected)                                                           \
    do {                                                                                                               \
        if ((expected) || gdas::testing::prerequisitesRequired())                                                      \
            QFAIL(qPrintable(QStringLiteral("missing prerequisite (required here): ") + (reason)));                    \
        QSKIP(qPrintable(QString(reason)));                                                                            \
    } while (false)
#define GDAS_MISSING_PREREQUISITE(reason) GDAS_MISSING_PREREQUISITE_EXPECTED(reason, false)
