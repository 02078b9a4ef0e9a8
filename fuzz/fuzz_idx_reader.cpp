// The Fashion-MNIST IDX reader (gzipped or plain). The input is the label file and the image
// file, separated by "#####"; the first byte chooses the file names: odd gives the .gz names
// (zlib reads plain bytes through, gzip bytes are inflated), even the unzipped ones, and bit 1
// chooses the training or the test files. InputError is the documented refusal.
#include "ScratchDirectory.h"

#include "engine/EngineError.h"
#include "engine/data/ImageDataset.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static gdas::fuzz::ScratchDirectory scratch;
    if (size < 1)
        return 0;
    const bool gz = data[0] & 1;
    const bool train = data[0] & 2;
    const auto parts =
        gdas::fuzz::splitAt(std::string_view(reinterpret_cast<const char *>(data) + 1, size - 1), "#####");
    scratch.clear();
    const std::string prefix = train ? "train" : "t10k";
    const std::string suffix = gz ? ".gz" : "";
    scratch.write(prefix + "-labels-idx1-ubyte" + suffix, parts[0]);
    if (parts.size() > 1)
        scratch.write(prefix + "-images-idx3-ubyte" + suffix, parts[1]);

    try {
        const gdas::engine::ImageDataset set = gdas::engine::readFashionMnist(scratch.path(), train);
        // Accepted: one label per image, every label a class, images N x 1 x side x side.
        if (set.labels.size(0) != set.size() || set.images.dim() != 4 || set.images.size(1) != 1 ||
            set.images.size(2) != set.images.size(3))
            std::abort();
        if (set.size() > 0 &&
            (set.labels.min().item<std::int64_t>() < 0 || set.labels.max().item<std::int64_t>() >= set.classes))
            std::abort();
    } catch (const gdas::engine::InputError &) {
    }
    return 0;
}
