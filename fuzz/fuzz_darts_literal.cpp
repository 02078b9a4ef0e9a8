// DARTS's Genotype(...) literal and the dict AutoDL-Projects prints, and the format detection
// that `gdas genotype show TEXT` goes through.
#include "GenotypeChecks.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    gdas::fuzz::readAndCheck([&] { return gdas::model::fromDartsLiteral(text); });
    gdas::fuzz::readAndCheck([&] { return gdas::model::parseGenotype(text); });
    return 0;
}
