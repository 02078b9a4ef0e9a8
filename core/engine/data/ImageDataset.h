#pragma once

#include "engine/DataConfig.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace gdas::engine {

// A whole image set in memory: uint8 images [N, C, H, W] and int64 labels [N].
struct ImageDataset {
    std::string name;     // "fashion-mnist", "cifar10", ...
    std::string source;   // the file(s) or folder it came from, for messages
    torch::Tensor images; // uint8, contiguous NCHW
    torch::Tensor labels; // int64
    int classes = 0;
    std::vector<float> mean; // per channel, in [0,1] units, for normalisation
    std::vector<float> std;
    std::vector<std::string> classNames; // label k's name, where the data set has them (image folders)
    std::string notes;                   // one line on how it was read (image folders: classes, cache), for the log

    std::int64_t size() const { return images.defined() ? images.size(0) : 0; }
    int channels() const { return static_cast<int>(images.size(1)); }
    int side() const { return static_cast<int>(images.size(2)); }
};

// Readers. Each throws InputError naming the file and the problem (missing, truncated, wrong
// magic, wrong size, label out of range) and never reads out of bounds.
ImageDataset readFashionMnist(const std::string &dir, bool train); // *-idx?-ubyte.gz (or unzipped)
// The CIFAR readers accept the folder of the .bin files or the one the official archive was
// extracted into (holding cifar-10-batches-bin/ or cifar-100-binary/).
ImageDataset readCifar10(const std::string &dir, bool train);  // data_batch_{1..5}.bin, test_batch.bin
ImageDataset readCifar100(const std::string &dir, bool train); // train.bin, test.bin (fine labels)
// A class-per-folder set of PNG/JPEG files (ImageFolder layout, see engine/ImageFolder.h), each
// brought to side x side; both splits are decoded in parallel on first use and cached (see
// imageFolderCacheDir()); mean/std are the training split's. One channel when every image of
// both splits is grey, else three (grey images repeated).
ImageDataset readImageFolder(const std::string &dir, int side, bool train);
// Learnable synthetic set: each class has its own colour and stripes (orientation, period), each
// image a random stripe phase plus pixel noise; deterministic in seed. mean/std are its own.
ImageDataset makeSynthetic(std::int64_t count, int channels, int side, int classes, std::uint64_t seed);

// Dispatches on config.dataset, applies trainLimit/testLimit (the first N images). Unknown names
// throw InputError listing datasetNames(). "synthetic" draws its training set with sample seed 1
// and its test set (max(classes, syntheticSize / 4) images) with seed 2; both share the class
// patterns, which depend only on channels and classes.
ImageDataset loadDataset(const DataConfig &config, bool train);
// fashion-mnist: /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist);
// cifar10 / cifar100: <root>/cifar-10-batches-bin, <root>/cifar-100-binary where <root> is
// $GDAS_DATA_DIR, else $XDG_DATA_HOME/gdas-workbench/datasets, else ~/.local/share/gdas-workbench/datasets.
// $GDAS_DATA_DIR also moves fashion-mnist to <root>/fashion-mnist. synthetic: "". folder: "" (a
// folder must be given).
std::string defaultDataDir(const std::string &dataset);
// "fashion-mnist", "cifar10", "cifar100", "synthetic", "folder".
const std::vector<std::string> &datasetNames();

} // namespace gdas::engine
