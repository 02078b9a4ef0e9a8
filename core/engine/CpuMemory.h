#pragma once

// The engine's CPU tensor memory. LibTorch allocates every CPU tensor with malloc
// (posix_memalign). A search step allocates and frees gigabytes in tensors of a few dozen
// sizes; glibc's malloc serves them from heaps whose freed holes stay resident (1.1 GB resident
// for 0.4 GB alive in the DARTS-space bench), and returning each block to the kernel instead
// costs a page fault per 4 KiB on every reuse. The programs that link the engine therefore use
// gperftools' tcmalloc (Debian's libtcmalloc-minimal4), linked, not preloaded: it keeps freed
// spans for reuse and settles at about what a step needs at its peak. bench/compare-official
// measured it against the engine's former caching allocator (docs/ENGINE.md): the same step
// time and peak RSS within noise, so the library replaced that code.
//
// Without tcmalloc (a sanitizer build, or GDAS_TCMALLOC=OFF) this is glibc's malloc.

#include <cstddef>
#include <memory>
#include <string>

namespace gdas::engine {

struct CpuMemoryStats {
    std::string allocator;          // "tcmalloc" or "glibc"
    bool measured = false;          // the byte counts below are known (tcmalloc)
    std::size_t allocatedBytes = 0; // handed out to the program now (tensors and the rest)
    std::size_t heapBytes = 0;      // what the allocator holds from the kernel, free spans included
};

CpuMemoryStats cpuMemoryStats();

// Gives the allocator's free memory back to the kernel (a session calls it when it ends, so an
// application that runs one session after another does not hold the last one's peak).
void releaseFreeCpuMemory();

// A session's destructor: destroys its state (network, optimiser state, data), which goes back
// to the allocator's cache, then hands that memory to the kernel as above.
template <typename T>
void destroyAndReleaseCpuMemory(std::unique_ptr<T> &state)
{
    state.reset();
    releaseFreeCpuMemory();
}

} // namespace gdas::engine
