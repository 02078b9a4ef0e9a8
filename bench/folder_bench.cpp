// gdas-folder-bench: measures the image-folder reader (docs/USER_GUIDE.md, "Your own images").
//
//   gdas-folder-bench write-fashion OUT [LIMIT]   Fashion-MNIST (Debian's dataset-fashion-mnist) as
//                                                 OUT/train/<class>/N.png and OUT/test/<class>/N.png,
//                                                 28x28 grey PNGs (all 70,000, or LIMIT per split)
//   gdas-folder-bench write-tiny OUT COUNT        COUNT 8x8 PNGs in 10 class folders
//   gdas-folder-bench batches DIR                 the data path of one epoch: Fashion-MNIST's IDX files
//                                                 and DIR (28x28, cached) each loaded, then every
//                                                 augmented batch of 64 of epoch 0 made (Batcher)
//   gdas-folder-bench load DIR [SIZE]             reads the training split as a search does, twice:
//                                                 the first run decodes (or finds the cache), the
//                                                 second reads the cache; prints seconds and peak RSS
// The cache goes where $GDAS_CACHE_DIR says (a fresh folder there gives a cold first run).
#include "engine/EngineError.h"
#include "engine/ImageFolder.h"
#include "engine/data/Batcher.h"
#include "engine/data/ImageDataset.h"
#include "support/ImageFiles.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace gdas;

const char *kFashionClasses[] = {"T-shirt_top", "Trouser", "Pullover", "Dress", "Coat",
                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle_boot"};

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

int writeFashion(const std::string &out, std::int64_t limit)
{
    const auto start = std::chrono::steady_clock::now();
    std::int64_t written = 0;
    for (const bool train : {true, false}) {
        engine::ImageDataset data = engine::readFashionMnist("/usr/share/datasets/fashion-mnist", train);
        const std::int64_t count = limit > 0 ? std::min(limit, data.size()) : data.size();
        const std::string split = out + (train ? "/train/" : "/test/");
        for (const char *name : kFashionClasses)
            fs::create_directories(split + name);
        const auto images = data.images.contiguous();
        const auto *pixels = images.data_ptr<std::uint8_t>();
        const auto *labels = data.labels.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < count; ++i) {
            const std::uint8_t *image = pixels + i * 28 * 28;
            gdas::testing::writePng(split + kFashionClasses[labels[i]] + "/" + std::to_string(i) + ".png", 28, 28, 1, 8,
                                    [image](int x, int y, int) { return image[y * 28 + x]; });
            ++written;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"written\": %lld, \"seconds\": %.2f}\n", static_cast<long long>(written), seconds);
    return 0;
}

int writeTiny(const std::string &out, std::int64_t count)
{
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < 10; ++k)
        fs::create_directories(out + "/class" + std::to_string(k));
    for (std::int64_t i = 0; i < count; ++i) {
        const int k = int(i % 10);
        gdas::testing::writePng(
            out + "/class" + std::to_string(k) + "/" + std::to_string(i) + ".png", 8, 8, 1, 8,
            [&](int x, int y, int c) { return gdas::testing::classPattern(k, int(i), 8, x, y, c); });
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"written\": %lld, \"seconds\": %.2f}\n", static_cast<long long>(count), seconds);
    return 0;
}

int load(const std::string &dir, int side)
{
    for (int run = 0; run < 2; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const engine::ImageDataset data = engine::readImageFolder(dir, side, true);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("{\"run\": %d, \"images\": %lld, \"seconds\": %.3f, \"peak_rss_mb\": %.0f, \"notes\": \"%s\"}\n",
                    run + 1, static_cast<long long>(data.size()), seconds, peakRssMb(), data.notes.c_str());
        std::fflush(stdout);
    }
    return 0;
}

int batches(const std::string &dir)
{
    for (int round = 0; round < 2; ++round) {
        for (const bool folder : {true, false}) {
            engine::DataConfig config;
            config.dataset = folder ? "folder" : "fashion-mnist";
            config.dataDir = folder ? dir : std::string();
            config.imageSize = 28;
            auto start = std::chrono::steady_clock::now();
            const engine::ImageDataset data = engine::loadDataset(config, true);
            const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::vector<std::int64_t> all(static_cast<std::size_t>(data.size()));
            for (std::size_t i = 0; i < all.size(); ++i)
                all[i] = std::int64_t(i);
            engine::BatcherOptions options;
            options.batchSize = 64;
            options.prefetch = 0;
            options.channelsLast = true;
            engine::Batcher batcher(data, all, options);
            start = std::chrono::steady_clock::now();
            for (std::int64_t b = 0; b < batcher.batchesPerEpoch(); ++b)
                (void)batcher.next();
            const double epochSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::printf("{\"data\": \"%s\", \"load_seconds\": %.3f, \"batches\": %lld, \"batches_seconds\": %.3f}\n",
                        folder ? "folder" : "idx", loadSeconds, static_cast<long long>(batcher.batchesPerEpoch()),
                        epochSeconds);
            std::fflush(stdout);
        }
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string command = argc > 1 ? argv[1] : "";
    try {
        if (command == "write-fashion" && argc >= 3)
            return writeFashion(argv[2], argc > 3 ? std::atoll(argv[3]) : 0);
        if (command == "write-tiny" && argc >= 4)
            return writeTiny(argv[2], std::atoll(argv[3]));
        if (command == "batches" && argc >= 3)
            return batches(argv[2]);
        if (command == "load" && argc >= 3)
            return load(argv[2], argc > 3 ? std::atoi(argv[3]) : 32);
    } catch (const std::exception &e) {
        std::cerr << "gdas-folder-bench: " << e.what() << "\n";
        return 2;
    }
    std::cerr
        << "usage: gdas-folder-bench write-fashion OUT [LIMIT] | write-tiny OUT COUNT | batches DIR | load DIR [SIZE]\n";
    return 2;
}
