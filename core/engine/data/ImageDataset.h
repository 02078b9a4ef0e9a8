#pragma once

#include "engine/DataConfig.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace gdas::engine {

// A whole image set in memory: uint8 images [N, C, H, W] and int64 labels [N].
struct ImageDataset {
    std::string name;        // "fashion-mnist", "cifar10", ...
    std::string source;      // the file(s) or folder it came from, for messages
    torch::Tensor images;    // uint8, contiguous NCHW
    torch::Tensor labels;    // int64
    int classes = 0;
    std::vector<float> mean; // per channel, in [0,1] units, for normalisation
    std::vector<float> std;

    std::int64_t size() const { return images.defined() ? images.size(0) : 0; }
    int channels() const { return static_cast<int>(images.size(1)); }
    int side() const { return static_cast<int>(images.size(2)); }
};

// Readers. Each throws InputError naming the file and the problem (missing, truncated, wrong
// magic, wrong size, label out of range) and never reads out of bounds.
ImageDataset readFashionMnist(const std::string &dir, bool train);   // *-idx?-ubyte.gz (or unzipped)
ImageDataset readCifar10(const std::string &dir, bool train);        // data_batch_{1..5}.bin, test_batch.bin
ImageDataset readCifar100(const std::string &dir, bool train);       // train.bin, test.bin
// Learnable synthetic set: each class has its own pattern plus noise; deterministic in seed.
ImageDataset makeSynthetic(std::int64_t count, int channels, int side, int classes, std::uint64_t seed);

// Dispatches on config.dataset, applies trainLimit/testLimit.
ImageDataset loadDataset(const DataConfig &config, bool train);
std::string defaultDataDir(const std::string &dataset);

} // namespace gdas::engine
