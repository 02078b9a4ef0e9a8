// Fashion-MNIST in the IDX format of LeCun's MNIST: a big-endian header (magic, counts, dims)
// followed by raw uint8 data; gzipped as distributed, or unzipped.
#include "ImageDataset.h"

#include "GzipFile.h"
#include "engine/EngineError.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace gdas::engine {

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kLabelMagic = 2049; // 0x00000801: unsigned byte, 1 dimension
constexpr std::uint32_t kImageMagic = 2051; // 0x00000803: unsigned byte, 3 dimensions
constexpr std::uint32_t kMaxSide = 1024;    // rejects nonsense headers before allocating
constexpr int kClasses = 10;

std::uint32_t bigEndian32(const unsigned char *bytes)
{
    return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) | (std::uint32_t(bytes[2]) << 8) |
           std::uint32_t(bytes[3]);
}

// The gzipped file if present, else the unzipped one; an error naming both when neither exists.
std::string findIdxFile(const fs::path &dir, const std::string &stem)
{
    const fs::path gz = dir / (stem + ".gz");
    const fs::path plain = dir / stem;
    std::error_code ec;
    if (fs::is_regular_file(gz, ec))
        return gz.string();
    if (fs::is_regular_file(plain, ec))
        return plain.string();
    throw InputError(dir.string() + ": Fashion-MNIST file " + gz.filename().string() + " (or unzipped " +
                     plain.filename().string() +
                     ") not found; the folder should hold train-images-idx3-ubyte.gz, "
                     "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz");
}

// "truncated", or what zlib found wrong with the stream, and how far it got.
[[noreturn]] void throwShortRead(const GzipFile &file, const char *part, std::size_t expected, std::size_t got)
{
    throw InputError(file.path() + ": " + (file.error().empty() ? std::string("truncated") : file.error()) + part +
                     ": expected " + std::to_string(expected) + " bytes, got " + std::to_string(got));
}

void readHeader(GzipFile &file, unsigned char *header, std::size_t size)
{
    const std::size_t got = file.read(header, size);
    if (got != size)
        throwShortRead(file, " in the IDX header", size, got);
}

void checkMagic(const GzipFile &file, std::uint32_t magic, std::uint32_t expected, const char *what)
{
    if (magic != expected)
        throw InputError(file.path() + ": wrong magic number " + std::to_string(magic) + ", expected " +
                         std::to_string(expected) + " (" + what + ")");
}

// After the payload the file must end, cleanly.
void requireEnd(GzipFile &file, std::size_t expected)
{
    const bool ended = file.atEnd();
    if (!file.error().empty())
        throw InputError(file.path() + ": " + file.error());
    if (!ended)
        throw InputError(file.path() + ": longer than its header says: expected " + std::to_string(expected) +
                         " bytes, got more");
}

// The `size` bytes after the header, then the end of the file. Read in bounded chunks into a
// growing buffer rather than allocated from the header's claim: a corrupt or hostile header
// (60000 images of 1024x1024 in a 1 KB file) must give "truncated", not a 63 GB allocation.
std::vector<std::uint8_t> readPayload(GzipFile &file, std::size_t size, std::size_t headerSize)
{
    constexpr std::size_t kChunk = std::size_t(1) << 20;
    std::vector<std::uint8_t> bytes;
    std::size_t got = 0;
    while (got < size) {
        const std::size_t step = std::min(size - got, kChunk);
        bytes.resize(got + step);
        const std::size_t n = file.read(bytes.data() + got, step);
        got += n;
        if (n < step)
            break;
    }
    if (got != size)
        throwShortRead(file, "", headerSize + size, headerSize + got);
    requireEnd(file, headerSize + size);
    return bytes;
}

torch::Tensor readLabels(const std::string &path)
{
    GzipFile file(path);
    std::array<unsigned char, 8> header{};
    readHeader(file, header.data(), header.size());
    checkMagic(file, bigEndian32(header.data()), kLabelMagic, "IDX labels");
    const std::uint32_t count = bigEndian32(header.data() + 4);

    std::vector<std::uint8_t> bytes = readPayload(file, count, header.size());

    auto labels = torch::from_blob(bytes.data(), {std::int64_t(count)}, torch::kUInt8).to(torch::kInt64);
    if (count > 0) {
        const auto outOfRange = (labels >= kClasses).nonzero();
        if (outOfRange.size(0) > 0) {
            const std::int64_t index = outOfRange[0][0].item<std::int64_t>();
            throw InputError(path + ": label " + std::to_string(labels[index].item<std::int64_t>()) + " at index " +
                             std::to_string(index) + " is out of range 0.." + std::to_string(kClasses - 1));
        }
    }
    return labels;
}

torch::Tensor readImages(const std::string &path, std::int64_t expectedCount, const std::string &labelPath)
{
    GzipFile file(path);
    std::array<unsigned char, 16> header{};
    readHeader(file, header.data(), header.size());
    checkMagic(file, bigEndian32(header.data()), kImageMagic, "IDX images");
    const std::uint32_t count = bigEndian32(header.data() + 4);
    const std::uint32_t rows = bigEndian32(header.data() + 8);
    const std::uint32_t cols = bigEndian32(header.data() + 12);
    if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide || rows != cols)
        throw InputError(path + ": unsupported image size " + std::to_string(rows) + "x" + std::to_string(cols) +
                         " (expected square images of at most " + std::to_string(kMaxSide) + " pixels a side)");
    if (std::int64_t(count) != expectedCount)
        throw InputError(path + ": holds " + std::to_string(count) + " images but " + labelPath + " holds " +
                         std::to_string(expectedCount) + " labels");

    const std::size_t payload = std::size_t(count) * rows * cols;
    const std::vector<std::int64_t> shape{std::int64_t(count), 1, std::int64_t(rows), std::int64_t(cols)};
    auto bytes = std::make_shared<std::vector<std::uint8_t>>(readPayload(file, payload, header.size()));
    if (bytes->empty())
        return torch::empty(shape, torch::kUInt8);
    // The tensor keeps the buffer alive rather than copying it (60000 images are 47 MB).
    auto images = torch::from_blob(
        bytes->data(), shape, [bytes](void *) mutable { bytes.reset(); }, torch::TensorOptions().dtype(torch::kUInt8));
    return images;
}

} // namespace

ImageDataset readFashionMnist(const std::string &dir, bool train)
{
    const fs::path folder(dir);
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw InputError(dir + ": Fashion-MNIST folder not found (expected train-images-idx3-ubyte.gz, "
                               "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)");
    const std::string prefix = train ? "train" : "t10k";
    const std::string labelPath = findIdxFile(folder, prefix + "-labels-idx1-ubyte");
    const std::string imagePath = findIdxFile(folder, prefix + "-images-idx3-ubyte");

    ImageDataset data;
    data.name = "fashion-mnist";
    data.source = imagePath;
    data.labels = readLabels(labelPath);
    data.images = readImages(imagePath, data.labels.size(0), labelPath);
    data.classes = kClasses;
    data.mean = {0.2860f};
    data.std = {0.3530f};
    return data;
}

} // namespace gdas::engine
