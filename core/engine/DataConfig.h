#pragma once

#include <cstdint>
#include <string>

namespace gdas::engine {

struct DataConfig {
    // "fashion-mnist" (default, from /usr/share/datasets/fashion-mnist), "cifar10", "cifar100",
    // "synthetic" (generated, learnable; for tests and benchmarks), or "folder" (your own PNG/JPEG
    // files, one sub-folder per class: see engine/ImageFolder.h).
    std::string dataset = "fashion-mnist";
    std::string dataDir;         // empty: the dataset's default location
    std::int64_t trainLimit = 0; // use only the first N training images (0: all)
    std::int64_t testLimit = 0;  // likewise for the test set (0: all)
    // Synthetic data only: image count, channels, side, classes.
    std::int64_t syntheticSize = 1024;
    int syntheticChannels = 3;
    int syntheticSide = 32;
    int syntheticClasses = 10;
    // Image folders only: every image is brought to imageSize x imageSize.
    int imageSize = 32;
    bool augment = true; // random crop with padding + horizontal flip
    int cutout = 0;      // cutout square side (retraining); 0: off
};

} // namespace gdas::engine
