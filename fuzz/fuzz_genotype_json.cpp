// Genotype JSON (genotype.json, the "genotype" of epochs.jsonl, files given to the CLI).
#include "GenotypeChecks.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    gdas::fuzz::readAndCheck([&] { return gdas::model::fromJson(text); });
    return 0;
}
