#include "GzipFile.h"

#include "engine/EngineError.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gdas::engine {

namespace {
// zlib's read length is an unsigned int; modest chunks also keep the byte count reported for a
// truncated stream accurate (zlib drops the partial chunk when it hits the broken end).
constexpr std::size_t kChunkBytes = 256 * 1024;
} // namespace

GzipFile::GzipFile(std::string path) : m_path(std::move(path))
{
    errno = 0;
    gzFile file = gzopen(m_path.c_str(), "rb");
    if (!file) {
        const int code = errno;
        throw InputError(m_path + ": cannot open (" +
                         (code ? std::string(std::strerror(code)) : std::string("out of memory")) + ")");
    }
    gzbuffer(file, 1u << 20);
    m_file = file;
}

GzipFile::~GzipFile()
{
    if (m_file)
        gzclose_r(static_cast<gzFile>(m_file));
}

std::size_t GzipFile::read(void *destination, std::size_t size)
{
    auto file = static_cast<gzFile>(m_file);
    auto *bytes = static_cast<unsigned char *>(destination);
    std::size_t got = 0;
    while (got < size) {
        const auto want = static_cast<unsigned>(std::min(kChunkBytes, size - got));
        const int n = gzread(file, bytes + got, want);
        if (n > 0)
            got += static_cast<std::size_t>(n);
        if (n < static_cast<int>(want)) {
            int code = Z_OK;
            const char *message = gzerror(file, &code);
            if (code != Z_OK) {
                // zlib prefixes its message with the path, which our messages already lead with.
                std::string detail = message ? message : "";
                if (detail.rfind(m_path + ": ", 0) == 0)
                    detail.erase(0, m_path.size() + 2);
                m_error = (code == Z_BUF_ERROR ? std::string("compressed stream is truncated")
                                               : std::string("corrupt compressed stream")) +
                          " (zlib: " + detail + ")";
            }
            break;
        }
    }
    return got;
}

bool GzipFile::atEnd()
{
    unsigned char probe = 0;
    return read(&probe, 1) == 0;
}

} // namespace gdas::engine
