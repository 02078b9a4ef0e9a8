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

} // namespace gdas::engine
