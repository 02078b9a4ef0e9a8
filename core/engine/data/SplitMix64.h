#pragma once

#include <cstdint>

namespace gdas::engine {

// A tiny PRNG (Steele, Lea & Flood's SplitMix64) for the data layer. It is used instead of a
// torch::Generator so that shuffles, augmentations and synthetic images are bit-identical on
// every LibTorch version and device, and cheap to re-seed per batch.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        m_state += 0x9E3779B97F4A7C15ull;
        return finalise(m_state);
    }

    // Uniform in [0, bound), bound > 0. The modulo bias is below bound / 2^64: irrelevant here.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

    // Uniform in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

    static std::uint64_t finalise(std::uint64_t z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t m_state;
};

// Derives an independent seed from a seed and one more value (an epoch, a batch index, a tag),
// so (seed, epoch, batch) names a stream without any state carried between batches.
inline std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t value)
{
    return SplitMix64::finalise(seed ^ SplitMix64::finalise(value + 0x632BE59BD9B4E019ull));
}

} // namespace gdas::engine
