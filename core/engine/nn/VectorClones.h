#pragma once

// What the engine's own CPU kernels share.

#include <atomic>
#include <cstdlib>
#include <string_view>

// GDAS_VECTOR_CLONES marks a CPU kernel whose inner loops run over contiguous channels: GCC
// builds an x86-64-v3 clone (AVX2, FMA) next to the x86-64 baseline one (the project builds for
// the baseline) and picks it at load time where the CPU has those features, at -O3 so the loops
// vectorise. Not "arch=haswell": that clone is chosen by CPU model, so an AMD EPYC with AVX2
// (the project's CI machines) ran the baseline clone.
// Not under ThreadSanitizer: the clones' resolver runs during relocation, before TSan's
// runtime is up, and crashes there.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define GDAS_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default"), optimize("O3")))
#else
#define GDAS_VECTOR_CLONES
#endif

// Kernels bound by their multiply-adds (the 1x1 products, the depthwise convolution) are built
// twice instead, for AVX-512 (x86-64-v4, where 16-float vectors are registers) and for AVX2 with
// FMA (x86-64-v3), the caller choosing with cpuHasAvx512(); kernels bound by memory gain nothing
// from the wider build and stay clones.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define GDAS_WIDE_TARGETS 1
#define GDAS_TARGET_512 __attribute__((target("arch=x86-64-v4"), optimize("O3")))
#define GDAS_TARGET_256 __attribute__((target("arch=x86-64-v3"), optimize("O3")))
#else
#define GDAS_WIDE_TARGETS 0
#endif

namespace gdas::engine {

// Whether the CPU runs the x86-64-v3 clones (AVX2 and FMA). Kernels written with 8-float
// vectors are slower than ATen's on the baseline clone, so they apply only where this holds.
inline bool cpuRunsVectorClones()
{
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
#else
    return true;
#endif
}

// A switch for one of the engine's own kernels: on unless its environment variable is "0" (to
// compare time and memory against LibTorch's path), and settable by tests.
class KernelSwitch {
public:
    explicit KernelSwitch(const char *variable) : m_on(onByDefault(variable)) {}
    bool on() const { return m_on.load(std::memory_order_relaxed); }
    void set(bool on) { m_on.store(on); }

private:
    static bool onByDefault(const char *variable)
    {
        const char *value = std::getenv(variable);
        return value == nullptr || std::string_view(value) != "0";
    }
    std::atomic<bool> m_on;
};

// GDAS_AVX512=0: the AVX2 builds even where the CPU has AVX-512 (so tests run both builds on
// one machine).
inline KernelSwitch &avx512Switch()
{
    static KernelSwitch on("GDAS_AVX512");
    return on;
}

// Whether the GDAS_TARGET_512 builds run: the CPU has AVX-512 and avx512Switch() is on.
inline bool cpuHasAvx512()
{
#if GDAS_WIDE_TARGETS
    static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
                            __builtin_cpu_supports("avx512cd");
    return has && avx512Switch().on();
#else
    return false;
#endif
}

} // namespace gdas::engine
