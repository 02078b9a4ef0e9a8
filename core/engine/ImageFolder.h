#pragma once

// Class-per-folder image data sets (torchvision's ImageFolder layout) in plain C++: the scan the
// workbench shows before a search starts, and the decoder (libpng, libjpeg-turbo) that
// loadDataset("folder") runs over every file. See docs/USER_GUIDE.md, "Your own images".

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gdas::engine {

// Images larger than this (after libjpeg's scaled decoding, which shrinks a large JPEG by up to
// 8 while reading it) are refused: one decoded image then needs at most 3 x 40 MB.
constexpr std::int64_t kMaxImagePixels = 40'000'000;
// Files larger than this are refused before they are read.
constexpr std::int64_t kMaxImageFileBytes = 256LL << 20;

// An image brought to side x side: the shorter side resized to `side` (area average when
// shrinking, bilinear when enlarging), then the centre square kept. Grey images stay one
// channel; colour ones are RGB; alpha is dropped; 16-bit samples are scaled to 8 bits; CMYK and
// YCCK JPEGs are converted to RGB.
struct DecodedImage {
    int channels = 0; // 1 (grey) or 3 (RGB)
    int side = 0;
    int sourceWidth = 0; // as decoded (a large JPEG: after libjpeg's scaling)
    int sourceHeight = 0;
    std::vector<std::uint8_t> pixels; // channels x side x side (CHW)
};

// Decodes a PNG or JPEG held in memory; `name` (the file) starts every error message. Throws
// InputError: not a PNG or JPEG, corrupt or truncated data, an image above kMaxImagePixels.
DecodedImage decodeImage(const std::uint8_t *data, std::size_t size, int side, const std::string &name);
// Reads and decodes one file (InputError also when it cannot be opened or read).
DecodedImage decodeImageFile(const std::string &path, int side);

struct ImageFolderClass {
    std::string name; // the folder's name
    std::int64_t trainImages = 0;
    std::int64_t testImages = 0;
    std::vector<std::string> sampleFiles; // the first few training files (paths), for previews
};

// What a folder holds, found without decoding anything.
struct ImageFolderScan {
    std::string root;
    // "classes": ROOT/<class>/..., a tenth of each class held out as the test split;
    // "train/test" or "train/val": ROOT/train/<class>/... and ROOT/test (or val)/<class>/...
    std::string layout;
    std::vector<ImageFolderClass> classes; // sorted by name; the label is the index
    std::int64_t trainImages = 0;
    std::int64_t testImages = 0;
    std::int64_t skippedFiles = 0; // files not named .png/.jpg/.jpeg (and hidden ones)
    std::string firstSkipped;      // one of them, for messages
};

// Lists ROOT: class folders, their PNG/JPEG files (recursively, by name), the split. Throws
// InputError naming the folder: not found or unreadable, no class folders, an empty class
// folder, a single class, test classes that the training split lacks. `sampleFiles` keeps up
// to `samplesPerClass` files of each class. Setting `*cancel` (from another thread) stops the
// listing with an InputError ("listing cancelled").
ImageFolderScan scanImageFolder(const std::string &root, int samplesPerClass = 4,
                                const std::atomic<bool> *cancel = nullptr);

// Where decoded folders are cached: $GDAS_CACHE_DIR, else $XDG_CACHE_HOME/gdas-workbench/image-folders,
// else ~/.cache/gdas-workbench/image-folders.
std::string imageFolderCacheDir();

} // namespace gdas::engine
