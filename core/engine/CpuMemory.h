#pragma once

// The engine's CPU tensor memory. LibTorch allocates every CPU tensor through one allocator,
// by default glibc's malloc. A search step allocates and frees gigabytes in tensors of a few
// dozen sizes; malloc serves them from its heap, whose freed holes stay resident, and the step's
// resident memory ends up far above what is alive at any moment (about 1.1 GB resident for
// 0.5 GB alive in the DARTS-space bench). Returning each tensor to the kernel instead costs a
// page fault per 4 KiB on every reuse (five times slower steps on the 2-core VM).
//
// The caching allocator keeps freed blocks of 64 KiB and more in size classes (at most 1/8
// rounding) and hands them out again: a step's tensors repeat their sizes every step, so the
// memory held settles at what the step needs at its peak, and no page is faulted twice. Blocks
// come from mmap, so a released block goes back to the kernel at once. Smaller requests go to
// malloc as before. The cache never holds more free bytes than the most that was ever alive
// at once; releaseCachedCpuMemory() gives all of it back (a session calls it when it ends).
//
// Installed while a program that links the engine starts (before any thread can allocate a
// tensor); off in AddressSanitizer builds (reused blocks would hide the overflows it is there to
// find) and with GDAS_CPU_ALLOCATOR=system.

#include <cstddef>
#include <cstdint>

namespace gdas::engine {

struct CpuMemoryStats {
    bool installed = false;
    std::size_t liveBytes = 0;      // in large blocks handed out now
    std::size_t peakLiveBytes = 0;  // most ever handed out at once
    std::size_t cachedBytes = 0;    // free large blocks held for reuse
    std::size_t mappedBytes = 0;    // live + cached: what the kernel has given the cache
    std::size_t peakMappedBytes = 0;
    std::uint64_t hits = 0;         // large requests served from the cache
    std::uint64_t misses = 0;       // large requests that mapped fresh memory
};

// Makes the caching allocator LibTorch's CPU allocator (once; later calls do nothing). Returns
// whether it is installed. Tensors allocated before keep their own deleter and are fine.
bool installCachingCpuAllocator();

// Gives every cached free block back to the kernel (and trims malloc's heap).
void releaseCachedCpuMemory();

CpuMemoryStats cpuMemoryStats();

// The size class a large request of `bytes` is rounded up to (exposed for tests).
std::size_t cpuAllocatorSizeClass(std::size_t bytes);

} // namespace gdas::engine
