#pragma once

#include <string>

namespace gdas::app {

// What the About dialog reports of the engine beneath the workbench. Plain C++ so the dialog
// (Qt) never includes a LibTorch header; EngineInfo.cpp is the one file here that does.
struct EngineInfo {
    std::string libtorchVersion;  // "1.13.1"
    std::string defaultDevice;    // what `--device auto` would pick: "cpu (2 threads)", "cuda:0"
    int cudaDeviceCount = 0;
};

EngineInfo engineInfo();

} // namespace gdas::app
