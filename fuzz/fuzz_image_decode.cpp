// The image-folder decoder (libpng, libjpeg-turbo, the square resize) on bytes in memory. The
// first byte chooses the side (1..64); the rest is the file. InputError is the documented
// refusal; anything else (a crash, a sanitizer report, another exception) is a finding.
#include "engine/EngineError.h"
#include "engine/ImageFolder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const int side = 1 + data[0] % 64;
    try {
        const gdas::engine::DecodedImage image = gdas::engine::decodeImage(data + 1, size - 1, side, "fuzz-input");
        if ((image.channels != 1 && image.channels != 3) || image.side != side ||
            image.pixels.size() != std::size_t(image.channels) * side * side || image.sourceWidth <= 0 ||
            image.sourceHeight <= 0)
            std::abort();
    } catch (const gdas::engine::InputError &) {
    }
    return 0;
}
