// CIFAR-10/100 "binary version": fixed-size records of label byte(s) followed by 3072 pixel bytes
// (1024 red, 1024 green, 1024 blue, row-major), i.e. already in CHW order.
#include "ImageDataset.h"

#include "engine/EngineError.h"

#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace gdas::engine {

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSide = 32;
constexpr std::int64_t kPixelBytes = 3 * kSide * kSide;

struct CifarLayout {
    const char *name;               // dataset name, for messages
    const char *subfolder;          // what the official archive extracts to
    std::vector<std::string> train; // files of the training set, in order
    std::vector<std::string> test;
    std::int64_t labelBytes;  // bytes before the pixels of each record
    std::int64_t labelOffset; // which of them is the label used
    int classes;
};

std::string joinNames(const std::vector<std::string> &names)
{
    std::string joined;
    for (const auto &name : names)
        joined += (joined.empty() ? "" : ", ") + name;
    return joined;
}

// Accepts the folder holding the .bin files or the folder the archive was extracted into.
fs::path locateFolder(const std::string &dir, const CifarLayout &layout, const std::vector<std::string> &files)
{
    std::error_code ec;
    const fs::path given(dir);
    if (fs::is_regular_file(given / files.front(), ec))
        return given;
    const fs::path nested = given / layout.subfolder;
    if (fs::is_regular_file(nested / files.front(), ec))
        return nested;
    return given;
}

// Reads one file of records into [records, recordBytes]; checks the size before reading.
torch::Tensor readRecords(const fs::path &path, std::int64_t recordBytes)
{
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw InputError(path.string() + ": cannot read size (" + ec.message() + ")");
    if (size == 0 || size % std::uint64_t(recordBytes) != 0)
        throw InputError(path.string() + ": size " + std::to_string(size) +
                         " bytes is not a positive multiple of the " + std::to_string(recordBytes) +
                         "-byte record size");
    const auto records = static_cast<std::int64_t>(size / std::uint64_t(recordBytes));
    auto raw = torch::empty({records, recordBytes}, torch::kUInt8);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string() + ": cannot open");
    in.read(reinterpret_cast<char *>(raw.data_ptr<std::uint8_t>()), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size))
        throw InputError(path.string() + ": truncated while reading: expected " + std::to_string(size) +
                         " bytes, got " + std::to_string(in.gcount()));
    return raw;
}

ImageDataset readCifar(const std::string &dir, bool train, const CifarLayout &layout)
{
    const auto &files = train ? layout.train : layout.test;
    std::error_code ec;
    if (!fs::is_directory(fs::path(dir), ec))
        throw InputError(dir + ": " + layout.name + " folder not found (expected " + joinNames(files) + ")");
    const fs::path folder = locateFolder(dir, layout, files);

    std::vector<std::string> missing;
    for (const auto &file : files)
        if (!fs::is_regular_file(folder / file, ec))
            missing.push_back(file);
    if (missing.size() == files.size())
        throw InputError(folder.string() + ": no " + layout.name + " files (expected " + joinNames(files) + ")");
    if (!missing.empty())
        throw InputError(folder.string() + ": " + layout.name + " files missing: " + joinNames(missing) +
                         " (expected " + joinNames(files) + ")");

    const std::int64_t recordBytes = layout.labelBytes + kPixelBytes;
    std::vector<torch::Tensor> images;
    std::vector<torch::Tensor> labels;
    for (const auto &file : files) {
        const fs::path path = folder / file;
        const auto raw = readRecords(path, recordBytes);
        auto fileLabels = raw.select(1, layout.labelOffset).to(torch::kInt64);
        const auto outOfRange = (fileLabels >= layout.classes).nonzero();
        if (outOfRange.size(0) > 0) {
            const std::int64_t record = outOfRange[0][0].item<std::int64_t>();
            throw InputError(path.string() + ": label " + std::to_string(fileLabels[record].item<std::int64_t>()) +
                             " of record " + std::to_string(record) + " is out of range 0.." +
                             std::to_string(layout.classes - 1));
        }
        labels.push_back(fileLabels);
        images.push_back(raw.narrow(1, layout.labelBytes, kPixelBytes).reshape({-1, 3, kSide, kSide}));
    }

    ImageDataset data;
    data.name = layout.name;
    data.source = files.size() == 1 ? (folder / files.front()).string() : folder.string();
    data.images = torch::cat(images, 0).contiguous();
    data.labels = torch::cat(labels, 0);
    data.classes = layout.classes;
    return data;
}

} // namespace

ImageDataset readCifar10(const std::string &dir, bool train)
{
    static const CifarLayout layout{
        "cifar10",
        "cifar-10-batches-bin",
        {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"},
        {"test_batch.bin"},
        1,
        0,
        10};
    ImageDataset data = readCifar(dir, train, layout);
    // The official GDAS code's statistics (xautodl/datasets/get_dataset_with_transform.py).
    data.mean = {125.3f / 255.f, 123.0f / 255.f, 113.9f / 255.f};
    data.std = {63.0f / 255.f, 62.1f / 255.f, 66.7f / 255.f};
    return data;
}

ImageDataset readCifar100(const std::string &dir, bool train)
{
    // Records carry a coarse (20 superclasses) then a fine label; the 100-way task uses the fine one.
    static const CifarLayout layout{"cifar100", "cifar-100-binary", {"train.bin"}, {"test.bin"}, 2, 1, 100};
    ImageDataset data = readCifar(dir, train, layout);
    data.mean = {129.3f / 255.f, 124.1f / 255.f, 112.4f / 255.f};
    data.std = {68.2f / 255.f, 65.4f / 255.f, 70.4f / 255.f};
    return data;
}

} // namespace gdas::engine
