// The CIFAR-10/100 binary readers, on the test split (one file each: test_batch.bin, test.bin).
// The first byte chooses CIFAR-10 (even) or CIFAR-100 (odd) and whether the file sits in the
// folder the official archive extracts to (bit 1); the rest is the file. InputError is the
// documented refusal.
#include "ScratchDirectory.h"

#include "engine/EngineError.h"
#include "engine/data/ImageDataset.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static gdas::fuzz::ScratchDirectory scratch;
    if (size < 1)
        return 0;
    const bool cifar100 = data[0] & 1;
    const bool nested = data[0] & 2;
    scratch.clear();
    std::string folder;
    if (nested) {
        folder = cifar100 ? "cifar-100-binary/" : "cifar-10-batches-bin/";
        std::filesystem::create_directory(scratch.path() + "/" + folder);
    }
    scratch.write(folder + (cifar100 ? "test.bin" : "test_batch.bin"),
                  std::string_view(reinterpret_cast<const char *>(data) + 1, size - 1));

    try {
        const gdas::engine::ImageDataset set = cifar100 ? gdas::engine::readCifar100(scratch.path(), false)
                                                        : gdas::engine::readCifar10(scratch.path(), false);
        if (set.labels.size(0) != set.size() || set.images.dim() != 4 || set.images.size(1) != 3 ||
            set.images.size(2) != 32 || set.images.size(3) != 32)
            std::abort();
        if (set.labels.min().item<std::int64_t>() < 0 || set.labels.max().item<std::int64_t>() >= set.classes)
            std::abort();
    } catch (const gdas::engine::InputError &) {
    }
    return 0;
}
