#pragma once
// The device the engine tests run on: GDAS_TEST_DEVICE ("cpu" when unset; scripts/gpu-check.sh
// sets "cuda" on a GPU server so that the same tests exercise the CUDA kernels).
#include <QByteArray>
#include <QtGlobal>

#include <string>

namespace gdas::test {

inline std::string deviceName()
{
    const QByteArray name = qgetenv("GDAS_TEST_DEVICE");
    return name.isEmpty() ? std::string("cpu") : name.toStdString();
}

inline bool onCuda() { return deviceName().rfind("cuda", 0) == 0; }

} // namespace gdas::test
