#include "engine/CpuMemory.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>

#include <sys/mman.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define GDAS_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GDAS_ADDRESS_SANITIZER 1
#endif
#endif

namespace gdas::engine {

namespace {

constexpr std::size_t kLargeBytes = 64 * 1024;  // smaller requests go to malloc
constexpr std::size_t kAlignment = 64;          // what LibTorch's own CPU allocator guarantees
constexpr std::size_t kPage = 4096;
constexpr std::size_t kHugePage = 2 * 1024 * 1024;
constexpr std::size_t kMinimumCacheCap = 64 * 1024 * 1024;

[[noreturn]] void throwOutOfMemory(std::size_t bytes, std::size_t liveBytes)
{
    TORCH_CHECK(false, "CPU allocator: out of memory: could not allocate ", bytes / (1024 * 1024),
                " MiB (", bytes, " bytes) with ", liveBytes / (1024 * 1024),
                " MiB in tensors already; a smaller batch needs less");
    std::abort();  // not reached: TORCH_CHECK(false) throws
}

class BlockCache {
public:
    void *allocate(std::size_t bytes)
    {
        const std::size_t size = cpuAllocatorSizeClass(bytes);
        std::vector<std::pair<void *, std::size_t>> evicted;
        {
            std::lock_guard lock(m_mutex);
            auto it = m_free.find(size);
            if (it != m_free.end() && !it->second.empty()) {
                void *block = it->second.back();
                it->second.pop_back();
                m_stats.cachedBytes -= size;
                ++m_stats.hits;
                handOut(block, size);
                return block;
            }
            ++m_stats.misses;
            evictFor(size, evicted);
        }
        for (const auto &[block, blockSize] : evicted)
            ::munmap(block, blockSize);
        void *block = map(size);
        if (block == nullptr) {
            releaseAll();  // another size's free blocks may be what stands in the way
            block = map(size);
            if (block == nullptr)
                throwOutOfMemory(bytes, stats().liveBytes);
        }
        std::lock_guard lock(m_mutex);
        m_stats.mappedBytes += size;
        m_stats.peakMappedBytes = std::max(m_stats.peakMappedBytes, m_stats.mappedBytes);
        handOut(block, size);
        return block;
    }

    // False when `block` is not one of ours (then it came from malloc).
    bool release(void *block)
    {
        std::size_t size = 0;
        {
            std::lock_guard lock(m_mutex);
            const auto it = m_live.find(block);
            if (it == m_live.end())
                return false;
            size = it->second;
            m_live.erase(it);
            m_stats.liveBytes -= size;
            const std::size_t cap = std::max(m_stats.peakLiveBytes, kMinimumCacheCap);
            if (m_stats.cachedBytes + size <= cap) {
                m_free[size].push_back(block);
                m_stats.cachedBytes += size;
                return true;
            }
            m_stats.mappedBytes -= size;
        }
        ::munmap(block, size);
        return true;
    }

    void releaseAll()
    {
        std::vector<std::pair<void *, std::size_t>> blocks;
        {
            std::lock_guard lock(m_mutex);
            for (auto &[size, list] : m_free)
                for (void *block : list)
                    blocks.emplace_back(block, size);
            m_free.clear();
            m_stats.mappedBytes -= m_stats.cachedBytes;
            m_stats.cachedBytes = 0;
        }
        for (const auto &[block, size] : blocks)
            ::munmap(block, size);
    }

    CpuMemoryStats stats()
    {
        std::lock_guard lock(m_mutex);
        return m_stats;
    }

    void markInstalled()
    {
        std::lock_guard lock(m_mutex);
        m_stats.installed = true;
    }

private:
    static void *map(std::size_t size)
    {
        void *block = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                             -1, 0);
        if (block == MAP_FAILED)
            return nullptr;
#ifdef MADV_HUGEPAGE
        // Fewer page faults the first time a big block is touched, where the kernel allows it.
        if (size >= kHugePage)
            (void)::madvise(block, size, MADV_HUGEPAGE);
#endif
        return block;
    }

    // A miss: rather than map memory beyond the most ever alive at once, give back cached
    // blocks of other sizes first, the largest first (with m_mutex held; the caller unmaps).
    void evictFor(std::size_t size, std::vector<std::pair<void *, std::size_t>> &evicted)
    {
        const std::size_t budget = std::max(m_stats.peakLiveBytes, kMinimumCacheCap);
        while (m_stats.cachedBytes > 0 && m_stats.mappedBytes + size > budget) {
            auto largest = m_free.end();
            for (auto it = m_free.begin(); it != m_free.end(); ++it)
                if (!it->second.empty() && (largest == m_free.end() || it->first > largest->first))
                    largest = it;
            if (largest == m_free.end())
                break;
            evicted.emplace_back(largest->second.back(), largest->first);
            largest->second.pop_back();
            m_stats.cachedBytes -= largest->first;
            m_stats.mappedBytes -= largest->first;
        }
    }

    void handOut(void *block, std::size_t size)  // with m_mutex held
    {
        m_live.emplace(block, size);
        m_stats.liveBytes += size;
        m_stats.peakLiveBytes = std::max(m_stats.peakLiveBytes, m_stats.liveBytes);
    }

