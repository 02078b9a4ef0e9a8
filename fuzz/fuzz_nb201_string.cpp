// NAS-Bench-201 architecture strings: |op~0|+|op~0|op~1|+|op~0|op~1|op~2|
#include "GenotypeChecks.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    gdas::fuzz::readAndCheck([&] { return gdas::model::fromNb201String(text); });
    return 0;
}
