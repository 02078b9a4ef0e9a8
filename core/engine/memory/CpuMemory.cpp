#include "engine/CpuMemory.h"

#if defined(GDAS_HAVE_TCMALLOC)
#include <gperftools/malloc_extension.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace gdas::engine {

CpuMemoryStats cpuMemoryStats()
{
    CpuMemoryStats stats;
#if defined(GDAS_HAVE_TCMALLOC)
    stats.allocator = "tcmalloc";
    auto *extension = MallocExtension::instance();
    stats.measured = extension->GetNumericProperty("generic.current_allocated_bytes", &stats.allocatedBytes) &&
                     extension->GetNumericProperty("generic.heap_size", &stats.heapBytes);
#else
    stats.allocator = "glibc";
#endif
    return stats;
}

void releaseFreeCpuMemory()
{
#if defined(GDAS_HAVE_TCMALLOC)
    MallocExtension::instance()->ReleaseFreeMemory();
#elif defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace gdas::engine
