// Built instead of ImageDecoder.cpp when libpng or libjpeg was not found (see CMakeLists.txt):
// image folders are refused with what to install; every other data set works.
#include "engine/ImageFolder.h"

#include "engine/EngineError.h"

namespace gdas::engine {

namespace {

[[noreturn]] void refuse(const std::string &name)
{
    throw InputError(name + ": this gdas was built without libpng and libjpeg, so it cannot read image folders "
                            "(install libpng-dev and libjpeg62-turbo-dev, or their equivalents, and build again)");
}

} // namespace

DecodedImage decodeImage(const std::uint8_t *, std::size_t, int, const std::string &name) { refuse(name); }

DecodedImage decodeImageFile(const std::string &path, int) { refuse(path); }

} // namespace gdas::engine
