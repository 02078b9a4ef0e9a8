// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/CpuMemory.h"

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

using namespace gdas::engine;

namespace {

constexpr std::size_t KiB = 1024;
constexpr std::size_t MiB = 1024 * KiB;

torch::Tensor bytes(std::size_t n)
{
    return torch::empty({static_cast<std::int64_t>(n)}, torch::kUInt8);
}

} // namespace

class TestCpuMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!cpuMemoryStats().installed)
            QSKIP("the caching CPU allocator is off in this build (AddressSanitizer) or by GDAS_CPU_ALLOCATOR=system");
    }

    void init() { releaseCachedCpuMemory(); }

    void sizeClasses_data()
    {
        QTest::addColumn<qulonglong>("request");
        QTest::addColumn<qulonglong>("expected");
        QTest::newRow("64 KiB") << qulonglong(64 * KiB) << qulonglong(64 * KiB);
        QTest::newRow("64 KiB + 1") << qulonglong(64 * KiB + 1) << qulonglong(72 * KiB);
        QTest::newRow("100 KiB") << qulonglong(100 * KiB) << qulonglong(104 * KiB);
        QTest::newRow("4 MiB") << qulonglong(4 * MiB) << qulonglong(4 * MiB);
        QTest::newRow("4 MiB + 1") << qulonglong(4 * MiB + 1) << qulonglong(4 * MiB + 512 * KiB);
        QTest::newRow("12 MiB (48 channels)") << qulonglong(12 * MiB) << qulonglong(12 * MiB);
        QTest::newRow("15 MiB + 1") << qulonglong(15 * MiB + 1) << qulonglong(16 * MiB);
    }
    void sizeClasses()
    {
        QFETCH(qulonglong, request);
        QFETCH(qulonglong, expected);
        const auto size = cpuAllocatorSizeClass(request);
        QCOMPARE(qulonglong(size), expected);
        QVERIFY(size >= request);
        QVERIFY(size <= request + request / 8 + 4 * KiB);  // at most 1/8 rounding
    }

    void freedBlockIsReused()
    {
        auto first = bytes(3 * MiB);
        const void *address = first.data_ptr();
        const auto before = cpuMemoryStats();
        QCOMPARE(before.liveBytes >= 3 * MiB, true);
        first.reset();
        QCOMPARE(cpuMemoryStats().cachedBytes, 3 * MiB);
        // A request of another size in the same class gets the same block, without a new mapping.
        auto second = bytes(3 * MiB - 100);
        QCOMPARE(static_cast<const void *>(second.data_ptr()), address);
        const auto after = cpuMemoryStats();
        QCOMPARE(after.hits, before.hits + 1);
        QCOMPARE(after.misses, before.misses);
        QCOMPARE(after.cachedBytes, std::size_t(0));
    }

    void valuesSurviveAndAreAligned()
    {
        for (const std::size_t n : {std::size_t(10), 70 * KiB, 5 * MiB + 3}) {
            auto t = torch::arange(static_cast<std::int64_t>(n / 4 + 1), torch::kFloat);
            QCOMPARE(reinterpret_cast<std::uintptr_t>(t.data_ptr()) % 64, std::uintptr_t(0));
            QCOMPARE(t.sum().item<double>(), double(n / 4) * double(n / 4 + 1) / 2.0);
        }
    }

    void smallRequestsBypassTheCache()
    {
        const auto before = cpuMemoryStats();
        auto t = bytes(60 * KiB);
        const auto during = cpuMemoryStats();
        QCOMPARE(during.liveBytes, before.liveBytes);
        QCOMPARE(during.hits + during.misses, before.hits + before.misses);
    }

    void rawInterface()
    {
        // LibTorch's raw_allocate/raw_deallocate go through raw_deleter(): small and large.
        c10::Allocator *allocator = c10::GetCPUAllocator();
        QVERIFY(allocator->raw_deleter() != nullptr);
        const auto before = cpuMemoryStats().liveBytes;
        void *small = allocator->raw_allocate(100);
        void *large = allocator->raw_allocate(2 * MiB);
        QCOMPARE(cpuMemoryStats().liveBytes, before + 2 * MiB);
        static_cast<char *>(small)[99] = 1;
        static_cast<char *>(large)[2 * MiB - 1] = 1;
        allocator->raw_deallocate(small);
        allocator->raw_deallocate(large);
        QCOMPARE(cpuMemoryStats().liveBytes, before);
    }

    void mappedMemoryStaysWithinThePeak()
    {
        // Free blocks of other sizes are given back before memory beyond the most ever alive at
        // once is mapped: a run whose tensor sizes change does not pile up dead size classes.
        auto a = bytes(80 * MiB);
        a.reset();  // 80 MiB cached
        const auto peak = cpuMemoryStats().peakLiveBytes;
        QVERIFY(peak >= 80 * MiB);
        auto b = bytes(peak - cpuMemoryStats().liveBytes + 8 * MiB);  // needs more than the cache can hold beside it
        const auto stats = cpuMemoryStats();
        QCOMPARE(stats.cachedBytes, std::size_t(0));
        QCOMPARE(stats.mappedBytes, stats.liveBytes);
    }

    void releaseGivesEverythingBack()
    {
        std::vector<torch::Tensor> tensors;
        for (int i = 1; i <= 8; ++i)
            tensors.push_back(bytes(std::size_t(i) * MiB));
        const auto live = cpuMemoryStats().liveBytes;
        tensors.clear();
        auto stats = cpuMemoryStats();
        QCOMPARE(stats.cachedBytes, live - stats.liveBytes);
        releaseCachedCpuMemory();
        stats = cpuMemoryStats();
        QCOMPARE(stats.cachedBytes, std::size_t(0));
        QCOMPARE(stats.mappedBytes, stats.liveBytes);
    }

    void anImpossibleRequestIsAClearError()
    {
        // 64 TiB: the kernel refuses the mapping; the error says how much and what to do, and
        // the tensors alive stay as they were.
        auto kept = bytes(2 * MiB);
        const auto before = cpuMemoryStats();
        try {
            auto huge = bytes(std::size_t(1) << 46);
            QFAIL("a 64 TiB tensor was allocated");
        } catch (const c10::Error &e) {
            const QString message = QString::fromStdString(e.what_without_backtrace());
            QVERIFY2(message.contains("out of memory") && message.contains("MiB") &&
                         message.contains("smaller batch"),
                     qPrintable(message));
        }
        const auto after = cpuMemoryStats();
        QCOMPARE(after.liveBytes, before.liveBytes);
        QCOMPARE(kept.numel(), std::int64_t(2 * MiB));
    }

    void threadsShareTheCache()
    {
        // Four threads allocate, write, check and free tensors of mixed sizes at once; afterwards
        // every block is accounted for (ThreadSanitizer builds run this too).
        const auto before = cpuMemoryStats().liveBytes;
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([t, &wrong] {
                std::mt19937 random(static_cast<unsigned>(t));
                std::uniform_int_distribution<int> size(1, 64);
                std::vector<torch::Tensor> held;
                for (int i = 0; i < 300; ++i) {
                    auto x = torch::full({size(random) * 4096}, float(t * 1000 + i));
                    if (x[x.size(0) - 1].item<float>() != float(t * 1000 + i))
                        ++wrong;
                    held.push_back(x);
                    if (held.size() > 6)
                        held.erase(held.begin());
                }
            });
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
        QCOMPARE(cpuMemoryStats().liveBytes, before);
    }
};

QTEST_GUILESS_MAIN(TestCpuMemory)
#include "tst_cpumemory.moc"
