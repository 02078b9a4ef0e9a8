#pragma once

#include <string>

namespace gdas::engine {

// What the engine runs on, for an About dialog or a bug report. Part of the engine's public,
// LibTorch-free API: a caller learns the LibTorch version and the devices without including
// a LibTorch header.
struct RuntimeInfo {
    std::string libtorchVersion; // "1.13.1"
    std::string defaultDevice;   // what `--device auto` would pick: "cpu (2 threads)", "cuda:0"
    int cudaDeviceCount = 0;
};

RuntimeInfo runtimeInfo();

} // namespace gdas::engine