    std::mutex m_mutex;
    std::unordered_map<void *, std::size_t> m_live;
    std::unordered_map<std::size_t, std::vector<void *>> m_free;
    CpuMemoryStats m_stats;
};

// Never destroyed: tensors may be freed during static destruction.
BlockCache &blockCache()
{
    static auto *cache = new BlockCache();
    return *cache;
}

void deleteSmall(void *block)
{
    std::free(block);
}

void deleteLarge(void *block)
{
    blockCache().release(block);
}

void deleteAny(void *block)
{
    if (block != nullptr && !blockCache().release(block))
        std::free(block);
}

c10::DataPtr allocateBlock(std::size_t bytes)
{
    const c10::Device cpu(c10::DeviceType::CPU);
    if (bytes == 0)
        return {nullptr, nullptr, &deleteAny, cpu};
    if (bytes < kLargeBytes) {
        void *block = nullptr;
        if (posix_memalign(&block, kAlignment, bytes) != 0 || block == nullptr)
            throwOutOfMemory(bytes, blockCache().stats().liveBytes);
        return {block, block, &deleteSmall, cpu};
    }
    void *block = blockCache().allocate(bytes);
    return {block, block, &deleteLarge, cpu};
}

// c10::Allocator's interface changed in LibTorch 2.3: allocate() lost its const and a
// copy_data() became required. The shim is picked by what the installed headers declare; only
// the picked one is instantiated.
constexpr bool kConstAllocate =
    std::is_same_v<decltype(&c10::Allocator::allocate), c10::DataPtr (c10::Allocator::*)(std::size_t) const>;

template <typename A, typename = void>
struct HasCopyData : std::false_type {};
template <typename A>
struct HasCopyData<A, std::void_t<decltype(&A::copy_data)>> : std::true_type {};

template <typename Base, bool ConstAllocate, bool CopyData>
class AllocatorShim;

template <typename Base>
class AllocatorShim<Base, true, false> : public Base {
public:
    c10::DataPtr allocate(std::size_t bytes) const override { return allocateBlock(bytes); }
    c10::DeleterFnPtr raw_deleter() const override { return &deleteAny; }
};

template <typename Base>
class AllocatorShim<Base, true, true> : public Base {
public:
    c10::DataPtr allocate(std::size_t bytes) const override { return allocateBlock(bytes); }
    c10::DeleterFnPtr raw_deleter() const override { return &deleteAny; }
    void copy_data(void *dest, const void *src, std::size_t count) const override
    {
        if (count > 0)
            std::memcpy(dest, src, count);
    }
};

template <typename Base>
class AllocatorShim<Base, false, true> : public Base {
public:
    c10::DataPtr allocate(std::size_t bytes) override { return allocateBlock(bytes); }
    c10::DeleterFnPtr raw_deleter() const override { return &deleteAny; }
    void copy_data(void *dest, const void *src, std::size_t count) const override
    {
        if (count > 0)
            std::memcpy(dest, src, count);
    }
};

template <typename Base>
class AllocatorShim<Base, false, false> : public Base {
public:
    c10::DataPtr allocate(std::size_t bytes) override { return allocateBlock(bytes); }
    c10::DeleterFnPtr raw_deleter() const override { return &deleteAny; }
};

using CachingAllocator =
    AllocatorShim<c10::Allocator, kConstAllocate, HasCopyData<c10::Allocator>::value>;

bool disabledByEnvironment()
{
    const char *value = std::getenv("GDAS_CPU_ALLOCATOR");
    return value != nullptr && std::string_view(value) == "system";
}

} // namespace

std::size_t cpuAllocatorSizeClass(std::size_t bytes)
{
    std::size_t size = (bytes + kPage - 1) / kPage * kPage;
    if (size < kLargeBytes)
        return size;
    // Eight classes per power of two: at most 12.5% rounding, and the sizes of a network's
    // tensors (powers of two times small factors) mostly fall on a class exactly.
    std::size_t power = kLargeBytes;
    while (power * 2 <= size)
        power *= 2;
    const std::size_t step = std::max(kPage, power / 8);
    return (size + step - 1) / step * step;
}

bool installCachingCpuAllocator()
{
#ifdef GDAS_ADDRESS_SANITIZER
    return false;
#else
    static const bool installed = [] {
        if (disabledByEnvironment())
            return false;
        static auto *allocator = new CachingAllocator();
        c10::SetCPUAllocator(allocator, /*priority=*/1);
        blockCache().markInstalled();
        return true;
    }();
    return installed;
#endif
}

namespace {
// Installed while the program starts, before any thread could allocate a tensor: LibTorch's
// allocator table is not meant to change under running threads.
[[maybe_unused]] const bool g_installedAtStartup = installCachingCpuAllocator();
} // namespace

void releaseCachedCpuMemory()
{
    blockCache().releaseAll();
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

CpuMemoryStats cpuMemoryStats()
{
    return blockCache().stats();
}

} // namespace gdas::engine
