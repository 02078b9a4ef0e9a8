// A learnable stand-in for an image set: no files, any size, the same on every machine.
#include "ImageDataset.h"

#include "SplitMix64.h"
#include "engine/EngineError.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gdas::engine {

namespace {

constexpr std::uint64_t kPatternSeed = 0x5EED0F5CA1AB1E5ull;
constexpr int kStripeContrast = 40; // +/- around the class colour
constexpr int kNoise = 32;          // uniform pixel noise in [-kNoise, kNoise]

struct ClassPattern {
    std::vector<int> colour; // per channel, 0..255
    bool vertical = false;   // stripes vary along x instead of y
    int period = 4;          // stripe period in pixels
};

// Class patterns depend only on (channels, classes), not on the sample seed, so a training set
// and a test set drawn with different seeds share them and a model can generalise.
std::vector<ClassPattern> classPatterns(int channels, int classes)
{
    SplitMix64 random(mixSeed(mixSeed(kPatternSeed, std::uint64_t(channels)), std::uint64_t(classes)));
    // Channel 0 takes evenly spaced levels in a shuffled order so no two classes share a colour,
    // even with one channel; the other channels are free.
    std::vector<int> levels(static_cast<std::size_t>(classes));
    for (int k = 0; k < classes; ++k)
        levels[std::size_t(k)] = 60 + (classes > 1 ? 135 * k / (classes - 1) : 68);
    for (std::size_t i = levels.size(); i > 1; --i)
        std::swap(levels[i - 1], levels[random.below(i)]);

    std::vector<ClassPattern> patterns(static_cast<std::size_t>(classes));
    for (int k = 0; k < classes; ++k) {
        auto &pattern = patterns[std::size_t(k)];
        pattern.colour.push_back(levels[std::size_t(k)]);
        for (int c = 1; c < channels; ++c)
            pattern.colour.push_back(60 + int(random.below(136)));
        pattern.vertical = (k % 2) == 1;
        pattern.period = 4 + (k / 2) % 4;
    }
    return patterns;
}

} // namespace

ImageDataset makeSynthetic(std::int64_t count, int channels, int side, int classes, std::uint64_t seed)
{
    if (count <= 0 || channels < 1 || channels > 16 || side < 4 || side > 512 || classes < 2 || classes > 1000)
        throw InputError("synthetic data: unsupported size " + std::to_string(count) + " images of " +
                         std::to_string(channels) + "x" + std::to_string(side) + "x" + std::to_string(side) + " with " +
                         std::to_string(classes) +
                         " classes (need count > 0, 1-16 channels, side 4-512, 2-1000 classes)");

    const auto patterns = classPatterns(channels, classes);
    SplitMix64 random(mixSeed(seed, 0x53594E5448ull));

    // Balanced labels in a seeded order.
    auto labels = torch::empty({count}, torch::kInt64);
    auto *label = labels.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < count; ++i)
        label[i] = i % classes;
    for (std::int64_t i = count; i > 1; --i)
        std::swap(label[i - 1], label[random.below(std::uint64_t(i))]);

    auto images = torch::empty({count, channels, side, side}, torch::kUInt8);
    auto *pixel = images.data_ptr<std::uint8_t>();
    for (std::int64_t i = 0; i < count; ++i) {
        const auto &pattern = patterns[std::size_t(label[i])];
        const int phase = int(random.below(std::uint64_t(pattern.period)));
        for (int c = 0; c < channels; ++c) {
            for (int y = 0; y < side; ++y) {
                for (int x = 0; x < side; ++x) {
                    const int position = (pattern.vertical ? x : y) + phase;
                    const int stripe =
                        (position % pattern.period) * 2 < pattern.period ? kStripeContrast : -kStripeContrast;
                    const int noise = int(random.below(2 * kNoise + 1)) - kNoise;
                    *pixel++ = std::uint8_t(std::clamp(pattern.colour[std::size_t(c)] + stripe + noise, 0, 255));
                }
            }
        }
    }

    ImageDataset data;
    data.name = "synthetic";
    data.source = "synthetic(seed " + std::to_string(seed) + ")";
    data.images = images;
    data.labels = labels;
    data.classes = classes;
    // Statistics of this very set, per channel, in [0,1] units.
    const auto perChannel = images.to(torch::kFloat64).div_(255.0).transpose(0, 1).reshape({channels, -1});
    const auto mean = perChannel.mean(1);
    const auto std = perChannel.std(1);
    for (int c = 0; c < channels; ++c) {
        data.mean.push_back(float(mean[c].item<double>()));
        data.std.push_back(std::max(1e-3f, float(std[c].item<double>())));
    }
    return data;
}

} // namespace gdas::engine
