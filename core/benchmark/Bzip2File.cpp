#include "benchmark/Bzip2File.h"

#include "benchmark/BenchmarkError.h"

#include <bzlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

namespace gdas::benchmark {

namespace {

const char *bzipProblem(int rc)
{
    switch (rc) {
    case BZ_DATA_ERROR:
        return "corrupt bzip2 data (a checksum or block does not match)";
    case BZ_DATA_ERROR_MAGIC:
        return "not bzip2 data (no 'BZh' signature)";
    case BZ_MEM_ERROR:
        return "out of memory while decompressing";
    case BZ_PARAM_ERROR:
        return "bzip2 parameter error";
    default:
        return "bzip2 error";
    }
}

// Frees the stream on every path out of the loop.
struct Decompressor {
    bz_stream stream{};
    bool open = false;
    ~Decompressor()
    {
        if (open)
            BZ2_bzDecompressEnd(&stream);
    }
};

} // namespace

std::string decompressBzip2(const std::string &compressed, const std::string &name, std::size_t maxBytes)
{
    if (compressed.empty())
        throw BenchmarkError(name + ": empty file (expected bzip2 data)");
    std::string out;
    out.reserve(std::min(maxBytes, compressed.size() * 4)); // saves most regrowth
    std::size_t offset = 0;
    char buffer[1 << 16];
    while (offset < compressed.size()) {
        Decompressor d;
        int rc = BZ2_bzDecompressInit(&d.stream, 0, 0);
        if (rc != BZ_OK)
            throw BenchmarkError(name + ": " + bzipProblem(rc));
        d.open = true;
        // bz_stream counts in unsigned int: feed at most 1 GiB at a time.
        const std::size_t chunkLimit = std::size_t(1) << 30;
        std::size_t fed = 0;
        auto feed = [&] {
            const std::size_t left = compressed.size() - offset - fed;
            const std::size_t n = left < chunkLimit ? left : chunkLimit;
            d.stream.next_in = const_cast<char *>(compressed.data() + offset + fed);
            d.stream.avail_in = static_cast<unsigned int>(n);
            fed += n;
        };
        feed();
        for (;;) {
            d.stream.next_out = buffer;
            d.stream.avail_out = sizeof buffer;
            rc = BZ2_bzDecompress(&d.stream);
            const std::size_t produced = sizeof buffer - d.stream.avail_out;
            if (out.size() + produced > maxBytes)
                throw BenchmarkError(name + ": decompresses to more than " + std::to_string(maxBytes >> 20) +
                                     " MiB; refused");
            out.append(buffer, produced);
            if (rc == BZ_STREAM_END)
                break;
            if (rc != BZ_OK)
                throw BenchmarkError(name + ": " + bzipProblem(rc) + " at compressed byte " +
                                     std::to_string(offset + fed - d.stream.avail_in));
            if (d.stream.avail_in == 0) {
                if (offset + fed < compressed.size())
                    feed();
                else if (produced == 0)
                    throw BenchmarkError(name + ": truncated bzip2 data (the stream ends without its end marker)");
            }
        }
        offset += fed - d.stream.avail_in;
        // Python's BZ2File ignores trailing bytes after a complete stream only when they are not
        // another stream; a second stream is decompressed and appended, as here.
        if (offset < compressed.size() && compressed.compare(offset, 3, "BZh") != 0)
            throw BenchmarkError(name + ": " + std::to_string(compressed.size() - offset) +
                                 " bytes of trailing garbage after the bzip2 stream");
    }
    return out;
}

std::string readBzip2File(const std::string &path, std::size_t maxBytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw BenchmarkError(path + ": cannot open (" + std::strerror(errno) + ")");
    std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw BenchmarkError(path + ": read error");
    return decompressBzip2(compressed, path, maxBytes);
}

} // namespace gdas::benchmark
