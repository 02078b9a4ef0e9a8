// The NAS-Bench-201 / NATS-Bench pickle reader (core/benchmark/Pickle.h) and the reading of an
// architecture file's layout on top of it: any input reads or throws BenchmarkError.
#include "benchmark/BenchmarkError.h"
#include "benchmark/NatsBenchFiles.h"
#include "benchmark/Pickle.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    try {
        const gdas::benchmark::PickleValue v = gdas::benchmark::readPickle(bytes, "fuzz");
        try {
            gdas::benchmark::readArchitecture(v, "fuzz", 0, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        } catch (const gdas::benchmark::BenchmarkError &) {
        }
        try {
            gdas::benchmark::readMetaArchs(v, "fuzz");
        } catch (const gdas::benchmark::BenchmarkError &) {
        }
    } catch (const gdas::benchmark::BenchmarkError &) {
    }
    return 0;
}
