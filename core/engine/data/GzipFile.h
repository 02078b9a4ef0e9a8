#pragma once

#include <cstddef>
#include <string>

namespace gdas::engine {

// Reads a gzip file, or a plain file transparently (zlib passes uncompressed data through), so
// the IDX reader accepts both "train-images-idx3-ubyte.gz" and its unzipped twin.
class GzipFile {
public:
    // Throws InputError naming the path when the file cannot be opened.
    explicit GzipFile(std::string path);
    ~GzipFile();
    GzipFile(const GzipFile &) = delete;
    GzipFile &operator=(const GzipFile &) = delete;

    // Reads up to `size` bytes into `destination` and returns how many arrived. Fewer than asked
    // means the data ended, or the compressed stream is truncated or corrupt: then error() says so.
    std::size_t read(void *destination, std::size_t size);
    // True when no byte follows (it reads ahead one byte, so call it only once you are done).
    // A stream that breaks off instead of ending cleanly also sets error().
    bool atEnd();
    // zlib's description of the last stream problem; empty if none.
    const std::string &error() const { return m_error; }
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
    void *m_file = nullptr; // gzFile, kept opaque so zlib.h stays out of this header
    std::string m_error;
};

} // namespace gdas::engine
